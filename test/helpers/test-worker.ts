import { declaredEvents, EVENTS_SCHEMA, loadConfig } from '@app/core';
import { RunningWorker, startWorker, WorkerOptions } from '../../apps/worker/src/worker';

export interface TestWorker extends RunningWorker {
  /** Resolves once no event job is waiting, retrying or running. */
  settled(timeoutMs?: number): Promise<void>;
}

/** The real worker on the e2e database, polling often, without the lifecycle schedule (tests run it by hand). */
export async function startTestWorker(options: WorkerOptions = {}): Promise<TestWorker> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run e2e specs through jest (global setup)');
  const worker = await startWorker(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), url, {
    schedule: false, pollingIntervalSeconds: 0.5, log: () => undefined, logger: false, ...options,
  });
  return {
    ...worker,
    async settled(timeoutMs = 30_000) {
      const events = declaredEvents().map((e) => e.name);
      for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
        const [{ pending }] = await worker.boss.getDb().executeSql(
          `SELECT count(*)::int AS pending FROM ${EVENTS_SCHEMA}.job WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')`, [events],
        ).then((r) => r.rows);
        if (pending === 0) return;
      }
      throw new Error(`Event jobs still pending after ${timeoutMs} ms`);
    },
  };
}
