import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { BillPaymentsService, type IssuedBillFacts } from '@app/payments';
import { FakeStripe } from '../libs/payments/src/testing/fake-stripe';
import { findPain001Xsd, validatePain001 } from '../libs/payments/src/testing/pain001-xsd';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

const WEBHOOK_SECRET = 'whsec_test_flow';
const signer = new Stripe('sk_test_signing_only');

describe('payments: a network bill paid through Stripe, paid out to three hospitals, partly refunded', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let platformFinance: string;
  let buyer: OrgSession;
  let buyerFinance: string;
  let chuA: OrgSession;
  let chuB: OrgSession;
  let publicHospital: OrgSession;
  let accountA: string;
  let accountB: string;
  const run = Date.now().toString(36);

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${roles.join('+')} ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const deliver = (payload: string) =>
    t.http.post('/stripe/webhooks').set('content-type', 'application/json')
      .set('stripe-signature', signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })).send(payload);
  const registerAccount = async (org: OrgSession, input: Record<string, unknown>) =>
    gqlOk(`mutation($i: RegisterPayoutAccountInput!) { registerPayoutAccount(input: $i) { organizationId } }`, { i: { holderName: org.name.slice(0, 100), ...input } }, await apiKey(org.token, ['FINANCE']));

  /** A bill of the network's offering: one invoice per hospital (the invoicing library issues them; its facts as bill.issued carries them). */
  const issueBill = async (shares: [OrgSession, number, number][]): Promise<IssuedBillFacts> => {
    const bill: IssuedBillFacts = {
      billId: randomUUID(), number: `B-${run}-${randomUUID().slice(0, 6)}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR',
      totalCents: shares.reduce((s, [, n, v]) => s + n + v, 0), issuedAt: new Date(),
      sellers: shares.map(([o, netCents, vatCents], i) => ({ invoiceId: randomUUID(), number: `F-${run}-${i}`, sellerId: o.organizationId, netCents, vatCents })),
    };
    await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, bill));
    return bill;
  };
  const entriesOf = async (billId: string) => (await t.db.query(`SELECT kind FROM ledger_entries WHERE bill_id = $1 ORDER BY recorded_at, kind`, [billId])).map((r: { kind: string }) => r.kind);
  const balance = async (org: OrgSession | string, account: string) => {
    const id = typeof org === 'string' ? org : org.organizationId;
    const rows = (await gqlOk(`query($id: ID) { ledgerBalances(organizationId: $id) { account balanceCents } }`, { id }, platformFinance)).ledgerBalances;
    return rows.find((r: { account: string }) => r.account === account)?.balanceCents ?? 0;
  };
  const PAY = `mutation($id: ID!) { payBill(billId: $id) { billId billNumber paymentIntentId clientSecret amountCents status } }`;
  const STATE = `query($id: ID!) { billPayment(billId: $id) { status paidCents outstandingCents refundedCents commissionBp stripeStatus payments { method amountCents appliedCents feeCents } } }`;

  beforeAll(async () => {
    fake = new FakeStripe();
    const port = await fake.start();
    t = await startTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: `http://127.0.0.1:${port}`,
      PLATFORM_IBAN: 'FR7630006000011234567890189', PLATFORM_BIC: 'AGRIFRPP',
    });
    const admin = await platformAdminToken(t);
    platformFinance = await apiKey(admin, ['FINANCE']);
    buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires Paiement ${run}`);
    buyerFinance = await apiKey(buyer.token, ['FINANCE']);
    chuA = await signUpOrganization(t, 'HOSPITAL', `CHU de Lille ${run}`);
    chuB = await signUpOrganization(t, 'HOSPITAL', `CHU de Nantes ${run}`);
    publicHospital = await signUpOrganization(t, 'HOSPITAL', `Centre hospitalier de Vire ${run}`);
    accountA = fake.addConnectedAccount();
    accountB = fake.addConnectedAccount();
    await registerAccount(chuA, { stripeAccountId: accountA });
    await registerAccount(chuB, { stripeAccountId: accountB, iban: 'DE89370400440532013000' });
    await registerAccount(publicHospital, { iban: 'FR76 1010 7001 0112 3456 7890 129' });
  });

  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  let bill: IssuedBillFacts;
  let paymentIntentId: string;

  it('posts the bill: the receivable, each seller\'s share and VAT, and its commission', async () => {
    bill = await issueBill([[chuA, 50_000, 10_000], [chuB, 30_000, 6_000], [publicHospital, 20_000, 4_000]]);
    expect(await entriesOf(bill.billId)).toEqual(['BILL_ISSUED', 'COMMISSION_INVOICED', 'COMMISSION_INVOICED', 'COMMISSION_INVOICED']);
    expect(await balance(buyer, 'BUYER_RECEIVABLE')).toBe(120_000);
    // shares excl. VAT less the commission incl. VAT (10 % and 20 % VAT on it)
    expect(await balance(chuA, 'SELLER_PAYABLE')).toBe(50_000 - 6_000);
    expect(await balance(chuA, 'SELLER_VAT_COLLECTED')).toBe(10_000);
  });

  it("the buyer's FINANCE member gets the bill's PaymentIntent, once, grouped by the bill number", async () => {
    const first = (await gqlOk(PAY, { id: bill.billId }, buyerFinance)).payBill;
    expect(first).toMatchObject({ billId: bill.billId, billNumber: bill.number, amountCents: 120_000, status: 'requires_payment_method', clientSecret: expect.stringMatching(/^pi_.+_secret_/) });
    const again = (await gqlOk(PAY, { id: bill.billId }, buyerFinance)).payBill;
    expect(again.paymentIntentId).toBe(first.paymentIntentId);
    paymentIntentId = first.paymentIntentId;
    const pi = fake.paymentIntents.get(paymentIntentId)!;
    expect(pi).toMatchObject({ transfer_group: bill.number, allowed_payment_method_types: ['card', 'sepa_debit'], metadata: { bill_id: bill.billId } });
    expect(fake.paymentIntents.size).toBe(1);
    const other = await t.gql(PAY, { id: bill.billId }, await apiKey(chuA.token, ['FINANCE']));
    expect(other.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('a succeeded payment delivered twice, and an older event delivered after it, are recorded once', async () => {
    fake.succeed(paymentIntentId);
    const succeeded = fake.event('payment_intent.succeeded', fake.paymentIntents.get(paymentIntentId)!);
    expect((await deliver(succeeded)).body).toMatchObject({ duplicate: false, outcome: 'APPLIED' });
    expect((await deliver(succeeded)).body).toMatchObject({ duplicate: true });
    // the processing event Stripe sent first arrives last: the payment stays as Stripe has it
    const late = fake.event('payment_intent.processing', { ...fake.paymentIntents.get(paymentIntentId)!, status: 'processing' });
    expect((await deliver(late)).body).toMatchObject({ duplicate: false, outcome: 'APPLIED' });
    const state = (await gqlOk(STATE, { id: bill.billId }, buyerFinance)).billPayment;
    expect(state).toEqual({
      status: 'PAID', paidCents: 120_000, outstandingCents: 0, refundedCents: 0, commissionBp: 1000, stripeStatus: 'succeeded',
      payments: [{ method: 'STRIPE', amountCents: 120_000, appliedCents: 120_000, feeCents: fake.feeOf(120_000) }],
    });
    expect(await entriesOf(bill.billId)).toEqual(['BILL_ISSUED', 'COMMISSION_INVOICED', 'COMMISSION_INVOICED', 'COMMISSION_INVOICED', 'PAYMENT_RECEIVED']);
    const paid = await t.gql(PAY, { id: bill.billId }, buyerFinance);
    expect(paid.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
  });

  let sepaFileId: string;

  it('the payout run transfers to the two hospitals with connected accounts and writes the public hospital a pain.001 line', async () => {
    const res = (await gqlOk(`mutation { runPayouts { skipped transfers sepaLines waiting sepaFileId } }`, {}, platformFinance)).runPayouts;
    expect(res).toMatchObject({ skipped: false, transfers: 2, sepaLines: 1 });
    sepaFileId = res.sepaFileId;
    const charge = fake.paymentIntents.get(paymentIntentId)!.latest_charge;
    expect(fake.transfersTo(accountA).map((x) => [x.amount, x.source_transaction, x.transfer_group])).toEqual([[54_000, charge, bill.number]]);
    expect(fake.transfersTo(accountB).map((x) => x.amount)).toEqual([32_400]);
    const file = await t.http.get(`/payouts/sepa-files/${sepaFileId}.xml`).set('authorization', `Bearer ${platformFinance}`);
    expect(file.status).toBe(200);
    expect(file.text).toContain('<InstdAmt Ccy="EUR">216.00</InstdAmt>');
    expect(file.text).toContain('<IBAN>FR7610107001011234567890129</IBAN>');
    expect(file.text).not.toContain('DE89370400440532013000');
    const xsd = findPain001Xsd();
    if (xsd) {
      const path = join(mkdtempSync(join(tmpdir(), 'payout-')), 'pain.001.xml');
      writeFileSync(path, file.text);
      expect(await validatePain001(xsd, [path])).toMatchObject({ ok: true });
    } else {
      console.warn('pain.001.001.09.xsd not found (libs/payments/schemas/README.md): XSD validation skipped');
    }
    expect(await balance(chuA, 'SELLER_PAYABLE')).toBe(0);
    expect(await balance(publicHospital, 'PAYOUTS_IN_TRANSIT')).toBe(21_600);
    const again = (await gqlOk(`mutation { runPayouts { transfers sepaLines } }`, {}, platformFinance)).runPayouts;
    expect(again).toEqual({ transfers: 0, sepaLines: 0 });
    expect(fake.transfers.size).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    const CONFIRM = `mutation($id: ID!, $on: String!) { confirmSepaFileExecuted(sepaFileId: $id, executedOn: $on) { settled } }`;
    expect((await gqlOk(CONFIRM, { id: sepaFileId, on: today }, platformFinance)).confirmSepaFileExecuted).toEqual({ settled: 1 });
    expect((await t.gql(CONFIRM, { id: sepaFileId, on: today }, platformFinance)).errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_EXECUTED' });
    expect(await balance(publicHospital, 'PAYOUTS_IN_TRANSIT')).toBe(0);
    const forbidden = await t.gql(`mutation { runPayouts { transfers } }`, {}, buyerFinance);
    expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('a partial refund reverses each seller\'s share and the commission in proportion, with the transfer reversals', async () => {
    const refund = (await gqlOk(`mutation($i: RefundBillInput!) { refundBill(input: $i) { amountCents status parts { sellerId netCents vatCents commissionNetCents commissionVatCents } reversals { sellerId amountCents status } } }`,
      { i: { billId: bill.billId, amountCents: 12_000, reason: 'Extraction incomplète' } }, platformFinance)).refundBill;
    expect(refund).toEqual({
      amountCents: 12_000, status: 'PAID',
      parts: [
        { sellerId: chuA.organizationId, netCents: 5_000, vatCents: 1_000, commissionNetCents: 500, commissionVatCents: 100 },
        { sellerId: chuB.organizationId, netCents: 3_000, vatCents: 600, commissionNetCents: 300, commissionVatCents: 60 },
        { sellerId: publicHospital.organizationId, netCents: 2_000, vatCents: 400, commissionNetCents: 200, commissionVatCents: 40 },
      ],
      reversals: [
        { sellerId: chuA.organizationId, amountCents: 5_400, status: 'DONE' },
        { sellerId: chuB.organizationId, amountCents: 3_240, status: 'DONE' },
      ].sort((a, b) => (a.sellerId < b.sellerId ? -1 : 1)),
    });
    expect(fake.transfersTo(accountA)[0].amount_reversed).toBe(5_400);
    expect(fake.transfersTo(accountB)[0].amount_reversed).toBe(3_240);
    expect([...fake.refunds.values()].map((r) => r.amount)).toEqual([12_000]);
    expect(await balance(chuA, 'SELLER_PAYABLE')).toBe(0);
    // the public hospital was paid by SEPA before the refund: it owes its part back
    expect(await balance(publicHospital, 'SELLER_PAYABLE')).toBe(-(2_000 - 240));
    expect(await entriesOf(bill.billId)).toEqual(expect.arrayContaining(['REFUND', 'REFUND_PAID', 'TRANSFER_REVERSAL', 'TRANSFER_REVERSAL']));
  });

  it('a refund made at Stripe delivered before the payment it follows gives the same books', async () => {
    const second = await issueBill([[chuA, 1_000, 200], [chuB, 2_000, 400]]);
    const pi = (await gqlOk(PAY, { id: second.billId }, buyerFinance)).payBill.paymentIntentId;
    fake.succeed(pi);
    const succeeded = fake.event('payment_intent.succeeded', fake.paymentIntents.get(pi)!);
    // a refund of 360 cents made in Stripe's dashboard; its event arrives first
    const chargeId = fake.paymentIntents.get(pi)!.latest_charge;
    await new Stripe('sk_test_fake', { host: '127.0.0.1', port: fake.port, protocol: 'http' }).refunds.create({ charge: chargeId, amount: 360 });
    expect((await deliver(fake.event('charge.refunded', fake.charges.get(chargeId)!))).body).toMatchObject({ outcome: 'APPLIED' });
    expect((await deliver(succeeded)).body).toMatchObject({ outcome: 'APPLIED' });
    expect((await gqlOk(STATE, { id: second.billId }, buyerFinance)).billPayment).toMatchObject({ status: 'PAID', paidCents: 3_600, refundedCents: 360 });
    expect(await entriesOf(second.billId)).toEqual(['BILL_ISSUED', 'COMMISSION_INVOICED', 'COMMISSION_INVOICED', 'PAYMENT_RECEIVED', 'REFUND', 'REFUND_PAID']);
  });

  it('an unknown object and a dispute on a charge of ours: ignored, then withheld and given back', async () => {
    expect((await deliver(fake.event('charge.refunded', { id: 'ch_not_ours', object: 'charge', payment_intent: 'pi_not_ours' }))).body).toMatchObject({ outcome: 'IGNORED' });
    const chargeId = fake.paymentIntents.get(paymentIntentId)!.latest_charge;
    const opened = fake.dispute(chargeId, 'needs_response', 1_000);
    expect((await deliver(fake.event('charge.dispute.closed', { ...opened, status: 'won' }))).body).toMatchObject({ outcome: 'APPLIED' });
    expect((await deliver(fake.event('charge.dispute.created', opened))).body).toMatchObject({ outcome: 'APPLIED' });
    expect(await entriesOf(bill.billId)).toEqual(expect.arrayContaining(['DISPUTE_OPENED', 'DISPUTE_WON']));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE idempotency_key LIKE $1`, [`dispute:${opened.id}:%`]);
    expect(n).toBe(2);
  });

  it("each seller's monthly statement, as CSV and PDF, for its FINANCE member", async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const finance = await apiKey(chuA.token, ['FINANCE']);
    const csv = await t.http.get(`/statements/${month}.csv`).set('authorization', `Bearer ${finance}`);
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split('\n');
    expect(rows.filter((r) => r.startsWith(`invoice,`) && r.includes(`,${bill.number},`))).toEqual([expect.stringMatching(/,50000,10000,6000,60000$/)]);
    expect(rows.filter((r) => r.startsWith('payout,') && r.includes(`,${bill.number},`))).toEqual([expect.stringMatching(/,STRIPE_TRANSFER,,,,54000$/)]);
    expect(rows.filter((r) => r.startsWith('refund,') && r.includes(`,${bill.number},`))).toEqual([expect.stringMatching(/,-5000,-1000,-600,-5400$/)]);
    const pdf = await t.http.get(`/statements/${month}.pdf`).set('authorization', `Bearer ${finance}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const other = await t.http.get(`/statements/${month}.csv?organizationId=${chuA.organizationId}`).set('authorization', `Bearer ${buyerFinance}`);
    expect(other.status).toBe(404);
  });

  it('the ledger balances for every entry and in total', async () => {
    const unbalanced = await t.db.query(
      `SELECT entry_id, currency FROM ledger_lines GROUP BY entry_id, currency HAVING sum(debit_cents) <> sum(credit_cents)`);
    expect(unbalanced).toEqual([]);
    const trial = (await gqlOk(`query { ledgerTrialBalance { currency debitCents creditCents } }`, {}, platformFinance)).ledgerTrialBalance;
    const debit = trial.reduce((s: number, r: { debitCents: number }) => s + r.debitCents, 0);
    const credit = trial.reduce((s: number, r: { creditCents: number }) => s + r.creditCents, 0);
    expect(debit).toBe(credit);
    expect(debit).toBeGreaterThan(0);
  });
});
