import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger as TypeOrmLogger } from 'typeorm';

/**
 * The SQL statements issued while serving one request (reported when SQL_STATS is on), and
 * the time spent in those that went through SqlReader, from sending each to its rows parsed.
 */
export const sqlStatsStorage = new AsyncLocalStorage<{ statements: number; readMs: number }>();

type Log = { warn: (obj: object, msg: string) => void; debug: (obj: object, msg: string) => void };

export class CountingTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly out: Log) {}
  logQuery(query: string): void {
    const stats = sqlStatsStorage.getStore();
    if (stats) stats.statements++;
  }
  logQueryError(error: string | Error, query: string): void {
    this.out.debug({ error: String(error), query: query.slice(0, 500) }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn({ time, query: query.slice(0, 500) }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.out.debug({ message }, 'migration');
  }
  log(): void {}
}
