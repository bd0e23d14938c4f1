import 'reflect-metadata';
import cluster from 'node:cluster';
import { AppConfig, ConfigError, loadConfig } from '@app/core';
import { createApp } from './bootstrap';
import { migrate, resolveDatabase } from './database';
import { ensurePlatformOperator } from './platform-operator';
import { serveConsole } from './console';
import { NestExpressApplication } from '@nestjs/platform-express';

// Set by the primary process for its workers: the database it resolved (embedded or not).
const WORKER_DATABASE = 'HDM_WORKER_DATABASE_URL';
const WORKER_EMBEDDED = 'HDM_WORKER_EMBEDDED';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** One HTTP server process; with WEB_CONCURRENCY > 1 it is one of the primary's workers. */
async function serve(config: AppConfig) {
  const inherited = process.env[WORKER_DATABASE];
  const db = inherited ? { url: inherited, embedded: null } : await resolveDatabase(config, (msg) => console.log(msg));
  const embedded = db.embedded !== null || process.env[WORKER_EMBEDDED] === '1';
  const firstProcess = !cluster.isWorker || cluster.worker?.id === 1;
  // Development writes schema.gql (committed, for clients to diff); production keeps it in memory.
  const app = await createApp({ ...config, runMigrations: config.runMigrations && !inherited }, db.url, {
    writeSchemaFile: process.env.NODE_ENV !== 'production' && firstProcess,
  });
  if (db.embedded) {
    const stop = db.embedded.stop;
    app.getHttpServer().on('close', () => void stop().catch(() => undefined));
  }
  const operator = await ensurePlatformOperator(app, config, embedded);
  let consoleMs: number | null = null;
  if (config.serveConsole) {
    const started = performance.now();
    // Development rebuilds a stale console in the background; tests and production never build at start.
    const env = process.env.NODE_ENV;
    serveConsole(app as NestExpressApplication, { rebuildWhenStale: firstProcess && env !== 'production' && env !== 'test', log: (m) => console.log(m) });
    consoleMs = performance.now() - started;
  }
  await app.listen(config.port, config.host);
  if (!firstProcess) return;
  if (operator && !config.platformOperatorEmail) {
    console.log(`Platform operator: ${operator} (password in ${config.dataDir}/platform-operator.json)`);
  }
  console.log(`GraphQL API ready at http://localhost:${config.port}/graphql (HealthDCAT-AP catalog at /catalog.jsonld)`);
  if (consoleMs !== null) console.log(`Web console at http://localhost:${config.port}/console (set up in ${consoleMs.toFixed(1)} ms)`);
}

/**
 * WEB_CONCURRENCY > 1: the primary resolves the database and migrates once, then runs that
 * many workers sharing the port (one per core), and replaces a worker that dies.
 */
async function supervise(config: AppConfig) {
  const db = await resolveDatabase(config, (msg) => console.log(msg));
  if (config.runMigrations) await migrate(db.url);
  const env = { [WORKER_DATABASE]: db.url, [WORKER_EMBEDDED]: db.embedded ? '1' : '0' };
  let stopping = false;
  const startedAt = new Map<number, number>();
  const fork = () => startedAt.set(cluster.fork(env).id, Date.now());
  for (let i = 0; i < config.webConcurrency; i++) fork();
  const stop = async (code = 0) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = workers.map((w) => new Promise((resolve) => w!.once('exit', resolve)));
    for (const w of workers) w!.kill('SIGTERM');
    await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await db.embedded?.stop().catch(() => undefined);
    process.exit(code);
  };
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    if (Date.now() - (startedAt.get(worker.id) ?? 0) < 15_000) {
      console.error(`worker ${worker.process.pid} failed at start (${code}): stopping`);
      void stop(1);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
    fork();
  });
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

const config = configOrExit();
(config.webConcurrency > 1 && cluster.isPrimary ? supervise(config) : serve(config)).catch((e) => {
  console.error('The server could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
