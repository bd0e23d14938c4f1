import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillingService, formatConformanceReport, InvoiceDispatch, LocalPlatformFake, validateFacturX } from '@app/billing';
import { addDays, addMonths, formatMoney, parisDay } from '@app/core';
import { pdfFonts, pdfText, qpdfAttachment, squash } from '@app/documents';
import { apiKeyOf, BILLS, monthsAgo, postUsage as postUsageOf, startedMonthsAgo as startedAgo, vatOfInvoice } from './helpers/billing';
import { NetworkMarket, buyerOrganization, networkMarket, sealedAgreement } from './helpers/network-market';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

jest.setTimeout(180_000);

const RUN = `mutation($m: String) { runMonthlyBilling(month: $m) { month issuedBillIds alreadyBilled nothingToInvoice failures } }`;

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

  /** Every invoice and credit note the specs produce, checked together at the end. */
  const produced = new Set<string>();
  /** The numbers of the 51 credit notes issued against one seller's invoices, all among them. */
  const concurrentNotes = new Set<string>();
  const gqlBills = async (agreementId: string, token: string) => {
    const bills = (await gqlOk(BILLS, { f: { agreementId } }, token)).bills.edges.map((e: any) => e.node);
    for (const b of bills) for (const i of b.invoices) produced.add(i.id);
    return bills;
  };
  const startedMonthsAgo = (agreementId: string, monthsBack: number) => startedAgo(t, agreementId, monthsBack);
  const apiKey = (token: string, roles: string[]) => apiKeyOf(t, token, roles);
  const postUsage = (events: unknown[], key: string) => postUsageOf(t, events, key);

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
    const bills = await gqlBills(a.id, pharma.token);
    expect(bills.length).toBe(1);
    const bill = bills[0];
    expect(bill).toMatchObject({ kind: 'SIGNATURE', agreementNumber: a.number, status: 'ISSUED', buyer: { id: pharma.organizationId }, network: { id: market.network.organizationId } });
    expect(bill.invoices.map((i: any) => i.seller.id)).toEqual(market.hospitals.map((h) => h.organizationId));
    expect(bill.invoices.map((i: any) => i.number.split('-')[1])).toEqual(['F000001', 'F000001', 'F000001']);

    const [{ result: quote }] = await t.db.query(`SELECT q.result FROM quotes q JOIN access_requests r ON r.accepted_quote_id = q.id WHERE r.id = $1`, [a.requestId]);
    const byCode = new Map<string, number>();
    for (const i of bill.invoices) for (const l of i.lines) byCode.set(l.code, (byCode.get(l.code) ?? 0) + l.amountCents);
    expect(Object.fromEntries(byCode)).toEqual(Object.fromEntries(quote.lines.map((l: any) => [l.code, l.amountCents])));
    expect(bill.netCents).toBe(quote.subtotalCents);
    expect(bill.invoices.reduce((s: number, i: any) => s + i.netCents, 0)).toBe(bill.netCents);
    // VAT is decided per invoice (one per contributor), so it may differ from the quote's single
    // computation by rounding only: each invoice's VAT from its own lines, the bill's their sum.
    const expectedVat = bill.invoices.map((i: any) => vatOfInvoice(i.lines));
    expect(bill.invoices.map((i: any) => [i.netCents, i.vatCents, i.totalCents])).toEqual(
      bill.invoices.map((i: any, k: number) => {
        const net = i.lines.reduce((s: number, l: any) => s + l.amountCents, 0);
        return [net, expectedVat[k], net + expectedVat[k]];
      }));
    expect(bill.vatCents).toBe(expectedVat.reduce((s: number, v: number) => s + v, 0));
    expect(bill.totalCents).toBe(quote.subtotalCents + bill.vatCents);

    // The agreement's fee annex names the contributors, their weights and their shares.
    const sealed = await t.http.get(`/agreements/${a.id}.pdf`).set('authorization', `Bearer ${pharma.token}`).buffer(true);
    const annex = squash(pdfText(sealed.body));
    expect(annex).toContain('Répartition entre les contributeurs');
    for (const [i, h] of market.hospitals.entries()) {
      const share = bill.invoices[i].netCents;
      expect(annex).toContain(h.name);
      expect(annex).toContain(`${[50, 30, 20][i]} / 100`);
      expect(annex).toContain(squash(formatMoney(share, 'fr')));
    }
    // It tells the buyer the invoices' VAT may differ from its own by rounding, and by how much
    // (three contributors, one rate: a cent), which holds.
    expect(quote.vatLines.map((v: any) => v.rateBp)).toEqual([2000]);
    expect(annex).toContain(squash('la TVA de leurs factures réunies peut différer d’au plus 1 centime de la TVA calculée en une fois sur le même montant HT'));
    expect(Math.abs(bill.vatCents - quote.vatCents)).toBeLessThanOrEqual(1);

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

  it('usage of three meters over two months: a replayed batch adds nothing, the monthly run bills each month once, a second run nothing', async () => {
    const a = await sealedAgreement(t, market, pharma, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 }, 24);
    expect(a.status).toBe('ACTIVE');
    await worker.settled();
    await startedMonthsAgo(a.id, 2);
    const key = await apiKey(market.network.token, ['PUBLISHER']);
    const [two, one] = [monthsAgo(2), monthsAgo(1)];
    const batch = [
      { agreementId: a.id, eventId: 'c-1', meter: 'COMPUTE_HOURS', quantity: '12.5', occurredAt: two.mid },
      { agreementId: a.id, eventId: 's-1', meter: 'STORAGE_GB_MONTHS', quantity: '250', occurredAt: two.mid },
      { agreementId: a.id, eventId: 'a-1', meter: 'API_CALLS', quantity: 123457, occurredAt: two.mid },
      { agreementId: a.id, eventId: 'c-2', meter: 'COMPUTE_HOURS', quantity: '7.333', occurredAt: one.mid },
      { agreementId: a.id, eventId: 's-2', meter: 'STORAGE_GB_MONTHS', quantity: '260.5', occurredAt: one.mid },
      { agreementId: a.id, eventId: 'a-2', meter: 'API_CALLS', quantity: 99999, occurredAt: one.mid },
    ];
    expect((await postUsage(batch, key)).body).toMatchObject({ received: 6, recorded: 6, duplicates: 0 });
    expect((await postUsage(batch, key)).body).toMatchObject({ received: 6, recorded: 0, duplicates: 6 });

    for (const { month } of [two, one]) {
      const first = (await gqlOk(RUN, { m: month }, market.operator)).runMonthlyBilling;
      const ours = (await gqlBills(a.id, pharma.token)).filter((b: any) => b.usageMonth === month);
      expect(ours.length).toBe(1);
      expect(first.issuedBillIds).toContain(ours[0].id);
      const second = (await gqlOk(RUN, { m: month }, market.operator)).runMonthlyBilling;
      expect(second.issuedBillIds).not.toContain(ours[0].id);
      expect((await gqlBills(a.id, pharma.token)).filter((b: any) => b.usageMonth === month).length).toBe(1);
    }
    const usage = await gqlOk(`query($a: ID!, $m: String) { agreementUsage(agreementId: $a, month: $m) { amount { lines { code amountCents } subtotalCents } } }`, { a: a.id, m: one.month }, pharma.token);
    const [bill] = (await gqlBills(a.id, pharma.token)).filter((b: any) => b.usageMonth === one.month);
    expect(bill).toMatchObject({ kind: 'USAGE', periodStart: `${one.month}-01`, netCents: usage.agreementUsage.amount.subtotalCents });
    const byCode = new Map<string, number>();
    for (const i of bill.invoices) for (const l of i.lines) byCode.set(l.code, (byCode.get(l.code) ?? 0) + l.amountCents);
    expect(Object.fromEntries(byCode)).toEqual(Object.fromEntries(usage.agreementUsage.amount.lines.filter((l: any) => l.amountCents > 0).map((l: any) => [l.code, l.amountCents])));
    // Each hospital's usage invoice is the next number of its series.
    expect(bill.invoices.map((i: any) => i.number.split('-')[1])).toEqual(['F000004', 'F000004', 'F000004']);

    // A month not over yet cannot be billed.
    const early = await t.gql(RUN, { m: monthsAgo(0).month }, market.operator);
    expect(early.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(RUN, { m: one.month }, pharma.token)).errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('a credit note cancels part of one invoice, in the seller\'s series; a bill is cancelled as a whole', async () => {
    const [bill] = (await gqlBills((await t.db.query(`SELECT agreement_id FROM bills WHERE buyer_id = $1 AND kind = 'SIGNATURE' ORDER BY issued_at LIMIT 1`, [pharma.organizationId]))[0].agreement_id, pharma.token));
    const invoice = bill.invoices.find((i: any) => i.seller.id === market.hospitals[0].organizationId);
    const line = invoice.lines[0];
    const ISSUE = `mutation($i: IssueCreditNoteInput!) { issueCreditNote(input: $i) { id number documentType netCents vatCents totalCents creditReason creditedInvoice { id status } } }`;
    const refused = await t.gql(ISSUE, { i: { invoiceId: invoice.id, lines: [{ lineId: line.id, amountCents: line.amountCents + 1 }], reason: 'Trop facturé' } }, market.hospitals[0].token);
    expect(refused.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(ISSUE, { i: { invoiceId: invoice.id, reason: 'Erreur' } }, pharma.token)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(ISSUE, { i: { invoiceId: invoice.id, reason: 'Erreur' } }, market.hospitals[1].token)).errors![0].extensions.code).toBe('NOT_FOUND');

    const note = (await gqlOk(ISSUE, { i: { invoiceId: invoice.id, lines: [{ lineId: line.id, amountCents: 10000 }], reason: 'Geste commercial sur l\'instruction' } }, market.hospitals[0].token)).issueCreditNote;
    produced.add(note.id);
    const seq = (n: string) => Number(n.split('-F')[1]);
    expect(note).toMatchObject({ documentType: 'CREDIT_NOTE', netCents: 10000, vatCents: 2000, totalCents: 12000, creditedInvoice: { id: invoice.id, status: 'PARTIALLY_CREDITED' } });
    const [{ max }] = await t.db.query(`SELECT max(sequence_no)::int AS max FROM invoices WHERE seller_id = $1 AND type_code = '380'`, [market.hospitals[0].organizationId]);
    expect(seq(note.number)).toBe(max + 1);

    // 50 credit notes at once against the invoices of one seller: 50 consecutive numbers. A
    // request the database timed out under the contention is retried, as a client does with a
    // retryable error: its rolled-back transaction gave its number back.
    const invoices = (await gqlOk(`{ invoices(first: 50, filter: { documentType: INVOICE }) { edges { node { id lines { id amountCents } } } } }`, {}, market.hospitals[0].token)).invoices.edges.map((e: any) => e.node);
    let retried = 0;
    const results = await Promise.all(Array.from({ length: 50 }, async (_, k) => {
      const target = invoices[k % invoices.length];
      for (let attempt = 0; ; attempt++) {
        const res = await t.gql(ISSUE, { i: { invoiceId: target.id, lines: [{ lineId: target.lines[target.lines.length - 1].id, amountCents: 1 }], reason: `Régularisation ${k}` } }, market.hospitals[0].token);
        if (!res.errors?.[0]?.extensions.retryable || attempt === 20) return res;
        retried++;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      }
    }));
    if (retried) console.log(`50 concurrent credit notes: ${retried} retries after database timeouts`);
    expect(results.filter((r) => r.errors)).toEqual([]);
    const numbers = results.map((r) => seq(r.data.issueCreditNote.number)).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, k) => seq(note.number) + 1 + k));
    const series = await t.db.query(`SELECT sequence_no::int AS n FROM invoices WHERE seller_id = $1 ORDER BY sequence_no`, [market.hospitals[0].organizationId]);
    expect(series.map((r: any) => r.n)).toEqual(series.map((_: unknown, k: number) => k + 1));
    for (const r of results) {
      produced.add(r.data.issueCreditNote.id);
      concurrentNotes.add(r.data.issueCreditNote.number);
    }
    concurrentNotes.add(note.number);

    // The network cancels the last usage bill: each invoice credited in full (what remains of it, past earlier credits).
    const [usageBill] = (await t.db.query(`SELECT id FROM bills WHERE buyer_id = $1 AND kind = 'USAGE' ORDER BY usage_month DESC LIMIT 1`, [pharma.organizationId]));
    const CANCEL = `mutation($id: ID!) { cancelBill(id: $id, reason: "Mois facturé à tort") { status invoices { documentType status netCents vatCents creditNotes { netCents vatCents } } } }`;
    const cancelled = (await gqlOk(CANCEL, { id: usageBill.id }, market.network.token)).cancelBill;
    expect(cancelled.status).toBe('CANCELLED');
    const originals = cancelled.invoices.filter((i: any) => i.documentType === 'INVOICE');
    expect(originals.length).toBe(3);
    for (const i of originals) {
      expect(i.status).toBe('CREDITED');
      expect(i.creditNotes.reduce((s: number, c: any) => s + c.netCents, 0)).toBe(i.netCents);
    }
    expect((await t.gql(CANCEL, { id: usageBill.id }, market.network.token)).errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'BILL_CANCELLED' });
    await gqlBills((await t.db.query(`SELECT agreement_id FROM bills WHERE id = $1`, [usageBill.id]))[0].agreement_id, pharma.token);
  });

  it('a German buyer\'s invoices carry the reverse charge', async () => {
    const german = await buyerOrganization(t, `Beispiel Pharma ${run}`, 'DE', 'DE123456789');
    const a = await sealedAgreement(t, market, german, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const [bill] = await gqlBills(a.id, german.token);
    expect(bill.vatCents).toBe(0);
    expect(bill.invoices.length).toBe(3);
    for (const i of bill.invoices) expect(i.lines.every((l: any) => l.vatCategory === 'AE' && l.vatRateBp === 0)).toBe(true);
    const text = squash(pdfText((await t.http.get(`/invoices/${bill.invoices[0].id}.pdf`).set('authorization', `Bearer ${german.token}`).buffer(true)).body));
    expect(text).toContain('Autoliquidation');
  });

  it('dispatch: a seller with a PA hands it its invoices and the statuses it reports are recorded; without an adapter, download only', async () => {
    const pa = new LocalPlatformFake('PA');
    worker.app.get(InvoiceDispatch).use(pa);
    const settings = `mutation($i: BillingSettingsInput!) { updateBillingSettings(input: $i) { dispatchChannel vatRegime } }`;
    expect((await gqlOk(settings, { i: { dispatchChannel: 'PA' } }, market.hospitals[2].token)).updateBillingSettings).toEqual({ dispatchChannel: 'PA', vatRegime: 'STANDARD' });
    const buyer = await buyerOrganization(t, `Laboratoires Dématérialisés ${run}`);
    const a = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const [bill] = await gqlBills(a.id, buyer.token);
    const DISPATCH = `query($id: ID!) { invoice(id: $id) { dispatchStatus dispatchEvents { channel statusCode statusLabel } } }`;
    const viaPa = bill.invoices.find((i: any) => i.seller.id === market.hospitals[2].organizationId);
    expect((await gqlOk(DISPATCH, { id: viaPa.id }, buyer.token)).invoice).toEqual({ dispatchStatus: '200 Déposée', dispatchEvents: [{ channel: 'PA', statusCode: '200', statusLabel: 'Déposée' }] });
    const [externalId] = pa.received.keys();
    expect(pa.received.get(externalId)!.doc.invoice.number).toBe(viaPa.number);
    pa.report(externalId, '204');
    pa.report(externalId, '212');
    await worker.app.get(InvoiceDispatch).pollStatuses();
    const after = (await gqlOk(DISPATCH, { id: viaPa.id }, market.hospitals[2].token)).invoice;
    expect(after.dispatchEvents.map((e: any) => `${e.statusCode} ${e.statusLabel}`)).toEqual(['200 Déposée', '204 Prise en charge', '212 Encaissée']);
    expect(after.dispatchStatus).toBe('212 Encaissée');
    const downloadOnly = bill.invoices.find((i: any) => i.seller.id === market.hospitals[0].organizationId);
    expect((await gqlOk(DISPATCH, { id: downloadOnly.id }, buyer.token)).invoice).toEqual({ dispatchStatus: null, dispatchEvents: [] });
    await gqlOk(settings, { i: {} }, market.hospitals[2].token);
  });

  it('the network sees every bill of its offerings, whole; an organisation party to none of them sees nothing', async () => {
    const buyer = await buyerOrganization(t, `Laboratoires Vus ${run}`);
    const a = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    const [bill] = await gqlBills(a.id, buyer.token);
    const LIST = `query($f: BillFilterInput) { bills(filter: $f, first: 100) { totalCount edges { node { id network { id } invoices { id seller { id } } } } } }`;
    // The bills of the agreements concluded on the network's offering, found through the agreements' requests.
    const ofOffering: string[] = (await t.db.query(
      `SELECT b.id FROM bills b JOIN agreements a ON a.id = b.agreement_id JOIN access_requests r ON r.id = a.request_id WHERE r.offering_id = $1 ORDER BY b.id`,
      [market.offeringId])).map((r: any) => r.id);
    expect(ofOffering).toContain(bill.id);
    const seen = (await gqlOk(LIST, {}, market.network.token)).bills;
    expect(seen.totalCount).toBe(ofOffering.length);
    expect(seen.edges.map((e: any) => e.node.id).sort()).toEqual(ofOffering);
    expect(seen.edges.every((e: any) => e.node.network.id === market.network.organizationId)).toBe(true);
    // Whole: every seller's invoice, where a hospital sees only its own.
    const mine = seen.edges.find((e: any) => e.node.id === bill.id).node;
    expect(mine.invoices.map((i: any) => i.seller.id)).toEqual(market.hospitals.map((h) => h.organizationId));
    const [ofInvoices] = await t.db.query(`SELECT count(*)::int AS n FROM invoices WHERE bill_id = ANY($1::uuid[])`, [ofOffering]);
    expect((await gqlOk(`{ invoices(first: 1) { totalCount } }`, {}, market.network.token)).invoices.totalCount).toBe(ofInvoices.n);
    const asHospital = (await gqlOk(LIST, { f: { agreementId: a.id } }, market.hospitals[1].token)).bills.edges[0].node;
    expect(asHospital.invoices.map((i: any) => i.seller.id)).toEqual([market.hospitals[1].organizationId]);

    // Another buyer and another network, each with a FINANCE member: nothing, whatever the filter.
    const stranger = await buyerOrganization(t, `Laboratoires Étrangers ${run}`);
    const otherNetwork = await signUpOrganization(t, 'NETWORK', `Réseau voisin ${run}`);
    await gqlOk(`mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`, { u: otherNetwork.userId, r: ['ADMIN', 'FINANCE'] }, otherNetwork.token);
    for (const o of [stranger, otherNetwork]) {
      expect((await gqlOk(LIST, {}, o.token)).bills).toEqual({ totalCount: 0, edges: [] });
      expect((await gqlOk(LIST, { f: { agreementId: a.id } }, o.token)).bills).toEqual({ totalCount: 0, edges: [] });
      expect((await gqlOk(LIST, { f: { counterpartId: market.network.organizationId } }, o.token)).bills).toEqual({ totalCount: 0, edges: [] });
      expect((await gqlOk(`{ invoices(first: 10) { totalCount edges { node { id } } } }`, {}, o.token)).invoices).toEqual({ totalCount: 0, edges: [] });
      expect((await t.gql(`query($id: ID!) { bill(id: $id) { id } }`, { id: bill.id }, o.token)).errors![0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('the filters of invoices and bills by status, period and counterpart keep exactly the rows they name', async () => {
    const [buyerA, buyerB] = [await buyerOrganization(t, `Laboratoires Filtrés A ${run}`), await buyerOrganization(t, `Laboratoires Filtrés B ${run}`)];
    const [A, B] = [buyerA.organizationId, buyerB.organizationId];
    const a1 = await sealedAgreement(t, market, buyerA, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 }, 24);
    const a2 = await sealedAgreement(t, market, buyerB, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 });
    await worker.settled();
    // a1's fees at signature cover a period from today; its usage, two months in the past.
    await startedMonthsAgo(a1.id, 2);
    const [two, one] = [monthsAgo(2), monthsAgo(1)];
    const key = await apiKey(market.network.token, ['PUBLISHER']);
    expect((await postUsage([
      { agreementId: a1.id, eventId: 'f-2', meter: 'COMPUTE_HOURS', quantity: '40', occurredAt: two.mid },
      { agreementId: a1.id, eventId: 'f-1', meter: 'COMPUTE_HOURS', quantity: '30', occurredAt: one.mid },
    ], key)).body).toMatchObject({ recorded: 2, refused: [] });
    for (const { month } of [two, one]) await gqlOk(RUN, { m: month }, market.operator);
    const before = await gqlBills(a1.id, buyerA.token);
    const [sig1, u2, u1] = [before.find((b: any) => b.kind === 'SIGNATURE'), before.find((b: any) => b.usageMonth === two.month), before.find((b: any) => b.usageMonth === one.month)];
    expect([before.length, sig1?.periodStart, u2?.kind, u1?.kind]).toEqual([3, parisDay(new Date()), 'USAGE', 'USAGE']);
    const [sig2] = await gqlBills(a2.id, buyerB.token);
    await gqlOk(`mutation($id: ID!) { cancelBill(id: $id, reason: "Mois facturé à tort") { status } }`, { id: u2.id }, market.network.token);
    const after = await gqlBills(a1.id, buyerA.token);
    const byId = (b: any) => after.find((x: any) => x.id === b.id);
    const [S1, U2, U1, S2] = [byId(sig1), byId(u2), byId(u1), sig2];
    /** The ids of `seller`'s documents of this type in these bills. */
    const docs = (seller: OrgSession, type: string, ...bills: any[]) =>
      bills.flatMap((b) => b.invoices.filter((i: any) => i.seller.id === seller.organizationId && i.documentType === type).map((i: any) => i.id));
    const sorted = (xs: string[]) => [...xs].sort();
    const lastDay = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);

    const billIds = async (token: string, f: Record<string, unknown>) => {
      const r = (await gqlOk(`query($f: BillFilterInput) { bills(filter: $f, first: 100) { totalCount edges { node { id } } } }`, { f }, token)).bills;
      expect(r.totalCount).toBe(r.edges.length);
      return sorted(r.edges.map((e: any) => e.node.id));
    };
    const ids = (...bills: any[]) => sorted(bills.map((b) => b.id));
    const net = market.network.token;
    // Bills, by counterpart: the buyer (for the network and a seller), a seller or the network (for the buyer).
    expect(await billIds(net, { counterpartId: A })).toEqual(ids(S1, U2, U1));
    expect(await billIds(net, { counterpartId: B })).toEqual(ids(S2));
    expect(await billIds(market.hospitals[2].token, { counterpartId: B })).toEqual(ids(S2));
    expect(await billIds(buyerA.token, {})).toEqual(ids(S1, U2, U1));
    expect(await billIds(buyerA.token, { counterpartId: market.hospitals[1].organizationId })).toEqual(ids(S1, U2, U1));
    expect(await billIds(buyerA.token, { counterpartId: market.network.organizationId })).toEqual(ids(S1, U2, U1));
    expect(await billIds(buyerA.token, { counterpartId: B })).toEqual([]);
    // by status
    expect(await billIds(net, { counterpartId: A, status: 'CANCELLED' })).toEqual(ids(U2));
    expect(await billIds(net, { counterpartId: A, status: 'ISSUED' })).toEqual(ids(S1, U1));
    expect(await billIds(buyerB.token, { status: 'CANCELLED' })).toEqual([]);
    // by period (the day it starts on)
    expect(await billIds(net, { counterpartId: A, periodFrom: `${two.month}-01`, periodTo: lastDay(two.month) })).toEqual(ids(U2));
    expect(await billIds(net, { counterpartId: A, periodFrom: `${one.month}-01` })).toEqual(ids(S1, U1));
    expect(await billIds(net, { counterpartId: A, periodTo: lastDay(one.month) })).toEqual(ids(U2, U1));
    expect(await billIds(buyerA.token, { periodFrom: addDays(parisDay(new Date()), 1) })).toEqual([]);

    const invoiceIds = async (token: string, f: Record<string, unknown>) => {
      const r = (await gqlOk(`query($f: InvoiceFilterInput) { invoices(filter: $f, first: 100) { totalCount edges { node { id } } } }`, { f }, token)).invoices;
      expect(r.totalCount).toBe(r.edges.length);
      return sorted(r.edges.map((e: any) => e.node.id));
    };
    const [h0, h1, h2] = market.hospitals;
    // Each hospital has an invoice in each of a1's bills and a credit note for the cancelled one: no expected set below is empty.
    for (const h of market.hospitals) expect([docs(h, 'INVOICE', S1, U2, U1).length, docs(h, 'CREDIT_NOTE', U2).length, docs(h, 'INVOICE', S2).length]).toEqual([3, 1, 1]);
    // Invoices, by counterpart: the buyer for a seller, a seller for the buyer.
    expect(await invoiceIds(h0.token, { counterpartId: A })).toEqual(sorted([...docs(h0, 'INVOICE', S1, U2, U1), ...docs(h0, 'CREDIT_NOTE', U2)]));
    expect(await invoiceIds(h0.token, { counterpartId: B })).toEqual(docs(h0, 'INVOICE', S2));
    expect(await invoiceIds(buyerA.token, {})).toHaveLength(3 * 3 + 3);
    expect(await invoiceIds(buyerA.token, { counterpartId: h1.organizationId })).toEqual(sorted([...docs(h1, 'INVOICE', S1, U2, U1), ...docs(h1, 'CREDIT_NOTE', U2)]));
    expect(await invoiceIds(buyerA.token, { counterpartId: B })).toEqual([]);
    // by status: the cancelled month's invoices are CREDITED, their credit notes ISSUED
    expect(await invoiceIds(h0.token, { counterpartId: A, status: 'CREDITED' })).toEqual(docs(h0, 'INVOICE', U2));
    expect(await invoiceIds(h0.token, { counterpartId: A, status: 'ISSUED' })).toEqual(sorted([...docs(h0, 'INVOICE', S1, U1), ...docs(h0, 'CREDIT_NOTE', U2)]));
    expect(await invoiceIds(h0.token, { counterpartId: A, status: 'PARTIALLY_CREDITED' })).toEqual([]);
    expect(await invoiceIds(buyerA.token, { counterpartId: h2.organizationId, status: 'CREDITED' })).toEqual(docs(h2, 'INVOICE', U2));
    // by period: a credit note covers the period of the invoice it corrects
    expect(await invoiceIds(h0.token, { counterpartId: A, periodFrom: `${two.month}-01`, periodTo: lastDay(two.month) }))
      .toEqual(sorted([...docs(h0, 'INVOICE', U2), ...docs(h0, 'CREDIT_NOTE', U2)]));
    expect(await invoiceIds(h0.token, { counterpartId: A, periodFrom: `${one.month}-01`, periodTo: lastDay(one.month) })).toEqual(docs(h0, 'INVOICE', U1));
    expect(await invoiceIds(buyerA.token, { periodFrom: parisDay(new Date()) })).toEqual(sorted([...docs(h0, 'INVOICE', S1), ...docs(h1, 'INVOICE', S1), ...docs(h2, 'INVOICE', S1)]));

    const bad = await t.gql(`query($f: InvoiceFilterInput) { invoices(filter: $f) { totalCount } }`, { f: { periodFrom: '2026-1-01' } }, buyerA.token);
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toBe('filter.periodFrom: must be a day written YYYY-MM-DD');
  });

  it('every invoice and credit note produced passes the XSD, EN 16931 and BR-FR with 0 errors, from its PDF', async () => {
    await worker.settled();
    const billing = t.app.get(BillingService);
    const dir = mkdtempSync(join(tmpdir(), 'billing-e2e-'));
    try {
      const files: string[] = [];
      for (const id of produced) {
        const pdf = await billing.renderedPdf(id);
        const [{ xml, number }] = await t.db.query(`SELECT xml, number FROM invoices WHERE id = $1`, [id]);
        const extracted = qpdfAttachment(pdf, 'factur-x.xml');
        expect([number, extracted.equals(Buffer.from(xml, 'utf8'))]).toEqual([number, true]);
        expect([number, pdfFonts(pdf).every((f) => f.embedded)]).toEqual([number, true]);
        const text = squash(pdfText(pdf));
        for (const mention of ['au nom et pour le compte de', '40 EUR', 'escompte', number]) expect([number, text.includes(mention)]).toEqual([number, true]);
        files.push(join(dir, `${number}.xml`));
        writeFileSync(files[files.length - 1], extracted);
      }
      expect(files.length).toBeGreaterThanOrEqual(15);
      const reports = await validateFacturX(files);
      expect(reports.filter((r) => r.errorCount > 0).map(formatConformanceReport)).toEqual([]);
      expect(reports.length).toBe(files.length);
      // The credit notes issued at once are among them, every one.
      const validated = new Set(reports.map((r) => r.file.slice(dir.length + 1, -'.xml'.length)));
      expect(concurrentNotes.size).toBe(51);
      expect([...concurrentNotes].filter((n) => !validated.has(n))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
