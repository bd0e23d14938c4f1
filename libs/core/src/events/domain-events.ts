import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { declaredEvents, type DomainEvent, type EventEnvelope } from './domain-event';

/** pg-boss keeps its tables in this schema of the application's database. */
export const EVENTS_SCHEMA = 'pgboss';

/**
 * How often an event is offered again to the subscribers that failed it: after about 2, 4,
 * 8… seconds (with jitter), ten times, about an hour in all; then the job stays `failed`.
 */
export const EVENT_RETRY = { retryLimit: 10, retryDelay: 2, retryBackoff: true } as const;

/** The session advisory lock under which a process installs pg-boss and creates its queues; any constant, the same in every process. */
const EVENTS_SETUP_LOCK = 727_402;
const EVENTS_SETUP_WAIT_MS = 120_000;

/**
 * Runs `setup` (pg-boss's start and queue creation) while `connection`, a connection of its
 * own, holds the events setup lock: processes starting together on a fresh database would
 * otherwise race in pg-boss's schema creation (a unique violation on pg_namespace) and
 * deadlock creating queues (each queue is a partition attached to one table). The lock is
 * polled rather than waited for, so that the pool's lock_timeout does not cut the wait short.
 */
export async function underEventsSetupLock<T>(connection: Pick<QueryRunner, 'query'>, setup: () => Promise<T>): Promise<T> {
  for (const until = Date.now() + EVENTS_SETUP_WAIT_MS; ;) {
    const [{ locked }] = await connection.query('SELECT pg_try_advisory_lock($1) AS locked', [EVENTS_SETUP_LOCK]);
    if (locked) break;
    if (Date.now() > until) throw new Error(`Another process has been installing the event queues for ${EVENTS_SETUP_WAIT_MS / 1000} s: is one stuck?`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await setup();
  } catch (e) {
    // A failed statement of pg-boss may leave its transaction open on the connection: end it, so the lock can be released.
    await connection.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await connection.query('SELECT pg_advisory_unlock($1)', [EVENTS_SETUP_LOCK]);
  }
}

/**
 * Publishes domain events as pg-boss jobs inserted by the transaction of the change they
 * report: committed with it, or rolled back with it, so a subscriber never misses one nor
 * sees one that did not happen. One queue per event, named after it; the worker hands each
 * job to the event's subscribers.
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private readonly boss: PgBoss;
  /** The connection that holds the setup lock, while `onModuleInit` runs; pg-boss's statements go through it. */
  private setupConnection: QueryRunner | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    // No pool of its own and nothing running in this process: maintenance and cron are the worker's.
    this.boss = new PgBoss({
      db: { executeSql: async (text, values) => ({ rows: await (this.setupConnection ?? db).query(text, values) }) },
      schema: EVENTS_SCHEMA, supervise: false, schedule: false, migrate: true,
    });
  }

  /**
   * Creates or migrates the pg-boss schema and the queue of every declared event, so that a
   * fresh database works whichever process starts first; under the events setup lock, so
   * that processes starting together do it one after the other.
   */
  async onModuleInit(): Promise<void> {
    const connection = this.db.createQueryRunner();
    await connection.connect();
    try {
      await underEventsSetupLock(connection, async () => {
        this.setupConnection = connection;
        await this.boss.start();
        for (const { name } of declaredEvents()) await this.boss.createQueue(name, { name, policy: 'standard' });
      });
    } finally {
      this.setupConnection = null;
      await connection.release();
    }
  }

  /** Enqueues `event` in the transaction of `m`; returns the event id. */
  async publish<P>(m: EntityManager, event: DomainEvent<P>, payload: P): Promise<string> {
    const runner = m.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error(`${event.name} is published with the EntityManager of the transaction that makes the change, not outside one`);
    }
    const id = randomUUID();
    const data: Omit<EventEnvelope<P>, 'id'> = { event: event.name, occurredAt: new Date().toISOString(), payload };
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await runner.query(text, values) }) };
    const jobId = await this.boss.send(event.name, data as object, { id, ...EVENT_RETRY, db });
    // pg-boss inserts nothing when the queue does not exist.
    if (jobId !== id) throw new Error(`No queue for ${event.name}: declare it with domainEvent() in a file the publishing library loads`);
    return id;
  }
}
