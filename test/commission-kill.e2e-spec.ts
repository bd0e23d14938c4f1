// The monthly commission invoices survive kill -9 of the worker in the middle of a run: what
// it committed stays, the rerun invoices the rest, every (seller, month) once, no number skipped.
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { addMonths, EVENTS_SCHEMA, parisDay, parisInstant } from '@app/core';
import { BillPaymentsService, CommissionInvoicingService } from '@app/payments';
import { COMMISSION_INVOICES_QUEUE } from '../apps/worker/src/worker';
import { signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';
import { workerProcess } from './helpers/worker-process';

jest.setTimeout(600_000);

const SELLERS = 60;

describe('the commission run survives kill -9 of the worker', () => {
  let t: TestApp;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    t = await startTestApp();
    await platformAdminToken(t);
  });
  afterAll(() => t?.close());

  it('killed in the middle, then run again: every seller\'s month invoiced once, the series without a gap', async () => {
    const url = process.env.E2E_DATABASE_URL!;
    const month = addMonths(`${parisDay(new Date()).slice(0, 7)}-01`, -1).slice(0, 7);
    const buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires Coupés ${run}`);
    const sellers: string[] = [];
    for (let k = 0; k < SELLERS; k++) {
      const s = await signUpOrganization(t, 'HOSPITAL', `Centre hospitalier ${k} ${run}`);
      sellers.push(s.organizationId);
      await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, {
        billId: randomUUID(), number: `BILL-KILL-${run}-${k}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR',
        totalCents: 12_000 + k, issuedAt: parisInstant(`${month}-10`, '09:00'),
        sellers: [{ invoiceId: randomUUID(), number: `KILL-${run}-${k}`, sellerId: s.organizationId, netCents: 10_000 + k, vatCents: 2_000 }],
      }));
    }
    const issued = async () => (await t.db.query(`SELECT count(*)::int AS n FROM commission_invoices WHERE customer_id = ANY($1::uuid[])`, [sellers]))[0].n as number;

    const worker = await workerProcess(url);
    const boss = new PgBoss({ connectionString: url, schema: EVENTS_SCHEMA, supervise: false, schedule: false });
    await boss.start();
    let atKill = 0;
    try {
      await boss.send(COMMISSION_INVOICES_QUEUE, { month });
      for (const until = Date.now() + 120_000; Date.now() < until && (atKill = await issued()) === 0; await new Promise((r) => setTimeout(r, 5)));
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      atKill = await issued();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    expect(atKill).toBeGreaterThan(0);
    const started = Date.now();
    const rerun = await t.app.get(CommissionInvoicingService).runMonth(month);
    const ms = Date.now() - started;
    expect(rerun.failed.filter((f) => sellers.includes(f.sellerId))).toEqual([]);

    const per = await t.db.query(`SELECT customer_id, count(*)::int AS n, min(net_cents)::int AS net FROM commission_invoices WHERE customer_id = ANY($1::uuid[]) GROUP BY 1`, [sellers]);
    expect(per.length).toBe(SELLERS);
    expect(per.every((r: { n: number }) => r.n === 1)).toBe(true);
    // 10 % of 10,000 + k cents, rounded half-up
    const k = (id: string) => sellers.indexOf(id);
    expect(per.every((r: { customer_id: string; net: number }) => r.net === Math.round((10_000 + k(r.customer_id)) / 10))).toBe(true);
    const series = (await t.db.query(`SELECT sequence_no::int AS n FROM commission_invoices ORDER BY sequence_no`)).map((r: { n: number }) => r.n);
    expect(series).toEqual(series.map((_: number, i: number) => i + 1));
    console.log(`kill -9 after ${atKill} of ${SELLERS} commission invoices; the rerun issued ${rerun.issued.length} in ${ms} ms (${rerun.sellers} sellers read)`);
  });
});
