import { randomUUID } from 'node:crypto';
import { BillingRunService, withdrawalLogLine } from '@app/billing';
import { addMonths, EventDelivery, parisDay, parisMonthBounds, type EventEnvelope } from '@app/core';
import { loadStandardGrids } from '@app/pricing';
import { OrgSession, requestInput, signUpOrganization } from './helpers/factories';
import { facturXFailures } from './helpers/invoice-conformance';
import { gqlOk as ok } from './helpers/market';
import { NetworkMarket, buyerOrganization, networkMarket, sealedAgreement } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

jest.setTimeout(240_000);

// The bills a request or an agreement gave, as its parties read them.
const BILLS = `query($f: BillFilterInput) { bills(filter: $f, first: 50) { totalCount edges { node {
  id number kind agreementId agreementNumber accessRequestId accessRequestNumber periodStart periodEnd usageMonth netCents vatCents totalCents status
  buyer { id } network { id }
  invoices { id number kind agreementId netCents vatCents totalCents seller { id } lines { id code amountCents vatCategory vatRateBp } }
} } } }`;
const PRICE = `lines { code amountCents } adjustments { code amountCents } subtotalCents vatCents totalCents withdrawn`;
const ESTIMATE = `query($o: ID!, $tariff: ID, $r: QuoteRequestInput!) { estimate(offeringId: $o, tariffId: $tariff, request: $r) { tariffVersionId price { ${PRICE} } } }`;
const USAGE = `query($a: ID!, $m: String) { agreementUsage(agreementId: $a, month: $m) { amount { lines { code amountCents } subtotalCents } } }`;
const RUN = `mutation($m: String) { runMonthlyBilling(month: $m) { month issuedBillIds alreadyBilled failures } }`;
const PRICING = { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 };
const WEIGHTS: [string, number][] = [['CHU Nord', 50], ['CHU Sud', 30], ['CHU Est', 20]];

/** The Paris calendar month `n` months before the current one (YYYY-MM), from the kernel calendar. */
function monthsAgo(n: number): string {
  return addMonths(`${parisDay(new Date()).slice(0, 7)}-01`, -n).slice(0, 7);
}

/** Amounts per line code over a bill's invoices. */
function byCode(bill: any): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of bill.invoices) for (const l of i.lines) out[l.code] = (out[l.code] ?? 0) + l.amountCents;
  return out;
}

describe('billing at a withdrawal and at the closing of an agreement', () => {
  let t: TestApp;
  let worker: TestWorker;
  let market: NetworkMarket;
  const run = Date.now().toString(36);
  /** Every invoice the specs produce, checked against the validators at the end. */
  const produced = new Set<string>();

  const bills = async (filter: Record<string, unknown>, token: string) => {
    const found = (await ok(t, BILLS, { f: filter }, token)).bills.edges.map((e: any) => e.node);
    for (const b of found) for (const i of b.invoices) produced.add(i.id);
    return found;
  };

  /** A request of `buyer` to `m`'s offering, taken as far as `upTo`. */
  const request = async (m: NetworkMarket, buyer: OrgSession, upTo: 'UNDER_REVIEW' | 'QUOTED' | 'AGREEMENT_ISSUED') => {
    const input = requestInput(m.offeringId, m.licenceId, { pricing: PRICING });
    const r = (await ok(t, `mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { id number } }`, { input }, buyer.token)).createAccessRequest;
    await ok(t, `mutation($id: ID!) { submitAccessRequest(id: $id) { id } }`, { id: r.id }, buyer.token);
    await ok(t, `mutation($id: ID!) { startAccessRequestReview(id: $id) { id } }`, { id: r.id }, m.network.token);
    let agreement: { id: string; number: string } | null = null;
    if (upTo !== 'UNDER_REVIEW') await ok(t, `mutation($id: ID!) { quoteAccessRequest(id: $id) { id } }`, { id: r.id }, m.network.token);
    if (upTo === 'AGREEMENT_ISSUED') {
      agreement = (await ok(t, `mutation($id: ID!) { acceptAccessRequest(id: $id) { agreement { id number } } }`, { id: r.id }, buyer.token)).acceptAccessRequest.agreement;
    }
    return { id: r.id as string, number: r.number as string, agreement };
  };
  const withdraw = async (id: string, buyer: OrgSession) =>
    (await ok(t, `mutation($id: ID!) { withdrawAccessRequest(id: $id, note: "Projet abandonné") { state } }`, { id }, buyer.token)).withdrawAccessRequest.state;

  /** What the tariff engine charges for the request withdrawn after the application stage, priced as `buyer`. */
  const withdrawalPrice = async (m: NetworkMarket, buyer: OrgSession, tariffId: string | null = null) =>
    (await ok(t, ESTIMATE, { o: m.offeringId, tariff: tariffId, r: { ...PRICING, months: 12, withdrawal: { afterStage: 'APPLICATION' } } }, buyer.token)).estimate;

  /** The event as the worker got it (a job of its queue), delivered again under new ids, twice at once: as if it had been published twice. */
  const deliverAgain = async (event: string, field: string, value: string) => {
    const [job] = await t.db.query(`SELECT data FROM pgboss.job WHERE name = $1 AND data->'payload'->>$2 = $3`, [event, field, value]);
    expect(job).toBeDefined();
    const delivery = worker.app.get(EventDelivery);
    const envelope = job.data as Omit<EventEnvelope<unknown>, 'id'>;
    return Promise.all([randomUUID(), randomUUID()].map((id) => delivery.deliver({ ...envelope, id })));
  };
  const receipts = async (subscriber: string, event: string, field: string, value: string) => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM event_receipts e JOIN pgboss.job j ON j.id = e.event_id
        WHERE e.subscriber = $1 AND j.name = $2 AND j.data->'payload'->>$3 = $4`, [subscriber, event, field, value]);
    return n as number;
  };
  const seriesOf = async (sellerIds: string[]) =>
    (await t.db.query(`SELECT seller_id, max(sequence_no)::int AS last FROM invoices WHERE seller_id = ANY($1::uuid[]) GROUP BY seller_id ORDER BY seller_id`, [sellerIds]));
  const apiKey = async (token: string) =>
    (await ok(t, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'secure environment', roles: ['PUBLISHER'] } }, token)).createApiKey.secret as string;
  const postUsage = (events: unknown[], key: string) =>
    t.http.post('/usage-events').set('content-type', 'application/json').set('authorization', `Bearer ${key}`).send(JSON.stringify(events));

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    market = await networkMarket(t, run, WEIGHTS);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  describe('withdrawal', () => {
    it('a request withdrawn once quoted: one WITHDRAWAL bill at the engine\'s withdrawal price, one invoice per hospital split 50/30/20, seen by the buyer and the sellers', async () => {
      const buyer = await buyerOrganization(t, `Laboratoires Retirés ${run}`);
      const r = await request(market, buyer, 'QUOTED');
      const before = parisDay(new Date());
      expect(await withdraw(r.id, buyer)).toBe('WITHDRAWN');
      const after = parisDay(new Date());
      await worker.settled();

      const [bill, ...others] = await bills({ accessRequestId: r.id }, buyer.token);
      expect(others).toEqual([]);
      expect(bill).toMatchObject({
        kind: 'WITHDRAWAL', status: 'ISSUED', agreementId: null, agreementNumber: null, accessRequestId: r.id, accessRequestNumber: r.number, usageMonth: null,
        buyer: { id: buyer.organizationId }, network: { id: market.network.organizationId },
      });
      expect([before, after]).toContain(bill.periodEnd);
      expect(bill.periodStart <= bill.periodEnd).toBe(true);

      // The tariff engine's price of the request withdrawn after the application stage (costs incurred only).
      const { price, tariffVersionId } = await withdrawalPrice(market, buyer);
      expect(tariffVersionId).toBe(market.tariffVersionId);
      expect(price.withdrawn).toBe(true);
      expect(price.lines.map((l: any) => l.code)).toEqual(['APPLICATION']);
      expect(byCode(bill)).toEqual(Object.fromEntries(price.lines.map((l: any) => [l.code, l.amountCents])));
      expect([bill.netCents, bill.vatCents, bill.totalCents]).toEqual([price.subtotalCents, price.vatCents, price.totalCents]);
      expect(bill.invoices.map((i: any) => i.seller.id)).toEqual(market.hospitals.map((h) => h.organizationId));
      expect(bill.invoices.map((i: any) => i.netCents)).toEqual(WEIGHTS.map(([, w]) => (price.subtotalCents * w) / 100));
      expect(bill.invoices.map((i: any) => i.netCents + i.vatCents)).toEqual(bill.invoices.map((i: any) => i.totalCents));
      for (const i of bill.invoices) expect(i).toMatchObject({ kind: 'WITHDRAWAL', agreementId: null });

      // The invoices name the request where an agreement would be (BT-12), and the bill as the payment reference (BT-83).
      const xml = (await t.http.get(`/invoices/${bill.invoices[0].id}.xml`).set('authorization', `Bearer ${buyer.token}`)).text;
      expect(xml).toMatch(new RegExp(`<ram:ContractReferencedDocument>\\s*<ram:IssuerAssignedID>${r.number}</ram:IssuerAssignedID>`));
      expect(xml).toContain(`<ram:PaymentReference>${bill.number}</ram:PaymentReference>`);
      expect(xml).not.toContain('<ram:BillingSpecifiedPeriod>');

      // Each hospital's ADMIN sees the bill with its own invoice only; the network the whole bill; anyone else nothing.
      const sud = await bills({ accessRequestId: r.id }, market.hospitals[1].token);
      expect(sud.map((b: any) => [b.id, b.invoices.map((i: any) => i.seller.id)])).toEqual([[bill.id, [market.hospitals[1].organizationId]]]);
      const sudInvoices = (await ok(t, `query($f: InvoiceFilterInput) { invoices(filter: $f, first: 10) { totalCount edges { node { id kind } } } }`,
        { f: { kind: 'WITHDRAWAL', accessRequestId: r.id } }, market.hospitals[1].token)).invoices;
      expect(sudInvoices).toEqual({ totalCount: 1, edges: [{ node: { id: bill.invoices[1].id, kind: 'WITHDRAWAL' } }] });
      expect((await bills({ accessRequestId: r.id }, market.network.token))[0].invoices.length).toBe(3);
      const stranger = await buyerOrganization(t, `Curieux ${run}`);
      expect((await t.gql(`query($id: ID!) { bill(id: $id) { id } }`, { id: bill.id }, stranger.token)).errors![0].extensions.code).toBe('NOT_FOUND');
      expect((await bills({ accessRequestId: r.id }, stranger.token))).toEqual([]);

      // Payable as any bill: the whole total outstanding, at the network's default commission (no agreement froze one).
      const payment = (await ok(t, `query($b: ID!) { billPayment(billId: $b) { billNumber status outstandingCents commissionBp } }`, { b: bill.id }, buyer.token)).billPayment;
      expect(payment).toEqual({ billNumber: bill.number, status: 'OPEN', outstandingCents: bill.totalCents, commissionBp: 800 });

      // Billed once: the same event delivered twice more, at once, issues nothing and takes no number.
      const series = await seriesOf(market.hospitals.map((h) => h.organizationId));
      const again = await deliverAgain('access_request.withdrawn', 'requestId', r.id);
      expect(again.map((d) => d.handled)).toEqual([['billing.bill-at-withdrawal'], ['billing.bill-at-withdrawal']]);
      await worker.settled();
      expect((await bills({ accessRequestId: r.id }, buyer.token)).map((b: any) => [b.id, b.invoices.length])).toEqual([[bill.id, 3]]);
      expect(await seriesOf(market.hospitals.map((h) => h.organizationId))).toEqual(series);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM invoices WHERE bill_id = $1`, [bill.id]);
      expect(n).toBe(3);
      const [job] = await t.db.query(`SELECT data FROM pgboss.job WHERE name = 'access_request.withdrawn' AND data->'payload'->>'requestId' = $1`, [r.id]);
      expect(job.data.payload).toMatchObject({ fromState: 'QUOTED', buyerId: buyer.organizationId, producerId: market.network.organizationId, quoteId: expect.any(String) });
      const done = await t.db.transaction((m) => worker.app.get(BillingRunService).issueAtWithdrawal(m, job.data.payload));
      expect(done).toMatchObject({ outcome: 'BILLED', created: false, bill: { id: bill.id } });
      expect(withdrawalLogLine(job.data.payload, done)).toBe(`${r.number} withdrawn from QUOTED: billed already as ${bill.number}, nothing issued`);
    });

    it('withdrawn after the agreement was issued, before signing: an academic buyer pays the application with its reduction; the unsigned agreement bills nothing', async () => {
      const academic = await signUpOrganization(t, 'ACADEMIC', `Université Retirée ${run}`);
      await ok(t, `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`,
        { u: academic.userId, r: ['ADMIN', 'BUYER', 'SIGNER', 'FINANCE'] }, academic.token);
      const r = await request(market, academic, 'AGREEMENT_ISSUED');
      expect(r.agreement).not.toBeNull();
      expect(await withdraw(r.id, academic)).toBe('WITHDRAWN');
      await worker.settled();

      const found = await bills({ accessRequestId: r.id }, academic.token);
      expect(found.map((b: any) => b.kind)).toEqual(['WITHDRAWAL']);
      expect(await bills({ agreementId: r.agreement!.id }, academic.token)).toEqual([]);
      const [bill] = found;
      const { price } = await withdrawalPrice(market, academic);
      // the academic reduction is an adjustment of the application fee: the invoices carry it as an allowance, split by weight
      expect(price.adjustments.map((a: any) => a.code)).toEqual(['REDUCTION']);
      expect(price.subtotalCents).toBeLessThan(price.lines[0].amountCents);
      expect([bill.netCents, bill.vatCents, bill.totalCents]).toEqual([price.subtotalCents, price.vatCents, price.totalCents]);
      expect(bill.invoices.map((i: any) => i.netCents)).toEqual(WEIGHTS.map(([, w]) => (price.subtotalCents * w) / 100));
      expect(bill.invoices.reduce((s: number, i: any) => s + i.totalCents, 0)).toBe(price.totalCents);
      expect(bill.agreementId).toBeNull();
    });

    it('withdrawn before any quote: no bill; a tariff that charges nothing at application: no bill either, and the worker says why', async () => {
      const buyer = await buyerOrganization(t, `Laboratoires Pressés ${run}`);
      const early = await request(market, buyer, 'UNDER_REVIEW');
      expect(await withdraw(early.id, buyer)).toBe('WITHDRAWN');

      // A network whose tariff charges nothing before access opens: the costs incurred at a withdrawal are 0.
      const free = await networkMarket(t, `${run}-0`, [['CHU Seul', 100]]);
      const grid = loadStandardGrids().find((g) => g.key === 'network-standard')!.tariff;
      const definition = { ...grid, key: `network-free-${run}`, components: grid.components.filter((c: any) => c.incurredAt !== 'APPLICATION') };
      const tariffId = (await ok(t, `mutation($o: ID!, $d: JSON) { createTariff(offeringId: $o, name: "Sans frais d'instruction", definition: $d) { id } }`,
        { o: free.offeringId, d: definition }, free.network.token)).createTariff.id;
      const published = await ok(t, `mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { versions { id } } }`,
        { id: tariffId, d: parisDay(new Date()) }, free.network.token);
      await ok(t, `mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
        { o: free.offeringId, l: [{ templateVersionId: free.licenceId, tariffVersionId: published.publishTariff.versions[0].id }] }, free.network.token);
      const quoted = await request(free, buyer, 'QUOTED');
      expect((await withdrawalPrice(free, buyer, tariffId)).price).toMatchObject({ lines: [], subtotalCents: 0, totalCents: 0, withdrawn: true });
      expect(await withdraw(quoted.id, buyer)).toBe('WITHDRAWN');
      await worker.settled();

      for (const r of [early, quoted]) {
        expect(await bills({ accessRequestId: r.id }, buyer.token)).toEqual([]);
        // the worker handled the withdrawal (and decided there was nothing to bill); it did not fail it
        expect(await receipts('billing.bill-at-withdrawal', 'access_request.withdrawn', 'requestId', r.id)).toBe(1);
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM bills WHERE buyer_id = $1`, [buyer.organizationId]);
      expect(n).toBe(0);

      // What the worker's log says of each.
      const runs = worker.app.get(BillingRunService);
      for (const [r, outcome, line] of [[early, 'NOT_QUOTED', 'before any quote'], [quoted, 'NOTHING_INCURRED', 'come to 0, no bill']] as const) {
        const [job] = await t.db.query(`SELECT data FROM pgboss.job WHERE name = 'access_request.withdrawn' AND data->'payload'->>'requestId' = $1`, [r.id]);
        const done = await t.db.transaction((m) => runs.issueAtWithdrawal(m, job.data.payload));
        expect(done.outcome).toBe(outcome);
        expect(withdrawalLogLine(job.data.payload, done)).toContain(line);
      }
    });
  });

  describe('closing', () => {
    it('at expiry: the usage of the last, partial month is billed once as CLOSING; the monthly run and a repeated event bill nothing more', async () => {
      const buyer = await buyerOrganization(t, `Laboratoires Échus ${run}`);
      const a = await sealedAgreement(t, market, buyer, PRICING, 12);
      expect(a.status).toBe('ACTIVE');
      await worker.settled();
      // It began two months ago and its last day was the 10th of last month (the first day without access the 11th).
      const [two, one] = [monthsAgo(2), monthsAgo(1)];
      await t.db.query(`UPDATE agreements SET starts_on = $2, ends_on = $3 WHERE id = $1`, [a.id, `${two}-01`, `${one}-11`]);
      const key = await apiKey(market.network.token);
      const posted = await postUsage([
        { agreementId: a.id, eventId: 'x-1', meter: 'COMPUTE_HOURS', quantity: '40', occurredAt: `${two}-15T12:00:00.000Z` },
        { agreementId: a.id, eventId: 'x-2', meter: 'COMPUTE_HOURS', quantity: '12.5', occurredAt: `${one}-05T12:00:00.000Z` },
        { agreementId: a.id, eventId: 'x-3', meter: 'STORAGE_GB_MONTHS', quantity: '80.25', occurredAt: `${one}-10T12:00:00.000Z` },
        { agreementId: a.id, eventId: 'x-4', meter: 'API_CALLS', quantity: 4321, occurredAt: `${one}-10T12:00:00.000Z` },
        { agreementId: a.id, eventId: 'x-5', meter: 'COMPUTE_HOURS', quantity: '99', occurredAt: `${one}-11T12:00:00.000Z` },
      ], key);
      expect(posted.body).toMatchObject({ received: 5, recorded: 4 });
      expect(posted.body.refused.map((x: any) => [x.eventId, x.code])).toEqual([['x-5', 'OUTSIDE_PERIOD']]);
      // The earlier month is the monthly run's.
      expect((await ok(t, RUN, { m: two }, market.operator)).runMonthlyBilling.failures).toEqual([]);

      const lifecycle = (await ok(t, `mutation { runAgreementLifecycle { expired } }`, {}, market.operator)).runAgreementLifecycle;
      expect(lifecycle.expired).toContain(a.number);
      await worker.settled();

      const all = await bills({ agreementId: a.id }, buyer.token);
      expect(all.map((b: any) => [b.kind, b.usageMonth]).sort()).toEqual([['CLOSING', one], ['SIGNATURE', null], ['USAGE', two]]);
      const closing = all.find((b: any) => b.kind === 'CLOSING');
      expect(closing).toMatchObject({ periodStart: `${one}-01`, periodEnd: `${one}-10`, agreementId: a.id, agreementNumber: a.number, accessRequestId: a.requestId });
      const usage = (await ok(t, USAGE, { a: a.id, m: one }, buyer.token)).agreementUsage.amount;
      expect(usage.subtotalCents).toBeGreaterThan(0);
      expect(closing.netCents).toBe(usage.subtotalCents);
      expect(byCode(closing)).toEqual(Object.fromEntries(usage.lines.filter((l: any) => l.amountCents > 0).map((l: any) => [l.code, l.amountCents])));
      expect(closing.invoices.map((i: any) => i.seller.id)).toEqual(market.hospitals.map((h) => h.organizationId));
      expect(closing.invoices.reduce((s: number, i: any) => s + i.netCents, 0)).toBe(closing.netCents);

      // Once: the monthly run of that month and the expiry delivered again leave it as it is.
      const second = (await ok(t, RUN, { m: one }, market.operator)).runMonthlyBilling;
      expect(second.failures).toEqual([]);
      expect(second.issuedBillIds).not.toContain(closing.id);
      await deliverAgain('agreement.expired', 'agreementId', a.id);
      await worker.settled();
      const later = await bills({ agreementId: a.id }, buyer.token);
      expect(later.filter((b: any) => b.usageMonth === one).map((b: any) => [b.id, b.invoices.length])).toEqual([[closing.id, 3]]);
      expect(later.length).toBe(3);
    });

    it('at termination: the usage of the month up to the termination, once, nothing after it; the month\'s run bills nothing more', async () => {
      const buyer = await buyerOrganization(t, `Laboratoires Résiliés ${run}`);
      const a = await sealedAgreement(t, market, buyer, PRICING, 12);
      await worker.settled();
      const [previous, current] = [monthsAgo(1), monthsAgo(0)];
      await t.db.query(`UPDATE agreements SET starts_on = $2 WHERE id = $1`, [a.id, `${previous}-01`]);
      const monthStart = parisMonthBounds(Number(current.slice(0, 4)), Number(current.slice(5, 7))).start.getTime();
      const key = await apiKey(market.network.token);
      const posted = await postUsage([
        { agreementId: a.id, eventId: 't-1', meter: 'COMPUTE_HOURS', quantity: '30', occurredAt: `${previous}-15T12:00:00.000Z` },
        { agreementId: a.id, eventId: 't-2', meter: 'COMPUTE_HOURS', quantity: '7.75', occurredAt: new Date(Math.max(Date.now() - 60_000, monthStart)).toISOString() },
        { agreementId: a.id, eventId: 't-3', meter: 'EXTRACTIONS', quantity: 2, occurredAt: new Date(Math.max(Date.now() - 30_000, monthStart)).toISOString() },
      ], key);
      expect(posted.body).toMatchObject({ received: 3, recorded: 3 });

      const terminated = (await ok(t, `mutation($id: ID!) { terminateAgreement(id: $id, reason: "Financement du projet arrêté") { status } }`, { id: a.id }, buyer.token)).terminateAgreement;
      expect(terminated.status).toBe('TERMINATED');
      const terminatedOn = parisDay((await t.db.query(`SELECT terminated_at FROM agreements WHERE id = $1`, [a.id]))[0].terminated_at);
      await worker.settled();
      // nothing after it: metering refuses the usage of an agreement that ended
      const late = await postUsage([{ agreementId: a.id, eventId: 't-4', meter: 'COMPUTE_HOURS', quantity: '5', occurredAt: new Date().toISOString() }], key);
      expect(late.body.refused.map((x: any) => x.code)).toEqual(['AGREEMENT_NOT_ACTIVE']);

      const [closing, ...others] = (await bills({ agreementId: a.id, kind: 'CLOSING' }, buyer.token));
      expect(others).toEqual([]);
      expect(closing).toMatchObject({ usageMonth: current, periodStart: `${current}-01`, periodEnd: terminatedOn });
      const usage = (await ok(t, USAGE, { a: a.id, m: current }, buyer.token)).agreementUsage.amount;
      expect(closing.netCents).toBe(usage.subtotalCents);
      expect(byCode(closing)).toEqual(Object.fromEntries(usage.lines.filter((l: any) => l.amountCents > 0).map((l: any) => [l.code, l.amountCents])));
      expect(Object.keys(byCode(closing)).sort()).toEqual(['SECURE_ENVIRONMENT.COMPUTE_HOURS', 'SECURE_ENVIRONMENT.EXTRACTIONS']);

      // The month before is the monthly run's; the month of the termination, run once it is over, bills nothing more.
      expect((await ok(t, RUN, { m: previous }, market.operator)).runMonthlyBilling.failures).toEqual([]);
      const nextMonth = parisMonthBounds(Number(current.slice(0, 4)), Number(current.slice(5, 7))).end;
      const rerun = await worker.app.get(BillingRunService).runMonth(current, new Date(nextMonth.getTime() + 3_600_000));
      expect(rerun.failed).toEqual([]);
      expect(rerun.issued).not.toContain(closing.id);
      expect(rerun.alreadyBilled).toBeGreaterThanOrEqual(1);
      await deliverAgain('agreement.terminated', 'agreementId', a.id);
      await worker.settled();
      const all = await bills({ agreementId: a.id }, buyer.token);
      expect(all.map((b: any) => [b.kind, b.usageMonth]).sort()).toEqual([['CLOSING', current], ['SIGNATURE', null], ['USAGE', previous]]);
    });
  });

  it('every invoice produced passes the XSD, EN 16931 and BR-FR with 0 errors, from its PDF', async () => {
    await worker.settled();
    const { failures, checked } = await facturXFailures(t, produced);
    expect(failures).toEqual([]);
    // 3 + 3 withdrawal invoices, 3 signature, 3 usage and 3 closing invoices of each agreement
    expect(checked).toBeGreaterThanOrEqual(24);
  });
});
