// The background worker: scheduled jobs and domain events on pg-boss 10, in the same PostgreSQL as the API.
//
//   DATABASE_URL=postgres://... npm run worker
//
// Without DATABASE_URL it connects to the API's embedded development database (port
// EMBEDDED_PG_PORT, password in <DATA_DIR>/pg.password), which `npm start`
// must be running. It applies pending migrations first, as the API does (RUN_MIGRATIONS). Jobs:
//   agreement-lifecycle  every 10 minutes (Europe/Paris): activates agreements whose start date
//                        has come and expires those that ended (AgreementService.runLifecycle,
//                        the same as the runAgreementLifecycle mutation). pg-boss keeps one cron
//                        schedule in the database, so however many workers run, each slot
//                        creates one job; the queue's `singleton` policy lets one run at a time.
//   payout-run           every day at 06:00 (Europe/Paris), and on demand (runPayouts): pays each
//                        seller what it is owed on the bills paid in full (PayoutRunService), one
//                        run at a time across workers (singleton queue and an advisory lock).
//   billing-monthly-run  the 1st of each month at 06:00 (Europe/Paris): invoices the previous
//                        month's usage (BillingRunService.runMonth, as runMonthlyBilling and
//                        `npm run billing:month`); singleton, safe to rerun after a kill.
//   commission-invoices-monthly  the 1st of each month at 05:00 (Europe/Paris): the platform's
//                        commission invoice of the previous month to each seller
//                        (CommissionInvoicingService.runMonth, as issueCommissionInvoices);
//                        singleton, each (seller, month) invoiced once, safe to rerun after a kill.
//   billing-dispatch-statuses  every 15 minutes: the lifecycle statuses the PAs and Chorus Pro
//                        reported for dispatched invoices (InvoiceDispatch.pollStatuses).
//   <event name>         one queue per domain event (agreement.sealed, organization.verified…):
//                        each job is handed to the event's subscribers (README, "Domain events").
import 'reflect-metadata';
import { ConfigError, embeddedUrl, loadConfig, PARIS_TIME_ZONE } from '@app/core';
import { AGREEMENT_LIFECYCLE_QUEUE, COMMISSION_INVOICES_QUEUE, DISPATCH_STATUS_QUEUE, MONTHLY_BILLING_QUEUE, PAYOUT_RUN_QUEUE, startWorker } from './worker';

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
  const url = config.databaseUrl ?? embeddedUrl(config.dataDir, config.embeddedPgPort, 'marketplace');
  const worker = await startWorker(config, url);
  const jobs = [AGREEMENT_LIFECYCLE_QUEUE, PAYOUT_RUN_QUEUE, MONTHLY_BILLING_QUEUE, COMMISSION_INVOICES_QUEUE, DISPATCH_STATUS_QUEUE];
  console.log(`Worker ready: ${AGREEMENT_LIFECYCLE_QUEUE} every 10 minutes, ${PAYOUT_RUN_QUEUE} daily at 06:00, ${MONTHLY_BILLING_QUEUE} on the 1st at 06:00, ${COMMISSION_INVOICES_QUEUE} on the 1st at 05:00, ${DISPATCH_STATUS_QUEUE} every 15 minutes (${PARIS_TIME_ZONE}); events: ${worker.queues.filter((q) => !jobs.includes(q)).join(', ')}`);

  const stop = async () => {
    await worker.stop();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error('The worker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
