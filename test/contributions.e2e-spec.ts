import { ContributionService } from '@app/catalog';
import { OrgSession, createOffering, publishOffering, signUpOrganization, verify } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

const REQUESTS = `query($status: ContributionStatus) {
  contributionRequests(status: $status, first: 50) {
    totalCount
    edges { node {
      offeringId offeringVersionId offeringVersion offeringVersionStatus offeringTitle { fr }
      network { id name } weight totalWeight position status requestedAt decidedAt declineReason
      mandate { version sha256 text { fr en } }
    } }
  }
}`;
const ACCEPT = `mutation($i: AcceptContributionInput!) { acceptContribution(input: $i) { offeringVersionId status decidedAt weight } }`;
const DECLINE = `mutation($i: DeclineContributionInput!) { declineContribution(input: $i) { offeringVersionId status decidedAt declineReason } }`;
const CONTRIBUTORS = `query($id: ID!, $v: Int) { offering(id: $id, version: $v) {
  id versionId version status contributors { organizationId organization { name } weight position status decidedAt }
} }`;
const PUBLISH = `mutation($id: ID!) { publishOffering(id: $id) { id version status } }`;
const UPDATE = `mutation($id: ID!, $i: OfferingPatchInput!) { updateOffering(id: $id, input: $i) { id versionId version status } }`;

describe('contributors consent: weights and billing mandate accepted before publication, frozen after', () => {
  let t: TestApp;
  let operator: string;
  let network: OrgSession;
  let chuA: OrgSession;
  let chuB: OrgSession;
  let chuC: OrgSession;
  let buyer: OrgSession;
  let financeKeyB: string;
  let publisherKeyC: string;
  const run = Date.now().toString(36);

  const gqlOk = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await t.gql(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const apiKey = async (org: OrgSession, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${roles.join('+')}`, roles } }, org.token)).createApiKey.secret as string;
  const pendingFor = async (token: string, versionId: string) => {
    const edges = (await gqlOk(REQUESTS, { status: 'PENDING' }, token)).contributionRequests.edges;
    return edges.map((e: any) => e.node).find((n: any) => n.offeringVersionId === versionId);
  };
  const accept = async (token: string, versionId: string) => {
    const r = await pendingFor(token, versionId);
    return t.gql(ACCEPT, { i: { offeringVersionId: versionId, weight: r.weight, mandateSha256: r.mandate.sha256 } }, token);
  };
  const networkOffering = async (weights: [OrgSession, number][]) =>
    createOffering(t, network.token, { contributors: weights.map(([o, weight]) => ({ organizationId: o.organizationId, weight })) });

  beforeAll(async () => {
    t = await startTestApp();
    operator = await platformAdminToken(t);
    network = await signUpOrganization(t, 'NETWORK', `Réseau des CHU de l'Ouest ${run}`);
    chuA = await signUpOrganization(t, 'HOSPITAL', `CHU de Rennes ${run}`);
    chuB = await signUpOrganization(t, 'HOSPITAL', `CHU de Brest ${run}`);
    chuC = await signUpOrganization(t, 'HOSPITAL', `CHU de Nantes ${run}`);
    buyer = await signUpOrganization(t, 'PHARMA', `Pharma curieuse ${run}`);
    await verify(t, operator, network.organizationId);
    financeKeyB = await apiKey(chuB, ['FINANCE']);
    publisherKeyC = await apiKey(chuC, ['PUBLISHER']);
  });
  afterAll(() => t.close());

  it('each hospital sees its request with its weight and the mandate; publication waits for every consent', async () => {
    const o = await networkOffering([[chuA, 50], [chuB, 30], [chuC, 20]]);

    const reqA = await pendingFor(chuA.token, o.versionId);
    expect(reqA).toMatchObject({
      offeringId: o.id, offeringVersion: 1, offeringVersionStatus: 'DRAFT', network: { id: network.organizationId, name: network.name },
      weight: 50, totalWeight: 100, position: 1, status: 'PENDING', decidedAt: null,
      mandate: { version: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(reqA.offeringTitle.fr).toBe('Entrepôt de données hospitalier : cancers du sein');
    expect(reqA.mandate.text.fr).toContain(`${chuA.name} (le Mandant)`);
    expect(reqA.mandate.text.fr).toContain('avec un poids de 50 sur un total de 100');
    expect(reqA.mandate.text.fr).toContain('au nom et pour le compte de');
    expect(reqA.mandate.text.en).toContain('in its name and on its behalf');
    expect((await pendingFor(chuC.token, o.versionId)).position).toBe(3);

    const early = await t.gql(PUBLISH, { id: o.id }, network.token);
    expect(early.errors![0].extensions.code).toBe('CONFLICT');
    expect(early.errors![0].message).toContain(`still pending: ${chuA.name}, ${chuB.name}, ${chuC.name}`);
    expect(early.errors![0].extensions.contributors).toEqual([
      { organizationId: chuA.organizationId, name: chuA.name, status: 'PENDING' },
      { organizationId: chuB.organizationId, name: chuB.name, status: 'PENDING' },
      { organizationId: chuC.organizationId, name: chuC.name, status: 'PENDING' },
    ]);

    // The answer must be to what was shown: the weight and the mandate's text.
    const wrongWeight = await t.gql(ACCEPT, { i: { offeringVersionId: o.versionId, weight: 60, mandateSha256: reqA.mandate.sha256 } }, chuA.token);
    expect(wrongWeight.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT', weight: 50 } });
    const wrongMandate = await t.gql(ACCEPT, { i: { offeringVersionId: o.versionId, weight: 50, mandateSha256: 'a'.repeat(64) } }, chuA.token);
    expect(wrongMandate.errors![0].extensions.code).toBe('CONFLICT');
    expect(wrongMandate.errors![0].message).toMatch(/billing mandate/);

    const a = await accept(chuA.token, o.versionId);
    expect(a.data.acceptContribution).toMatchObject({ status: 'ACCEPTED', weight: 50, decidedAt: expect.any(String) });
    const b = await accept(financeKeyB, o.versionId);
    expect(b.data.acceptContribution.status).toBe('ACCEPTED');
    const declined = await gqlOk(DECLINE, { i: { offeringVersionId: o.versionId, reason: 'Poids à revoir en comité' } }, chuC.token);
    expect(declined.declineContribution).toMatchObject({ status: 'DECLINED', declineReason: 'Poids à revoir en comité' });

    const stillBlocked = await t.gql(PUBLISH, { id: o.id }, network.token);
    expect(stillBlocked.errors![0].extensions.code).toBe('CONFLICT');
    expect(stillBlocked.errors![0].message).toContain(`declined: ${chuC.name}`);
    expect(stillBlocked.errors![0].message).not.toContain(chuA.name);
    expect(stillBlocked.errors![0].extensions.contributors).toEqual([{ organizationId: chuC.organizationId, name: chuC.name, status: 'DECLINED' }]);

    // The hospital changes its mind before publication.
    const declinedRequest = (await gqlOk(REQUESTS, { status: 'DECLINED' }, chuC.token)).contributionRequests.edges.map((e: any) => e.node).find((n: any) => n.offeringVersionId === o.versionId);
    expect(declinedRequest.declineReason).toBe('Poids à revoir en comité');
    await gqlOk(ACCEPT, { i: { offeringVersionId: o.versionId, weight: 20, mandateSha256: declinedRequest.mandate.sha256 } }, chuC.token);
    expect((await gqlOk(PUBLISH, { id: o.id }, network.token)).publishOffering.status).toBe('PUBLISHED');

    const shown = (await gqlOk(CONTRIBUTORS, { id: o.id }, null)).offering;
    expect(shown.contributors.map((c: any) => [c.organization.name, c.weight, c.position, c.status])).toEqual([
      [chuA.name, 50, 1, 'ACCEPTED'], [chuB.name, 30, 2, 'ACCEPTED'], [chuC.name, 20, 3, 'ACCEPTED'],
    ]);
    expect(shown.contributors.every((c: any) => typeof c.decidedAt === 'string')).toBe(true);

    // Who decided, when, with which mandate: in the contributor row and the audit trail.
    const [row] = await t.db.query(
      `SELECT decided_by_user_id, decided_by_api_key_id, mandate_version, mandate_sha256 FROM offering_contributors WHERE version_id = $1 AND organization_id = $2`,
      [o.versionId, chuA.organizationId],
    );
    expect(row).toEqual({ decided_by_user_id: chuA.userId, decided_by_api_key_id: null, mandate_version: reqA.mandate.version, mandate_sha256: reqA.mandate.sha256 });
    const audit = await t.db.query(
      `SELECT action, organization_id, actor_api_key_id IS NOT NULL AS by_key, changes->>'weight' AS weight FROM audit_log
        WHERE entity_id = $1 AND action LIKE 'offering.contribution.%' ORDER BY id`,
      [o.id],
    );
    expect(audit).toEqual([
      { action: 'offering.contribution.accepted', organization_id: chuA.organizationId, by_key: false, weight: '50' },
      { action: 'offering.contribution.accepted', organization_id: chuB.organizationId, by_key: true, weight: '30' },
      { action: 'offering.contribution.declined', organization_id: chuC.organizationId, by_key: false, weight: '20' },
      { action: 'offering.contribution.accepted', organization_id: chuC.organizationId, by_key: false, weight: '20' },
    ]);

    // What billing reads: the frozen contributors of the version.
    expect(await t.app.get(ContributionService).frozenContributors(o.versionId)).toEqual([
      { organizationId: chuA.organizationId, position: 1, weight: 50 },
      { organizationId: chuB.organizationId, position: 2, weight: 30 },
      { organizationId: chuC.organizationId, position: 3, weight: 20 },
    ]);

    // Frozen with the version: no answer changes it, and the database refuses a change.
    const late = await t.gql(DECLINE, { i: { offeringVersionId: o.versionId } }, chuA.token);
    expect(late.errors![0].extensions.code).toBe('CONFLICT');
    expect(late.errors![0].message).toMatch(/frozen/);
    await expect(t.db.query(`UPDATE offering_contributors SET weight = 99 WHERE version_id = $1`, [o.versionId])).rejects.toThrow(/frozen/);
    await expect(t.db.query(`DELETE FROM offering_contributors WHERE version_id = $1`, [o.versionId])).rejects.toThrow(/frozen/);
    await expect(t.db.query(`INSERT INTO offering_contributors (version_id, organization_id, weight, position) VALUES ($1, $2, 1, 9)`,
      [o.versionId, buyer.organizationId])).rejects.toThrow(/frozen/);
  });

  it('only the contributor\'s ADMIN or FINANCE answers; others cannot see the request', async () => {
    const o = await networkOffering([[chuA, 1], [chuC, 1]]);
    const req = await pendingFor(chuC.token, o.versionId);
    const input = { offeringVersionId: o.versionId, weight: 1, mandateSha256: req.mandate.sha256 };

    const publisher = await t.gql(ACCEPT, { i: input }, publisherKeyC);
    expect(publisher.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(publisher.errors![0].message).toMatch(/ADMIN, FINANCE/);
    expect((await gqlOk(REQUESTS, {}, publisherKeyC)).contributionRequests.totalCount).toBeGreaterThan(0);

    const stranger = await t.gql(ACCEPT, { i: input }, buyer.token);
    expect(stranger.errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await gqlOk(REQUESTS, {}, buyer.token)).contributionRequests.totalCount).toBe(0);
    // The network is not a contributor of its own list here: it cannot answer for a hospital.
    const itself = await t.gql(ACCEPT, { i: input }, network.token);
    expect(itself.errors![0].extensions.code).toBe('NOT_FOUND');
    const unknown = await t.gql(DECLINE, { i: { offeringVersionId: '00000000-0000-4000-8000-000000000000' } }, chuC.token);
    expect(unknown.errors![0].extensions.code).toBe('NOT_FOUND');
    const bad = await t.gql(ACCEPT, { i: { ...input, mandateSha256: 'not a hash' } }, chuC.token);
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a new draft keeps consents for the same weights and asks again when they change', async () => {
    const o = await networkOffering([[chuA, 2], [chuB, 1]]);
    await accept(chuA.token, o.versionId);
    await accept(chuB.token, o.versionId);
    await gqlOk(PUBLISH, { id: o.id }, network.token);

    // Same contributors and weights: the draft inherits the consents and publishes at once.
    const v2 = (await gqlOk(UPDATE, { id: o.id, i: { keywords: ['réanimation'] } }, network.token)).updateOffering;
    expect(v2.version).toBe(2);
    const draft2 = (await gqlOk(CONTRIBUTORS, { id: o.id, v: 2 }, network.token)).offering.contributors;
    expect(draft2.map((c: any) => c.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect((await gqlOk(PUBLISH, { id: o.id }, network.token)).publishOffering.version).toBe(2);

    // New weights: everyone is asked again, and version 2 stays as it was.
    const v3 = (await gqlOk(UPDATE, { id: o.id, i: { contributors: [{ organizationId: chuA.organizationId, weight: 1 }, { organizationId: chuB.organizationId, weight: 1 }] } }, network.token)).updateOffering;
    const draft3 = (await gqlOk(CONTRIBUTORS, { id: o.id, v: 3 }, network.token)).offering.contributors;
    expect(draft3.map((c: any) => [c.weight, c.status])).toEqual([[1, 'PENDING'], [1, 'PENDING']]);
    expect((await pendingFor(chuA.token, v3.versionId)).totalWeight).toBe(2);
    expect((await t.gql(PUBLISH, { id: o.id }, network.token)).errors![0].extensions.code).toBe('CONFLICT');
    const v2Shown = (await gqlOk(CONTRIBUTORS, { id: o.id, v: 2 }, null)).offering.contributors;
    expect(v2Shown.map((c: any) => [c.weight, c.status])).toEqual([[2, 'ACCEPTED'], [1, 'ACCEPTED']]);

    // An accepted consent is lost when the draft's weights change again.
    await accept(chuA.token, v3.versionId);
    await gqlOk(UPDATE, { id: o.id, i: { contributors: [{ organizationId: chuA.organizationId, weight: 3 }, { organizationId: chuB.organizationId, weight: 1 }] } }, network.token);
    const draft3b = (await gqlOk(CONTRIBUTORS, { id: o.id, v: 3 }, network.token)).offering.contributors;
    expect(draft3b.map((c: any) => [c.weight, c.status])).toEqual([[3, 'PENDING'], [1, 'PENDING']]);
    // An edit that leaves the weights alone keeps what was given.
    await accept(chuA.token, v3.versionId);
    await gqlOk(UPDATE, { id: o.id, i: { keywords: ['soins critiques'] } }, network.token);
    const draft3c = (await gqlOk(CONTRIBUTORS, { id: o.id, v: 3 }, network.token)).offering.contributors;
    expect(draft3c.map((c: any) => c.status)).toEqual(['ACCEPTED', 'PENDING']);
  });

  it('a single producer is its own contributor, weight 1, its consent given by publishing; the database refuses a publication without consent', async () => {
    const o = await createOffering(t, chuA.token);
    const draft = (await gqlOk(CONTRIBUTORS, { id: o.id }, chuA.token)).offering.contributors;
    expect(draft).toEqual([{ organizationId: chuA.organizationId, organization: { name: chuA.name }, weight: 1, position: 1, status: 'PENDING', decidedAt: null }]);
    expect((await gqlOk(REQUESTS, { status: 'PENDING' }, chuA.token)).contributionRequests.edges.map((e: any) => e.node.offeringId)).not.toContain(o.id);
    await publishOffering(t, chuA.token, o.id);
    const published = (await gqlOk(CONTRIBUTORS, { id: o.id }, chuA.token)).offering.contributors;
    expect(published).toEqual([{ organizationId: chuA.organizationId, organization: { name: chuA.name }, weight: 1, position: 1, status: 'ACCEPTED', decidedAt: expect.any(String) }]);
    expect(await t.app.get(ContributionService).frozenContributors(o.versionId)).toEqual([{ organizationId: chuA.organizationId, position: 1, weight: 1 }]);

    // A network may hold a weight itself (coordination): its own consent is its publication.
    const own = await networkOffering([[network, 1], [chuB, 4]]);
    await accept(chuB.token, own.versionId);
    expect((await gqlOk(PUBLISH, { id: own.id }, network.token)).publishOffering.status).toBe('PUBLISHED');
    expect((await gqlOk(CONTRIBUTORS, { id: own.id }, null)).offering.contributors.map((c: any) => [c.organizationId, c.status]))
      .toEqual([[network.organizationId, 'ACCEPTED'], [chuB.organizationId, 'ACCEPTED']]);

    // Whatever the code does, the database does not let a version be published without consent.
    const bypass = await networkOffering([[chuA, 1], [chuB, 1]]);
    await expect(t.db.query(`UPDATE offering_versions SET status = 'PUBLISHED' WHERE id = $1`, [bypass.versionId])).rejects.toThrow(/without consent/);
    await expect(t.app.get(ContributionService).frozenContributors(bypass.versionId)).rejects.toThrow(/draft/);
  });
});
