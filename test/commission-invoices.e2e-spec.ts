// The platform's monthly commission invoice to each seller: two bills of a network's offering
// in one month (one partly refunded, one partly credited), sellers in Belgium (reverse charge)
// and Switzerland (out of scope); issued through
// the API, checked with the official validators, downloaded by the seller, by nobody else.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatConformanceReport, validateFacturX } from '@app/billing';
import { addMonths, parisDay, parisInstant } from '@app/core';
import { pdfFonts, pdfInfo, pdfText, pdfXmp, qpdfAttachment, qpdfProblems, squash, xpath } from '@app/documents';
import { BillPaymentsService } from '@app/payments';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { buyerOrganization, networkMarket, sealedAgreement, type NetworkMarket } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

const ISSUE = `mutation($m: String) { issueCommissionInvoices(month: $m) { month sellers issuedInvoiceIds alreadyIssued carriedSellerIds nothingToInvoice failures { sellerId reason } } }`;
const LIST = `query($f: CommissionInvoiceFilterInput) { commissionInvoices(first: 50, filter: $f) { totalCount edges { node {
  id number month issueDate vatCategory netCents vatCents totalCents pdfUrl xmlUrl customer { id }
  items { billId sellerInvoiceNumber amountCents } lines { id amountCents vatCategory vatRateBp } } } } }`;

describe('the monthly commission invoice', () => {
  let t: TestApp;
  let worker: TestWorker;
  let market: NetworkMarket;
  let buyer: OrgSession;
  let belgian: OrgSession;
  let swiss: OrgSession;
  let platformFinance: string;
  const run = Date.now().toString(36);
  // the month before this one (Paris): the bills are moved into it, as if issued then
  const month = addMonths(`${parisDay(new Date()).slice(0, 7)}-01`, -1).slice(0, 7);
  const inMonth = parisInstant(`${month}-15`, '12:00:00');
  /** What each hospital's commission should be: its invoices' net × rate, rounded half-up, less the refunds' parts. */
  const expected = new Map<string, { net: number; invoiceNumbers: string[] }>();

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string | null) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const mine = (ids: string[]) => new Set([...market.hospitals.map((h) => h.organizationId), belgian.organizationId, swiss.organizationId].filter((x) => ids.includes(x)));
  const listOf = async (token: string, filter: Record<string, unknown> = {}) => (await gqlOk(LIST, { f: filter }, token)).commissionInvoices;
  const download = (url: string, token: string | null) => {
    const req = t.http.get(new URL(url).pathname).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Commission Nord', 60], ['CHU Commission Sud', 40]]);
    buyer = await buyerOrganization(t, `Laboratoires Commission ${run}`);
    platformFinance = await apiKey(market.operator, ['FINANCE']);
    belgian = await signUpOrganization(t, 'HOSPITAL', `Hôpital universitaire de Bruxelles ${run}`, 'BE');
    await t.db.query(`UPDATE organizations SET vat_number = 'BE0403170701', postal_code = '1070', city = 'Bruxelles' WHERE id = $1`, [belgian.organizationId]);
    swiss = await signUpOrganization(t, 'REGISTRY', `Registre suisse des cancers ${run}`, 'CH');
    await t.db.query(`UPDATE organizations SET vat_number = 'CHE-116.281.710 MWST', postal_code = '1205', city = 'Genève' WHERE id = $1`, [swiss.organizationId]);
    // outside France and the EU, an invoice needs the electronic address the registry gives (Swiss UID register, scheme 0183)
    await gqlOk(`mutation($i: BillingSettingsInput!) { updateBillingSettings(input: $i) { vatRegime } }`,
      { i: { electronicAddressScheme: '0183', electronicAddressId: 'CHE116281710' } }, swiss.token);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('two bills of the month, one partly refunded, one partly credited, a Belgian seller\'s bill and a Swiss one', async () => {
    const first = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    // the second contract at its own rate, set by the platform before signing
    const second = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 50000 }, 12, (id) =>
      gqlOk(`mutation($i: SetAgreementCommissionRateInput!) { setAgreementCommissionRate(input: $i) { rateBp } }`, { i: { agreementId: id, rateBp: 650 } }, platformFinance));
    await worker.settled();
    const bills: { id: string; number: string; total: number; bp: number }[] = await t.db.query(
      `SELECT bill_id AS id, number, total_cents::int AS total, commission_bp AS bp FROM payable_bills WHERE agreement_id = ANY($1) ORDER BY issued_at`, [[first.id, second.id]]);
    expect(bills.map((b) => b.bp)).toEqual([800, 650]);
    // paid by transfer, then 10 % refunded: the commission comes back in proportion
    await gqlOk(`mutation($i: RecordBankTransferInput!) { recordBankTransfer(input: $i) { status } }`,
      { i: { billNumber: bills[1].number, amountCents: bills[1].total, receivedOn: parisDay(new Date()), bankReference: `VIR-${run}` } }, platformFinance);
    const refund = (await gqlOk(`mutation($i: RefundBillInput!) { refundBill(input: $i) { parts { sellerId commissionNetCents } } }`,
      { i: { billId: bills[1].id, amountCents: Math.round(bills[1].total / 10), reason: 'Périmètre réduit' } }, platformFinance)).refundBill;
    // as if all this happened last month (payments' own copies of the dates)
    await t.db.query(`UPDATE payable_bills SET issued_at = $2 WHERE bill_id = ANY($1)`, [bills.map((b) => b.id), inMonth]);
    await t.db.query(`UPDATE refunds SET created_at = $2 WHERE bill_id = $1`, [bills[1].id, new Date(inMonth.getTime() + 3_600_000)]);

    const invoices: { id: string; bill: string; seller: string; number: string; net: number }[] = await t.db.query(
      `SELECT id, bill_id AS bill, seller_id AS seller, number, net_cents::int AS net FROM invoices WHERE bill_id = ANY($1) AND type_code = '380'`, [bills.map((b) => b.id)]);
    expect(invoices.length).toBe(4);
    // the south hospital credits a quarter of the first line of its invoice of the first bill (not paid): its commission goes with it
    const south = market.hospitals[1];
    const credited = invoices.find((i) => i.bill === bills[0].id && i.seller === south.organizationId)!;
    const [line] = (await gqlOk(`query($id: ID!) { invoice(id: $id) { lines { id amountCents } } }`, { id: credited.id }, south.token)).invoice.lines;
    await gqlOk(`mutation($i: IssueCreditNoteInput!) { issueCreditNote(input: $i) { number } }`,
      { i: { invoiceId: credited.id, lines: [{ lineId: line.id, amountCents: Math.floor(line.amountCents / 4) }], reason: 'Extraction livrée incomplète' } }, south.token);
    await worker.settled();
    const [creditNote] = await t.db.query(`SELECT reversed_commission_net_cents::int AS back FROM bill_credit_notes WHERE bill_id = $1 AND seller_id = $2`, [bills[0].id, south.organizationId]);
    expect(creditNote.back).toBeGreaterThan(0);
    await t.db.query(`UPDATE bill_credit_notes SET issued_at = $2 WHERE bill_id = $1`, [bills[0].id, new Date(inMonth.getTime() + 7_200_000)]);
    for (const h of market.hospitals) {
      const own = invoices.filter((i) => i.seller === h.organizationId);
      const net = own.reduce((s, i) => {
        const bill = bills.find((b) => b.id === i.bill)!;
        const back = i.bill === bills[1].id ? refund.parts.find((p: any) => p.sellerId === h.organizationId).commissionNetCents
          : i.id === credited.id ? creditNote.back : 0;
        return s + Math.round((i.net * bill.bp) / 10_000) - back;
      }, 0);
      expect(net).toBeGreaterThan(0);
      expect(refund.parts.find((p: any) => p.sellerId === h.organizationId).commissionNetCents).toBeGreaterThan(0);
      expected.set(h.organizationId, { net, invoiceNumbers: own.map((i) => i.number).sort() });
    }
    // a bill of the Belgian hospital (as the bill.issued event brings it): 10 % (no known kind's agreement), no French VAT
    await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, {
      billId: randomUUID(), number: `BILL-BE-${run}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR', totalCents: 123_457, issuedAt: inMonth,
      sellers: [{ invoiceId: randomUUID(), number: `BE-F-${run}`, sellerId: belgian.organizationId, netCents: 123_457, vatCents: 0 }],
    }));
    expected.set(belgian.organizationId, { net: 12_346, invoiceNumbers: [`BE-F-${run}`] });
    // and one of a Swiss registry: outside the EU, out of the scope of French VAT
    await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, {
      billId: randomUUID(), number: `BILL-CH-${run}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR', totalCents: 99_995, issuedAt: inMonth,
      sellers: [{ invoiceId: randomUUID(), number: `CH-F-${run}`, sellerId: swiss.organizationId, netCents: 99_995, vatCents: 0 }],
    }));
    expected.set(swiss.organizationId, { net: 10_000, invoiceNumbers: [`CH-F-${run}`] });
  });

  it('is refused to anyone but the platform\'s FINANCE member, and for a month not over', async () => {
    const hospitalFinance = await apiKey(market.hospitals[0].token, ['FINANCE']);
    expect((await t.gql(ISSUE, { m: month }, hospitalFinance)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(ISSUE, { m: month }, null)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ISSUE, { m: '2026-13' }, platformFinance)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const current = await t.gql(ISSUE, { m: parisDay(new Date()).slice(0, 7) }, platformFinance);
    expect(current.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MONTH_NOT_OVER' });
    expect(current.errors![0].message).toContain('is not over');
  });

  it('issues one invoice per seller with the month\'s commission to the cent, once however often it runs', async () => {
    // two runs at once (two replicas, or a click and the worker): each seller's month is issued by one of them
    const [one, two] = (await Promise.all([gqlOk(ISSUE, { m: month }, platformFinance), gqlOk(ISSUE, { m: month }, platformFinance)])).map((d) => d.issueCommissionInvoices);
    const done = { ...one, issuedInvoiceIds: [...one.issuedInvoiceIds, ...two.issuedInvoiceIds] };
    expect(new Set(done.issuedInvoiceIds).size).toBe(done.issuedInvoiceIds.length);
    expect(done.month).toBe(month);
    expect([...one.failures, ...two.failures].filter((f: any) => mine([f.sellerId]).size)).toEqual([]);
    const platformView = await listOf(platformFinance, { month });
    const ours = platformView.edges.map((e: any) => e.node).filter((n: any) => expected.has(n.customer.id));
    expect(ours.length).toBe(4);
    expect(ours.every((n: any) => done.issuedInvoiceIds.includes(n.id))).toBe(true);
    for (const n of ours) {
      const e = expected.get(n.customer.id)!;
      const abroad = n.customer.id === belgian.organizationId || n.customer.id === swiss.organizationId;
      const vat = abroad ? 0 : Math.round((e.net * 2000) / 10_000);
      expect([n.netCents, n.vatCents, n.totalCents]).toEqual([e.net, vat, e.net + vat]);
      expect(n.items.map((i: any) => i.sellerInvoiceNumber).sort()).toEqual(e.invoiceNumbers);
      expect(n.lines.length).toBe(e.invoiceNumbers.length);
      expect(n.lines.reduce((s: number, l: any) => s + l.amountCents, 0)).toBe(e.net);
      expect(n.vatCategory).toBe(n.customer.id === belgian.organizationId ? 'AE' : n.customer.id === swiss.organizationId ? 'O' : 'S');
      expect(n.lines.every((l: any) => (abroad ? l.vatRateBp === 0 : l.vatRateBp === 2000))).toBe(true);
    }

    // the VAT deducted from the payouts, per bill, against the invoice's, on its base: within half a cent per bill
    for (const h of market.hospitals) {
      const n = ours.find((x: any) => x.customer.id === h.organizationId);
      const [{ deducted }] = await t.db.query(
        `SELECT sum(remaining_commission_vat_cents)::int AS deducted FROM payable_bill_sellers WHERE seller_id = $1`,
        [h.organizationId]);
      expect(Math.abs(deducted - n.vatCents)).toBeLessThanOrEqual(n.items.length);
      console.log(`commission VAT of ${n.number}: ${n.vatCents} cents on the invoice, ${deducted} deducted from the payouts per bill`);
    }

    const again = (await gqlOk(ISSUE, { m: month }, platformFinance)).issueCommissionInvoices;
    expect(again.issuedInvoiceIds).toEqual([]);
    expect(again.alreadyIssued).toBeGreaterThanOrEqual(4);
    expect((await listOf(platformFinance, { month })).totalCount).toBe(platformView.totalCount);
  });

  it('numbers the platform\'s own series without a gap, in issue order, and never changes an issued one', async () => {
    const rows: { seq: number; number: string; issued: string }[] = await t.db.query(
      `SELECT sequence_no::int AS seq, number, to_char(issue_date, 'YYYY-MM-DD') AS issued FROM commission_invoices ORDER BY sequence_no`);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    for (const r of rows) expect(r.number).toBe(`752000018-C${String(r.seq).padStart(6, '0')}`);
    expect(rows.map((r) => r.issued)).toEqual([...rows.map((r) => r.issued)].sort());
    await expect(t.db.query(`UPDATE commission_invoices SET net_cents = net_cents + 1 WHERE sequence_no = 1`)).rejects.toThrow(/cannot change/);
    await expect(t.db.query(`DELETE FROM commission_invoice_items`)).rejects.toThrow(/append-only/);
  });

  it('is listed and downloaded by the seller\'s FINANCE and ADMIN members, by nobody else', async () => {
    const [north] = market.hospitals;
    const own = await listOf(north.token);
    expect(own.totalCount).toBe(1);
    const invoice = own.edges[0].node;
    expect(invoice.customer.id).toBe(north.organizationId);
    expect((await listOf(await apiKey(north.token, ['FINANCE']))).totalCount).toBe(1);
    expect((await listOf(market.hospitals[1].token)).edges.map((e: any) => e.node.id)).not.toContain(invoice.id);
    // a foreign organisation sees none and cannot tell it exists
    expect((await listOf(buyer.token)).totalCount).toBe(0);
    expect((await t.gql(`query($id: ID!) { commissionInvoice(id: $id) { number } }`, { id: invoice.id }, buyer.token)).errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(LIST, {}, null)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await download(invoice.pdfUrl, buyer.token)).status).toBe(404);
    expect((await download(invoice.pdfUrl, null)).status).toBe(401);
    expect((await listOf(platformFinance, { customerId: north.organizationId })).edges.map((e: any) => e.node.id)).toEqual([invoice.id]);

    const pdf = await download(invoice.pdfUrl, north.token);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const xml = await download(invoice.xmlUrl, north.token);
    expect(xml.status).toBe(200);
    expect(qpdfAttachment(pdf.body, 'factur-x.xml').equals(xml.body)).toBe(true);
    expect(qpdfProblems(pdf.body)).toEqual([]);
    expect(pdfInfo(pdf.body)['PDF version']).toBe('1.7');
    expect(pdfFonts(pdf.body).every((f) => f.embedded)).toBe(true);
    const xmp = pdfXmp(pdf.body);
    expect(xpath(xmp, `concat(string(//*[local-name()='part' and namespace-uri()='http://www.aiim.org/pdfa/ns/id/']), string(//*[local-name()='conformance' and namespace-uri()='http://www.aiim.org/pdfa/ns/id/']))`)).toBe('3B');
    const text = squash(pdfText(pdf.body));
    for (const mention of [invoice.number, '40 EUR', 'escompte', 'Commission de la plateforme', 'compensation', ...expected.get(north.organizationId)!.invoiceNumbers]) {
      expect([mention, text.includes(mention)]).toEqual([mention, true]);
    }
    expect(text).not.toContain('au nom et pour le compte');
    // and in the seller's statement of that month
    const csv = (await download(`http://x/statements/${month}.csv`, north.token)).body.toString();
    expect(csv).toContain(`commission_invoice,${invoice.issueDate},,${invoice.number},the platform's commission invoice for ${month},${invoice.netCents},${invoice.vatCents},${invoice.totalCents},`);
  });

  it('passes the XSD, the EN 16931 schematron and the French rules with 0 errors, reverse charge and out of scope included', async () => {
    const ours = (await listOf(platformFinance, { month })).edges.map((e: any) => e.node).filter((n: any) => expected.has(n.customer.id));
    const dir = mkdtempSync(join(tmpdir(), 'commission-e2e-'));
    try {
      const files: string[] = [];
      for (const n of ours) {
        const xml = (await download(n.xmlUrl, platformFinance)).body as Buffer;
        if (n.customer.id === belgian.organizationId) {
          expect(xml.toString()).toContain('VATEX-EU-AE');
          expect(xml.toString()).toContain('Autoliquidation');
          expect(xml.toString()).toContain('BE0403170701');
        }
        if (n.customer.id === swiss.organizationId) expect(xml.toString()).toContain('VATEX-EU-O');
        files.push(join(dir, `${n.number}.xml`));
        writeFileSync(files[files.length - 1], xml);
      }
      const reports = await validateFacturX(files);
      expect(reports.filter((r) => r.errorCount > 0).map(formatConformanceReport)).toEqual([]);
      expect(reports.length).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
