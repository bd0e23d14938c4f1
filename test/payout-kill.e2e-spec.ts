// kill -9 of the worker in the middle of a payout run, then a new run: every seller is paid
// each payment's part exactly once (Stripe creates each transfer once, each has its ledger entry).
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import Stripe from 'stripe';
import { EVENTS_SCHEMA } from '@app/core';
import { BillPaymentsService, PayoutRunService } from '@app/payments';
import { PAYOUT_RUN_QUEUE } from '../apps/worker/src/worker';
import { FakeStripe } from '../libs/payments/src/testing/fake-stripe';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';
import { spawnWorkerProcess } from './helpers/worker-process';

const WEBHOOK_SECRET = 'whsec_test_kill';
const BILLS = 20;

describe('payout run: kill -9 of the worker mid-run, then a rerun', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let stripeUrl: string;
  let buyer: OrgSession;
  const sellers: { org: OrgSession; account: string }[] = [];
  const signer = new Stripe('sk_test_signing_only');
  // other suites' payouts share the database and may be tried here too: count only this test's sellers
  const accounts = () => sellers.map((s) => s.account);

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;

  beforeAll(async () => {
    fake = new FakeStripe();
    stripeUrl = `http://127.0.0.1:${await fake.start()}`;
    t = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripeUrl });
    await platformAdminToken(t);
    buyer = await signUpOrganization(t, 'PHARMA');
    const buyerFinance = await apiKey(buyer.token, ['FINANCE']);
    for (let i = 0; i < 3; i++) {
      const org = await signUpOrganization(t, 'HOSPITAL');
      const account = fake.addConnectedAccount();
      await gqlOk(`mutation($i: RegisterPayoutAccountInput!) { registerPayoutAccount(input: $i) { organizationId } }`, { i: { holderName: org.name.slice(0, 100), stripeAccountId: account } }, await apiKey(org.token, ['FINANCE']));
      sellers.push({ org, account });
    }
    const bills = t.app.get(BillPaymentsService);
    for (let b = 0; b < BILLS; b++) {
      const billId = randomUUID();
      await t.db.transaction((m) => bills.recordIssuedBill(m, {
        billId, number: `K-${Date.now().toString(36)}-${b}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR', totalCents: 3 * 12_000, issuedAt: new Date(),
        sellers: sellers.map((s, i) => ({ invoiceId: randomUUID(), number: `F-${b}-${i}`, sellerId: s.org.organizationId, netCents: 10_000, vatCents: 2_000 })),
      }));
      const pi = (await gqlOk(`mutation($id: ID!) { payBill(billId: $id) { paymentIntentId } }`, { id: billId }, buyerFinance)).payBill.paymentIntentId;
      fake.succeed(pi);
      const payload = fake.event('payment_intent.succeeded', fake.paymentIntents.get(pi)!);
      await t.http.post('/stripe/webhooks').set('content-type', 'application/json').set('stripe-signature', signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })).send(payload).expect(200);
    }
  });

  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('pays every (payment, seller) once: no transfer twice, none missing', async () => {
    const expected = BILLS * sellers.length;
    fake.transferDelayMs = 250;
    const worker = spawnWorkerProcess(process.env.E2E_DATABASE_URL!, { STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripeUrl });
    const boss = new PgBoss({ connectionString: process.env.E2E_DATABASE_URL, schema: EVENTS_SCHEMA, supervise: false, schedule: false });
    await boss.start();
    try {
      // the worker creates the queue at start
      for (let i = 0; i < 300 && !(await boss.getQueue(PAYOUT_RUN_QUEUE)); i++) await new Promise((r) => setTimeout(r, 100));
      await boss.send(PAYOUT_RUN_QUEUE, {});
      for (let i = 0; i < 600 && fake.transferCreations(accounts()).size < 5; i++) await new Promise((r) => setTimeout(r, 50));
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const createdBeforeKill = fake.transferCreations(accounts()).size;
    expect(createdBeforeKill).toBeGreaterThanOrEqual(5);
    expect(createdBeforeKill).toBeLessThan(expected);
    const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM payouts WHERE status = 'PENDING' AND seller_id = ANY($1)`, [sellers.map((s) => s.org.organizationId)]);
    // at most the transfers in flight at once (TRANSFER_CONCURRENCY)
    expect(pending).toBeLessThanOrEqual(4);

    fake.transferDelayMs = 0;
    // the killed worker's connection, and with it the run's lock, is gone once PostgreSQL notices
    let result = await t.app.get(PayoutRunService).run();
    for (let i = 0; i < 50 && result.skipped; i++) {
      await new Promise((r) => setTimeout(r, 200));
      result = await t.app.get(PayoutRunService).run();
    }
    expect(result.skipped).toBe(false);
    expect(result.transfers).toBeGreaterThanOrEqual(expected - createdBeforeKill);

    const creations = fake.transferCreations(accounts());
    expect(creations.size).toBe(expected);
    expect([...creations.values()].every((n) => n === 1)).toBe(true);
    for (const s of sellers) expect(fake.transfersTo(s.account).map((x) => x.amount)).toEqual(Array(BILLS).fill(12_000 - 1_200));
    const [{ sent, entries }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM payouts WHERE status = 'SENT' AND seller_id = ANY($1)) AS sent,
              (SELECT count(*)::int FROM ledger_entries WHERE kind = 'PAYOUT_SENT' AND idempotency_key IN (SELECT key || ':sent' FROM payouts WHERE seller_id = ANY($1))) AS entries`,
      [sellers.map((s) => s.org.organizationId)]);
    expect({ sent, entries }).toEqual({ sent: expected, entries: expected });
    // a third run pays these sellers nothing more (other suites' payouts in the same database may still be paid by it)
    let again = await t.app.get(PayoutRunService).run();
    for (let i = 0; i < 50 && again.skipped; i++) {
      await new Promise((r) => setTimeout(r, 200));
      again = await t.app.get(PayoutRunService).run();
    }
    expect(again.skipped).toBe(false);
    expect(fake.transferCreations(accounts()).size).toBe(expected);
    const [{ payouts }] = await t.db.query(`SELECT count(*)::int AS payouts FROM payouts WHERE seller_id = ANY($1)`, [sellers.map((s) => s.org.organizationId)]);
    expect(payouts).toBe(expected);
  });
});
