// Monthly billing benchmark: 1,000 agreements of a network offering (three hospitals, 50/30/20)
// and 1,000,000 usage events of last month in a fresh database, then the monthly run as the
// worker does it (BillingRunService.runMonth): the month's usage summed in SQL for every
// agreement at once, then one bill of three invoices per agreement (split, VAT, numbering
// under the series lock, CII XML), then the Factur-X PDFs of a sample of them rendered as the
// worker's subscriber does. Prints the aggregation time, bills and invoices per second, PDFs
// per second and the memory used. Run: npm run bench:billing:monthly.
// Target: the aggregation of 1,000,000 events over 1,000 agreements under 5 s.
import { performance } from 'node:perf_hooks';
import { BillingRunService, BillingService } from '@app/billing';
import { addMonths, parisDay } from '@app/core';
import { buyerOrganization, networkMarket, sealedAgreement } from '../../test/helpers/network-market';
import { startTestApp } from '../../test/helpers/test-app';
import { freshBenchDatabase, runBench } from '../support';

const DATABASE = 'marketplace_bench_monthly';
const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PDF_SAMPLE = Number(process.env.BENCH_PDFS ?? 300);
const TARGET_MS = 5000;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

runBench(async () => {
  const db = await freshBenchDatabase(DATABASE);
  process.env.E2E_DATABASE_URL = db.url;
  const t = await startTestApp({ DB_STATEMENT_TIMEOUT_MS: '600000' });
  try {
    const month = addMonths(`${parisDay(new Date()).slice(0, 7)}-01`, -1).slice(0, 7);
    const market = await networkMarket(t, 'banc mensuel', [['CHU Nord', 50], ['CHU Sud', 30], ['CHU Est', 20]]);
    const buyer = await buyerOrganization(t, 'Laboratoires du banc mensuel');
    const model = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 }, 24);
    console.log(`seeding ${AGREEMENTS} agreements (copies of ${model.number}) and ${EVENTS.toLocaleString('en')} events of ${month}…`);
    const seedStart = performance.now();
    await t.db.query(`UPDATE agreements SET starts_on = $2 WHERE id = $1`, [model.id, `${month}-01`]);
    await t.db.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE copies ON COMMIT DROP AS
        SELECT g, gen_random_uuid() AS request_id, gen_random_uuid() AS agreement_id FROM generate_series(2, $1::int) g`, [AGREEMENTS]);
      await m.query(`INSERT INTO access_requests SELECT (jsonb_populate_record(r, jsonb_build_object('id', c.request_id, 'number', r.number || '-' || c.g))).*
        FROM access_requests r, copies c WHERE r.id = $1`, [model.requestId]);
      await m.query(`INSERT INTO agreements SELECT (jsonb_populate_record(a, jsonb_build_object('id', c.agreement_id, 'request_id', c.request_id, 'number', a.number || '-' || c.g,
          'sealed_pdf', '\\x00', 'sealed_pdf_sha256', encode(sha256(c.agreement_id::text::bytea), 'hex')))).*
        FROM agreements a, copies c WHERE a.id = $1`, [model.id]);
    });
    const ids: string[] = (await t.db.query(`SELECT a.id FROM agreements a JOIN access_requests r ON r.id = a.request_id WHERE r.buyer_id = $1 ORDER BY a.id`, [buyer.organizationId])).map((r: any) => r.id);
    const [{ batch }] = await t.db.query(`INSERT INTO usage_batches (organization_id, received, recorded) VALUES ($1, $2, $2) RETURNING id AS batch`,
      [market.network.organizationId, EVENTS]);
    await t.db.query(`SELECT usage_events_partition($1::date)`, [`${month}-01`]);
    await t.db.query(
      `INSERT INTO usage_events (agreement_id, meter, quantity_milli, occurred_at, event_id, batch_id)
       SELECT ids[1 + (g % array_length(ids, 1))], (ARRAY['COMPUTE_HOURS','STORAGE_GB_MONTHS','API_CALLS'])[1 + (g % 3)], 1 + (g % 5000),
              $2::timestamptz + make_interval(secs => (g % 2400000)), 'e' || g, $4
         FROM generate_series(1, $3::int) g, (SELECT $1::uuid[] AS ids) x`,
      [ids, `${month}-01T12:00:00Z`, EVENTS, batch],
    );
    await t.db.query(`ANALYZE usage_events`);
    console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const runs = t.app.get(BillingRunService);
    const before = process.memoryUsage();
    const started = performance.now();
    const done = await runs.runMonth(month);
    const runMs = performance.now() - started;
    const after = process.memoryUsage();
    const invoices = done.issued.length * 3;
    console.log(`monthly run of ${month}: ${done.agreements} agreements, ${done.issued.length} bills, ${done.failed.length} failed${done.failed.length ? ` (${done.failed[0].reason})` : ''}`);
    console.log(`  aggregation of ${EVENTS.toLocaleString('en')} events over ${ids.length} agreements: ${done.aggregationMs} ms (target < ${TARGET_MS} ms: ${done.aggregationMs < TARGET_MS ? 'met' : 'NOT met'})`);
    console.log(`  whole run ${(runMs / 1000).toFixed(1)} s: ${(done.issued.length / (runMs / 1000)).toFixed(1)} bills/s, ${(invoices / (runMs / 1000)).toFixed(1)} invoices/s (split, VAT, numbering, CII XML, one transaction per bill)`);
    console.log(`  memory: rss ${mb(before.rss)} -> ${mb(after.rss)}, heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}`);
    const again = await runs.runMonth(month);
    console.log(`  a second run: ${again.issued.length} bills issued, ${again.alreadyBilled} already billed, ${again.lateUsage.length} late-usage supplements (usage summed again to find late events: ${again.aggregationMs} ms)`);

    // Late usage: 10,000 more events of the month for a tenth of the agreements, after their bills.
    const lateIds = ids.filter((_, i) => i % 10 === 0);
    await t.db.query(
      `INSERT INTO usage_events (agreement_id, meter, quantity_milli, occurred_at, event_id, batch_id)
       SELECT ids[1 + (g % array_length(ids, 1))], 'COMPUTE_HOURS', 1000, $2::timestamptz, 'late' || g, $4
         FROM generate_series(1, $3::int) g, (SELECT $1::uuid[] AS ids) x`,
      [lateIds, `${month}-20T12:00:00Z`, 10_000, batch],
    );
    const lateStart = performance.now();
    const late = await runs.runMonth(month);
    const lateS = (performance.now() - lateStart) / 1000;
    const [{ n, net }] = await t.db.query(`SELECT count(*)::int AS n, coalesce(sum(net_cents), 0)::bigint AS net FROM bills WHERE kind = 'LATE_USAGE' AND agreement_id = ANY($1::uuid[])`, [lateIds]);
    console.log(`  late usage, 10,000 events of ${lateIds.length} agreements recorded after the run: ${late.lateUsage.length} supplements (${late.failed.length} failed) in ${lateS.toFixed(1)} s, aggregation ${late.aggregationMs} ms; ${n} LATE_USAGE bills of ${Number(net) / 100} EUR excl. VAT (10,000 h at 1.20 EUR: ${10_000 * 120 / 100} EUR expected)`);

    const billing = t.app.get(BillingService);
    const sample = done.issued.slice(0, Math.ceil(PDF_SAMPLE / 3));
    let peak = process.memoryUsage().rss;
    const pdfStart = performance.now();
    let rendered = 0;
    for (const id of sample) {
      rendered += await billing.renderPdfsOfBill(id);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const pdfS = (performance.now() - pdfStart) / 1000;
    console.log(`  Factur-X PDFs: ${rendered} rendered and stored in ${pdfS.toFixed(1)} s, ${(rendered / pdfS).toFixed(1)} PDFs/s on one core; peak rss ${mb(peak)}`);
  } finally {
    await t.close();
    await db.stop();
  }
});
