// The background worker: scheduled jobs on pg-boss 10, in the same PostgreSQL as the API.
//
//   DATABASE_URL=postgres://... npm run worker
//
// Without DATABASE_URL it connects to the API's embedded development database
// (postgres://postgres:embedded@127.0.0.1:<EMBEDDED_PG_PORT>/marketplace), which `npm start`
// must be running. Jobs:
//   agreement-lifecycle  every 10 minutes (Europe/Paris): activates agreements whose start date
//                        has come and expires those that ended (AgreementService.runLifecycle,
//                        the same as the runAgreementLifecycle mutation). pg-boss keeps one cron
//                        schedule in the database, so however many workers run, each slot
//                        creates one job; the queue's `singleton` policy lets one run at a time.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import PgBoss from 'pg-boss';
import { ConfigError, loadConfig } from '@app/core';
import { AgreementService } from '@app/contracting/agreement.service';
import { WorkerModule } from './worker.module';

export const AGREEMENT_LIFECYCLE_QUEUE = 'agreement-lifecycle';
const EVERY_TEN_MINUTES = '*/10 * * * *';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const url = config.databaseUrl ?? `postgres://postgres:embedded@127.0.0.1:${config.embeddedPgPort}/marketplace`;
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, runMigrations: false }, url), { logger: ['error', 'warn', 'log'] });
  const agreements = app.get(AgreementService);

  const boss = new PgBoss({ connectionString: url, schema: 'pgboss' });
  boss.on('error', (err) => console.error('pg-boss:', err));
  await boss.start();
  await boss.createQueue(AGREEMENT_LIFECYCLE_QUEUE, { name: AGREEMENT_LIFECYCLE_QUEUE, policy: 'singleton', retryLimit: 3, retryDelay: 60 });
  await boss.schedule(AGREEMENT_LIFECYCLE_QUEUE, EVERY_TEN_MINUTES, {}, { tz: 'Europe/Paris' });
  await boss.work(AGREEMENT_LIFECYCLE_QUEUE, async ([job]) => {
    const done = await agreements.runLifecycle(null);
    console.log(`${AGREEMENT_LIFECYCLE_QUEUE} ${job.id}: activated ${done.activated.length} (${done.activated.join(', ')}), expired ${done.expired.length} (${done.expired.join(', ')})`);
    return done;
  });
  console.log(`Worker ready: ${AGREEMENT_LIFECYCLE_QUEUE} every 10 minutes (Europe/Paris)`);

  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 30_000 });
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error('The worker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
