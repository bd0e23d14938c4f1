// Late usage: events of a month recorded after the month's bill are invoiced by LATE_USAGE
// supplements, once each, so that the bills of a month add up to its whole usage; every
// supplement's invoice passes the Factur-X validators.
import { BillingRunService } from '@app/billing';
import { pdfText, squash } from '@app/documents';
import { apiKeyOf, BILLS, monthsAgo, postUsage, startedMonthsAgo, vatOfInvoice } from './helpers/billing';
import { OrgSession } from './helpers/factories';
import { facturXFailures } from './helpers/invoice-conformance';
import { gqlOk as ok } from './helpers/market';
import { NetworkMarket, buyerOrganization, networkMarket, sealedAgreement } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

jest.setTimeout(180_000);

describe('late usage: a supplement per late report of a month already billed', () => {
  let t: TestApp;
  let worker: TestWorker;
  let market: NetworkMarket;
  let pharma: OrgSession;
  const run = Date.now().toString(36);
  /** Every invoice the spec produces, checked against the validators at the end. */
  const produced = new Set<string>();
  const gqlBills = async (agreementId: string, token: string) => {
    const bills = (await ok(t, BILLS, { f: { agreementId } }, token)).bills.edges.map((e: any) => e.node);
    for (const b of bills) for (const i of b.invoices) produced.add(i.id);
    return bills;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Nord', 50], ['CHU Sud', 30], ['CHU Est', 20]]);
    pharma = await buyerOrganization(t, `Laboratoires en retard ${run}`);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('usage of a month recorded after its bill is invoiced once by a supplement: the month\'s bills add up to its whole usage', async () => {
    const a = await sealedAgreement(t, market, pharma, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 }, 24);
    await worker.settled();
    await startedMonthsAgo(t, a.id, 2);
    const key = await apiKeyOf(t, market.network.token, ['PUBLISHER']);
    const { month, mid } = monthsAgo(1);
    const LATE_RUN = `mutation($m: String) { runMonthlyBilling(month: $m) { issuedBillIds lateUsageBillIds alreadyBilled failures } }`;
    const monthBills = async () => (await gqlBills(a.id, pharma.token)).filter((b: any) => b.usageMonth === month)
      .sort((x: any, y: any) => x.supplement - y.supplement);
    const monthUsage = async () => (await ok(t, `query($a: ID!, $m: String) { agreementUsage(agreementId: $a, month: $m) { amount { subtotalCents } } }`,
      { a: a.id, m: month }, pharma.token)).agreementUsage.amount.subtotalCents as number;

    expect((await postUsage(t, [
      { agreementId: a.id, eventId: 'on-time-c', meter: 'COMPUTE_HOURS', quantity: '10', occurredAt: mid },
      { agreementId: a.id, eventId: 'on-time-a', meter: 'API_CALLS', quantity: 1000, occurredAt: mid },
    ], key)).body).toMatchObject({ recorded: 2 });
    // A run covers every agreement of the database: this spec looks at its own (ours / mine).
    const ours = async (ids: string[]) => { const own = new Set((await gqlBills(a.id, pharma.token)).map((b: any) => b.id)); return ids.filter((id) => own.has(id)); };
    const mine = (failures: string[]) => failures.filter((f) => f.startsWith(a.id));
    const first = (await ok(t, LATE_RUN, { m: month }, market.operator)).runMonthlyBilling;
    const [usageBill] = await monthBills();
    expect(await ours(first.issuedBillIds)).toEqual([usageBill.id]);
    expect(await ours(first.lateUsageBillIds)).toEqual([]);
    expect(usageBill).toMatchObject({ kind: 'USAGE', supplement: 0, netCents: await monthUsage() });

    // The secure environment reports more of that month after its bill: kept, and invoiced by the next run of the month.
    const late = [
      { agreementId: a.id, eventId: 'late-c', meter: 'COMPUTE_HOURS', quantity: '2.5', occurredAt: mid },
      { agreementId: a.id, eventId: 'late-s', meter: 'STORAGE_GB_MONTHS', quantity: '40', occurredAt: mid },
    ];
    expect((await postUsage(t, late, key)).body).toMatchObject({ recorded: 2 });
    // Two runs at once issue the supplement once.
    const [r1, r2] = await Promise.all([ok(t, LATE_RUN, { m: month }, market.operator), ok(t, LATE_RUN, { m: month }, market.operator)]);
    const supplements = await ours([...r1.runMonthlyBilling.lateUsageBillIds, ...r2.runMonthlyBilling.lateUsageBillIds]);
    expect([mine(r1.runMonthlyBilling.failures), mine(r2.runMonthlyBilling.failures)]).toEqual([[], []]);
    let bills = await monthBills();
    expect(bills.map((b: any) => [b.kind, b.supplement])).toEqual([['USAGE', 0], ['LATE_USAGE', 1]]);
    expect(supplements).toEqual([bills[1].id]);
    const supplement = bills[1];
    expect(supplement).toMatchObject({ periodStart: usageBill.periodStart, periodEnd: usageBill.periodEnd, status: 'ISSUED' });
    // Exactly what the late events add, split by weight among the three hospitals, each in its series.
    expect(supplement.netCents).toBe((await monthUsage()) - usageBill.netCents);
    expect(supplement.netCents).toBe(2.5 * 120 + 40 * 15); // 2.5 h at 1.20 EUR, 40 GB-months at 0.15 EUR
    const lineSums = new Map<string, number>();
    for (const i of supplement.invoices) for (const l of i.lines) lineSums.set(l.code, (lineSums.get(l.code) ?? 0) + l.amountCents);
    expect(Object.fromEntries(lineSums)).toEqual({ 'SECURE_ENVIRONMENT.COMPUTE_HOURS': 300, 'SECURE_ENVIRONMENT.STORAGE_GB_MONTHS': 600 });
    expect(supplement.invoices.map((i: any) => i.seller.id)).toEqual(market.hospitals.map((h) => h.organizationId));
    expect(supplement.invoices.map((i: any) => i.netCents)).toEqual([450, 270, 180]);
    for (const [k, i] of supplement.invoices.entries()) {
      const previous = usageBill.invoices[k].number.split('-F')[1];
      expect(Number(i.number.split('-F')[1])).toBeGreaterThan(Number(previous));
      expect(i.vatCents).toBe(vatOfInvoice(i.lines));
    }
    const text = squash(pdfText((await t.http.get(`/invoices/${supplement.invoices[0].id}.pdf`).set('authorization', `Bearer ${pharma.token}`).buffer(true)).body));
    expect(text).toContain(squash(`déjà facturés (${usageBill.number})`));

    // Nothing new: a rerun and a replayed late batch add no bill.
    expect((await postUsage(t, late, key)).body).toMatchObject({ recorded: 0, duplicates: 2 });
    expect(await ours((await ok(t, LATE_RUN, { m: month }, market.operator)).runMonthlyBilling.issuedBillIds)).toEqual([]);
    // A second late report gives the second supplement, from the quantities of the first.
    expect((await postUsage(t, [{ agreementId: a.id, eventId: 'later-c', meter: 'COMPUTE_HOURS', quantity: '1', occurredAt: mid }], key)).body).toMatchObject({ recorded: 1 });
    const second = (await ok(t, LATE_RUN, { m: month }, market.operator)).runMonthlyBilling;
    expect(mine(second.failures)).toEqual([]);
    expect(await ours(second.lateUsageBillIds)).toHaveLength(1);
    bills = await monthBills();
    expect(bills.map((b: any) => [b.kind, b.supplement, b.netCents])).toEqual([['USAGE', 0, usageBill.netCents], ['LATE_USAGE', 1, 900], ['LATE_USAGE', 2, 120]]);
    expect(bills.reduce((s: number, b: any) => s + b.netCents, 0)).toBe(await monthUsage());
    // The scheduled run looks again at the twelve months before the one it bills: it invoices
    // this month's newest late usage, and the month before, which had no usage when it ran.
    const two = monthsAgo(2);
    expect((await postUsage(t, [
      { agreementId: a.id, eventId: 'latest-c', meter: 'COMPUTE_HOURS', quantity: '0.5', occurredAt: mid },
      { agreementId: a.id, eventId: 'older-c', meter: 'COMPUTE_HOURS', quantity: '3', occurredAt: two.mid },
    ], key)).body).toMatchObject({ recorded: 2 });
    const scheduled = await t.app.get(BillingRunService).runScheduled(new Date());
    expect(scheduled.map((r) => r.month)).toEqual(Array.from({ length: 13 }, (_, n) => monthsAgo(n + 1).month));
    // The run covers every agreement of the database; this spec looks at its own.
    expect(scheduled.flatMap((r) => r.failed).filter((f) => f.agreementId === a.id)).toEqual([]);
    bills = await monthBills();
    expect(bills.map((b: any) => [b.kind, b.supplement, b.netCents])).toEqual([['USAGE', 0, usageBill.netCents], ['LATE_USAGE', 1, 900], ['LATE_USAGE', 2, 120], ['LATE_USAGE', 3, 60]]);
    expect(scheduled[0].lateUsage).toContain(bills[3].id);
    const older = (await gqlBills(a.id, pharma.token)).filter((b: any) => b.usageMonth === two.month);
    expect(older.map((b: any) => [b.kind, b.supplement, b.netCents])).toEqual([['USAGE', 0, 360]]);
    expect(scheduled[1].issued).toContain(older[0].id);
    for (const b of [...bills, ...older]) for (const i of b.invoices) produced.add(i.id);

    // The bills table refuses a second supplement under the same number.
    await expect(t.db.query(`INSERT INTO bills (number, agreement_id, agreement_number, request_id, request_number, kind, period_start, period_end, usage_month, buyer_id, network_id,
        offering_id, currency, net_cents, vat_cents, total_cents, issue_date, due_date, priced, usage_quantities, supplement)
      SELECT 'X' || number, agreement_id, agreement_number, request_id, request_number, kind, period_start, period_end, usage_month, buyer_id, network_id,
        offering_id, currency, net_cents, vat_cents, total_cents, issue_date, due_date, priced, usage_quantities, supplement FROM bills WHERE id = $1`, [supplement.id]))
      .rejects.toThrow(/bills_agreement_id_usage_month_key/);
  });

  it('every supplement\'s invoice passes the XSD, EN 16931 and BR-FR with 0 errors, from its PDF', async () => {
    await worker.settled();
    const { failures, checked } = await facturXFailures(t, produced);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
