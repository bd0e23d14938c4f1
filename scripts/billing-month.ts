// Invoices a finished month's usage now, as the worker does on the 1st at 06:00 (Paris):
//
//   npm run billing:month              # the previous month
//   npm run billing:month -- 2026-10   # a given one
//
// Safe to run twice, at once or after a kill: each agreement's month is billed once and no
// invoice number is skipped. DATABASE_URL as for the worker (default: the embedded database).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { BillingRunService } from '@app/billing';
import { embeddedUrl, loadConfig } from '@app/core';
import { migrate } from '../apps/api/src/database';
import { WorkerModule } from '../apps/worker/src/worker.module';

async function main() {
  const config = loadConfig();
  const url = config.databaseUrl ?? embeddedUrl(config.dataDir, config.embeddedPgPort, 'marketplace');
  if (config.runMigrations) await migrate(url);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, runMigrations: false }, url), { logger: ['error', 'warn'] });
  try {
    const done = await app.get(BillingRunService).runMonth(process.argv[2] ?? null, new Date(), (line) => console.log(line));
    for (const f of done.failed) console.error(`not billed: agreement ${f.agreementId}: ${f.reason}`);
    process.exitCode = done.failed.length ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error('The monthly billing run failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
