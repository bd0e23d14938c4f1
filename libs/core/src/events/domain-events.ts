import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { declaredEvents, type DomainEvent, type EventEnvelope } from './domain-event';

/** pg-boss keeps its tables in this schema of the application's database. */
export const EVENTS_SCHEMA = 'pgboss';

/**
 * How often an event is offered again to the subscribers that failed it: after about 2, 4,
 * 8… seconds (with jitter), ten times, about an hour in all; then the job stays `failed`.
 */
export const EVENT_RETRY = { retryLimit: 10, retryDelay: 2, retryBackoff: true } as const;

/**
 * Publishes domain events as pg-boss jobs inserted by the transaction of the change they
 * report: committed with it, or rolled back with it, so a subscriber never misses one nor
 * sees one that did not happen. One queue per event, named after it; the worker hands each
 * job to the event's subscribers.
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private readonly boss: PgBoss;

  constructor(@InjectDataSource() db: DataSource) {
    // No pool of its own and nothing running in this process: maintenance and cron are the worker's.
    this.boss = new PgBoss({
      db: { executeSql: async (text, values) => ({ rows: await db.query(text, values) }) },
      schema: EVENTS_SCHEMA, supervise: false, schedule: false, migrate: true,
    });
  }

  /**
   * Creates or migrates the pg-boss schema (pg-boss serialises this with an advisory lock, so
   * replicas starting together install it once) and the queue of every declared event, so
   * that a fresh database works whichever process starts first.
   */
  async onModuleInit(): Promise<void> {
    await this.boss.start();
    for (const { name } of declaredEvents()) await this.boss.createQueue(name, { name, policy: 'standard' });
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
