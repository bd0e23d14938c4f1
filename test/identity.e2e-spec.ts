import { startTestApp, TestApp, platformAdminToken } from './helpers/test-app';
import { randomSiret, signUpOrganization } from './helpers/factories';

const SIGN_UP = `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token organization { id kind verified siren } roles } }`;

function signUpInput(overrides: { organization?: Record<string, unknown>; admin?: Record<string, unknown> } = {}) {
  return {
    input: {
      organization: {
        name: 'Centre hospitalier de Démonstration', kind: 'HOSPITAL', siret: randomSiret(),
        address: { line: '2 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' }, ...overrides.organization,
      },
      admin: { email: `admin-${Math.random().toString(36).slice(2)}@ch.test`, displayName: 'Dr Admin', password: 'long-enough-password', ...overrides.admin },
    },
  };
}

describe('organisations, people and API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets an organisation sign up with its first admin, unverified', async () => {
    const vars = signUpInput();
    const res = await t.gql(SIGN_UP, vars);
    expect(res.errors).toBeUndefined();
    expect(res.data.signUpOrganization).toMatchObject({
      roles: ['ADMIN'],
      organization: { kind: 'HOSPITAL', verified: false, siren: (vars.input.organization.siret as string).slice(0, 9) },
    });
    const me = await t.gql('{ me { user { email } organization { name } roles apiKey { id } } }', {}, res.data.signUpOrganization.token);
    expect(me.data.me).toEqual({
      user: { email: vars.input.admin.email }, organization: { name: 'Centre hospitalier de Démonstration' }, roles: ['ADMIN'], apiKey: null,
    });
  });

  it('refuses an invalid SIRET, naming the field', async () => {
    const res = await t.gql(SIGN_UP, signUpInput({ organization: { siret: '26750045200012' } }));
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('input.organization.siret: must be a valid 14-digit SIRET (Luhn checksum failed or wrong length)');
    expect(res.errors![0].extensions.fields).toEqual([{ field: 'input.organization.siret', message: expect.any(String) }]);
  });

  it('requires a SIRET for a French organisation and checks the VAT number against it', async () => {
    const noSiret = await t.gql(SIGN_UP, signUpInput({ organization: { siret: null } }));
    expect(noSiret.errors![0].message).toBe('organization.siret: is required for an organisation established in France');
    const badVat = await t.gql(SIGN_UP, signUpInput({ organization: { vatNumber: 'FR00123' } }));
    expect(badVat.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' }, message: 'organization.vatNumber: is not a well-formed FR VAT number (FR, a 2-character key and the 9-digit SIREN)',
    });
  });

  it('checks the key of a French VAT number against its SIREN, and the SIREN against the SIRET', async () => {
    // SIREN 437145119: its key is (12 + 3 × (437145119 mod 97)) mod 97 = 25.
    const siret = '43714511900008';
    const wrongKey = await t.gql(SIGN_UP, signUpInput({ organization: { siret, vatNumber: 'FR26437145119' } }));
    expect(wrongKey.data).toBeNull();
    expect(wrongKey.errors![0]).toMatchObject({
      message: 'organization.vatNumber: the key 26 does not match the SIREN 437145119: its key is 25 (FR25437145119)',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'organization.vatNumber', message: expect.stringContaining('its key is 25') }] },
    });
    const otherSiren = await t.gql(SIGN_UP, signUpInput({ organization: { vatNumber: 'FR25437145119' } }));
    expect(otherSiren.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'organization.vatNumber', message: expect.stringMatching(/^must end with the organisation's SIREN \d{9} \(the number given carries 437145119\)$/) }] },
    });
    const right = await t.gql(`mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { organization { siren vatNumber } } }`,
      signUpInput({ organization: { siret, vatNumber: 'FR 25 437 145 119' } }));
    expect(right.errors).toBeUndefined();
    expect(right.data.signUpOrganization.organization).toEqual({ siren: '437145119', vatNumber: 'FR25437145119' });
  });

  it('answers an unknown enum value with BAD_USER_INPUT naming the value', async () => {
    const res = await t.gql(SIGN_UP, signUpInput({ organization: { kind: 'CASINO' } }));
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/"CASINO".*OrganizationKind|OrganizationKind.*CASINO/);
  });

  it('answers a missing field with BAD_USER_INPUT naming it', async () => {
    const vars = signUpInput();
    delete (vars.input.admin as Record<string, unknown>).password;
    const res = await t.gql(SIGN_UP, vars);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/Field "password" of required type "String!" was not provided/);
  });

  it('answers oversized strings with BAD_USER_INPUT naming the field', async () => {
    const res = await t.gql(SIGN_UP, signUpInput({ organization: { name: 'x'.repeat(201) }, admin: { password: 'short' } }));
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.fields).toEqual([
      { field: 'input.organization.name', message: 'must be shorter than or equal to 200 characters' },
      { field: 'input.admin.password', message: 'must be longer than or equal to 12 characters' },
    ]);
  });

  it('refuses a second organisation with the same SIRET, and PLATFORM sign-ups', async () => {
    const vars = signUpInput();
    await t.gql(SIGN_UP, vars);
    const again = await t.gql(SIGN_UP, signUpInput({ organization: { siret: vars.input.organization.siret } }));
    expect(again.errors![0].extensions.code).toBe('CONFLICT');
    const platform = await t.gql(SIGN_UP, signUpInput({ organization: { kind: 'PLATFORM' } }));
    expect(platform.errors![0].message).toMatch(/PLATFORM organisations cannot sign up/);
  });

  it('signs in, and does not tell a wrong password from an unknown email', async () => {
    const org = await signUpOrganization(t, 'PHARMA');
    const ok = await t.gql(`mutation($e: String!) { signIn(input: { email: $e, password: "a-long-enough-password" }) { token roles } }`, { e: org.email });
    expect(ok.data.signIn.roles).toEqual(['ADMIN']);
    const wrong = await t.gql(`mutation($e: String!) { signIn(input: { email: $e, password: "not-the-password" }) { token } }`, { e: org.email });
    const unknown = await t.gql(`mutation { signIn(input: { email: "nobody@nowhere.test", password: "not-the-password" }) { token } }`);
    expect(wrong.errors![0]).toMatchObject({ message: 'Email or password is wrong', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
    const out = await t.gql('mutation { signOut }', {}, ok.data.signIn.token);
    expect(out.data.signOut).toBe(true);
    expect((await t.gql('{ me { roles } }', {}, ok.data.signIn.token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('issues API keys shown once, stored hashed, scoped to one organisation, revocable', async () => {
    const org = await signUpOrganization(t, 'PHARMA');
    const created = await t.gql(`mutation { createApiKey(input: { name: "ETL", roles: [BUYER] }) { secret apiKey { id hint roles } } }`, {}, org.token);
    const { secret, apiKey } = created.data.createApiKey;
    expect(secret).toMatch(/^hdm_key_/);
    expect(secret.startsWith(apiKey.hint)).toBe(true);
    const [row] = await t.db.query('SELECT token_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(row.token_hash).not.toContain(secret.slice(8));
    const me = await t.gql('{ me { user { id } apiKey { id } organization { id } roles } }', {}, secret);
    expect(me.data.me).toEqual({ user: null, apiKey: { id: apiKey.id }, organization: { id: org.organizationId }, roles: ['BUYER'] });
    // The key holds BUYER only: it cannot manage keys.
    const denied = await t.gql(`mutation { createApiKey(input: { name: "x", roles: [ADMIN] }) { secret } }`, {}, secret);
    expect(denied.errors![0].extensions.code).toBe('FORBIDDEN');
    const list = await t.gql('{ apiKeys { totalCount edges { node { id name } } } }', {}, org.token);
    expect(list.data.apiKeys.totalCount).toBe(1);
    const revoked = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, org.token);
    expect(revoked.data.revokeApiKey.revokedAt).toBeTruthy();
    expect((await t.gql('{ me { roles } }', {}, secret)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    // Another organisation cannot revoke it (it does not even see it).
    const other = await signUpOrganization(t, 'STARTUP');
    const foreign = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: apiKey.id }, other.token);
    expect(foreign.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses roles that do not fit the organisation kind', async () => {
    const buyer = await signUpOrganization(t, 'ACADEMIC');
    const res = await t.gql(`mutation { createApiKey(input: { name: "x", roles: [PUBLISHER] }) { secret } }`, {}, buyer.token);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors![0].message).toMatch(/PUBLISHER cannot be held in a ACADEMIC organisation/);
  });

  it('invites members, changes their roles and protects the last admin', async () => {
    const org = await signUpOrganization(t, 'REGISTRY');
    const inv = await t.gql(`mutation { inviteMember(input: { email: "Legal@Registry.test", roles: [LEGAL] }) { token invitation { email roles } } }`, {}, org.token);
    expect(inv.data.inviteMember.invitation).toEqual({ email: 'legal@registry.test', roles: ['LEGAL'] });
    const joined = await t.gql(`mutation($t: String!) { acceptInvitation(input: { token: $t, displayName: "Me Juriste", password: "another-long-password" }) { token roles user { id } organization { id } } }`, { t: inv.data.inviteMember.token });
    expect(joined.data.acceptInvitation).toMatchObject({ roles: ['LEGAL'], organization: { id: org.organizationId } });
    const reuse = await t.gql(`mutation($t: String!) { acceptInvitation(input: { token: $t, displayName: "x", password: "another-long-password" }) { token } }`, { t: inv.data.inviteMember.token });
    expect(reuse.errors![0].extensions.code).toBe('CONFLICT');

    const legalToken = joined.data.acceptInvitation.token;
    const notAdmin = await t.gql(`mutation { inviteMember(input: { email: "x@y.test", roles: [LEGAL] }) { token } }`, {}, legalToken);
    expect(notAdmin.errors![0].extensions.code).toBe('FORBIDDEN');

    const members = await t.gql('{ members { totalCount edges { node { roles user { email } } } } }', {}, org.token);
    expect(members.data.members.totalCount).toBe(2);
    expect(members.data.members.edges.map((e: any) => e.node.user.email)).toEqual([org.email, 'legal@registry.test']);

    const lastAdmin = await t.gql(`mutation($u: ID!) { updateMemberRoles(input: { userId: $u, roles: [LEGAL] }) { roles } }`, { u: org.userId }, org.token);
    expect(lastAdmin.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(lastAdmin.errors![0].message).toMatch(/last ADMIN/);

    const promoted = await t.gql(`mutation($u: ID!) { updateMemberRoles(input: { userId: $u, roles: [LEGAL, SIGNER] }) { roles } }`, { u: joined.data.acceptInvitation.user.id }, org.token);
    expect(promoted.data.updateMemberRoles.roles).toEqual(['LEGAL', 'SIGNER']);
    const removed = await t.gql(`mutation($u: ID!) { removeMember(userId: $u) }`, { u: joined.data.acceptInvitation.user.id }, org.token);
    expect(removed.data.removeMember).toBe(true);
    expect((await t.gql('{ me { roles } }', {}, legalToken)).errors![0].extensions.code).toBe('UNAUTHENTICATED');

    const audit = await t.db.query(`SELECT action FROM audit_log WHERE organization_id = $1 ORDER BY id`, [org.organizationId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'organization.signed_up', 'member.invited', 'member.joined', 'member.roles_changed', 'member.removed',
    ]);
    const trail = await t.gql('{ auditTrail(first: 3) { totalCount edges { node { action entityType actorUserId changes } } } }', {}, org.token);
    expect(trail.data.auditTrail.totalCount).toBe(5);
    expect(trail.data.auditTrail.edges[0].node).toMatchObject({ action: 'member.removed', entityType: 'Membership', actorUserId: org.userId });
    expect(trail.data.auditTrail.edges[1].node.changes).toEqual({ userId: expect.any(String), before: ['LEGAL'], after: ['LEGAL', 'SIGNER'] });
  });

  it('lets only the platform operator verify organisations', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const self = await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, { id: org.organizationId }, org.token);
    expect(self.errors![0].extensions.code).toBe('FORBIDDEN');
    const operator = await platformAdminToken(t);
    // Oldest first, and other specs leave unverified hospitals too: the new one is on the last page.
    const pending: string[] = [];
    for (let after: string | null = null, more = true; more;) {
      const page: any = (await t.gql(`query($after: String) { organizations(verified: false, kind: HOSPITAL, first: 100, after: $after) {
        edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after }, operator)).data.organizations;
      pending.push(...page.edges.map((e: any) => e.node.id));
      ({ hasNextPage: more, endCursor: after } = page.pageInfo);
    }
    expect(pending).toContain(org.organizationId);
    const ok = await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified verifiedAt } }`, { id: org.organizationId }, operator);
    expect(ok.data.verifyOrganization.verified).toBe(true);
    const twice = await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, { id: org.organizationId }, operator);
    expect(twice.errors![0].extensions.code).toBe('CONFLICT');
  });
});
