import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, DataSourceOptions, EntityManager, QueryRunner } from 'typeorm';
import { DatabasePoolSettings } from '../config/config';

/**
 * The pg pool options (TypeORM `extra`): a request waits at most `acquireTimeoutMs` for a
 * connection, and PostgreSQL ends statements, lock waits and idle transactions that run
 * too long, so that a mistake ends in a retryable error instead of a frozen server.
 */
export function poolOptions(s: DatabasePoolSettings): Record<string, number> {
  return {
    max: s.poolSize,
    connectionTimeoutMillis: s.acquireTimeoutMs,
    statement_timeout: s.statementTimeoutMs,
    lock_timeout: s.lockTimeoutMs,
    idle_in_transaction_session_timeout: s.idleInTransactionTimeoutMs,
  };
}

/** The transaction the current async call chain runs in, if any. */
const openTransaction = new AsyncLocalStorage<QueryRunner>();

export class SecondConnectionError extends Error {
  constructor() {
    super(
      'A query asked the pool for another connection while its transaction is open: use the transaction\'s EntityManager ' +
        '(a transaction holding locks that waits for a second connection freezes the pool under load)',
    );
    this.name = 'SecondConnectionError';
  }
}

/** Throws SecondConnectionError when the caller holds an open transaction: before anything takes a pooled connection. */
export function refuseSecondConnection(): void {
  const open = openTransaction.getStore();
  if (open && !open.isReleased) throw new SecondConnectionError();
}

/**
 * Makes `ds` refuse, at once, a query that would take a second pooled connection while the
 * caller holds an open transaction. Such a query is the freeze of a burst: the transaction
 * holds its row lock and its connection, and waits for a connection that the requests
 * queued behind its lock hold.
 */
export function guardTransactions(ds: DataSource): DataSource {
  const createQueryRunner = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (mode) => {
    refuseSecondConnection();
    return createQueryRunner(mode);
  };
  const manager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((isolationOrWork: unknown, maybeWork?: unknown) => {
    const isolation = typeof isolationOrWork === 'function' ? undefined : isolationOrWork;
    const work = (typeof isolationOrWork === 'function' ? isolationOrWork : maybeWork) as (m: EntityManager) => Promise<unknown>;
    const guarded = (m: EntityManager) => openTransaction.run(m.queryRunner!, () => work(m));
    return isolation === undefined ? transaction(guarded) : transaction(isolation, guarded);
  }) as EntityManager['transaction'];
  return ds;
}

/** A guarded, initialised data source (TypeOrmModule's `dataSourceFactory`). */
export async function guardedDataSource(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('TypeORM options are required');
  return guardTransactions(new DataSource(options)).initialize();
}

/** The data source factory for `settings`: guarded when DB_TRANSACTION_GUARD is on, plain otherwise. */
export function dataSourceFactory(settings: DatabasePoolSettings): (options?: DataSourceOptions) => Promise<DataSource> {
  if (settings.transactionGuard) return guardedDataSource;
  return async (options) => {
    if (!options) throw new Error('TypeORM options are required');
    return new DataSource(options).initialize();
  };
}
