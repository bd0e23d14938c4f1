import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { BillPaymentsService } from '@app/payments';
import { FakeStripe } from '../libs/payments/src/testing/fake-stripe';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

const WEBHOOK_SECRET = 'whsec_test_payments';
const stripe = new Stripe('sk_test_signing_only');

describe('payments: payout accounts and Stripe webhooks', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let platform: string;
  let chu: OrgSession;
  let chuFinance: string;
  let buyer: OrgSession;
  let buyerFinance: string;

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (org: OrgSession, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${roles.join('+')}`, roles } }, org.token)).createApiKey.secret as string;
  const REGISTER = `mutation($i: RegisterPayoutAccountInput!) { registerPayoutAccount(input: $i) { organizationId holderName ibanMasked bic stripeAccountId preferredMethod } }`;
  const READ = `query($id: ID) { payoutAccount(organizationId: $id) { organizationId ibanMasked stripeAccountId } }`;

  const deliver = (payload: string, header?: string) =>
    t.http.post('/stripe/webhooks').set('content-type', 'application/json')
      .set('stripe-signature', header ?? stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }))
      .send(payload);
  const recorded = async (id: string) => (await t.db.query(`SELECT id, outcome FROM stripe_events WHERE id = $1`, [id]));

  beforeAll(async () => {
    fake = new FakeStripe();
    const port = await fake.start();
    t = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: `http://127.0.0.1:${port}` });
    platform = await platformAdminToken(t);
    chu = await signUpOrganization(t, 'HOSPITAL');
    buyer = await signUpOrganization(t, 'PHARMA');
    chuFinance = await apiKey(chu, ['FINANCE']);
    buyerFinance = await apiKey(buyer, ['FINANCE']);
  });

  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it("a seller's FINANCE member registers its IBAN, checked, and sees it masked", async () => {
    const ok = await gqlOk(REGISTER, { i: { holderName: 'CHU Trésorerie', iban: 'fr76 3000 6000 0112 3456 7890 189', bic: 'agrifrpp' } }, chuFinance);
    expect(ok.registerPayoutAccount).toEqual({
      organizationId: chu.organizationId, holderName: 'CHU Trésorerie', ibanMasked: 'FR76 **** **** 0189', bic: 'AGRIFRPP', stripeAccountId: null, preferredMethod: 'SEPA_CREDIT_TRANSFER',
    });
    const bad = await t.gql(REGISTER, { i: { holderName: 'CHU', iban: 'FR7630006000011234567890188', bic: 'AGRI' } }, chuFinance);
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0].extensions.fields as { field: string }[]).map((f) => f.field)).toEqual(['iban', 'bic']);
    expect(JSON.stringify(await gqlOk(READ, {}, chuFinance))).not.toContain('30006000011234567890');
  });

  it('only a producer\'s FINANCE member registers; others read only their own, the platform any', async () => {
    const asAdmin = await t.gql(REGISTER, { i: { holderName: 'CHU', iban: 'FR7630006000011234567890189' } }, chu.token);
    expect(asAdmin.errors![0].extensions.code).toBe('FORBIDDEN');
    const asBuyer = await t.gql(REGISTER, { i: { holderName: 'Labo', iban: 'FR7630006000011234567890189' } }, buyerFinance);
    expect(asBuyer.errors![0].extensions.code).toBe('FORBIDDEN');
    const other = await t.gql(READ, { id: chu.organizationId }, buyerFinance);
    expect(other.errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await gqlOk(READ, { id: chu.organizationId }, platform)).payoutAccount).toMatchObject({ organizationId: chu.organizationId, ibanMasked: 'FR76 **** **** 0189' });
  });

  it('a connected account is checked with Stripe before it is registered', async () => {
    const unknown = await t.gql(REGISTER, { i: { holderName: 'CHU', stripeAccountId: 'acct_unknown12345' } }, chuFinance);
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/not a connected account/) });
    const account = fake.addConnectedAccount();
    const ok = await gqlOk(REGISTER, { i: { holderName: 'CHU', stripeAccountId: account, iban: 'FR7630006000011234567890189' } }, chuFinance);
    expect(ok.registerPayoutAccount).toMatchObject({ stripeAccountId: account, preferredMethod: 'STRIPE_TRANSFER', ibanMasked: 'FR76 **** **** 0189' });
  });

  it('refuses a forged or stale webhook with 400 and records nothing', async () => {
    const payload = fake.event('payment_intent.succeeded', { id: 'pi_forged', object: 'payment_intent', status: 'succeeded' });
    const eventId = JSON.parse(payload).id;
    const forged = await deliver(payload, stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }));
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SIGNATURE' });
    const altered = await deliver(payload.replace('pi_forged', 'pi_altered'), stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
    expect(altered.status).toBe(400);
    const stale = await deliver(payload, stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(400);
    expect(stale.body.error.message).toMatch(/older than 5 minutes|tolerance/);
    const unsigned = await t.http.post('/stripe/webhooks').set('content-type', 'application/json').send(payload);
    expect(unsigned.status).toBe(400);
    expect(await recorded(eventId)).toEqual([]);
  });

  it('acknowledges an event about an unknown object and ignores it; a redelivery is recognised', async () => {
    const payload = fake.event('payment_intent.succeeded', { id: 'pi_not_ours', object: 'payment_intent', status: 'succeeded', amount: 1000 });
    const eventId = JSON.parse(payload).id;
    const first = await deliver(payload);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, eventId, duplicate: false, outcome: 'IGNORED' });
    const again = await deliver(payload);
    expect(again.body).toEqual({ received: true, eventId, duplicate: true, outcome: 'IGNORED' });
    expect(await recorded(eventId)).toEqual([{ id: eventId, outcome: 'IGNORED' }]);
    const other = await deliver(fake.event('customer.created', { id: 'cus_1', object: 'customer' }));
    expect(other.body).toMatchObject({ duplicate: false, outcome: 'IGNORED' });
  });
});

describe('payments without Stripe keys: bank transfers only', () => {
  let t: TestApp;
  let platformFinance: string;
  let buyer: OrgSession;
  let buyerFinance: string;
  let seller: OrgSession;
  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const TRANSFER = `mutation($i: RecordBankTransferInput!) { recordBankTransfer(input: $i) { status paidCents outstandingCents payments { method amountCents bankReference } } }`;

  beforeAll(async () => {
    t = await startTestApp({});
    platformFinance = await apiKey(await platformAdminToken(t), ['FINANCE']);
    buyer = await signUpOrganization(t, 'ACADEMIC');
    buyerFinance = await apiKey(buyer.token, ['FINANCE']);
    seller = await signUpOrganization(t, 'HOSPITAL');
  });
  afterAll(() => t.close());

  it('refuses webhooks and card payments, saying that payments are bank transfers only', async () => {
    const res = await t.http.post('/stripe/webhooks').set('content-type', 'application/json').set('stripe-signature', 't=1,v1=x').send('{}');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ reason: 'WEBHOOKS_DISABLED' });
  });

  it('records transfers against the bill number: partial payments add up, more than owed is refused, a bill is paid once', async () => {
    const billId = randomUUID();
    const number = `B-${Date.now().toString(36)}`;
    await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, {
      billId, number, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR', totalCents: 12_000, issuedAt: new Date(),
      sellers: [{ invoiceId: randomUUID(), number: 'F-1', sellerId: seller.organizationId, netCents: 10_000, vatCents: 2_000 }],
    }));
    const card = await t.gql(`mutation($id: ID!) { payBill(billId: $id) { clientSecret } }`, { id: billId }, buyerFinance);
    expect(card.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STRIPE_DISABLED' });
    const today = new Date().toISOString().slice(0, 10);
    const byBuyer = await t.gql(TRANSFER, { i: { billNumber: number, amountCents: 100, receivedOn: today, bankReference: 'X' } }, buyerFinance);
    expect(byBuyer.errors![0].extensions.code).toBe('FORBIDDEN');
    const part = (await gqlOk(TRANSFER, { i: { billNumber: number, amountCents: 5_000, receivedOn: today, bankReference: 'VIR-1' } }, platformFinance)).recordBankTransfer;
    expect(part).toMatchObject({ status: 'PARTIALLY_PAID', paidCents: 5_000, outstandingCents: 7_000 });
    const twice = await t.gql(TRANSFER, { i: { billNumber: number, amountCents: 1_000, receivedOn: today, bankReference: 'VIR-1' } }, platformFinance);
    expect(twice.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_RECORDED' });
    const over = await t.gql(TRANSFER, { i: { billNumber: number, amountCents: 7_001, receivedOn: today, bankReference: 'VIR-2' } }, platformFinance);
    expect(over.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/more than the 7000 cents still owed/) });
    const unknown = await t.gql(TRANSFER, { i: { billNumber: 'B-NOPE', amountCents: 1, receivedOn: today, bankReference: 'VIR-3' } }, platformFinance);
    expect(unknown.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const rest = (await gqlOk(TRANSFER, { i: { billNumber: number, amountCents: 7_000, receivedOn: today, bankReference: 'VIR-2' } }, platformFinance)).recordBankTransfer;
    expect(rest).toMatchObject({ status: 'PAID', paidCents: 12_000, outstandingCents: 0 });
    const after = await t.gql(TRANSFER, { i: { billNumber: number, amountCents: 1, receivedOn: today, bankReference: 'VIR-4' } }, platformFinance);
    expect(after.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
    const balances = (await gqlOk(`query($id: ID) { ledgerBalances(organizationId: $id) { account balanceCents } }`, { id: buyer.organizationId }, buyerFinance)).ledgerBalances;
    expect(balances).toEqual([{ account: 'BUYER_RECEIVABLE', balanceCents: 0 }]);
    const other = await t.gql(`query($id: ID) { ledgerBalances(organizationId: $id) { account } }`, { id: seller.organizationId }, buyerFinance);
    expect(other.errors![0].extensions.code).toBe('NOT_FOUND');
  });
});
