import Stripe from 'stripe';
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

describe('payments without Stripe keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(() => t.close());

  it('refuses webhooks and connected accounts, saying that payments are bank transfers only', async () => {
    const res = await t.http.post('/stripe/webhooks').set('content-type', 'application/json').set('stripe-signature', 't=1,v1=x').send('{}');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ reason: 'WEBHOOKS_DISABLED' });
  });
});
