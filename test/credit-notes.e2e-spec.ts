// Credit notes and refunds after payment and payout: billing's credit notes (credit_note.issued)
// reduce what the buyer owes or are refunded, reverse the seller's share and the commission in
// proportion, and a seller already paid out gives its part back (a Stripe transfer reversal) or
// has it deducted from its next payouts. Also the declined card payment (PAYMENT_DECLINED).
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { FakeStripe } from '../libs/payments/src/testing/fake-stripe';
import { OrgSession } from './helpers/factories';
import { buyerOrganization, networkMarket, sealedAgreement, type NetworkMarket } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

const WEBHOOK_SECRET = 'whsec_test_credit_notes';
const signer = new Stripe('sk_test_signing_only');

describe('credit notes and refunds through payments, payouts and the ledger', () => {
  let t: TestApp;
  let worker: TestWorker;
  let fake: FakeStripe;
  let market: NetworkMarket;
  let buyer: OrgSession;
  let platformFinance: string;
  const accounts: string[] = [];
  const run = Date.now().toString(36);

  const gql = (q: string, v: Record<string, unknown>, token: string) => t.gql(q, v, token);
  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const deliver = (payload: string) => t.http.post('/stripe/webhooks').set('content-type', 'application/json')
    .set('stripe-signature', signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })).send(payload);
  const PAY = `mutation($id: ID!, $pm: String) { payBill(billId: $id, paymentMethodId: $pm) { paymentIntentId amountCents status } }`;
  const STATE = `query($id: ID!) { billPayment(billId: $id) { status totalCents paidCents outstandingCents refundedCents stripeStatus stripeError } }`;

  /** A sealed agreement's bill at signature (issued by billing through the worker): its row and its sellers' shares. */
  const newBill = async () => {
    const a = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const [bill] = await t.db.query(`SELECT bill_id AS id, number, total_cents::int AS total FROM payable_bills WHERE agreement_id = $1`, [a.id]);
    const shares: { seller: string; invoice: string; net: number; vat: number; cnet: number; cvat: number }[] = await t.db.query(
      `SELECT seller_id AS seller, invoice_id AS invoice, net_cents::int AS net, vat_cents::int AS vat, commission_net_cents::int AS cnet, commission_vat_cents::int AS cvat
         FROM payable_bill_sellers WHERE bill_id = $1 ORDER BY position`, [bill.id]);
    return { ...bill, shares };
  };
  const balance = async (organizationId: string, account: string) => {
    const rows = (await gqlOk(`query($id: ID) { ledgerBalances(organizationId: $id) { account balanceCents } }`, { id: organizationId }, platformFinance)).ledgerBalances;
    return rows.find((r: { account: string }) => r.account === account)?.balanceCents ?? 0;
  };
  const payByCard = async (billId: string) => {
    const pi = (await gqlOk(PAY, { id: billId, pm: 'pm_card_visa' }, buyer.token)).payBill;
    await deliver(fake.event('payment_intent.succeeded', fake.paymentIntents.get(pi.paymentIntentId)!)).expect(200);
    return pi.paymentIntentId as string;
  };
  const ledgerBalanced = async () => {
    expect(await t.db.query(`SELECT entry_id FROM ledger_lines GROUP BY entry_id, currency HAVING sum(debit_cents) <> sum(credit_cents)`)).toEqual([]);
  };

  beforeAll(async () => {
    fake = new FakeStripe();
    const port = await fake.start();
    t = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: `http://127.0.0.1:${port}`, PLATFORM_IBAN: 'FR7630006000011234567890189' });
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Est', 50], ['CHU Ouest', 30], ['Centre hospitalier de Dax', 20]]);
    buyer = await buyerOrganization(t, `Laboratoires Avoirs ${run}`);
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

  it('a card declined answers PAYMENT_DECLINED in our words, never Stripe\'s; another card pays the bill', async () => {
    const bill = await newBill();
    const declined = await gql(PAY, { id: bill.id, pm: 'pm_card_chargeDeclinedInsufficientFunds' }, buyer.token);
    expect(declined.errors![0]).toMatchObject({
      message: 'The payment was declined: the card has insufficient funds. Pay with another card, by SEPA Debit or by bank transfer with the bill number as reference',
      extensions: { code: 'CONFLICT', reason: 'PAYMENT_DECLINED', declineCode: 'insufficient_funds' },
    });
    expect(JSON.stringify(declined.errors)).not.toMatch(/req_|pm_card|Your card/);
    const pi = fake.paymentIntents.get((await gqlOk(PAY, { id: bill.id }, buyer.token)).payBill.paymentIntentId)!;
    await deliver(fake.event('payment_intent.payment_failed', pi)).expect(200);
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({
      status: 'OPEN', stripeStatus: 'requires_payment_method', stripeError: expect.stringMatching(/^The payment was declined: the card has insufficient funds\./),
    });
    const bad = await gql(PAY, { id: bill.id, pm: 'card 4242' }, buyer.token);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'paymentMethodId' }] });
    await payByCard(bill.id);
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({ status: 'PAID', paidCents: bill.total, outstandingCents: 0 });
    const again = await gql(PAY, { id: bill.id, pm: 'pm_card_visa' }, buyer.token);
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
  });
});
