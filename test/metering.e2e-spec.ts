import { addDays, parisDay, parisInstant, parisMonthBounds } from '@app/core';
import { findStandardGrid, type TariffDefinition, type UsageComponent } from '@app/pricing';
import { Marketplace, issuedAgreement, marketplace, signByBoth } from './helpers/agreements';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

jest.setTimeout(120_000);

const RECORD = `mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { received recorded duplicates refused { index eventId code message } } }`;
const USAGE = `query($a: ID!, $m: String) { agreementUsage(agreementId: $a, month: $m) {
  agreementId agreementNumber month from to open
  meters { meter quantity events lastOccurredAt }
  amount { lines { code quantity amountCents } subtotalCents vatCents totalCents }
} }`;

/** The Paris calendar month `n` months before the current one: its label and an instant in its middle. */
function monthsAgo(n: number): { month: string; mid: string } {
  const [y, m] = parisDay(new Date()).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - n, 15, 12));
  return { month: d.toISOString().slice(0, 7), mid: d.toISOString() };
}

describe('usage metering: events reported by the producer, idempotent, summed per Paris month and priced', () => {
  let t: TestApp;
  let operator: string;
  let p: Marketplace;
  let outsider: OrgSession;
  let producerKey: string;
  let buyerKey: string;
  let platformKey: string;
  let outsiderKey: string;
  const run = Date.now().toString(36);

  const gqlOk = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await t.gql(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'secure environment', roles } }, token)).createApiKey.secret as string;
  const post = (body: unknown, token: string | null, type = 'application/json') => {
    const req = t.http.post('/usage-events').set('content-type', type);
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  /** An agreement signed by both parties, ACTIVE unless it starts later. */
  const concluded = async (startDate?: string) => {
    const a = await issuedAgreement(t, p, 24, startDate);
    return { ...a, status: (await signByBoth(t, p, a.id)).data.signAgreement.status as string };
  };
  /** An ACTIVE agreement that started on the first day of the month `monthsBack` months ago (Paris). */
  const activeSince = async (monthsBack: number) => {
    const a = await concluded();
    expect(a.status).toBe('ACTIVE');
    // The API concludes agreements from today on; usage of past months needs one that ran then.
    const [[{ starts_on }]] = await t.db.query(
      `UPDATE agreements SET starts_on = (date_trunc('month', now() AT TIME ZONE 'Europe/Paris') - make_interval(months => $2))::date
        WHERE id = $1 RETURNING to_char(starts_on, 'YYYY-MM-DD') AS starts_on`,
      [a.id, monthsBack],
    );
    return { ...a, startsOn: starts_on, startsAt: parisInstant(starts_on) };
  };
  const event = (a: { id: string }, eventId: string, meter: string, quantity: string | number, occurredAt: string) =>
    ({ agreementId: a.id, eventId, meter, quantity, occurredAt });

  beforeAll(async () => {
    t = await startTestApp();
    operator = await platformAdminToken(t);
    // The EDS standard grid, without API calls: a meter this agreement's tariff does not price.
    const grid: TariffDefinition = findStandardGrid('eds-standard')!.tariff;
    const tariff = {
      ...grid,
      components: grid.components.map((c) => (c.kind === 'USAGE' ? { ...c, rates: (c as UsageComponent).rates.filter((r) => r.metric !== 'API_CALLS') } : c)),
    };
    p = await marketplace(t, `Mesures ${run}`, tariff);
    outsider = await signUpOrganization(t, 'PHARMA', `Curieux ${run}`);
    producerKey = await apiKey(p.producer.token, ['PUBLISHER']);
    buyerKey = await apiKey(p.buyer.token, ['BUYER']);
    platformKey = await apiKey(operator, ['ADMIN']);
    outsiderKey = await apiKey(outsider.token, ['BUYER']);
  });
  afterAll(() => t.close());

  it('the producer\'s secure environment posts JSON and NDJSON batches; a replayed batch changes nothing', async () => {
    const a = await activeSince(1);
    const now = new Date().toISOString();
    const last = monthsAgo(1);
    const batch = [
      event(a, 'job-1', 'COMPUTE_HOURS', '12.5', now),
      event(a, 'job-2', 'COMPUTE_HOURS', 0.25, now),
      event(a, 'disk-11', 'STORAGE_GB_MONTHS', '100', now),
      event(a, 'x-1', 'EXTRACTIONS', 2, now),
      event(a, 'job-0', 'COMPUTE_HOURS', 3, last.mid),
      event(a, 'x-0', 'EXTRACTIONS', '1', last.mid),
      event(a, 'odd"id\\,{1}', 'EXTRACTIONS', '1', last.mid),
    ];
    const first = await post(batch, producerKey);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 7, recorded: 7, duplicates: 0, refused: [] });
    const replay = await post(batch, producerKey);
    expect(replay.body).toEqual({ received: 7, recorded: 0, duplicates: 7, refused: [] });
    const wrapped = await post({ events: batch.slice(0, 2) }, producerKey);
    expect(wrapped.body).toEqual({ received: 2, recorded: 0, duplicates: 2, refused: [] });

    const ndjson = [JSON.stringify(event(a, 'job-3', 'COMPUTE_HOURS', '1.125', now)), JSON.stringify(batch[0]), '{ not json', ''].join('\n');
    const lines = await post(ndjson, producerKey, 'application/x-ndjson');
    expect(lines.status).toBe(200);
    expect(lines.body).toEqual({
      received: 3, recorded: 1, duplicates: 1,
      refused: [{ index: 2, eventId: null, code: 'INVALID_EVENT', message: 'line 3 is not JSON: send one event object per line' }],
    });

    // Each event once, in the partition of its Paris month, with the batch that brought it.
    const stored = await t.db.query(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n, count(DISTINCT batch_id)::int AS batches FROM usage_events WHERE agreement_id = $1 GROUP BY 1 ORDER BY 1`, [a.id]);
    expect(stored).toEqual([
      { part: `usage_events_${last.month.replace('-', '_')}`, n: 3, batches: 1 },
      { part: `usage_events_${monthsAgo(0).month.replace('-', '_')}`, n: 5, batches: 2 },
    ]);
    const [key] = await t.db.query(`SELECT count(*)::int AS n FROM usage_event_keys WHERE agreement_id = $1`, [a.id]);
    expect(key.n).toBe(8);
    const [odd] = await t.db.query(`SELECT event_id FROM usage_event_keys WHERE agreement_id = $1 AND event_id LIKE 'odd%'`, [a.id]);
    expect(odd.event_id).toBe('odd"id\\,{1}');
  });

  it('refuses each bad event with its position, id and reason, and keeps the others', async () => {
    const a = await activeSince(2);
    const later = await concluded(addDays(parisDay(new Date()), 30));
    expect(later.status).toBe('SIGNED');
    const now = new Date().toISOString();
    await gqlOk(RECORD, { e: [event(a, 'known', 'COMPUTE_HOURS', '1', now)] }, platformKey);

    const start = a.startsAt.getTime();
    const events = [
      event(a, 'ok-1', 'COMPUTE_HOURS', '2', now),
      event(a, 'calls', 'API_CALLS', '1000', now),
      event(a, 'gpu', 'GPU_HOURS', '1', now),
      event(a, 'neg', 'EXTRACTIONS', -1, now),
      event(a, 'fine', 'COMPUTE_HOURS', '0.0001', now),
      event(a, 'huge', 'STORAGE_GB_MONTHS', '1000000000.5', now),
      event(a, 'at-start', 'STORAGE_GB_MONTHS', '5', new Date(start).toISOString()),
      event(a, 'before-start', 'STORAGE_GB_MONTHS', '5', new Date(start - 1).toISOString()),
      event(a, 'tomorrow', 'COMPUTE_HOURS', '1', new Date(Date.now() + 86_400_000).toISOString()),
      event(later, 'not-yet', 'COMPUTE_HOURS', '1', now),
      event({ id: '00000000-0000-4000-8000-000000000000' }, 'nobody', 'COMPUTE_HOURS', '1', now),
      event(a, 'known', 'COMPUTE_HOURS', '1.5', now),
      event(a, 'ok-1', 'COMPUTE_HOURS', '2', now),
      event(a, 'ok-1', 'COMPUTE_HOURS', '3', now),
      { ...event(a, 'no-time', 'COMPUTE_HOURS', '1', now), occurredAt: '2026-02-30T10:00:00Z' },
    ];
    const res = (await gqlOk(RECORD, { e: events }, platformKey)).recordUsage;
    expect(res).toMatchObject({ received: 15, recorded: 2, duplicates: 1 });
    expect(res.refused.map((r: any) => [r.index, r.eventId, r.code])).toEqual([
      [1, 'calls', 'UNKNOWN_METER'],
      [2, 'gpu', 'UNKNOWN_METER'],
      [3, 'neg', 'INVALID_QUANTITY'],
      [4, 'fine', 'INVALID_QUANTITY'],
      [5, 'huge', 'INVALID_QUANTITY'],
      [7, 'before-start', 'OUTSIDE_PERIOD'],
      [8, 'tomorrow', 'IN_THE_FUTURE'],
      [9, 'not-yet', 'AGREEMENT_NOT_ACTIVE'],
      [10, 'nobody', 'NOT_FOUND'],
      [11, 'known', 'EVENT_ID_REUSED'],
      [13, 'ok-1', 'EVENT_ID_REUSED'],
      [14, 'no-time', 'INVALID_EVENT'],
    ]);
    const message = (i: number) => res.refused.find((r: any) => r.index === i).message;
    expect(message(1)).toBe(`agreement ${a.number}'s tariff does not price API_CALLS; its meters: COMPUTE_HOURS, STORAGE_GB_MONTHS, EXTRACTIONS`);
    expect(message(3)).toBe('quantity must not be negative');
    expect(message(4)).toMatch(/more than 3 decimals/);
    expect(message(5)).toMatch(/exceeds 1,000,000,000 units per event/);
    expect(message(7)).toContain(`from ${a.startsAt.toISOString()}`);
    expect(message(9)).toBe(`agreement ${later.number} is SIGNED: usage is recorded only while it is ACTIVE`);
    expect(message(11)).toMatch(/^eventId known was already recorded for this agreement as COMPUTE_HOURS 1 at .+: a different event needs a new id$/);
    expect(message(13)).toMatch(/as COMPUTE_HOURS 2 at/);

    const kept = await t.db.query(`SELECT event_id, quantity_milli::int AS q FROM usage_events WHERE agreement_id = $1 ORDER BY event_id`, [a.id]);
    expect(kept).toEqual([{ event_id: 'at-start', q: 5000 }, { event_id: 'known', q: 1000 }, { event_id: 'ok-1', q: 2000 }]);
    // Ended, so that no lifecycle run of another spec (on the same database) activates it.
    await gqlOk(`mutation($id: ID!) { terminateAgreement(id: $id, reason: "Essai terminé") { status } }`, { id: later.id }, p.buyer.token);
  });

  it('only an API key of the producer or of the platform reports usage; others learn nothing', async () => {
    const a = await activeSince(0);
    const e = [event(a, 'e-1', 'COMPUTE_HOURS', '1', new Date().toISOString())];

    const bySession = await t.gql(RECORD, { e }, p.producer.token);
    expect(bySession.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(bySession.errors![0].message).toMatch(/API key/);
    expect((await post(e, p.producer.token)).status).toBe(403);
    const anonymous = await post(e, null);
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);

    const buyer = (await post(e, buyerKey)).body;
    expect(buyer).toMatchObject({ recorded: 0, refused: [{ index: 0, code: 'FORBIDDEN', message: `only the producer of agreement ${a.number} (its secure environment) or the platform reports its usage` }] });
    const stranger = (await post(e, outsiderKey)).body.refused[0];
    const unknown = (await post([{ ...e[0], agreementId: '00000000-0000-4000-8000-000000000001' }], outsiderKey)).body.refused[0];
    expect([stranger.code, unknown.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(stranger.message.replace(a.id, 'ID')).toBe(unknown.message.replace('00000000-0000-4000-8000-000000000001', 'ID'));
    expect((await post(e, producerKey)).body).toMatchObject({ recorded: 1 });

    const tooMany = await post(Array.from({ length: 10_001 }, (_, i) => ({ ...e[0], eventId: `n-${i}` })), producerKey);
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(tooMany.body.error.message).toMatch(/at most 10,000 events per request/);
    // The same limit for NDJSON, counted in non-blank lines: 10,000 are taken, 10,001 refused whole.
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ ...e[0], eventId: `l-${from + i}` }));
    const ndjsonOver = await post([...lines(0, 10_001), ''].join('\n'), producerKey, 'application/x-ndjson');
    expect([ndjsonOver.status, ndjsonOver.body.error.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(ndjsonOver.body.error.message).toMatch(/at most 10,000 events per request; got 10,001 lines: split the batch/);
    const [{ n: afterRefusal }] = await t.db.query(`SELECT count(*)::int AS n FROM usage_event_keys WHERE agreement_id = $1 AND event_id LIKE 'l-%'`, [a.id]);
    expect(afterRefusal).toBe(0);
    const atNdjsonLimit = await post([...lines(0, 5_000), '', '  ', ...lines(5_000, 5_000), ''].join('\n'), producerKey, 'application/x-ndjson');
    expect([atNdjsonLimit.status, atNdjsonLimit.body]).toEqual([200, { received: 10_000, recorded: 10_000, duplicates: 0, refused: [] }]);
    const unreadable = await post('[{"agreementId": ', producerKey);
    expect([unreadable.status, unreadable.body.error?.code]).toEqual([400, 'BAD_REQUEST']);
    const notABatch = await post({ agreementId: a.id }, producerKey);
    expect([notABatch.status, notABatch.body.error.message]).toEqual([400, expect.stringMatching(/JSON array of events/)]);
    const atLimit = await gqlOk(RECORD, { e: Array.from({ length: 1000 }, (_, i) => ({ ...e[0], eventId: `g-${i}` })) }, producerKey);
    expect(atLimit.recordUsage).toMatchObject({ received: 1000, recorded: 1000 });
    const overGraphql = await t.gql(RECORD, { e: Array.from({ length: 1001 }, (_, i) => ({ ...e[0], eventId: `g-${i}` })) }, producerKey);
    expect(overGraphql.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('both parties see the usage and the running amount of the open month, and of a past month', async () => {
    const a = await activeSince(1);
    const now = new Date().toISOString();
    const last = monthsAgo(1);
    await post([
      event(a, 'c-1', 'COMPUTE_HOURS', '12.5', now), event(a, 'c-2', 'COMPUTE_HOURS', '1.375', now),
      event(a, 's-1', 'STORAGE_GB_MONTHS', '100', now), event(a, 'x-1', 'EXTRACTIONS', '2', now),
      event(a, 'c-0', 'COMPUTE_HOURS', '3', last.mid), event(a, 'x-0', 'EXTRACTIONS', '1', last.mid),
    ], producerKey);

    const current = (await gqlOk(USAGE, { a: a.id }, p.buyer.token)).agreementUsage;
    const [y, m] = monthsAgo(0).month.split('-').map(Number);
    const bounds = parisMonthBounds(y, m);
    expect(current).toMatchObject({
      agreementId: a.id, agreementNumber: a.number, month: monthsAgo(0).month, open: true, from: bounds.start.toISOString(), to: bounds.end.toISOString(),
    });
    expect(current.meters.map((x: any) => [x.meter, x.quantity, x.events])).toEqual([
      ['COMPUTE_HOURS', '13.875', 2], ['STORAGE_GB_MONTHS', '100', 1], ['EXTRACTIONS', '2', 1],
    ]);
    // 13.875 h x 1.50 € = 20.8125 € -> 20.81 €; 100 GB-months x 0.20 € = 20.00 €; 2 extractions x 150 € = 300 €; VAT 20 %.
    expect(current.amount.lines.map((l: any) => [l.code, l.quantity, l.amountCents])).toEqual([
      ['SECURE_ENVIRONMENT.COMPUTE_HOURS', '13.875', 2081], ['SECURE_ENVIRONMENT.STORAGE_GB_MONTHS', '100', 2000], ['SECURE_ENVIRONMENT.EXTRACTIONS', '2', 30000],
    ]);
    expect(current.amount).toMatchObject({ subtotalCents: 34081, vatCents: 6816, totalCents: 40897 });
    expect((await gqlOk(USAGE, { a: a.id }, p.producer.token)).agreementUsage).toEqual(current);

    const past = (await gqlOk(USAGE, { a: a.id, m: last.month }, p.producer.token)).agreementUsage;
    expect(past).toMatchObject({ month: last.month, open: false, amount: { subtotalCents: 450 + 15000, vatCents: 3090, totalCents: 18540 } });
    expect(past.meters.map((x: any) => [x.meter, x.quantity, x.events])).toEqual([['COMPUTE_HOURS', '3', 1], ['STORAGE_GB_MONTHS', '0', 0], ['EXTRACTIONS', '1', 1]]);

    expect((await t.gql(USAGE, { a: a.id }, outsider.token)).errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(USAGE, { a: a.id, m: monthsAgo(-1).month }, p.buyer.token)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'month' }] });
    for (const bad of ['2026-13', '0000-01', '2026-1']) expect((await t.gql(USAGE, { a: a.id, m: bad }, p.buyer.token)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('creates a missing month partition on demand, once, when two batches need it at the same time', async () => {
    const a = await activeSince(5);
    const [five, four] = [monthsAgo(5), monthsAgo(4)];
    const names = [five, four].map((x) => `usage_events_${x.month.replace('-', '_')}`);
    for (const n of names) await t.db.query(`DROP TABLE IF EXISTS ${n}`);

    const one = await post([event(a, 'old-1', 'COMPUTE_HOURS', '1', five.mid)], producerKey);
    expect(one.body).toMatchObject({ recorded: 1, refused: [] });
    const both = await Promise.all([1, 2].map((i) => post([event(a, `old-2-${i}`, 'COMPUTE_HOURS', '1', four.mid)], producerKey)));
    expect(both.map((r) => r.body.recorded)).toEqual([1, 1]);
    const parts = await t.db.query(`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM usage_events WHERE agreement_id = $1 GROUP BY 1 ORDER BY 1`, [a.id]);
    expect(parts).toEqual([{ part: names[0], n: 1 }, { part: names[1], n: 2 }]);
  });
});
