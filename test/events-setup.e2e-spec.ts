// Processes that start together on a fresh database (WEB_CONCURRENCY=2, two workers, the API
// and a worker) install pg-boss and create the event queues once, without a unique
// violation or a deadlock between them.
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { declaredEvents, DomainEvents, EVENTS_SCHEMA, loadConfig } from '@app/core';
import '@app/contracting';
import '@app/identity';
import '@app/pricing';
import { AGREEMENT_LIFECYCLE_QUEUE, PAYOUT_RUN_QUEUE, MONTHLY_BILLING_QUEUE, COMMISSION_INVOICES_QUEUE, DISPATCH_STATUS_QUEUE, startWorker } from '../apps/worker/src/worker';

jest.setTimeout(240_000);

/** A database of its own on the e2e server, dropped at the end. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(process.env.E2E_DATABASE_URL!);
  const name = `${admin.pathname.slice(1)}_setup_${randomBytes(3).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function queuesOf(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT name FROM ${EVENTS_SCHEMA}.queue ORDER BY name`);
    return rows.map((r: { name: string }) => r.name);
  } finally {
    await c.end();
  }
}

describe('pg-boss installed once by processes starting together', () => {
  const events = declaredEvents().map((e) => e.name).sort();

  it('two API processes: their DomainEvents start at once on a fresh database, five times over', async () => {
    expect(events.length).toBeGreaterThan(3);
    for (let round = 0; round < 5; round++) {
      const db = await freshDatabase();
      const sources = [0, 1].map(() => new DataSource({ type: 'postgres', url: db.url }));
      try {
        await Promise.all(sources.map((s) => s.initialize()));
        await Promise.all(sources.map((s) => new DomainEvents(s).onModuleInit()));
        expect(await queuesOf(db.url)).toEqual(events);
        // A later start on the installed schema is a no-op.
        await new DomainEvents(sources[0]).onModuleInit();
      } finally {
        await Promise.all(sources.map((s) => (s.isInitialized ? s.destroy() : undefined)));
        await db.drop();
      }
    }
  });

  it('two workers start at once on a fresh database: both migrate, install and serve', async () => {
    const db = await freshDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0' });
    const started = await Promise.allSettled([0, 1].map(() => startWorker(config, db.url, { schedule: false, log: () => undefined, logger: false })));
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started']);
      expect(await queuesOf(db.url)).toEqual([AGREEMENT_LIFECYCLE_QUEUE, PAYOUT_RUN_QUEUE, MONTHLY_BILLING_QUEUE, COMMISSION_INVOICES_QUEUE, DISPATCH_STATUS_QUEUE, ...events].sort());
    } finally {
      for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
      await db.drop();
    }
  });
});
