import { parisDay } from '@app/core';
import { OrgSession, createOffering, publishOffering, signUpOrganization, verify } from './factories';
import { platformAdminToken, TestApp } from './test-app';

/** A hospital selling one published offering under a standard licence and tariff, and a pharma company buying. */
export interface Market {
  operator: string;
  hospital: OrgSession;
  pharma: OrgSession;
  offeringId: string;
  licenceId: string;
  tariffId: string;
  tariffVersionId: string;
}

export const CONSENT = 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.';
export const PRICING = { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000, expectedUsage: { computeHours: '100' } };

export async function gqlOk(t: TestApp, query: string, variables: Record<string, unknown>, token: string | null) {
  const res = await t.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const ROLES = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;

/** Signs up both parties (their admins sign too), verifies the hospital and offers its published offering. */
export async function openMarket(t: TestApp, run: string, names: { hospital: string; pharma: string } = { hospital: `CHU de Contratville ${run}`, pharma: `Laboratoires Signature ${run}` }): Promise<Market> {
  const operator = await platformAdminToken(t);
  const hospital = await signUpOrganization(t, 'HOSPITAL', names.hospital);
  const pharma = await signUpOrganization(t, 'PHARMA', names.pharma);
  await verify(t, operator, hospital.organizationId);
  await gqlOk(t, ROLES, { u: hospital.userId, r: ['ADMIN', 'PUBLISHER', 'SIGNER'] }, hospital.token);
  await gqlOk(t, ROLES, { u: pharma.userId, r: ['ADMIN', 'BUYER', 'SIGNER'] }, pharma.token);

  const offering = await createOffering(t, hospital.token);
  await publishOffering(t, hospital.token, offering.id);
  const today = parisDay(new Date());
  const tariffId = (await gqlOk(t, `mutation($o: ID!) { createTariff(offeringId: $o, name: "Tarif standard", gridKey: "eds-standard") { id } }`, { o: offering.id }, hospital.token)).createTariff.id;
  const published = await gqlOk(t, `mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { versions { id } } }`, { id: tariffId, d: today }, hospital.token);
  const tariffVersionId = published.publishTariff.versions[0].id;
  const templates = await gqlOk(t, `{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`, {}, null);
  const licenceId = templates.licenceTemplates.edges.find((e: any) => e.node.key === 'commercial-research').node.latestVersion.id;
  await gqlOk(t, `mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
    { o: offering.id, l: [{ templateVersionId: licenceId, tariffVersionId }] }, hospital.token);
  return { operator, hospital, pharma, offeringId: offering.id, licenceId, tariffId, tariffVersionId };
}

export function accessRequestInput(market: Market, overrides: Record<string, unknown> = {}) {
  return {
    offeringId: market.offeringId,
    templateVersionId: market.licenceId,
    purposeCategory: 'REAL_WORLD_EVIDENCE',
    purposeSummary: 'Décrire les parcours de soins des patientes traitées pour un cancer du sein et mesurer l’adhésion aux traitements.',
    projectTitle: 'Adhésion aux hormonothérapies en vie réelle',
    principalInvestigator: 'Dr Claire Martin, direction médicale',
    legalBasis: 'LEGITIMATE_INTEREST',
    cnilFormality: 'MR_004',
    cnilReference: 'MR-004 n° 2231587 v 0',
    scope: { population: 'Patientes adultes traitées pour un cancer du sein depuis 2018', variables: ['diagnostics', 'traitements', 'biologie'], periodStart: '2018-01-01', periodEnd: '2025-12-31' },
    durationMonths: 12,
    startDate: parisDay(new Date()),
    pricing: PRICING,
    ...overrides,
  };
}

/** The buyer's new request, in DRAFT, with the fields asked for. */
export async function createAccessRequest(t: TestApp, market: Market, overrides: Record<string, unknown> = {}, fields = 'id state version') {
  const create = `mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { ${fields} } }`;
  return (await gqlOk(t, create, { input: accessRequestInput(market, overrides) }, market.pharma.token)).createAccessRequest;
}

/** A request moved by the two parties through `moves` (submit, startReview, quote, accept…), from DRAFT. */
export async function requestAfter(t: TestApp, market: Market, moves: ('submit' | 'startReview' | 'quote' | 'accept')[], fields = 'id state version') {
  let r = await createAccessRequest(t, market, {}, fields);
  const byProducer = new Set(['startReview', 'quote']);
  for (const move of moves) {
    const mutation = move === 'quote'
      ? `mutation($id: ID!) { quoteAccessRequest(id: $id) { ${fields} } }`
      : `mutation($id: ID!, $t: AccessRequestTransition!) { transitionAccessRequest(id: $id, transition: $t) { ${fields} } }`;
    const data = await gqlOk(t, mutation, { id: r.id, t: move }, byProducer.has(move) ? market.hospital.token : market.pharma.token);
    r = data.quoteAccessRequest ?? data.transitionAccessRequest;
  }
  return r;
}

/** An issued agreement (the buyer accepted the producer's quote), not signed yet. */
export async function issuedAgreement(t: TestApp, market: Market): Promise<{ requestId: string; agreementId: string }> {
  const r = await requestAfter(t, market, ['submit', 'startReview', 'quote', 'accept'], 'id agreement { id }');
  return { requestId: r.id, agreementId: r.agreement.id };
}

export const SIGN = `mutation($id: ID!, $text: String!, $publish: Boolean) {
  signAgreement(agreementId: $id, consent: true, consentText: $text, publishPrice: $publish) {
    id status sealedPdfSha256 publishPrice signatures { side signerName signedAt ip userAgent consentText unsignedPdfSha256 }
  }
}`;

/** An invited member's session (the invitation accepted with a new account). */
export async function member(t: TestApp, admin: OrgSession, roles: string[], email: string, displayName = 'Juriste'): Promise<{ token: string; email: string; userId: string }> {
  const inv = await gqlOk(t, `mutation($e: String!, $r: [Role!]!) { inviteMember(input: { email: $e, roles: $r }) { token } }`, { e: email, r: roles }, admin.token);
  const joined = await gqlOk(t,
    `mutation($t: String!, $n: String!) { acceptInvitation(input: { token: $t, displayName: $n, password: "a-long-enough-password" }) { token user { id } } }`,
    { t: inv.inviteMember.token, n: displayName }, null);
  return { token: joined.acceptInvitation.token, email, userId: joined.acceptInvitation.user.id };
}
