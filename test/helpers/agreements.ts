import { parisDay } from '@app/core/kernel';
import { OrgSession, createOffering, publishOffering, requestInput, signUpOrganization, verify } from './factories';
import { GqlResult, GraphqlClient, TestApp, platformAdminToken } from './test-app';

export const CONSENT = 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.';

async function ok(t: GraphqlClient, query: string, variables: Record<string, unknown>, token: string | null): Promise<any> {
  const res: GqlResult = await t.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

export interface Marketplace {
  producer: OrgSession;
  buyer: OrgSession;
  offeringId: string;
  licenceId: string;
}

/**
 * A verified hospital with a published offering, its tariff in effect today (the EDS standard
 * grid, or `tariff`) and the standard commercial-research licence, and a pharma buyer; both
 * admins may sign. Everything is new.
 */
export async function marketplace(t: TestApp, label: string, tariff?: unknown): Promise<Marketplace> {
  return marketplaceThrough(t, await platformAdminToken(t), label, tariff);
}

/** The same through any GraphQL client, given the platform operator's token (benchmarks against a running server). */
export async function marketplaceThrough(t: GraphqlClient, operator: string, label: string, tariff?: unknown): Promise<Marketplace> {
  const producer = await signUpOrganization(t, 'HOSPITAL', `CHU ${label}`);
  const buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires ${label}`);
  await verify(t, operator, producer.organizationId);
  const roles = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;
  await ok(t, roles, { u: producer.userId, r: ['ADMIN', 'PUBLISHER', 'SIGNER'] }, producer.token);
  await ok(t, roles, { u: buyer.userId, r: ['ADMIN', 'BUYER', 'SIGNER'] }, buyer.token);
  const offering = await createOffering(t, producer.token);
  await publishOffering(t, producer.token, offering.id);
  const created = (await ok(t, `mutation($o: ID!, $d: JSON) { createTariff(offeringId: $o, name: "Tarif standard", gridKey: "eds-standard", definition: $d) { id } }`,
    { o: offering.id, d: tariff ?? null }, producer.token)).createTariff;
  const today = parisDay(new Date());
  const published = await ok(t, `mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { versions { id } } }`, { id: created.id, d: today }, producer.token);
  const templates = await ok(t, `{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`, {}, null);
  const licenceId = templates.licenceTemplates.edges.find((e: any) => e.node.key === 'commercial-research').node.latestVersion.id;
  await ok(t, `mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
    { o: offering.id, l: [{ templateVersionId: licenceId, tariffVersionId: published.publishTariff.versions[0].id }] }, producer.token);
  return { producer, buyer, offeringId: offering.id, licenceId };
}

/** An agreement issued on a new request of the buyer (quoted by the producer, accepted by the buyer), starting today or on `startDate`. */
export async function issuedAgreement(t: GraphqlClient, m: Marketplace, durationMonths = 24, startDate?: string): Promise<{ id: string; number: string; requestId: string }> {
  const input = requestInput(m.offeringId, m.licenceId, { durationMonths, ...(startDate ? { startDate } : {}), pricing: { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000, expectedUsage: { computeHours: '100' } } });
  const r = (await ok(t, `mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { id } }`, { input }, m.buyer.token)).createAccessRequest;
  await ok(t, `mutation($id: ID!) { submitAccessRequest(id: $id) { id } }`, { id: r.id }, m.buyer.token);
  await ok(t, `mutation($id: ID!) { startAccessRequestReview(id: $id) { id } }`, { id: r.id }, m.producer.token);
  await ok(t, `mutation($id: ID!) { quoteAccessRequest(id: $id) { id } }`, { id: r.id }, m.producer.token);
  const accepted = (await ok(t, `mutation($id: ID!) { acceptAccessRequest(id: $id) { agreement { id number } } }`, { id: r.id }, m.buyer.token)).acceptAccessRequest;
  return { ...accepted.agreement, requestId: r.id };
}

export const SIGN_AGREEMENT = `mutation($id: ID!, $text: String!) { signAgreement(agreementId: $id, consent: true, consentText: $text) { id status } }`;

/** The buyer's SIGNER, then the producer's: the second signature seals the agreement. */
export async function signByBoth(t: GraphqlClient, m: Marketplace, agreementId: string): Promise<GqlResult> {
  await ok(t, SIGN_AGREEMENT, { id: agreementId, text: CONSENT }, m.buyer.token);
  return t.gql(SIGN_AGREEMENT, { id: agreementId, text: CONSENT }, m.producer.token);
}
