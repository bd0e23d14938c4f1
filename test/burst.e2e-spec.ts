// Bursts of concurrent calls of every mutation that locks a row: each call answers (success
// or the coded refusal its state calls for) within 10 s, and /health/ready answers within 1 s
// meanwhile. A transaction that holds a lock and then waits for a second pooled connection
// froze the whole server under such a burst.
//
// The limits are those of a quiet machine. On a shared one they stretch by how much slower
// than its own CPU time a CPU-bound task runs just before each burst (1 when nothing else
// runs); a frozen server still fails, since it never answers.
import { createHash } from 'node:crypto';
import { OrgSession, createOffering, signUpOrganization } from './helpers/factories';
import { CONSENT, Market, SIGN, createAccessRequest, gqlOk, issuedAgreement, member, openMarket, requestAfter } from './helpers/market';
import { ServerProcess, startServerProcess } from './helpers/server-process';
import { GqlResult, startTestApp, TestApp } from './helpers/test-app';

const BURST = Number(process.env.BURST_SIZE ?? 200);
const ANSWER_WITHIN_MS = 10_000;
const HEALTH_WITHIN_MS = 1_000;

jest.setTimeout(300_000);

/** Wall time over CPU time of 200 ms of hashing: how many times slower the machine runs now. */
function machineSlowdown(): number {
  const block = Buffer.alloc(64 * 1024, 7);
  const started = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - started < 200) createHash('sha256').update(block).digest();
  const used = process.cpuUsage(cpu);
  return Math.max(1, (performance.now() - started) / Math.max(1, (used.user + used.system) / 1000));
}

/** Matches a number below `limit`. */
const under = (limit: number) => ({ asymmetricMatch: (v: unknown) => typeof v === 'number' && v < limit, toAsymmetricMatcher: () => `under ${limit}` });

describe(`bursts of ${BURST} concurrent calls of each mutation that locks a row`, () => {
  let t: TestApp;
  let server: ServerProcess;
  let base: string;
  let market: Market;
  let hospital: OrgSession;
  let pharma: OrgSession;
  const run = Date.now().toString(36);

  /** One GraphQL call over a real socket, with how long it took to be answered. */
  async function call(query: string, variables: Record<string, unknown>, token: string | null, withinMs = ANSWER_WITHIN_MS): Promise<{ code: string; ms: number; message?: string }> {
    const started = Date.now();
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(withinMs + 5_000),
    }).then((r) => r.json() as Promise<GqlResult>).catch((e: Error) => ({ errors: [{ message: e.message, extensions: { code: 'NO_ANSWER' } }] }) as GqlResult);
    const error = res.errors?.[0];
    return { code: error ? error.extensions.code : 'OK', ms: Date.now() - started, message: error?.message };
  }

  /** Polls /health/ready while `work` runs; returns the slowest answer. */
  async function whileProbing<T>(work: () => Promise<T>, withinMs: number): Promise<{ result: T; slowestHealthMs: number; healthFailures: number }> {
    let done = false;
    let slowest = 0;
    let failures = 0;
    const probe = (async () => {
      while (!done) {
        const started = Date.now();
        const ok = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(withinMs + 5_000) }).then((r) => r.ok, () => false);
        slowest = Math.max(slowest, Date.now() - started);
        if (!ok) failures++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const result = await work();
    done = true;
    await probe;
    return { result, slowestHealthMs: slowest, healthFailures: failures };
  }

  /**
   * Fires BURST identical calls at once. `succeed`: how many may succeed, 1 when the state
   * allows one move, 'some' when each call applies after the other (those still queued
   * after a while are told to retry, CONFLICT); the others answer one of `refusals`.
   */
  async function burst(query: string, variables: (i: number) => Record<string, unknown>, token: string | null, succeed: 1 | 'some', refusals: string[] = ['CONFLICT']) {
    const slowdown = Math.round(machineSlowdown() * 10) / 10;
    const { result, slowestHealthMs, healthFailures } = await whileProbing(
      () => Promise.all(Array.from({ length: BURST }, (_, i) => call(query, variables(i), token, ANSWER_WITHIN_MS * slowdown))),
      HEALTH_WITHIN_MS * slowdown,
    );
    const codes: Record<string, number> = {};
    for (const r of result) codes[r.code] = (codes[r.code] ?? 0) + 1;
    const slowestAnswerMs = Math.max(...result.map((r) => r.ms));
    const unexpected = result.filter((r) => r.code !== 'OK' && !refusals.includes(r.code));
    if (process.env.BURST_REPORT) console.log(JSON.stringify({ query: query.slice(0, 60), codes, slowestAnswerMs, slowestHealthMs, slowdown }));
    // One object, so that a failure shows every figure of the burst.
    expect({ codes, slowestAnswerMs, slowestHealthMs, healthFailures, unexpected: unexpected.slice(0, 2), slowdown }).toEqual({
      codes: expect.objectContaining({ OK: succeed === 1 ? 1 : expect.any(Number) }), unexpected: [], healthFailures: 0,
      slowestAnswerMs: under(ANSWER_WITHIN_MS * slowdown), slowestHealthMs: under(HEALTH_WITHIN_MS * slowdown), slowdown,
    });
    return result;
  }

  const same = (v: Record<string, unknown>) => () => v;

  beforeAll(async () => {
    // The bursts go to the API as deployed (two workers, clients in another process); setup
    // and checks use an app in this process on the same database.
    t = await startTestApp();
    server = await startServerProcess(process.env.E2E_DATABASE_URL!, { WEB_CONCURRENCY: '2' });
    base = server.base;
    market = await openMarket(t, run);
    ({ hospital, pharma } = market);
    // Both workers warmed up (an agreement issued and sealed, PDF fonts loaded): the figures
    // are those of a running server, not of its first requests.
    const quoted = await Promise.all([0, 1, 2, 3].map(() => requestAfter(t, market, ['submit', 'startReview', 'quote'])));
    await Promise.all(quoted.map((r) => call(`mutation($id: ID!) { acceptAccessRequest(id: $id) { id } }`, { id: r.id }, pharma.token)));
    const agreements: { id: string }[] = await t.db.query(`SELECT id FROM agreements WHERE request_id = ANY($1)`, [quoted.map((r) => r.id)]);
    for (const token of [pharma.token, hospital.token]) await Promise.all(agreements.map((a) => call(SIGN, { id: a.id, text: CONSENT }, token)));
    await Promise.all(Array.from({ length: 40 }, () => call('{ me { roles } }', {}, pharma.token)));
    await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/health/ready`)));
    const roles = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;
    await gqlOk(t, roles, { u: hospital.userId, r: ['ADMIN', 'PUBLISHER', 'SIGNER', 'LEGAL'] }, hospital.token);
  });
  afterAll(async () => {
    await server?.stop();
    await t.close();
  });

  describe('access requests and agreements', () => {
    const TRANSITION = `mutation($id: ID!, $t: AccessRequestTransition!, $note: String) { transitionAccessRequest(id: $id, transition: $t, note: $note) { id state } }`;

    it('submit, start review, request and provide information, reject, withdraw', async () => {
      await burst(TRANSITION, same({ id: (await createAccessRequest(t, market)).id, t: 'submit' }), pharma.token, 1);
      const submitted = await requestAfter(t, market, ['submit']);
      await burst(TRANSITION, same({ id: submitted.id, t: 'startReview' }), hospital.token, 1);
      await burst(TRANSITION, same({ id: submitted.id, t: 'requestInformation', note: 'Précisez.' }), hospital.token, 1);
      await burst(TRANSITION, same({ id: submitted.id, t: 'provideInformation', note: 'Voici.' }), pharma.token, 1);
      await burst(TRANSITION, same({ id: (await requestAfter(t, market, ['submit'])).id, t: 'reject', note: 'Hors périmètre' }), hospital.token, 1);
      await burst(TRANSITION, same({ id: (await createAccessRequest(t, market)).id, t: 'withdraw' }), pharma.token, 1);
    });

    it('quoteAccessRequest by the producer', async () => {
      const r = await requestAfter(t, market, ['submit', 'startReview']);
      await burst(`mutation($id: ID!) { quoteAccessRequest(id: $id) { id state } }`, same({ id: r.id }), hospital.token, 1);
    });

    it('counterProposeAccessRequest and acceptAccessRequest by the buyer', async () => {
      const counter = `mutation($id: ID!) { counterProposeAccessRequest(id: $id, changes: [{ clauseId: "audit", alternativeId: "independent-audit-report" }]) { id state } }`;
      await burst(counter, same({ id: (await requestAfter(t, market, ['submit', 'startReview', 'quote'])).id }), pharma.token, 1);
      const accept = `mutation($id: ID!) { acceptAccessRequest(id: $id) { id state } }`;
      await burst(accept, same({ id: (await requestAfter(t, market, ['submit', 'startReview', 'quote'])).id }), pharma.token, 1);
    });

    it('signAgreement by each party\'s signer, then terminateAgreement', async () => {
      const { agreementId } = await issuedAgreement(t, market);
      await burst(SIGN, same({ id: agreementId, text: CONSENT }), pharma.token, 1);
      await burst(SIGN, same({ id: agreementId, text: CONSENT }), hospital.token, 1);
      const terminate = `mutation($id: ID!) { terminateAgreement(id: $id, reason: "Projet arrêté") { id status } }`;
      await burst(terminate, same({ id: agreementId }), pharma.token, 1);
    });

    it('runAgreementLifecycle by the platform operator', async () => {
      await burst(`mutation { runAgreementLifecycle { activated expired } }`, same({}), market.operator, 'some');
    });
  });

  describe('offerings, licences and tariffs', () => {
    it('updateOffering, publishOffering, retireOffering', async () => {
      const offering = await createOffering(t, hospital.token);
      const update = `mutation($id: ID!, $input: OfferingPatchInput!) { updateOffering(id: $id, input: $input) { id version } }`;
      await burst(update, (i) => ({ id: offering.id, input: { keywords: [`mot ${i}`] } }), hospital.token, 'some');
      await burst(`mutation($id: ID!) { publishOffering(id: $id) { id status } }`, same({ id: offering.id }), hospital.token, 1);
      await burst(`mutation($id: ID!) { retireOffering(id: $id) { id status } }`, same({ id: offering.id }), hospital.token, 1);
    });

    it('setOfferingLicences', async () => {
      const set = `mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`;
      await burst(set, same({ o: market.offeringId, l: [{ templateVersionId: market.licenceId, tariffVersionId: market.tariffVersionId }] }), hospital.token, 'some');
    });

    it('forkLicenceTemplate, editLicenceClause, submitLicenceForReview, publishLicenceVersion, deprecateLicenceVersion', async () => {
      const fork = `mutation($id: ID!, $key: String!) { forkLicenceTemplate(standardVersionId: $id, key: $key) { id } }`;
      await burst(fork, same({ id: market.licenceId, key: `burst-${run}` }), hospital.token, 1);
      const [{ id: version }] = await t.db.query(
        `SELECT v.id FROM licence_template_versions v JOIN licence_templates lt ON lt.id = v.template_id WHERE lt.key = $1`, [`burst-${run}`],
      );
      const edit = `mutation($v: ID!, $fr: String!) { editLicenceClause(versionId: $v, clauseId: "publication", input: { text: { fr: $fr, en: "Results are published within twelve months." } }) { id } }`;
      await burst(edit, (i) => ({ v: version, fr: `Les résultats sont publiés dans un délai de douze mois (${i}).` }), hospital.token, 'some');
      await burst(`mutation($v: ID!) { submitLicenceForReview(versionId: $v) { id } }`, same({ v: version }), hospital.token, 1);
      await burst(`mutation($v: ID!) { publishLicenceVersion(versionId: $v) { id } }`, same({ v: version }), hospital.token, 1);
      await burst(`mutation($v: ID!) { deprecateLicenceVersion(versionId: $v) { id } }`, same({ v: version }), hospital.token, 1);
    });

    it('updateTariffDraft, publishTariff', async () => {
      const created = await gqlOk(t, `mutation($o: ID!) { createTariff(offeringId: $o, name: "Rafale", gridKey: "eds-standard") { id } }`, { o: market.offeringId }, hospital.token);
      const [{ definition }] = await t.db.query(`SELECT definition FROM tariff_versions WHERE tariff_id = $1`, [created.createTariff.id]);
      const update = `mutation($id: ID!, $d: JSON!) { updateTariffDraft(tariffId: $id, definition: $d) { id } }`;
      await burst(update, same({ id: created.createTariff.id, d: definition }), hospital.token, 'some');
      const publish = `mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { id } }`;
      await burst(publish, same({ id: created.createTariff.id, d: '2099-01-01' }), hospital.token, 1);
    });
  });

  describe('organisations, members and keys', () => {
    let org: OrgSession;
    beforeAll(async () => {
      org = await signUpOrganization(t, 'STARTUP', `Rafale SAS ${run}`);
    });

    it('updateMemberRoles, removeMember', async () => {
      const someone = await member(t, org, ['BUYER'], `rafale.${run}@startup.test`);
      const roles = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;
      await burst(roles, (i) => ({ u: someone.userId, r: i % 2 ? ['BUYER'] : ['BUYER', 'SIGNER'] }), org.token, 'some');
      await burst(`mutation($u: ID!) { removeMember(userId: $u) }`, same({ u: someone.userId }), org.token, 1, ['NOT_FOUND', 'CONFLICT']);
    });

    it('acceptInvitation, with one token', async () => {
      const inv = await gqlOk(t, `mutation($e: String!) { inviteMember(input: { email: $e, roles: [BUYER] }) { token } }`, { e: `invitee.${run}@startup.test` }, org.token);
      const accept = `mutation($t: String!) { acceptInvitation(input: { token: $t, displayName: "Invitée", password: "a-long-enough-password" }) { token } }`;
      await burst(accept, same({ t: inv.inviteMember.token }), null, 1);
    });

    it('revokeApiKey, verifyOrganization', async () => {
      const key = await gqlOk(t, `mutation { createApiKey(input: { name: "rafale", roles: [BUYER] }) { apiKey { id } } }`, {}, org.token);
      await burst(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, same({ id: key.createApiKey.apiKey.id }), org.token, 1);
      await burst(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, same({ id: org.organizationId }), market.operator, 1);
    });

    // Last: a reset ends the user's sessions, org.token included.
    it('resetPassword, with one code', async () => {
      const code = `hdm_pwr_${createHash('sha256').update(run).digest('base64url')}`;
      await t.db.query(`INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
        [org.userId, createHash('sha256').update(code).digest('hex')]);
      const reset = `mutation($t: String!, $n: String!) { resetPassword(input: { token: $t, newPassword: $n }) }`;
      await burst(reset, (i) => ({ t: code, n: `burst-password-${i}` }), null, 1, ['BAD_USER_INPUT', 'CONFLICT']);
    });
  });
});
