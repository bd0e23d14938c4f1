import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { refuseSecondConnection } from './pool';
import { sqlStatsStorage } from './sql-stats';

/**
 * Reads of the hot paths (catalog pages, authentication, batches of nested fields): plain
 * pg on TypeORM's pool (same limits and timeouts), rows as the driver parses them, without
 * a query runner or entity hydration per statement. A `name` makes it a prepared
 * statement, parsed and planned once per connection: for fixed SQL only. Like every read
 * outside a transaction, it is refused inside one (use the transaction's EntityManager).
 */
@Injectable()
export class SqlReader {
  private readonly pool: Pool;
  private readonly slowMs: number;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.pool = (db.driver as unknown as { master: Pool }).master;
    this.slowMs = db.options.maxQueryExecutionTime ?? Infinity;
  }

  async rows<T = Record<string, any>>(text: string, values: unknown[] = [], name?: string): Promise<T[]> {
    refuseSecondConnection();
    const stats = sqlStatsStorage.getStore();
    const client = await this.pool.connect();
    // Timed from the statement's start: waiting for a connection is not the statement's cost.
    const start = performance.now();
    let result;
    try {
      result = await client.query<T & object>(name ? { name, text, values } : { text, values });
      client.release();
    } catch (e) {
      // An error the server reported leaves the connection usable; any other one discards it.
      client.release(e instanceof Error && 'severity' in e ? undefined : (e as Error));
      throw e;
    }
    const ms = performance.now() - start;
    if (stats) {
      stats.statements++;
      stats.readMs += ms;
    }
    if (ms > this.slowMs) this.db.logger.logQuerySlow(Math.round(ms), text, values);
    return result.rows;
  }
}
