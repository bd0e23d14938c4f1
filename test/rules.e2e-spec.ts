// Rules a client cannot walk around, whatever credential it uses.
import request from 'supertest';
import { createOffering, signUpOrganization, verify } from './helpers/factories';
import { CONSENT, Market, SIGN, gqlOk, issuedAgreement, member, openMarket } from './helpers/market';
import { startTestApp, TestApp } from './helpers/test-app';

const ME = '{ me { organization { id } roles } }';
const ROLES = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;

describe('rules that hold whatever the credential', () => {
  let t: TestApp;
  let market: Market;
  const run = Date.now().toString(36);
  beforeAll(async () => {
    t = await startTestApp();
    market = await openMarket(t, run, { hospital: `CHU des Règles ${run}`, pharma: `Laboratoires Règles ${run}` });
  });
  afterAll(() => t.close());

  it('a signature is a person\'s act: an API key, even with the SIGNER role, cannot sign', async () => {
    const { agreementId } = await issuedAgreement(t, market);
    const key = (await gqlOk(t, `mutation { createApiKey(input: { name: "signature", roles: [SIGNER] }) { secret } }`, {}, market.pharma.token)).createApiKey.secret;
    const byKey = await t.gql(SIGN, { id: agreementId, text: CONSENT }, key);
    expect(byKey.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(byKey.errors![0].message).toMatch(/sign in \(signIn\) as a member with the SIGNER role/);
    const bySession = await gqlOk(t, SIGN, { id: agreementId, text: CONSENT }, market.pharma.token);
    expect(bySession.signAgreement.signatures).toEqual([expect.objectContaining({ side: 'BUYER' })]);
  });

  it('a removed member\'s API keys are revoked with them, and a key never outlives its creator\'s membership', async () => {
    const org = await signUpOrganization(t, 'STARTUP');
    const admin2 = await member(t, org, ['ADMIN'], `admin2.${run}@startup.test`, 'Second admin');
    const key = (await gqlOk(t, `mutation { createApiKey(input: { name: "etl", roles: [BUYER] }) { secret apiKey { id } } }`, {}, admin2.token)).createApiKey;
    expect((await t.gql(ME, {}, key.secret)).data.me.organization.id).toBe(org.organizationId);
    await gqlOk(t, `mutation($u: ID!) { removeMember(userId: $u) }`, { u: admin2.userId }, org.token);
    const after = await t.gql(ME, {}, key.secret);
    expect(after.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const keys = await gqlOk(t, `{ apiKeys { edges { node { id revokedAt } } } }`, {}, org.token);
    expect(keys.apiKeys.edges.find((e: any) => e.node.id === key.apiKey.id).node.revokedAt).not.toBeNull();

    // A key whose creator left before keys were revoked on removal is refused all the same.
    const admin3 = await member(t, org, ['ADMIN'], `admin3.${run}@startup.test`, 'Third admin');
    const old = (await gqlOk(t, `mutation { createApiKey(input: { name: "old", roles: [BUYER] }) { secret } }`, {}, admin3.token)).createApiKey.secret;
    await t.db.query(`DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2`, [admin3.userId, org.organizationId]);
    const refused = await t.gql(ME, {}, old);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/creator is no longer a member/) });

    // A key created with a key acts for the member behind the first one.
    const adminKey = (await gqlOk(t, `mutation { createApiKey(input: { name: "admin", roles: [ADMIN] }) { secret } }`, {}, org.token)).createApiKey.secret;
    const second = (await gqlOk(t, `mutation { createApiKey(input: { name: "by key", roles: [BUYER] }) { apiKey { id } } }`, {}, adminKey)).createApiKey.apiKey.id;
    const [{ created_by }] = await t.db.query(`SELECT created_by FROM api_keys WHERE id = $1`, [second]);
    expect(created_by).toBe(org.userId);
  });

  it('the second LEGAL member is another person, whatever credential the author used', async () => {
    const hospital = market.hospital;
    await gqlOk(t, ROLES, { u: hospital.userId, r: ['ADMIN', 'PUBLISHER', 'SIGNER', 'LEGAL'] }, hospital.token);
    const reviewer = await member(t, hospital, ['LEGAL'], `legal.${run}@chu.test`, 'Juriste relectrice');
    const key = (await gqlOk(t, `mutation { createApiKey(input: { name: "legal", roles: [LEGAL] }) { secret } }`, {}, hospital.token)).createApiKey.secret;
    const fork = (await gqlOk(t, `mutation($id: ID!, $key: String!) { forkLicenceTemplate(standardVersionId: $id, key: $key) { id } }`, { id: market.licenceId, key: `regles-${run}` }, key)).forkLicenceTemplate;
    await gqlOk(t, `mutation($v: ID!) { submitLicenceForReview(versionId: $v) { id } }`, { v: fork.id }, key);
    const own = await t.gql(`mutation($v: ID!) { publishLicenceVersion(versionId: $v) { status } }`, { v: fork.id }, hospital.token);
    expect(own.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/you submitted version 1.0.0/) });
    const byOther = await gqlOk(t, `mutation($v: ID!) { publishLicenceVersion(versionId: $v) { status submittedBy { id } } }`, { v: fork.id }, reviewer.token);
    expect(byOther.publishLicenceVersion).toEqual({ status: 'PUBLISHED', submittedBy: { id: hospital.userId } });
  });

  it('the signer\'s IP comes from the socket, or from X-Forwarded-For only when TRUST_PROXY names the proxy', async () => {
    const signedFrom = async (app: TestApp, forwarded: string) => {
      const { agreementId } = await issuedAgreement(app, market);
      const res = await request(app.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${market.pharma.token}`)
        .set('x-forwarded-for', forwarded).send({ query: SIGN, variables: { id: agreementId, text: CONSENT } });
      return res.body.data.signAgreement.signatures[0].ip as string;
    };
    expect(await signedFrom(t, '203.0.113.9')).toMatch(/127\.0\.0\.1|::1/);
    const behindProxy = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      expect(await signedFrom(behindProxy, '203.0.113.9')).toBe('203.0.113.9');
    } finally {
      await behindProxy.close();
    }
  });

  it('publishing before the producer is verified says that nobody else sees the offering yet', async () => {
    const clinic = await signUpOrganization(t, 'HOSPITAL');
    const offering = await createOffering(t, clinic.token);
    const PUBLISH = `mutation($id: ID!) { publishOffering(id: $id) { offeringStatus publiclyVisible visibilityNotice } }`;
    const published = (await gqlOk(t, PUBLISH, { id: offering.id }, clinic.token)).publishOffering;
    expect(published).toEqual({
      offeringStatus: 'PUBLISHED', publiclyVisible: false,
      visibilityNotice: expect.stringMatching(/^Published, but not in the public catalog until the platform operator verifies/),
    });
    await verify(t, market.operator, clinic.organizationId);
    const after = await gqlOk(t, `query($id: ID!) { offering(id: $id) { publiclyVisible visibilityNotice } }`, { id: offering.id }, null);
    expect(after.offering).toEqual({ publiclyVisible: true, visibilityNotice: null });
  });
});
