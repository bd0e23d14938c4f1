import { startTestApp, TestApp } from './helpers/test-app';
import { createOffering, publishOffering, signUpOrganization } from './helpers/factories';

const CONTENT = 'id version status keywords codingSystems accessRights provenance title { fr } description { fr en } numberOfRecords';
const UPDATE = `mutation($id: ID!, $input: OfferingPatchInput!) { updateOffering(id: $id, input: $input) { ${CONTENT} } }`;

describe('an edit changes only the fields it gives', () => {
  let t: TestApp;
  let producer: string;
  beforeAll(async () => {
    t = await startTestApp();
    producer = (await signUpOrganization(t, 'HOSPITAL')).token;
  });
  afterAll(() => t.close());

  const description = { fr: 'Une nouvelle description des données, plus précise.', en: 'A new, more precise description of the data.' };
  const kept = {
    keywords: ['cancer du sein', 'chimiothérapie'], codingSystems: ['ICD_10', 'CCAM', 'ATC'], accessRights: 'NON_PUBLIC', provenance: 'DPI du CHU',
  };

  it('keeps keywords, coding systems and access rights when only the description of a draft changes', async () => {
    const offering = await createOffering(t, producer, { accessRights: 'NON_PUBLIC', provenance: 'DPI du CHU' });
    const res = await t.gql(UPDATE, { id: offering.id, input: { description } }, producer);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateOffering).toMatchObject({ ...kept, description, version: 1, status: 'DRAFT' });
  });

  it('keeps them in the new draft version of a published offering', async () => {
    const offering = await createOffering(t, producer, { accessRights: 'NON_PUBLIC', provenance: 'DPI du CHU' });
    await publishOffering(t, producer, offering.id);
    const res = await t.gql(UPDATE, { id: offering.id, input: { description } }, producer);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateOffering).toMatchObject({ ...kept, description, version: 2, status: 'DRAFT' });
  });

  it('clears an optional field given null, and refuses null for a field an offering must have', async () => {
    const offering = await createOffering(t, producer, { provenance: 'DPI du CHU' });
    const cleared = await t.gql(UPDATE, { id: offering.id, input: { provenance: null, numberOfRecords: null } }, producer);
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data.updateOffering).toMatchObject({ provenance: null, numberOfRecords: null, keywords: kept.keywords });
    const refused = await t.gql(UPDATE, { id: offering.id, input: { title: null, keywords: null, accessRights: null } }, producer);
    expect(refused.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const fields = (refused.errors![0].extensions.fields as { field: string; message: string }[]);
    expect([...new Set(fields.map((f) => f.field))].sort()).toEqual(['input.accessRights', 'input.keywords', 'input.title']);
    expect(fields.find((f) => f.field === 'input.title')!.message).toBe('cannot be null: leave it out to keep the current value');
  });

  it('keeps the VAT number and address of an organisation when only its name changes', async () => {
    const admin = await signUpOrganization(t, 'PHARMA');
    const before = await t.gql('{ me { organization { name vatNumber address { line postalCode city country } } } }', {}, admin.token);
    const res = await t.gql('mutation { updateOrganization(input: { name: "Laboratoire renommé" }) { name vatNumber address { line postalCode city country } } }', {}, admin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateOrganization).toEqual({ ...before.data.me.organization, name: 'Laboratoire renommé' });
  });
});
