import { randomBytes } from 'node:crypto';
import type { GraphqlClient } from './test-app';

let counter = 0;

/** A random SIRET that passes the Luhn check. */
export function randomSiret(): string {
  for (;;) {
    const digits = Array.from({ length: 13 }, () => Math.floor(Math.random() * 10)).join('');
    for (let last = 0; last < 10; last++) {
      const s = digits + last;
      let sum = 0;
      for (let i = 0; i < 14; i++) {
        let d = Number(s[13 - i]);
        if (i % 2 === 1) {
          d *= 2;
          if (d > 9) d -= 9;
        }
        sum += d;
      }
      if (sum % 10 === 0 && !s.startsWith('356000000')) return s;
    }
  }
}

export interface OrgSession {
  token: string;
  organizationId: string;
  userId: string;
  email: string;
  name: string;
}

const SIGN_UP = `mutation($input: SignUpOrganizationInput!) {
  signUpOrganization(input: $input) { token user { id email } organization { id name } }
}`;

export async function signUpOrganization(t: GraphqlClient, kind: string, name?: string, country = 'FR'): Promise<OrgSession> {
  // Each spec file counts from 1 in its own module: the random part keeps emails unique across files.
  const n = ++counter;
  const unique = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const orgName = name ?? `${kind} ${n} ${unique}`;
  const email = `admin${n}.${unique}@${kind.toLowerCase()}.test`;
  const res = await t.gql(SIGN_UP, {
    input: {
      organization: {
        name: orgName, kind, siret: country === 'FR' ? randomSiret() : null,
        address: { line: '1 place de l\'Hôpital', postalCode: '75004', city: 'Paris', country },
      },
      admin: { email, displayName: `Admin ${n}`, password: 'a-long-enough-password' },
    },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const s = res.data.signUpOrganization;
  return { token: s.token, organizationId: s.organization.id, userId: s.user.id, email, name: orgName };
}

export async function verify(t: GraphqlClient, platformToken: string, organizationId: string): Promise<void> {
  const res = await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, { id: organizationId }, platformToken);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

/** A request's input for the offering and licence version, with the shorter research project the contracting and billing specs use. */
export function requestInput(offeringId: string, templateVersionId: string, overrides: Record<string, unknown> = {}) {
  return {
    offeringId, templateVersionId, purposeCategory: 'REAL_WORLD_EVIDENCE',
    purposeSummary: 'Décrire les parcours de soins des patientes traitées pour un cancer du sein.',
    projectTitle: 'Parcours de soins', principalInvestigator: 'Dr Claire Martin', legalBasis: 'LEGITIMATE_INTEREST',
    cnilFormality: 'MR_004', cnilReference: 'MR-004 n° 2231587 v 0',
    scope: { population: 'Patientes adultes traitées depuis 2018', variables: ['diagnostics', 'traitements'] },
    durationMonths: 12,
    ...overrides,
  };
}

export function offeringInput(overrides: Record<string, unknown> = {}) {
  return {
    title: { fr: 'Entrepôt de données hospitalier : cancers du sein', en: 'Hospital data warehouse: breast cancer' },
    description: {
      fr: 'Données de l\'hôpital sur les parcours de soins des patientes atteintes de cancer du sein, pour l\'épidémiologie et la recherche clinique.',
      en: 'Hospital data on the care pathways of breast cancer patients, for epidemiology and clinical research.',
    },
    keywords: ['cancer du sein', 'chimiothérapie'],
    themes: ['ONCOLOGY'],
    populationCoverage: { fr: 'Patientes adultes prises en charge depuis 2015', en: 'Adult patients treated since 2015' },
    numberOfRecords: 1200000,
    numberOfUniqueIndividuals: 45000,
    minTypicalAge: 18,
    maxTypicalAge: 99,
    temporalCoverage: { start: '2015-01-01', end: '2025-12-31' },
    regions: ['FR_IDF'],
    codingSystems: ['ICD_10', 'CCAM', 'ATC'],
    dataModel: 'OMOP_CDM',
    legalBases: ['PUBLIC_INTEREST', 'SCIENTIFIC_RESEARCH'],
    personalDataCategories: ['HEALTH', 'DEMOGRAPHIC'],
    accessModality: 'SECURE_PROCESSING_ENVIRONMENT',
    accessRights: 'RESTRICTED',
    updateFrequency: 'MONTHLY',
    hdsHosting: { certified: true, hostName: 'Hébergeur HDS certifié' },
    contactPoint: { name: 'Guichet données', email: 'donnees@chu.test' },
    dataDictionaryUrl: 'https://chu.test/dictionnaire',
    ...overrides,
  };
}

export const OFFERING_FIELDS = `id versionId version status offeringStatus hasUnpublishedChanges
  title { fr en } themes { code labelFr } dataModel producer { id name kind }`;

export async function createOffering(t: GraphqlClient, token: string, overrides: Record<string, unknown> = {}) {
  const res = await t.gql(`mutation($input: OfferingContentInput!) { createOffering(input: $input) { ${OFFERING_FIELDS} } }`, { input: offeringInput(overrides) }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createOffering;
}

export async function publishOffering(t: GraphqlClient, token: string, id: string) {
  const res = await t.gql(`mutation($id: ID!) { publishOffering(id: $id) { ${OFFERING_FIELDS} } }`, { id }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.publishOffering;
}
