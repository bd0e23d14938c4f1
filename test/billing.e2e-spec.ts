import { BillingService } from '@app/billing';
import { NetworkMarket, buyerOrganization, networkMarket, sealedAgreement } from './helpers/network-market';
import { OrgSession } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

jest.setTimeout(180_000);

const BILLS = `query($f: BillFilterInput) { bills(filter: $f, first: 50) { totalCount edges { node {
  id number kind agreementNumber periodStart periodEnd usageMonth netCents vatCents totalCents status
  buyer { id } network { id }
  invoices { id number documentType netCents vatCents totalCents seller { id name } lines { id code amountCents vatCategory vatRateBp } pdfUrl xmlUrl }
} } } }`;

describe('invoicing: one bill per billing event, one invoice per contributor in its own series', () => {
  let t: TestApp;
  let worker: TestWorker;
  let market: NetworkMarket;
  let pharma: OrgSession;
  const run = Date.now().toString(36);

  const gqlOk = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await t.gql(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Nord', 50], ['CHU Sud', 30], ['CHU Est', 20]]);
    pharma = await buyerOrganization(t, `Laboratoires Facturés ${run}`);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('at signature: one bill of three invoices, each in its hospital\'s series, adding up exactly to the accepted quote', async () => {
    const a = await sealedAgreement(t, market, pharma, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const bills = (await gqlOk(BILLS, { f: { agreementId: a.id } }, pharma.token)).bills;
    expect(bills.totalCount).toBe(1);
    const bill = bills.edges[0].node;
    expect(bill).toMatchObject({ kind: 'SIGNATURE', agreementNumber: a.number, status: 'ISSUED', buyer: { id: pharma.organizationId }, network: { id: market.network.organizationId } });
    expect(bill.invoices.map((i: any) => i.seller.id)).toEqual(market.hospitals.map((h) => h.organizationId));
    expect(bill.invoices.map((i: any) => i.number.split('-')[1])).toEqual(['F000001', 'F000001', 'F000001']);

    const [{ result: quote }] = await t.db.query(`SELECT q.result FROM quotes q JOIN access_requests r ON r.accepted_quote_id = q.id WHERE r.id = $1`, [a.requestId]);
    const byCode = new Map<string, number>();
    for (const i of bill.invoices) for (const l of i.lines) byCode.set(l.code, (byCode.get(l.code) ?? 0) + l.amountCents);
    expect(Object.fromEntries(byCode)).toEqual(Object.fromEntries(quote.lines.map((l: any) => [l.code, l.amountCents])));
    expect(bill.netCents).toBe(quote.subtotalCents);
    expect(bill.invoices.reduce((s: number, i: any) => s + i.netCents, 0)).toBe(bill.netCents);
    expect(bill.invoices.reduce((s: number, i: any) => s + i.vatCents, 0)).toBe(bill.vatCents);
    expect(Math.abs(bill.vatCents - quote.vatCents)).toBeLessThanOrEqual(3);

    // The read service payments build on.
    const billing = t.app.get(BillingService);
    expect((await billing.bill(bill.id))!.number).toBe(bill.number);
    expect((await billing.invoicesOfBill(bill.id)).map((i) => i.number).sort()).toEqual(bill.invoices.map((i: any) => i.number).sort());

    // Each hospital sees its own invoice only; an outsider sees nothing.
    const seen = (await gqlOk(`{ invoices(first: 10) { totalCount edges { node { number seller { id } } } } }`, {}, market.hospitals[1].token)).invoices;
    expect(seen.edges.map((e: any) => e.node.seller.id)).toEqual([market.hospitals[1].organizationId]);
    const other = await buyerOrganization(t, `Curieux ${run}`);
    expect((await t.gql(`query($id: ID!) { bill(id: $id) { id } }`, { id: bill.id }, other.token)).errors![0].extensions.code).toBe('NOT_FOUND');
    const pdf = await t.http.get(`/invoices/${bill.invoices[0].id}.pdf`).set('authorization', `Bearer ${pharma.token}`);
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.http.get(`/invoices/${bill.invoices[0].id}.xml`).set('authorization', `Bearer ${other.token}`)).status).toBe(404);

    // Issued invoices cannot change.
    await expect(t.db.query(`UPDATE invoices SET net_cents = 1 WHERE id = $1`, [bill.invoices[0].id])).rejects.toThrow(/cannot change/);
    await expect(t.db.query(`DELETE FROM invoices WHERE id = $1`, [bill.invoices[0].id])).rejects.toThrow(/append-only/);
  });
});
