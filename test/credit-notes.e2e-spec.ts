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
  const STATE = `query($id: ID!) { billPayment(billId: $id) { status totalCents paidCents outstandingCents refundedCents creditedCents refundsOwedCents stripeStatus stripeError } }`;

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
  const ISSUE = `mutation($i: IssueCreditNoteInput!) { issueCreditNote(input: $i) { id number netCents vatCents totalCents } }`;
  const RUN = `mutation { runPayouts { transfers sepaLines sepaFileId nettedCents } }`;
  /** A credit note by the seller of `amountCents` excl. VAT on its invoice's first line (null: the whole invoice). */
  const credit = async (seller: OrgSession, invoiceId: string, amountCents: number | null) => {
    const line = (await gqlOk(`query($id: ID!) { invoice(id: $id) { lines { id amountCents } } }`, { id: invoiceId }, seller.token)).invoice.lines[0];
    const lines = amountCents === null ? undefined : [{ lineId: line.id, amountCents: Math.min(amountCents, line.amountCents) }];
    const note = (await gqlOk(ISSUE, { i: { invoiceId, lines, reason: 'Extraction livrée incomplète' } }, seller.token)).issueCreditNote;
    await worker.settled();
    return note as { id: string; number: string; netCents: number; vatCents: number; totalCents: number };
  };
  /** Per organisation and account, what the bill's entries moved (debits less credits). */
  const moved = async (billId: string, organizationId: string, account: string) => {
    const [{ net }] = await t.db.query(
      `SELECT COALESCE(sum(l.debit_cents - l.credit_cents), 0)::bigint AS net FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
        WHERE e.bill_id = $1 AND l.organization_id = $2 AND l.account = $3`, [billId, organizationId, account]);
    return Number(net);
  };
  const commissionBack = (s: { net: number; vat: number; cnet: number; cvat: number }, creditedCents: number) => Math.round(((s.cnet + s.cvat) * creditedCents) / (s.net + s.vat));
  const owed = (s: { net: number; vat: number; cnet: number; cvat: number }) => s.net + s.vat - s.cnet - s.cvat;
  const statementRows = async (seller: OrgSession) => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const csv = await t.http.get(`/statements/${month}.csv`).set('authorization', `Bearer ${seller.token}`);
    expect(csv.status).toBe(200);
    return csv.text.trim().split('\n');
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

  it('a credit note on an unpaid bill: the buyer owes less, the seller its share less and the commission in proportion; a bill credited in full is not payable', async () => {
    const bill = await newBill();
    const first = (await gqlOk(PAY, { id: bill.id }, buyer.token)).payBill;
    expect(first.amountCents).toBe(bill.total);
    const [h, share] = [market.hospitals[0], bill.shares[0]];
    const note = await credit(h, share.invoice, 10_000);
    expect(note).toMatchObject({ netCents: 10_000, vatCents: 2_000, totalCents: 12_000 });
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({
      status: 'OPEN', totalCents: bill.total - 12_000, outstandingCents: bill.total - 12_000, creditedCents: 12_000, refundedCents: 0, refundsOwedCents: 0,
    });
    const back = commissionBack(share, 12_000);
    const lines = await t.db.query(
      `SELECT l.organization_id AS org, l.account, l.debit_cents::int AS debit, l.credit_cents::int AS credit FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
        WHERE e.idempotency_key = $1 ORDER BY l.line_no`, [`credit_note:${note.id}`]);
    const platformId = lines.find((l: any) => l.account === 'COMMISSION_REVENUE').org;
    const cnet = lines.find((l: any) => l.account === 'COMMISSION_REVENUE').debit;
    expect(lines).toEqual([
      { org: h.organizationId, account: 'SELLER_PAYABLE', debit: 10_000, credit: 0 },
      { org: h.organizationId, account: 'SELLER_VAT_COLLECTED', debit: 2_000, credit: 0 },
      { org: platformId, account: 'COMMISSION_REVENUE', debit: cnet, credit: 0 },
      { org: platformId, account: 'COMMISSION_VAT_PAYABLE', debit: back - cnet, credit: 0 },
      { org: h.organizationId, account: 'SELLER_PAYABLE', debit: 0, credit: back },
      { org: buyer.organizationId, account: 'BUYER_RECEIVABLE', debit: 0, credit: 12_000 },
    ]);
    expect(await moved(bill.id, buyer.organizationId, 'BUYER_RECEIVABLE')).toBe(bill.total - 12_000);
    expect(-(await moved(bill.id, h.organizationId, 'SELLER_PAYABLE'))).toBe(owed(share) - share.vat - (10_000 - back));

    // the PaymentIntent created before asks for the rest now; the same one
    const again = (await gqlOk(PAY, { id: bill.id }, buyer.token)).payBill;
    expect(again).toMatchObject({ paymentIntentId: first.paymentIntentId, amountCents: bill.total - 12_000 });
    expect(fake.paymentIntents.get(first.paymentIntentId)!.amount).toBe(bill.total - 12_000);

    // the network cancels the bill: the rest of each invoice credited; nothing is owed, nobody is owed anything
    await gqlOk(`mutation($id: ID!) { cancelBill(id: $id, reason: "Facturé à tort") { status } }`, { id: bill.id }, market.network.token);
    await worker.settled();
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({ status: 'CANCELLED', totalCents: 0, outstandingCents: 0, creditedCents: bill.total, refundsOwedCents: 0 });
    const paid = await gql(PAY, { id: bill.id }, buyer.token);
    expect(paid.errors![0]).toMatchObject({ message: expect.stringContaining('credited in full'), extensions: { code: 'CONFLICT', reason: 'BILL_CANCELLED' } });
    expect(await moved(bill.id, buyer.organizationId, 'BUYER_RECEIVABLE')).toBe(0);
    for (const s of bill.shares) {
      for (const account of ['SELLER_PAYABLE', 'SELLER_VAT_COLLECTED']) expect(await moved(bill.id, s.seller, account)).toBe(0);
    }
    expect(await moved(bill.id, platformId, 'COMMISSION_REVENUE')).toBe(0);
    await ledgerBalanced();
  });

  it('a credit note on a paid bill not yet paid out: the buyer is refunded through Stripe, the seller is paid out its share less the credit', async () => {
    const bill = await newBill();
    const pi = await payByCard(bill.id);
    const [h, share] = [market.hospitals[1], bill.shares[1]];
    const note = await credit(h, share.invoice, 10_000);
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({
      status: 'PAID', totalCents: bill.total, paidCents: bill.total, creditedCents: note.totalCents, refundedCents: note.totalCents, refundsOwedCents: note.totalCents,
    });
    expect(-(await moved(bill.id, buyer.organizationId, 'REFUNDS_PAYABLE'))).toBe(note.totalCents);
    const res = (await gqlOk(RUN, {}, platformFinance)).runPayouts;
    expect(res.transfers).toBeGreaterThanOrEqual(2);
    const charge = fake.paymentIntents.get(pi)!.latest_charge;
    expect([...fake.refunds.values()].filter((r) => r.charge === charge).map((r) => r.amount)).toEqual([note.totalCents]);
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({ refundsOwedCents: 0 });
    const back = commissionBack(share, note.totalCents);
    const transfers = (account: string) => fake.transfersTo(account).filter((x) => x.source_transaction === charge).map((x) => x.amount);
    expect(transfers(accounts[0])).toEqual([owed(bill.shares[0])]);
    expect(transfers(accounts[1])).toEqual([owed(share) - (note.totalCents - back)]);
    for (const account of ['SELLER_PAYABLE', 'SELLER_VAT_COLLECTED']) expect(await moved(bill.id, h.organizationId, account)).toBe(0);
    expect(await moved(bill.id, buyer.organizationId, 'REFUNDS_PAYABLE')).toBe(0);
    await ledgerBalanced();
  });

  it('after the payout, a credit note reverses the Stripe transfer and the SEPA-paid seller\'s part is deducted from its next payout, exactly', async () => {
    const bill = await newBill();
    const pi = await payByCard(bill.id);
    await gqlOk(RUN, {}, platformFinance);
    const sepaSeller = market.hospitals[2];
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM payouts WHERE bill_id = $1`, [bill.id]);
    expect(n).toBe(3);
    const stripeNote = await credit(market.hospitals[0], bill.shares[0].invoice, 10_000);
    const sepaNote = await credit(sepaSeller, bill.shares[2].invoice, Math.floor(bill.shares[2].net / 4));
    const stripeBack = stripeNote.totalCents - commissionBack(bill.shares[0], stripeNote.totalCents);
    // what the SEPA-paid seller received of the part credited: owed back
    const [after] = await t.db.query(`SELECT remaining_commission_net_cents::int + remaining_commission_vat_cents::int AS c FROM payable_bill_sellers WHERE bill_id = $1 AND seller_id = $2`, [bill.id, sepaSeller.organizationId]);
    const sepaDebt = sepaNote.totalCents - (bill.shares[2].cnet + bill.shares[2].cvat - after.c);
    expect(await balance(sepaSeller.organizationId, 'SELLER_PAYABLE') + await balance(sepaSeller.organizationId, 'SELLER_VAT_COLLECTED')).toBe(-sepaDebt);

    // the next run pays the buyer back and reverses the transfer; the SEPA-paid seller has nothing to be paid yet: its debt is carried
    await gqlOk(RUN, {}, platformFinance);
    const charge = fake.paymentIntents.get(pi)!.latest_charge;
    expect([...fake.refunds.values()].filter((r) => r.charge === charge).map((r) => r.amount).sort((a, b) => a - b)).toEqual([stripeNote.totalCents, sepaNote.totalCents].sort((a, b) => a - b));
    expect(fake.transfersTo(accounts[0]).find((x) => x.source_transaction === charge)!.amount_reversed).toBe(stripeBack);
    expect(await moved(bill.id, market.hospitals[0].organizationId, 'SELLER_PAYABLE') + await moved(bill.id, market.hospitals[0].organizationId, 'SELLER_VAT_COLLECTED')).toBe(0);
    expect(await balance(sepaSeller.organizationId, 'SELLER_PAYABLE') + await balance(sepaSeller.organizationId, 'SELLER_VAT_COLLECTED')).toBe(-sepaDebt);
    expect((await statementRows(sepaSeller)).filter((r) => r.startsWith('carried,'))).toEqual([expect.stringMatching(new RegExp(`,owed back \\(deducted from the next payouts\\),,,,-${sepaDebt}$`))]);

    // its next bill: the SEPA line is reduced by exactly what it owed, and its balance is back to 0
    const next = await newBill();
    await payByCard(next.id);
    const res = (await gqlOk(RUN, {}, platformFinance)).runPayouts;
    expect(res.nettedCents).toBeGreaterThanOrEqual(sepaDebt);
    const [line] = await t.db.query(`SELECT method, amount_cents::int AS amount, netted_payable_cents::int + netted_vat_cents::int AS netted FROM payouts WHERE bill_id = $1 AND seller_id = $2`,
      [next.id, sepaSeller.organizationId]);
    expect(line).toEqual({ method: 'SEPA_CREDIT_TRANSFER', amount: owed(next.shares[2]) - sepaDebt, netted: sepaDebt });
    const file = await t.http.get(`/payouts/sepa-files/${res.sepaFileId}.xml`).set('authorization', `Bearer ${platformFinance}`);
    expect(file.text).toContain(`<InstdAmt Ccy="EUR">${((owed(next.shares[2]) - sepaDebt) / 100).toFixed(2)}</InstdAmt>`);
    // the seller's bank statement says what was kept back, in euros with a dot
    expect(file.text).toContain(`<Ustrd>Reversement facture ${next.number} moins trop-percu ${(sepaDebt / 100).toFixed(2)} EUR</Ustrd>`);
    expect(await balance(sepaSeller.organizationId, 'SELLER_PAYABLE') + await balance(sepaSeller.organizationId, 'SELLER_VAT_COLLECTED')).toBe(0);
    const rows = await statementRows(sepaSeller);
    expect(rows.filter((r) => r.startsWith('carried,'))).toEqual([]);
    expect(rows.filter((r) => r.startsWith('payout,') && r.includes(`,${next.number},`)))
      .toEqual([expect.stringMatching(new RegExp(`,SEPA_CREDIT_TRANSFER less ${sepaDebt} cents owed back,,,,${owed(next.shares[2]) - sepaDebt}$`))]);
    // the Stripe-paid hospitals are paid their whole part of the next bill
    expect(fake.transfersTo(accounts[0]).at(-1)!.amount).toBe(owed(next.shares[0]));
    await ledgerBalanced();
  });

  it('a refund after the payout: the SEPA-paid seller\'s part of it is netted from its next payout too', async () => {
    const bill = await newBill();
    await payByCard(bill.id);
    await gqlOk(RUN, {}, platformFinance);
    const sepaSeller = market.hospitals[2];
    const refund = (await gqlOk(`mutation($i: RefundBillInput!) { refundBill(input: $i) { parts { sellerId netCents vatCents commissionNetCents commissionVatCents } reversals { sellerId } } }`,
      { i: { billId: bill.id, amountCents: Math.round(bill.total / 10), reason: 'Livraison partielle' } }, platformFinance)).refundBill;
    const p = refund.parts.find((x: any) => x.sellerId === sepaSeller.organizationId);
    const debt = p.netCents + p.vatCents - p.commissionNetCents - p.commissionVatCents;
    expect(refund.reversals.map((r: any) => r.sellerId)).not.toContain(sepaSeller.organizationId);
    expect(await balance(sepaSeller.organizationId, 'SELLER_PAYABLE') + await balance(sepaSeller.organizationId, 'SELLER_VAT_COLLECTED')).toBe(-debt);
    const next = await newBill();
    await payByCard(next.id);
    await gqlOk(RUN, {}, platformFinance);
    const [line] = await t.db.query(`SELECT amount_cents::int AS amount, netted_payable_cents::int + netted_vat_cents::int AS netted FROM payouts WHERE bill_id = $1 AND seller_id = $2`,
      [next.id, sepaSeller.organizationId]);
    expect(line).toEqual({ amount: owed(next.shares[2]) - debt, netted: debt });
    expect(await balance(sepaSeller.organizationId, 'SELLER_PAYABLE') + await balance(sepaSeller.organizationId, 'SELLER_VAT_COLLECTED')).toBe(0);
    await ledgerBalanced();
  });

  it('a credit note on a bill paid by bank transfer: the refund is OWED until the platform records its transfer back; a seller sees only its part', async () => {
    const bill = await newBill();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    await gqlOk(`mutation($i: RecordBankTransferInput!) { recordBankTransfer(input: $i) { status } }`,
      { i: { billNumber: bill.number, amountCents: bill.total, receivedOn: today, bankReference: `VIR-${run}` } }, platformFinance);
    const note = await credit(market.hospitals[1], bill.shares[1].invoice, 10_000);
    const REFUNDS = `query($id: ID!) { billPayment(billId: $id) { refundsOwedCents refunds { id amountCents status creditNoteId parts { sellerId } } } }`;
    const owedState = (await gqlOk(REFUNDS, { id: bill.id }, buyer.token)).billPayment;
    expect(owedState).toEqual({ refundsOwedCents: note.totalCents, refunds: [{ id: expect.any(String), amountCents: note.totalCents, status: 'OWED', creditNoteId: note.id, parts: [{ sellerId: market.hospitals[1].organizationId }] }] });
    const other = (await gqlOk(REFUNDS, { id: bill.id }, await apiKey(market.hospitals[0].token, ['FINANCE']))).billPayment;
    expect(other.refunds[0].parts).toEqual([]);
    await gqlOk(RUN, {}, platformFinance);
    expect((await gqlOk(REFUNDS, { id: bill.id }, buyer.token)).billPayment.refundsOwedCents).toBe(note.totalCents);
    const RECORD = `mutation($i: RecordRefundTransferInput!) { recordRefundTransfer(input: $i) { status amountCents } }`;
    const input = { refundId: owedState.refunds[0].id, bankReference: `RBT-${run}`, paidOn: today };
    expect((await gql(RECORD, { i: input }, buyer.token)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await gqlOk(RECORD, { i: input }, platformFinance)).recordRefundTransfer).toEqual({ status: 'PAID', amountCents: note.totalCents });
    expect((await gql(RECORD, { i: input }, platformFinance)).errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_RECORDED' });
    expect((await gqlOk(REFUNDS, { id: bill.id }, buyer.token)).billPayment.refundsOwedCents).toBe(0);
    expect(await moved(bill.id, buyer.organizationId, 'REFUNDS_PAYABLE')).toBe(0);
    await ledgerBalanced();
  });

  it('a credit note committed while the payout run plans: the run does not pay the old amount, it pays the new one next time', async () => {
    const bill = await newBill();
    await payByCard(bill.id);
    const sepaSeller = market.hospitals[2];
    const waiting = async (pattern: string) => {
      for (let i = 0; i < 100; i++) {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [pattern]);
        if (n > 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`nothing waits on ${pattern}`);
    };
    // hold the bill's row: the credit note's subscriber queues on it first, then the run (which has planned with the old amounts)
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM payable_bills WHERE bill_id = $1 FOR UPDATE`, [bill.id]);
    const line = (await gqlOk(`query($id: ID!) { invoice(id: $id) { lines { id } } }`, { id: bill.shares[2].invoice }, sepaSeller.token)).invoice.lines[0];
    const note = (await gqlOk(ISSUE, { i: { invoiceId: bill.shares[2].invoice, lines: [{ lineId: line.id, amountCents: 5_000 }], reason: 'Correction' } }, sepaSeller.token)).issueCreditNote;
    await waiting('%FROM payable_bills WHERE bill_id = $1 FOR UPDATE%');
    const run = gqlOk(RUN, {}, platformFinance);
    await waiting('%payable_bills WHERE bill_id = ANY($1) ORDER BY bill_id FOR UPDATE%');
    await holder.commitTransaction();
    await holder.release();
    await run;
    await worker.settled();
    // the run left this bill's payouts for the next run (the SEPA line's amount had changed; the transfers' too, once the credit note's refund was owed)
    const first = await t.db.query(`SELECT seller_id FROM payouts WHERE bill_id = $1 AND seller_id = $2`, [bill.id, sepaSeller.organizationId]);
    expect(first).toEqual([]);
    await gqlOk(RUN, {}, platformFinance);
    const back = commissionBack(bill.shares[2], note.totalCents);
    const [paid] = await t.db.query(`SELECT amount_cents::int AS amount FROM payouts WHERE bill_id = $1 AND seller_id = $2`, [bill.id, sepaSeller.organizationId]);
    expect(paid).toEqual({ amount: owed(bill.shares[2]) - (note.totalCents - back) });
    expect(await t.db.query(`SELECT 1 FROM seller_repayments WHERE bill_id = $1`, [bill.id])).toEqual([]);
    expect(await moved(bill.id, sepaSeller.organizationId, 'SELLER_PAYABLE') + await moved(bill.id, sepaSeller.organizationId, 'SELLER_VAT_COLLECTED')).toBe(0);
    await ledgerBalanced();
  });

  it('a bill paid by SEPA Debit is paid out only once Stripe says the debit settled (succeeded after processing)', async () => {
    const bill = await newBill();
    const pi = (await gqlOk(PAY, { id: bill.id, pm: 'pm_sepa_debit_fr' }, buyer.token)).payBill;
    expect(pi.status).toBe('processing');
    await deliver(fake.event('payment_intent.processing', fake.paymentIntents.get(pi.paymentIntentId)!)).expect(200);
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({ status: 'OPEN', paidCents: 0, stripeStatus: 'processing' });
    await gqlOk(RUN, {}, platformFinance);
    expect(await t.db.query(`SELECT key FROM payouts WHERE bill_id = $1`, [bill.id])).toEqual([]);
    fake.succeed(pi.paymentIntentId, 'sepa_debit');
    await deliver(fake.event('payment_intent.succeeded', fake.paymentIntents.get(pi.paymentIntentId)!)).expect(200);
    expect((await gqlOk(STATE, { id: bill.id }, buyer.token)).billPayment).toMatchObject({ status: 'PAID', paidCents: bill.total });
    await gqlOk(RUN, {}, platformFinance);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM payouts WHERE bill_id = $1 AND status = 'SENT'`, [bill.id]);
    expect(n).toBe(3);
    await ledgerBalanced();
  });
});
