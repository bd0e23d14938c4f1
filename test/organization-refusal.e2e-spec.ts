import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

const REFUSE = `mutation($id: ID!, $reason: String!) {
  refuseOrganization(organizationId: $id, reason: $reason) { id verified verificationStatus refusal { reason refusedAt } }
}`;
const SEEN = `query($id: ID!) { organization(id: $id) { id verified verificationStatus refusal { reason } } }`;
const REASON = 'Le SIRET déclaré appartient à un établissement fermé : indiquez le SIRET de l’établissement en activité.';

describe('the platform operator refuses to verify an organisation, with a reason', () => {
  let t: TestApp;
  let operator: string;
  let hospital: OrgSession;
  let other: OrgSession;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await platformAdminToken(t);
    hospital = await signUpOrganization(t, 'HOSPITAL');
    other = await signUpOrganization(t, 'PHARMA');
  });
  afterAll(() => t.close());

  it('refuses anonymous callers, the organisation itself and any other organisation', async () => {
    const anonymous = await t.gql(REFUSE, { id: hospital.organizationId, reason: REASON });
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    for (const token of [hospital.token, other.token]) {
      const res = await t.gql(REFUSE, { id: hospital.organizationId, reason: REASON }, token);
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    const seen = await t.gql(SEEN, { id: hospital.organizationId }, hospital.token);
    expect(seen.data.organization).toEqual({ id: hospital.organizationId, verified: false, verificationStatus: 'PENDING', refusal: null });
  });

  it('wants a reason: not blank, at most 1,000 characters, named on the reason field', async () => {
    for (const reason of ['', '   \n ', 'x'.repeat(1001)]) {
      const res = await t.gql(REFUSE, { id: hospital.organizationId, reason }, operator);
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions.fields).toEqual([{ field: 'reason', message: expect.stringMatching(/reason/i) }]);
    }
    const unknown = await t.gql(REFUSE, { id: '00000000-0000-4000-8000-000000000000', reason: REASON }, operator);
    expect(unknown.errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(SEEN, { id: hospital.organizationId }, operator)).data.organization.verificationStatus).toBe('PENDING');
  });

  it('records the refusal: its members read why, others see an unverified organisation, the audit trail keeps the reason', async () => {
    const res = await t.gql(REFUSE, { id: hospital.organizationId, reason: `  ${REASON}  ` }, operator);
    expect(res.errors).toBeUndefined();
    expect(res.data.refuseOrganization).toMatchObject({ verified: false, verificationStatus: 'REFUSED', refusal: { reason: REASON } });

    const me = await t.gql(`{ me { organization { verificationStatus refusal { reason refusedAt } } } }`, {}, hospital.token);
    expect(me.data.me.organization.verificationStatus).toBe('REFUSED');
    expect(me.data.me.organization.refusal.reason).toBe(REASON);
    expect(Date.parse(me.data.me.organization.refusal.refusedAt)).toBeGreaterThan(Date.now() - 60_000);

    for (const token of [other.token, null]) {
      const seen = await t.gql(SEEN, { id: hospital.organizationId }, token);
      expect(seen.data.organization).toEqual({ id: hospital.organizationId, verified: false, verificationStatus: 'PENDING', refusal: null });
    }

    const listed = async (status: string) => {
      const ids: string[] = [];
      for (let after: string | null = null, more = true; more;) {
        const page: any = (await t.gql(`query($s: OrganizationVerificationStatus, $after: String) { organizations(verificationStatus: $s, first: 100, after: $after) {
          edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { s: status, after }, operator)).data.organizations;
        ids.push(...page.edges.map((e: any) => e.node.id));
        ({ hasNextPage: more, endCursor: after } = page.pageInfo);
      }
      return ids;
    };
    expect(await listed('REFUSED')).toContain(hospital.organizationId);
    expect(await listed('PENDING')).not.toContain(hospital.organizationId);
    expect(await listed('PENDING')).toContain(other.organizationId);

    const audit = await t.gql(`query($id: String) { auditTrail(entityType: "Organization", entityId: $id) { edges { node { action changes } } } }`, { id: hospital.organizationId }, operator);
    expect(audit.data.auditTrail.edges.map((e: any) => e.node)).toContainEqual({ action: 'organization.refused', changes: { reason: REASON } });
  });

  it('refuses again with a new reason, then verifies once fixed; a verified organisation is not refused', async () => {
    const again = await t.gql(REFUSE, { id: hospital.organizationId, reason: 'Joignez l’extrait Kbis de moins de trois mois.' }, operator);
    expect(again.data.refuseOrganization.refusal.reason).toBe('Joignez l’extrait Kbis de moins de trois mois.');
    const verified = await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified verificationStatus refusal { reason } } }`, { id: hospital.organizationId }, operator);
    expect(verified.data.verifyOrganization).toEqual({ verified: true, verificationStatus: 'VERIFIED', refusal: null });
    const me = await t.gql(`{ me { organization { verificationStatus refusal { reason } } } }`, {}, hospital.token);
    expect(me.data.me.organization).toEqual({ verificationStatus: 'VERIFIED', refusal: null });
    const late = await t.gql(REFUSE, { id: hospital.organizationId, reason: REASON }, operator);
    expect(late.errors![0].extensions.code).toBe('CONFLICT');
    expect(late.errors![0].message).toMatch(/already verified/);
  });
});
