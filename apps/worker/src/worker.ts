import { INestApplicationContext, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig, declaredEvents, EVENTS_SCHEMA, EventDelivery, PARIS_TIME_ZONE, underEventsSetupLock, type EventEnvelope } from '@app/core';
import { AgreementService } from '@app/contracting';
import { CommissionInvoicingService, PayoutRunService } from '@app/payments';
import { BillingRunService, InvoiceDispatch } from '@app/billing';
import { migrate } from '../../api/src/database';
import { WorkerModule } from './worker.module';

export const AGREEMENT_LIFECYCLE_QUEUE = 'agreement-lifecycle';
export const PAYOUT_RUN_QUEUE = 'payout-run';
const EVERY_TEN_MINUTES = '*/10 * * * *';
/** Payouts once a day, at 06:00 Paris time, before the bank's morning cut-off. */
const EVERY_MORNING = '0 6 * * *';
export const MONTHLY_BILLING_QUEUE = 'billing-monthly-run';
/** The 1st of each month at 06:00 in Paris: the previous month's usage is invoiced. */
const FIRST_OF_THE_MONTH = '0 6 1 * *';
export const COMMISSION_INVOICES_QUEUE = 'commission-invoices-monthly';
/** The 1st of each month at 05:00 in Paris: the previous month's commission is invoiced to each seller. */
const FIRST_OF_THE_MONTH_EARLY = '0 5 1 * *';
export const DISPATCH_STATUS_QUEUE = 'billing-dispatch-statuses';
/** What the PAs and Chorus Pro reported about dispatched invoices, asked every 15 minutes. */
const EVERY_QUARTER_HOUR = '*/15 * * * *';

export interface WorkerOptions {
  /** Schedule the agreement lifecycle (every 10 minutes) and the monthly billing run; tests run them by hand. */
  schedule?: boolean;
  /** How often each queue is polled when idle (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** More modules to load, whose subscribers are served too. */
  imports?: Type[];
  log?: (line: string) => void;
  /** Nest's own log levels; false silences them. */
  logger?: LogLevel[] | false;
}

export interface RunningWorker {
  app: INestApplicationContext;
  boss: PgBoss;
  /** The queues served: one per declared event, and the lifecycle. */
  queues: string[];
  stop(): Promise<void>;
}

/**
 * The background worker on pg-boss 10, in the API's database: the scheduled agreement
 * lifecycle, and the delivery of every declared domain event to its subscribers (retried with
 * backoff when one fails; each subscriber handles an event once).
 */
export async function startWorker(config: AppConfig, url: string, options: WorkerOptions = {}): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => console.log(line));
  // The same migrations as the API, under the same lock: either may start first on a fresh database.
  if (config.runMigrations) await migrate(url);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, runMigrations: false }, url, options.imports), {
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  const agreements = app.get(AgreementService);
  const delivery = app.get(EventDelivery);
  const billing = app.get(BillingRunService);

  const boss = new PgBoss({ connectionString: url, schema: EVENTS_SCHEMA, schedule: options.schedule ?? true });
  boss.on('error', (err) => console.error('pg-boss:', err));
  // Under the lock the API's DomainEvents also take, on a connection of its own: a queue created
  // while another process creates one can deadlock.
  const lockConnection = app.get(DataSource).createQueryRunner();
  await lockConnection.connect();
  try {
    await underEventsSetupLock(lockConnection, async () => {
      await boss.start();
      await boss.createQueue(AGREEMENT_LIFECYCLE_QUEUE, { name: AGREEMENT_LIFECYCLE_QUEUE, policy: 'singleton', retryLimit: 3, retryDelay: 60 });
      await boss.createQueue(MONTHLY_BILLING_QUEUE, { name: MONTHLY_BILLING_QUEUE, policy: 'singleton', retryLimit: 5, retryDelay: 300 });
      await boss.createQueue(DISPATCH_STATUS_QUEUE, { name: DISPATCH_STATUS_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 60 });
      await boss.createQueue(PAYOUT_RUN_QUEUE, { name: PAYOUT_RUN_QUEUE, policy: 'singleton', retryLimit: 5, retryDelay: 300 });
      await boss.createQueue(COMMISSION_INVOICES_QUEUE, { name: COMMISSION_INVOICES_QUEUE, policy: 'singleton', retryLimit: 5, retryDelay: 300 });
    });
  } finally {
    await lockConnection.release();
  }
  const work = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  if (options.schedule ?? true) await boss.schedule(AGREEMENT_LIFECYCLE_QUEUE, EVERY_TEN_MINUTES, {}, { tz: PARIS_TIME_ZONE });
  await boss.work(AGREEMENT_LIFECYCLE_QUEUE, work, async ([job]) => {
    const done = await agreements.runLifecycle(null);
    log(`${AGREEMENT_LIFECYCLE_QUEUE} ${job.id}: activated ${done.activated.length} (${done.activated.join(', ')}), expired ${done.expired.length} (${done.expired.join(', ')})`);
    return done;
  });

  // One cron row in the database whatever the number of workers, a singleton queue, and the run's own lock: one run at a time.
  const payouts = app.get(PayoutRunService);
  if (options.schedule ?? true) await boss.schedule(PAYOUT_RUN_QUEUE, EVERY_MORNING, {}, { tz: PARIS_TIME_ZONE });
  await boss.work(PAYOUT_RUN_QUEUE, work, async ([job]) => {
    const done = await payouts.run();
    log(`${PAYOUT_RUN_QUEUE} ${job.id}: ${done.skipped ? 'another run is under way' : `${done.transfers} Stripe transfers, ${done.sepaLines} SEPA lines, ${done.waiting} waiting`}`);
    return done;
  });

  // One cron schedule in the database however many workers run, and a singleton queue: one run
  // at a time. A run killed midway leaves each agreement's month billed or not; pg-boss offers
  // the job again (or `npm run billing:month`) and the rerun bills what is left.
  if (options.schedule ?? true) await boss.schedule(MONTHLY_BILLING_QUEUE, FIRST_OF_THE_MONTH, {}, { tz: PARIS_TIME_ZONE });
  await boss.work<{ month?: string }>(MONTHLY_BILLING_QUEUE, work, async ([job]) => {
    const line = (text: string) => log(`${MONTHLY_BILLING_QUEUE} ${job.id}: ${text}`);
    // A month asked for runs alone; the schedule's run also looks again at the months before it for late usage.
    const runs = job.data?.month ? [await billing.runMonth(job.data.month, new Date(), line)] : await billing.runScheduled(new Date(), line);
    const failed = runs.flatMap((r) => r.failed.map((f) => `${r.month} ${f.agreementId}: ${f.reason}`));
    if (failed.length) throw new Error(`${failed.length} agreements could not be billed: ${failed.join('; ')}`);
    return { months: runs.map((r) => r.month), issued: runs.reduce((s, r) => s + r.issued.length, 0), lateUsage: runs.reduce((s, r) => s + r.lateUsage.length, 0) };
  });

  // One cron row and a singleton queue, as above; each (seller, month) is invoiced once whatever
  // runs it (a lock per seller and a unique constraint), so a killed or repeated job is harmless.
  const commissions = app.get(CommissionInvoicingService);
  if (options.schedule ?? true) await boss.schedule(COMMISSION_INVOICES_QUEUE, FIRST_OF_THE_MONTH_EARLY, {}, { tz: PARIS_TIME_ZONE });
  await boss.work<{ month?: string }>(COMMISSION_INVOICES_QUEUE, work, async ([job]) => {
    const done = await commissions.runMonth(job.data?.month ?? null);
    log(`${COMMISSION_INVOICES_QUEUE} ${job.id}: ${done.month}: ${done.issued.length} issued, ${done.alreadyIssued} already issued, ${done.carried.length} carried, ${done.failed.length} failed`);
    if (done.failed.length) throw new Error(`${done.failed.length} sellers' commission for ${done.month} could not be invoiced: ${done.failed.map((f) => `${f.sellerId}: ${f.reason}`).join('; ')}`);
    return { month: done.month, issued: done.issued.length, alreadyIssued: done.alreadyIssued, carried: done.carried.length };
  });

  // Without an adapter configured (download only) there is nothing to ask.
  const dispatch = app.get(InvoiceDispatch);
  if (options.schedule ?? true) await boss.schedule(DISPATCH_STATUS_QUEUE, EVERY_QUARTER_HOUR, {}, { tz: PARIS_TIME_ZONE });
  await boss.work(DISPATCH_STATUS_QUEUE, work, async () => ({ recorded: await dispatch.pollStatuses() }));

  // Every event's queue is served, with or without subscribers, so none piles up unread.
  const events = declaredEvents().map((e) => e.name);
  for (const name of events) {
    await boss.work<Omit<EventEnvelope<unknown>, 'id'>>(name, work, async ([job]) => {
      const done = await delivery.deliver({ ...job.data, id: job.id });
      if (done.handled.length) log(`${name} ${job.id}: handled by ${done.handled.join(', ')}`);
      return done;
    });
  }

  return {
    app,
    boss,
    queues: [AGREEMENT_LIFECYCLE_QUEUE, PAYOUT_RUN_QUEUE, MONTHLY_BILLING_QUEUE, COMMISSION_INVOICES_QUEUE, DISPATCH_STATUS_QUEUE, ...events],
    async stop() {
      await boss.stop({ graceful: true, timeout: 30_000, wait: true });
      await app.close();
    },
  };
}
