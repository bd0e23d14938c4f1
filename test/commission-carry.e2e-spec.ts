// Commission given back after it was invoiced: the next month's invoice deducts it as an
// allowance naming the seller's invoice; a month with nothing but give-backs is carried.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatConformanceReport, validateFacturX } from '@app/billing';
import { addMonths, parisDay, parisInstant } from '@app/core';
import { BillPaymentsService } from '@app/payments';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

const ISSUE = `mutation($m: String) { issueCommissionInvoices(month: $m) { issuedInvoiceIds carriedSellerIds failures { sellerId reason } } }`;
const LIST = `query($f: CommissionInvoiceFilterInput) { commissionInvoices(first: 10, filter: $f) { totalCount edges { node {
  id number month netCents vatCents totalCents xmlUrl items { billId sellerInvoiceNumber amountCents } lines { amountCents } } } } }`;

describe('commission given back after it was invoiced', () => {
  let t: TestApp;
  let platformFinance: string;
  let buyer: OrgSession;
  let x: OrgSession;
  let y: OrgSession;
  const run = Date.now().toString(36);
  const thisMonth = `${parisDay(new Date()).slice(0, 7)}-01`;
  const earlier = addMonths(thisMonth, -2).slice(0, 7);
  const later = addMonths(thisMonth, -1).slice(0, 7);

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const bill = async (seller: OrgSession, netCents: number, issuedAt: Date) => {
    const facts = {
      billId: randomUUID(), number: `BILL-CARRY-${run}-${randomUUID().slice(0, 6)}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR',
      totalCents: netCents + netCents / 5, issuedAt,
      sellers: [{ invoiceId: randomUUID(), number: `CARRY-${run}-${randomUUID().slice(0, 6)}`, sellerId: seller.organizationId, netCents, vatCents: netCents / 5 }],
    };
    await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, facts));
    return facts;
  };
  const payAndRefund = async (b: { billId: string; number: string; totalCents: number }, refundCents: number, at: Date) => {
    await gqlOk(`mutation($i: RecordBankTransferInput!) { recordBankTransfer(input: $i) { status } }`,
      { i: { billNumber: b.number, amountCents: b.totalCents, receivedOn: parisDay(new Date()), bankReference: `VIR-${b.number}` } }, platformFinance);
    await gqlOk(`mutation($i: RefundBillInput!) { refundBill(input: $i) { amountCents } }`, { i: { billId: b.billId, amountCents: refundCents, reason: 'Remboursement' } }, platformFinance);
    await t.db.query(`UPDATE refunds SET created_at = $2 WHERE bill_id = $1`, [b.billId, at]);
  };
  const own = async (seller: OrgSession, month: string) => (await gqlOk(LIST, { f: { month, customerId: seller.organizationId } }, platformFinance)).commissionInvoices;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await platformAdminToken(t);
    platformFinance = (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `finance ${run}`, roles: ['FINANCE'] } }, admin)).createApiKey.secret;
    buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires Reports ${run}`);
    x = await signUpOrganization(t, 'HOSPITAL', `CHU Report X ${run}`);
    y = await signUpOrganization(t, 'HOSPITAL', `CHU Report Y ${run}`);
  });
  afterAll(() => t?.close());

  it('deducts it from the next month as an allowance, or carries a month of give-backs only', async () => {
    // two months ago: a bill for each seller, 10 % commission (no known agreement: the fallback rate)
    const b1 = await bill(x, 100_000, parisInstant(`${earlier}-10`, '10:00'));
    const b2 = await bill(y, 50_000, parisInstant(`${earlier}-10`, '11:00'));
    const first = (await gqlOk(ISSUE, { m: earlier }, platformFinance)).issueCommissionInvoices;
    expect(first.failures.filter((f: any) => [x.organizationId, y.organizationId].includes(f.sellerId))).toEqual([]);
    expect((await own(x, earlier)).edges.map((e: any) => e.node.netCents)).toEqual([10_000]);
    expect((await own(y, earlier)).edges.map((e: any) => e.node.netCents)).toEqual([5_000]);

    // last month: half of x's bill refunded, all of y's; a new bill for x
    await payAndRefund(b1, 60_000, parisInstant(`${later}-12`, '09:00'));
    await payAndRefund(b2, 60_000, parisInstant(`${later}-12`, '09:30'));
    const b3 = await bill(x, 80_000, parisInstant(`${later}-15`, '10:00'));
    const second = (await gqlOk(ISSUE, { m: later }, platformFinance)).issueCommissionInvoices;
    expect(second.carriedSellerIds).toContain(y.organizationId);
    expect((await own(y, later)).totalCount).toBe(0);

    const [invoice] = (await own(x, later)).edges.map((e: any) => e.node);
    expect([invoice.netCents, invoice.vatCents, invoice.totalCents]).toEqual([3_000, 600, 3_600]);
    expect(invoice.lines.map((l: any) => l.amountCents)).toEqual([8_000]);
    expect(invoice.items.map((i: any) => [i.sellerInvoiceNumber, i.amountCents]).sort()).toEqual(
      [[b1.sellers[0].number, -5_000], [b3.sellers[0].number, 8_000]].sort());

    const xml = await t.http.get(new URL(invoice.xmlUrl).pathname).set('authorization', `Bearer ${x.token}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xml.status).toBe(200);
    expect(xml.body.toString()).toContain(`Commission rendue sur la facture ${b1.sellers[0].number}`);
    const dir = mkdtempSync(join(tmpdir(), 'commission-carry-'));
    try {
      writeFileSync(join(dir, `${invoice.number}.xml`), xml.body);
      const reports = await validateFacturX([join(dir, `${invoice.number}.xml`)]);
      expect(reports.map((r) => (r.errorCount ? formatConformanceReport(r) : 'ok'))).toEqual(['ok']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
