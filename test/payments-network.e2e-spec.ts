// The whole chain: a network offering of three hospitals, an agreement sealed, the bill issued
// by billing (bill.issued), paid by card through the real Stripe SDK against the local fake,
// paid out to two hospitals by Stripe transfer and to the public one by a pain.001 line, then
// partly refunded.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { FakeStripe } from '../libs/payments/src/testing/fake-stripe';
import { findPain001Xsd, validatePain001 } from '../libs/payments/src/testing/pain001-xsd';
import { OrgSession } from './helpers/factories';
import { buyerOrganization, networkMarket, sealedAgreement, type NetworkMarket } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

const WEBHOOK_SECRET = 'whsec_test_network';
const signer = new Stripe('sk_test_signing_only');

describe('payments: the network\'s bill of three hospitals, paid through Stripe and paid out', () => {
  let t: TestApp;
  let worker: TestWorker;
  let fake: FakeStripe;
  let market: NetworkMarket;
  let buyer: OrgSession;
  let platformFinance: string;
  const accounts: string[] = [];
  const run = Date.now().toString(36);

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const deliver = (payload: string) => t.http.post('/stripe/webhooks').set('content-type', 'application/json')
    .set('stripe-signature', signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })).send(payload);

  beforeAll(async () => {
    fake = new FakeStripe();
    const port = await fake.start();
    t = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: `http://127.0.0.1:${port}`, PLATFORM_IBAN: 'FR7630006000011234567890189' });
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Nord', 50], ['CHU Sud', 30], ['Centre hospitalier public', 20]]);
    buyer = await buyerOrganization(t, `Laboratoires Réseau ${run}`);
    platformFinance = await apiKey(market.operator, ['FINANCE']);
    for (const [i, h] of market.hospitals.entries()) {
      const account = i < 2 ? fake.addConnectedAccount() : null;
      if (account) accounts.push(account);
      const input = account ? { stripeAccountId: account } : { iban: 'FR7610107001011234567890129' };
      await gqlOk(`mutation($i: RegisterPayoutAccountInput!) { registerPayoutAccount(input: $i) { organizationId } }`, { i: { holderName: h.name.slice(0, 100), ...input } }, await apiKey(h.token, ['FINANCE']));
    }
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await fake?.stop();
  });

  it('is issued by billing, paid once through Stripe, paid out exactly, partly refunded in proportion; the ledger balances', async () => {
    const a = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const [bill] = await t.db.query(`SELECT bill_id AS id, number, total_cents::int AS total, commission_bp AS bp FROM payable_bills WHERE agreement_id = $1`, [a.id]);
    expect(bill.bp).toBe(800); // a NETWORK offering's default, frozen at sealing
    const [{ rate_bp }] = await t.db.query(`SELECT rate_bp FROM commission_rates WHERE agreement_id = $1`, [a.id]);
    expect(rate_bp).toBe(800);
    const shares: { seller: string; net: number; vat: number; cnet: number; cvat: number }[] = await t.db.query(
      `SELECT seller_id AS seller, net_cents::int AS net, vat_cents::int AS vat, commission_net_cents::int AS cnet, commission_vat_cents::int AS cvat FROM payable_bill_sellers WHERE bill_id = $1 ORDER BY position`, [bill.id]);
    expect(shares.map((s) => s.seller)).toEqual(market.hospitals.map((h) => h.organizationId));
    expect(shares.reduce((s, x) => s + x.net + x.vat, 0)).toBe(bill.total);
    for (const s of shares) expect(s.cnet).toBe(Math.round(s.net * 0.08));

    const pi = (await gqlOk(`mutation($id: ID!) { payBill(billId: $id) { paymentIntentId amountCents } }`, { id: bill.id }, buyer.token)).payBill;
    expect(pi.amountCents).toBe(bill.total);
    fake.succeed(pi.paymentIntentId, 'card');
    const succeeded = fake.event('payment_intent.succeeded', fake.paymentIntents.get(pi.paymentIntentId)!);
    await deliver(succeeded).expect(200);
    expect((await deliver(succeeded)).body.duplicate).toBe(true);
    await deliver(fake.event('payment_intent.processing', { ...fake.paymentIntents.get(pi.paymentIntentId)!, status: 'processing' })).expect(200);
    const [{ n, status }] = await t.db.query(`SELECT count(p.*)::int AS n, b.status FROM payable_bills b LEFT JOIN payments p ON p.bill_id = b.bill_id WHERE b.bill_id = $1 GROUP BY b.status`, [bill.id]);
    expect({ n, status }).toEqual({ n: 1, status: 'PAID' });

    const payout = (await gqlOk(`mutation { runPayouts { transfers sepaLines sepaFileId } }`, {}, platformFinance)).runPayouts;
    expect(payout).toMatchObject({ transfers: 2, sepaLines: 1 });
    const owed = shares.map((s) => s.net + s.vat - s.cnet - s.cvat);
    expect(fake.transfersTo(accounts[0]).map((x) => x.amount)).toEqual([owed[0]]);
    expect(fake.transfersTo(accounts[1]).map((x) => x.amount)).toEqual([owed[1]]);
    const file = await t.http.get(`/payouts/sepa-files/${payout.sepaFileId}.xml`).set('authorization', `Bearer ${platformFinance}`);
    expect(file.text).toContain(`<InstdAmt Ccy="EUR">${(owed[2] / 100).toFixed(2)}</InstdAmt>`);
    const xsd = findPain001Xsd();
    if (xsd) {
      const path = join(mkdtempSync(join(tmpdir(), 'network-')), 'pain.001.xml');
      writeFileSync(path, file.text);
      expect(await validatePain001(xsd, [path])).toMatchObject({ ok: true });
    }

    const amount = Math.round(bill.total / 10) + 1;
    const refund = (await gqlOk(`mutation($i: RefundBillInput!) { refundBill(input: $i) { parts { sellerId netCents vatCents commissionNetCents commissionVatCents } reversals { sellerId amountCents } } }`,
      { i: { billId: bill.id, amountCents: amount, reason: 'Livraison partielle' } }, platformFinance)).refundBill;
    expect(refund.parts.reduce((s: number, p: any) => s + p.netCents + p.vatCents, 0)).toBe(amount);
    for (const [i, p] of refund.parts.entries()) {
      const s = shares[i];
      // each part within a cent of its exact proportion; the commission back in the proportion of the part
      expect(Math.abs((p.netCents + p.vatCents) - (amount * (s.net + s.vat)) / bill.total)).toBeLessThan(2);
      expect(p.commissionNetCents + p.commissionVatCents).toBe(Math.round(((s.cnet + s.cvat) * (p.netCents + p.vatCents)) / (s.net + s.vat)));
    }
    const back = refund.parts.map((p: any) => p.netCents + p.vatCents - p.commissionNetCents - p.commissionVatCents);
    expect(Object.fromEntries(refund.reversals.map((r: any) => [r.sellerId, r.amountCents]))).toEqual({ [shares[0].seller]: back[0], [shares[1].seller]: back[1] });
    expect(fake.transfersTo(accounts[0])[0].amount_reversed).toBe(back[0]);

    expect(await t.db.query(`SELECT entry_id FROM ledger_lines GROUP BY entry_id, currency HAVING sum(debit_cents) <> sum(credit_cents)`)).toEqual([]);
    const [{ debit, credit }] = await t.db.query(`SELECT sum(debit_cents)::bigint AS debit, sum(credit_cents)::bigint AS credit FROM ledger_lines`);
    expect(debit).toBe(credit);
  });
});
