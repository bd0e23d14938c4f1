import PgBoss from 'pg-boss';
import { BillingRunService } from '@app/billing';
import { addMonths, EVENTS_SCHEMA, parisDay } from '@app/core';
import { MONTHLY_BILLING_QUEUE } from '../apps/worker/src/worker';
import { buyerOrganization, networkMarket, sealedAgreement } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { workerProcess } from './helpers/worker-process';
import { startTestWorker } from './helpers/test-worker';

jest.setTimeout(600_000);

const AGREEMENTS = 15;

describe('the monthly run survives kill -9 of the worker', () => {
  let t: TestApp;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('killed in the middle, then run again: every (agreement, month, contributor) invoiced once, no number skipped', async () => {
    const url = process.env.E2E_DATABASE_URL!;
    const market = await networkMarket(t, `kill ${run}`, [['CHU Ouest', 50], ['CHU Centre', 30], ['CHU Littoral', 20]]);
    const buyer = await buyerOrganization(t, `Laboratoires Interrompus ${run}`);
    const key = (await t.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'env', roles: ['PUBLISHER'] } }, market.network.token)).data.createApiKey.secret;
    const month = addMonths(`${parisDay(new Date()).slice(0, 7)}-01`, -1).slice(0, 7);
    const inWorker = await startTestWorker();
    const ids: string[] = [];
    for (let k = 0; k < AGREEMENTS; k++) {
      const a = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 }, 24);
      await t.db.query(`UPDATE agreements SET starts_on = $2 WHERE id = $1`, [a.id, `${month}-01`]);
      const events = Array.from({ length: 20 }, (_, e) => ({ agreementId: a.id, eventId: `e${e}`, meter: e % 2 ? 'COMPUTE_HOURS' : 'STORAGE_GB_MONTHS', quantity: String(k + e + 1), occurredAt: `${month}-1${e % 9}T10:00:00Z` }));
      const res = await t.http.post('/usage-events').set('content-type', 'application/json').set('authorization', `Bearer ${key}`).send(JSON.stringify(events));
      expect(res.body.recorded).toBe(20);
      ids.push(a.id);
    }
    await inWorker.settled();
    await inWorker.stop();

    const worker = await workerProcess(url);
    const boss = new PgBoss({ connectionString: url, schema: EVENTS_SCHEMA, supervise: false, schedule: false });
    await boss.start();
    // The run takes the agreements in id order. The last one's row stays locked until the kill, so
    // its bill cannot be inserted (the foreign key waits on the row): however late the kill lands
    // after the first bill, the run is not over.
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM agreements WHERE id = $1 FOR UPDATE`, [[...ids].sort().at(-1)]);
    let atKill = 0;
    try {
      await boss.send(MONTHLY_BILLING_QUEUE, { month });
      const billed = async () => (await t.db.query(`SELECT count(*)::int AS n FROM bills WHERE usage_month = $1 AND agreement_id = ANY($2::uuid[])`, [`${month}-01`, ids]))[0].n as number;
      for (const until = Date.now() + 120_000; Date.now() < until && (atKill = await billed()) === 0; await new Promise((r) => setTimeout(r, 10)));
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      atKill = await billed();
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
      await boss.stop({ graceful: false, wait: true });
    }
    // Killed mid-run: some bills committed, not all.
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(AGREEMENTS);
    // What the killed run committed stays; the rerun bills the rest.
    const rerun = await t.app.get(BillingRunService).runMonth(month);
    expect(rerun.failed.filter((f) => ids.includes(f.agreementId))).toEqual([]);

    const perContributor = await t.db.query(
      `SELECT agreement_id, seller_id, count(*)::int AS n FROM invoices WHERE agreement_id = ANY($1::uuid[]) AND type_code = '380' AND kind <> 'SIGNATURE' AND period_start >= $2 GROUP BY 1, 2`,
      [ids, `${month}-01`]);
    expect(perContributor.length).toBe(AGREEMENTS * 3);
    expect(perContributor.every((r: any) => r.n === 1)).toBe(true);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM bills WHERE usage_month = $1 AND agreement_id = ANY($2::uuid[])`, [`${month}-01`, ids]))[0].n).toBe(AGREEMENTS);
    for (const h of market.hospitals) {
      const series = (await t.db.query(`SELECT sequence_no::int AS n FROM invoices WHERE seller_id = $1 ORDER BY sequence_no`, [h.organizationId])).map((r: any) => r.n);
      expect(series).toEqual(series.map((_: number, k: number) => k + 1));
      expect(series.length).toBe(2 * AGREEMENTS);
    }
    console.log(`kill -9 after ${atKill} of ${AGREEMENTS} bills; the rerun issued ${rerun.issued.length}`);
  });
});
