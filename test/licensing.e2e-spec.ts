import { pdfText, squash } from '@app/documents';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parisDay } from '@app/core/kernel';
import { exampleValues, loadTemplateFile } from '@app/licensing';
import { startTestApp, TestApp, platformAdminToken } from './helpers/test-app';
import { OrgSession, createOffering, publishOffering, signUpOrganization, verify } from './helpers/factories';

const TEMPLATES_DIR = resolve(__dirname, '../contracts-templates');
const INVALID_FIXTURES = resolve(__dirname, '../libs/licensing/src/engine/__fixtures__/invalid');

const VERSION_FIELDS = `id key family version status hash isStandard
  clauses { id mode title { fr en } text { fr en } editable }
  basedOn { id key version }`;

const FORK = `mutation($id: ID!, $key: String!) { forkLicenceTemplate(standardVersionId: $id, key: $key) { ${VERSION_FIELDS} } }`;
const EDIT = `mutation($v: ID!, $c: String!, $input: EditLicenceClauseInput!) {
  editLicenceClause(versionId: $v, clauseId: $c, input: $input) { ${VERSION_FIELDS} }
}`;
const SUBMIT = `mutation($v: ID!) { submitLicenceForReview(versionId: $v) { id status submittedAt } }`;
const PUBLISH = `mutation($v: ID!) { publishLicenceVersion(versionId: $v) { id status hash publishedAt submittedBy { email } publishedBy { email } } }`;
const VERSION = `query($id: ID!) { licenceTemplateVersion(id: $id) { ${VERSION_FIELDS} } }`;
const DIFF = `query($from: ID!, $to: ID!) {
  licenceTemplateDiff(fromVersionId: $from, toVersionId: $to) {
    clauseId change modeChanged titleChanged textChanged positionBefore positionAfter
    textRedline { fr { kind text } en { kind text } }
  }
}`;
const RENDER = `query($v: ID!, $vars: JSONObject!, $locale: LicenceLocale, $overrides: [LicenceClauseOverrideInput!]) {
  renderLicence(versionId: $v, variables: $vars, locale: $locale, overrides: $overrides) {
    templateKey templateVersion templateHash variablesHash locale title clauses { number id mode title body deviates }
  }
}`;

const NEW_PUBLICATION = {
  fr: 'Le Bénéficiaire publie les Résultats du Projet dans un délai de douze mois à compter de la fin du traitement des Données.',
  en: 'The Recipient publishes the Results of the Project within twelve months of the end of the processing of the Data.',
};

async function member(t: TestApp, admin: OrgSession, roles: string[], email: string): Promise<{ token: string; email: string }> {
  const inv = await t.gql(`mutation($e: String!, $r: [Role!]!) { inviteMember(input: { email: $e, roles: $r }) { token } }`, { e: email, r: roles }, admin.token);
  if (inv.errors) throw new Error(JSON.stringify(inv.errors));
  const joined = await t.gql(
    `mutation($t: String!) { acceptInvitation(input: { token: $t, displayName: "Juriste", password: "a-long-enough-password" }) { token } }`,
    { t: inv.data.inviteMember.token },
  );
  if (joined.errors) throw new Error(JSON.stringify(joined.errors));
  return { token: joined.data.acceptInvitation.token, email };
}

async function standardVersionId(t: TestApp, key: string): Promise<string> {
  const res = await t.gql(`{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`);
  return res.data.licenceTemplates.edges.find((e: any) => e.node.key === key).node.latestVersion.id;
}

describe('standard licences: forks, review, diff, rendering and previews', () => {
  let t: TestApp;
  let operator: string;
  let hospital: OrgSession;
  let buyer: OrgSession;
  let legal1: { token: string; email: string };
  let legal2: { token: string; email: string };
  let academicId: string;
  let forkId: string;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    t = await startTestApp();
    operator = await platformAdminToken(t);
    hospital = await signUpOrganization(t, 'HOSPITAL', `CHU de Valmont ${run}`);
    buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires Aubrac ${run}`);
    await verify(t, operator, hospital.organizationId);
    legal1 = await member(t, hospital, ['LEGAL'], `legal1.${run}@chu.test`);
    legal2 = await member(t, hospital, ['LEGAL', 'SIGNER'], `legal2.${run}@chu.test`);
    academicId = await standardVersionId(t, 'academic-research');
  });
  afterAll(() => t.close());

  it('lists the standard templates to anyone, without a token', async () => {
    const res = await t.gql(`{
      licenceTemplates(filter: { standard: true }) {
        totalCount
        edges { node { key family isStandard organization { id } latestVersion { version status isStandard hash clauses { id } } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.licenceTemplates.edges.map((e: any) => e.node);
    expect(res.data.licenceTemplates.totalCount).toBe(5);
    expect(nodes.map((n: any) => [n.key, n.family])).toEqual([
      ['academic-research', 'ACADEMIC_RESEARCH'],
      ['ai-model-training', 'AI_TRAINING'],
      ['commercial-research', 'COMMERCIAL_RESEARCH'],
      ['public-health', 'PUBLIC_HEALTH'],
      ['secure-environment-access', 'SECURE_ENVIRONMENT'],
    ]);
    for (const n of nodes) {
      expect(n).toMatchObject({ isStandard: true, organization: null, latestVersion: { version: '1.0.0', status: 'PUBLISHED', isStandard: true } });
      expect(n.latestVersion.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const academic = loadTemplateFile(join(TEMPLATES_DIR, 'academic-research.yaml'));
    expect(nodes[0].latestVersion.clauses.map((c: any) => c.id)).toEqual(academic.clauses.map((c) => c.id));
  });

  it('a legal team forks, edits a negotiable clause, is refused on a locked one, and publishes with a second member\'s approval', async () => {
    const forked = await t.gql(FORK, { id: academicId, key: `chu-academic-${run}` }, legal1.token);
    expect(forked.errors).toBeUndefined();
    const fork = forked.data.forkLicenceTemplate;
    forkId = fork.id;
    expect(fork).toMatchObject({
      key: `chu-academic-${run}`, family: 'ACADEMIC_RESEARCH', version: '1.0.0', status: 'DRAFT', isStandard: false,
      basedOn: { id: academicId, key: 'academic-research', version: '1.0.0' },
    });

    const edited = await t.gql(EDIT, { v: forkId, c: 'publication', input: { text: NEW_PUBLICATION } }, legal1.token);
    expect(edited.errors).toBeUndefined();
    expect(edited.data.editLicenceClause.id).toBe(forkId); // a draft is edited in place
    expect(edited.data.editLicenceClause.clauses.find((c: any) => c.id === 'publication').text).toEqual(NEW_PUBLICATION);

    const before = (await t.gql(VERSION, { id: forkId }, legal1.token)).data.licenceTemplateVersion;
    const locked = await t.gql(EDIT, { v: forkId, c: 're-identification-ban', input: { text: { fr: 'Le Bénéficiaire évite de réidentifier.' } } }, legal1.token);
    expect(locked.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', clauseId: 're-identification-ban' });
    expect(locked.errors![0].message).toMatch(/^Clause 're-identification-ban' is locked: its text cannot be changed \(fr\)/);
    const removal = await t.gql(`mutation($v: ID!) { removeLicenceClause(versionId: $v, clauseId: "governing-law") { id } }`, { v: forkId }, legal1.token);
    expect(removal.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(removal.errors![0].message).toMatch(/^Clause 'governing-law' is locked: it cannot be removed/);
    expect((await t.gql(VERSION, { id: forkId }, legal1.token)).data.licenceTemplateVersion).toEqual(before); // nothing saved

    const added = await t.gql(`mutation($v: ID!, $input: AddLicenceClauseInput!) { addLicenceClause(versionId: $v, input: $input) { clauses { id mode } } }`, {
      v: forkId,
      input: {
        id: 'data-protection-officer', mode: 'LOCKED', after: 'data-protection',
        title: { fr: 'Délégué à la protection des données', en: 'Data protection officer' },
        text: { fr: 'Le délégué de {{producer.name}} répond aux questions du Bénéficiaire.', en: 'The DPO of {{producer.name}} answers the Recipient.' },
      },
    }, legal1.token);
    expect(added.errors).toBeUndefined();
    const ids = added.data.addLicenceClause.clauses.map((c: any) => c.id);
    expect(ids.slice(ids.indexOf('data-protection'), ids.indexOf('data-protection') + 2)).toEqual(['data-protection', 'data-protection-officer']);
    const removed = await t.gql(`mutation($v: ID!) { removeLicenceClause(versionId: $v, clauseId: "data-protection-officer") { clauses { id } } }`, { v: forkId }, legal1.token);
    expect(removed.data.removeLicenceClause.clauses.map((c: any) => c.id)).not.toContain('data-protection-officer');

    const badDefault = await t.gql(`mutation($v: ID!) { setLicenceVariableDefault(versionId: $v, name: "durationMonths", value: 120) { id } }`, { v: forkId }, legal1.token);
    expect(badDefault.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badDefault.errors![0].message).toMatch(/durationMonths.*must be between 1 and 60 \(got 120\)/);
    const goodDefault = await t.gql(`mutation($v: ID!) { setLicenceVariableDefault(versionId: $v, name: "durationMonths", value: 36) { variables { name default } } }`, { v: forkId }, legal1.token);
    expect(goodDefault.data.setLicenceVariableDefault.variables.find((v: any) => v.name === 'durationMonths').default).toBe(36);

    const early = await t.gql(PUBLISH, { v: forkId }, legal2.token);
    expect(early.errors![0].extensions).toMatchObject({ code: 'CONFLICT', status: 'DRAFT' });
    expect(early.errors![0].message).toMatch(/is DRAFT: it cannot be published\. Allowed from DRAFT: .*submitLicenceForReview/);

    const submitted = await t.gql(SUBMIT, { v: forkId }, legal1.token);
    expect(submitted.data.submitLicenceForReview.status).toBe('IN_REVIEW');
    const frozen = await t.gql(EDIT, { v: forkId, c: 'publication', input: { text: { fr: 'Autre texte.' } } }, legal1.token);
    expect(frozen.errors![0].extensions.code).toBe('CONFLICT');
    expect(frozen.errors![0].message).toMatch(/is IN_REVIEW: it cannot be edited\. Allowed from IN_REVIEW: publish it/);

    const selfApproval = await t.gql(PUBLISH, { v: forkId }, legal1.token);
    expect(selfApproval.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(selfApproval.errors![0].message).toMatch(/a second LEGAL member must approve/i);

    const published = await t.gql(PUBLISH, { v: forkId }, legal2.token);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishLicenceVersion).toMatchObject({
      id: forkId, status: 'PUBLISHED', submittedBy: { email: legal1.email }, publishedBy: { email: legal2.email },
    });
    const again = await t.gql(PUBLISH, { v: forkId }, legal2.token);
    expect(again.errors![0].message).toMatch(/is PUBLISHED: it cannot be published\. Allowed from PUBLISHED: deprecate it/);

    const audit = await t.db.query(`SELECT action FROM audit_log WHERE organization_id = $1 AND action LIKE 'licence_template.%' ORDER BY id`, [hospital.organizationId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'licence_template.forked', 'licence_template.clause_edited', 'licence_template.clause_added', 'licence_template.clause_removed',
      'licence_template.variable_default_set', 'licence_template.submitted', 'licence_template.published',
    ]);
  });

  it('the diff between the standard and the fork shows exactly the edited clause, in both languages', async () => {
    const res = await t.gql(DIFF, { from: academicId, to: forkId }, legal1.token);
    expect(res.errors).toBeUndefined();
    const diff = res.data.licenceTemplateDiff;
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatchObject({ clauseId: 'publication', change: 'CHANGED', modeChanged: false, titleChanged: false, textChanged: true });
    expect(diff[0].positionBefore).toBe(diff[0].positionAfter);
    for (const locale of ['fr', 'en'] as const) {
      const segments: { kind: string; text: string }[] = diff[0].textRedline[locale];
      const after = segments.filter((s) => s.kind !== 'DELETE').map((s) => s.text).join('');
      expect(after).toBe(NEW_PUBLICATION[locale]);
      expect(segments.some((s) => s.kind === 'INSERT')).toBe(true);
      expect(segments.some((s) => s.kind === 'DELETE')).toBe(true);
    }
    expect(diff[0].textRedline.fr.filter((s: any) => s.kind === 'INSERT').map((s: any) => s.text).join('')).toContain('douze');
  });

  it('a published version is immutable: an edit starts the next minor version, and the database refuses changes in place', async () => {
    const res = await t.gql(EDIT, { v: forkId, c: 'acknowledgement', input: { title: { en: 'Acknowledgements' } } }, legal1.token);
    expect(res.errors).toBeUndefined();
    const next = res.data.editLicenceClause;
    expect(next).toMatchObject({ version: '1.1.0', status: 'DRAFT', key: `chu-academic-${run}` });
    expect(next.id).not.toBe(forkId);
    const second = await t.gql(EDIT, { v: forkId, c: 'acknowledgement', input: { title: { en: 'Thanks' } } }, legal1.token);
    expect(second.errors![0].extensions.code).toBe('CONFLICT');
    expect(second.errors![0].message).toMatch(/already has version 1\.1\.0 in DRAFT/);

    const diff = (await t.gql(DIFF, { from: forkId, to: next.id }, legal1.token)).data.licenceTemplateDiff;
    expect(diff.map((d: any) => [d.clauseId, d.change, d.titleChanged, d.textChanged])).toEqual([['acknowledgement', 'CHANGED', true, false]]);

    await expect(t.db.query(`UPDATE licence_template_versions SET definition = definition || '{"title":{"fr":"x","en":"y"}}' WHERE id = $1`, [forkId]))
      .rejects.toThrow(/is PUBLISHED and immutable/);
    const versions = await t.gql(`query($id: ID!) { licenceTemplateVersion(id: $id) { template { versions { version status } latestVersion { id } } } }`, { id: forkId }, legal1.token);
    expect(versions.data.licenceTemplateVersion.template).toEqual({
      versions: [{ version: '1.1.0', status: 'DRAFT' }, { version: '1.0.0', status: 'PUBLISHED' }],
      latestVersion: { id: next.id },
    });
  });

  it('only LEGAL members edit templates, and standard templates are never edited in place', async () => {
    const byAdmin = await t.gql(FORK, { id: academicId, key: `admin-fork-${run}` }, hospital.token);
    expect(byAdmin.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(byAdmin.errors![0].message).toMatch(/needs one of the roles LEGAL/);
    const editByAdmin = await t.gql(EDIT, { v: forkId, c: 'publication', input: { text: { fr: 'x' } } }, hospital.token);
    expect(editByAdmin.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(editByAdmin.errors![0].message).toMatch(/LEGAL/);
    const standard = await t.gql(EDIT, { v: academicId, c: 'publication', input: { text: { fr: 'x' } } }, legal1.token);
    expect(standard.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(standard.errors![0].message).toMatch(/standard template: it is never edited in place; fork it/);
    const anonymous = await t.gql(FORK, { id: academicId, key: `anon-${run}` });
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('another organisation cannot see a draft fork', async () => {
    const draft = (await t.gql(FORK, { id: academicId, key: `secret-draft-${run}` }, legal1.token)).data.forkLicenceTemplate;
    for (const token of [buyer.token, null]) {
      const res = await t.gql(VERSION, { id: draft.id }, token);
      expect(res.errors![0].extensions.code).toBe('NOT_FOUND');
      expect(res.errors![0].message).toBe(`LicenceTemplateVersion "${draft.id}" was not found or is not visible to your organisation`);
      const diff = await t.gql(DIFF, { from: academicId, to: draft.id }, token);
      expect(diff.errors![0].extensions.code).toBe('NOT_FOUND');
    }
    const edit = await t.gql(EDIT, { v: draft.id, c: 'publication', input: { text: { fr: 'x' } } }, buyer.token);
    expect(edit.errors![0].extensions.code).toBe('FORBIDDEN'); // the buyer's token has no LEGAL role
    // Others' published forks that listed offerings accept are visible too; this draft is not.
    const listed = await t.gql(`{ licenceTemplates(first: 100) { edges { node { key isStandard } } } }`, {}, buyer.token);
    expect(listed.data.licenceTemplates.edges.map((e: any) => e.node.key)).not.toContain(`secret-draft-${run}`);
    const mine = await t.gql(`{ licenceTemplates(filter: { mine: true }) { totalCount edges { node { key latestVersion { status } } } } }`, {}, legal1.token);
    expect(mine.data.licenceTemplates.edges.map((e: any) => e.node)).toContainEqual({ key: `secret-draft-${run}`, latestVersion: { status: 'DRAFT' } });
  });

  it('renders a version: conditional clauses resolved, clauses numbered; bad variables are all reported at once', async () => {
    const academic = loadTemplateFile(join(TEMPLATES_DIR, 'academic-research.yaml'));
    const values = exampleValues(academic, { booleans: true });
    const ok = await t.gql(RENDER, { v: academicId, vars: values, locale: 'EN' });
    expect(ok.errors).toBeUndefined();
    const doc = ok.data.renderLicence;
    expect(doc).toMatchObject({ templateKey: 'academic-research', templateVersion: '1.0.0', locale: 'EN', title: academic.title.en });
    expect(doc.clauses.map((c: any) => c.number)).toEqual(doc.clauses.map((_: unknown, i: number) => String(i + 1)));
    expect(doc.clauses.map((c: any) => c.id)).toContain('ai-models');
    const without = await t.gql(RENDER, { v: academicId, vars: { ...values, aiTraining: false } });
    expect(without.data.renderLicence.clauses.map((c: any) => c.id)).not.toContain('ai-models');
    expect(without.data.renderLicence.clauses).toHaveLength(doc.clauses.length - 1);

    const { buyer: _buyer, ...withoutBuyer } = values;
    const bad = await t.gql(RENDER, { v: academicId, vars: { ...withoutBuyer, durationMonths: 100, startDate: '2027-02-30', colour: 'blue' } });
    expect(bad.data).toBeNull();
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0].extensions.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'variables.buyer', 'variables.colour', 'variables.durationMonths', 'variables.startDate',
    ]);
    expect(bad.errors![0].message).toContain('variables.durationMonths: must be between 1 and 60 (got 100)');

    const override = await t.gql(RENDER, { v: academicId, vars: values, overrides: [{ clauseId: 're-identification-ban', text: { fr: 'x' } }] });
    expect(override.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(override.errors![0].message).toMatch(/clause 're-identification-ban' is locked/);
  });

  it('offerings list the licences they accept; a buyer sees them and downloads a preview filled with its own organisation', async () => {
    const offering = await createOffering(t, hospital.token);
    await publishOffering(t, hospital.token, offering.id);
    const commercialId = await standardVersionId(t, 'commercial-research');
    const SET = `mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id licences { templateVersion { id key } tariffVersionId } } }`;

    const byLegal = await t.gql(SET, { o: offering.id, l: [{ templateVersionId: forkId }] }, legal1.token);
    expect(byLegal.errors![0].extensions.code).toBe('FORBIDDEN');
    const draft = (await t.gql(`{ licenceTemplates(filter: { mine: true }) { edges { node { latestVersion { id status } } } } }`, {}, legal1.token))
      .data.licenceTemplates.edges.map((e: any) => e.node.latestVersion).find((v: any) => v.status === 'DRAFT');
    const refused = await t.gql(SET, { o: offering.id, l: [{ templateVersionId: draft.id }, { templateVersionId: 'nope' }] }, hospital.token);
    expect(refused.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((refused.errors![0].extensions.fields as { field: string }[]).map((f) => f.field)).toEqual(['licences[1].templateVersionId']);
    const draftOnly = await t.gql(SET, { o: offering.id, l: [{ templateVersionId: draft.id }] }, hospital.token);
    expect(draftOnly.errors![0].message).toMatch(/is DRAFT: only published versions can be offered/);

    const created = await t.gql(`mutation($o: ID!) { createTariff(offeringId: $o, name: "Tarif recherche", gridKey: "eds-standard") { id versions { id } } }`, { o: offering.id }, hospital.token);
    const tariff = created.data.createTariff.versions[0].id;
    const unknownTariff = await t.gql(SET, { o: offering.id, l: [{ templateVersionId: forkId, tariffVersionId: academicId }] }, hospital.token);
    expect(unknownTariff.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'licences[0].tariffVersionId' }] });
    const draftTariff = await t.gql(SET, { o: offering.id, l: [{ templateVersionId: forkId, tariffVersionId: tariff }] }, hospital.token);
    expect(draftTariff.errors![0].message).toMatch(/is DRAFT: only a published tariff version can apply/);
    const today = parisDay(new Date());
    const published = await t.gql(`mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { id } }`, { id: created.data.createTariff.id, d: today }, hospital.token);
    expect(published.errors).toBeUndefined();

    const set = await t.gql(SET, { o: offering.id, l: [{ templateVersionId: forkId, tariffVersionId: tariff }, { templateVersionId: commercialId }] }, hospital.token);
    expect(set.errors).toBeUndefined();
    expect(set.data.setOfferingLicences.licences).toEqual([
      { templateVersion: { id: forkId, key: `chu-academic-${run}` }, tariffVersionId: tariff },
      { templateVersion: { id: commercialId, key: 'commercial-research' }, tariffVersionId: null },
    ]);

    const seen = await t.gql(`query($id: ID!) { offering(id: $id) { licences { templateVersion { key version status isStandard } } } }`, { id: offering.id }, buyer.token);
    expect(seen.data.offering.licences.map((l: any) => l.templateVersion)).toEqual([
      { key: `chu-academic-${run}`, version: '1.0.0', status: 'PUBLISHED', isStandard: false },
      { key: 'commercial-research', version: '1.0.0', status: 'PUBLISHED', isStandard: true },
    ]);
    // The producer's own published version is visible to the buyer through the offering.
    expect((await t.gql(VERSION, { id: forkId }, buyer.token)).data.licenceTemplateVersion.key).toBe(`chu-academic-${run}`);

    const pdf = await t.http.get(`/licences/${forkId}/preview.pdf?locale=fr&offeringId=${offering.id}`)
      .set('authorization', `Bearer ${buyer.token}`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = squash(pdfText(pdf.body));
    expect(text).toContain(buyer.name);
    expect(text).toContain(hospital.name);
    expect(text).toContain('Interdiction de réidentification'); // a locked clause's title
    expect(text).toContain('douze mois'); // the fork's own wording

    const anonymous = await t.http.get(`/licences/${forkId}/preview.pdf`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const hidden = await t.http.get(`/licences/${draft.id}/preview.pdf`).set('authorization', `Bearer ${buyer.token}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({
      error: { code: 'NOT_FOUND', message: `LicenceTemplateVersion "${draft.id}" was not found or is not visible to your organisation`, entity: 'LicenceTemplateVersion', id: draft.id },
    });
    const badLocale = await t.http.get(`/licences/${forkId}/preview.pdf?locale=de`).set('authorization', `Bearer ${buyer.token}`);
    expect(badLocale.status).toBe(400);
  });
});

describe('standard templates at start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'contracts-templates-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['unknown-variable.yaml', "clause 'acknowledgement' text (fr): unknown variable 'buyr'"],
    ['bad-mode.yaml', "clause 'audit': invalid mode 'optional'"],
    ['missing-locale.yaml', "clause 'audit': 'text' is missing the 'en' text"],
  ])('a broken file (%s) stops the server start with a message naming the file, the line and the problem', async (name, problem) => {
    copyFileSync(join(TEMPLATES_DIR, 'academic-research.yaml'), join(dir, 'academic-research.yaml'));
    copyFileSync(join(INVALID_FIXTURES, name), join(dir, name));
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(startTestApp({ CONTRACT_TEMPLATES_DIR: dir })).rejects.toThrow(new RegExp(`${escape(join(dir, name))}:\\d+: ${escape(problem)}`));
  });

  it('a standard template changed without a new version stops the server start', async () => {
    await (await startTestApp()).close(); // the shipped version is stored
    const source = readFileSync(join(TEMPLATES_DIR, 'academic-research.yaml'), 'utf8');
    writeFileSync(join(dir, 'academic-research.yaml'), source.replace('Interdiction de réidentification', 'Interdiction de la réidentification'));
    await expect(startTestApp({ CONTRACT_TEMPLATES_DIR: dir })).rejects.toThrow('standard template academic-research@1.0.0 changed in place: give it a new version');
  });

  it('an empty folder stops the server start', async () => {
    await expect(startTestApp({ CONTRACT_TEMPLATES_DIR: dir })).rejects.toThrow(/No standard licence template \(\*\.yaml\) in/);
  });
});
