import { parisDay } from '@app/core';
import { OrgSession, createOffering, publishOffering, requestInput, signUpOrganization, verify } from './factories';
import { CONSENT, gqlOk } from './market';
import { platformAdminToken, TestApp } from './test-app';

/** A network offering of several hospitals (weights as given), its tariff in effect today and a standard licence. */
export interface NetworkMarket {
  operator: string;
  network: OrgSession;
  hospitals: OrgSession[];
  offeringId: string;
  licenceId: string;
  tariffVersionId: string;
}

const ROLES = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;
const PENDING = `query { contributionRequests(status: PENDING, first: 50) { edges { node { offeringVersionId weight mandate { sha256 } } } } }`;
const ACCEPT = `mutation($i: AcceptContributionInput!) { acceptContribution(input: $i) { status } }`;

/** Hospitals named `names` with these weights, each consenting, in a verified network's published offering. */
export async function networkMarket(t: TestApp, run: string, weights: [string, number][], gridKey = 'network-standard'): Promise<NetworkMarket> {
  const operator = await platformAdminToken(t);
  const network = await signUpOrganization(t, 'NETWORK', `Réseau hospitalier ${run}`);
  await verify(t, operator, network.organizationId);
  await gqlOk(t, ROLES, { u: network.userId, r: ['ADMIN', 'PUBLISHER', 'SIGNER', 'FINANCE'] }, network.token);
  const hospitals: OrgSession[] = [];
  for (const [name] of weights) {
    const h = await signUpOrganization(t, 'HOSPITAL', `${name} ${run}`);
    await verify(t, operator, h.organizationId);
    hospitals.push(h);
  }
  const offering = await createOffering(t, network.token, { contributors: hospitals.map((h, i) => ({ organizationId: h.organizationId, weight: weights[i][1] })) });
  for (const h of hospitals) {
    const r = (await gqlOk(t, PENDING, {}, h.token)).contributionRequests.edges.map((e: any) => e.node).find((n: any) => n.offeringVersionId === offering.versionId);
    await gqlOk(t, ACCEPT, { i: { offeringVersionId: offering.versionId, weight: r.weight, mandateSha256: r.mandate.sha256 } }, h.token);
  }
  await publishOffering(t, network.token, offering.id);
  const tariffId = (await gqlOk(t, `mutation($o: ID!, $g: String!) { createTariff(offeringId: $o, name: "Tarif réseau", gridKey: $g) { id } }`,
    { o: offering.id, g: gridKey }, network.token)).createTariff.id;
  const published = await gqlOk(t, `mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { versions { id } } }`,
    { id: tariffId, d: parisDay(new Date()) }, network.token);
  const tariffVersionId = published.publishTariff.versions[0].id;
  const templates = await gqlOk(t, `{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`, {}, null);
  const licenceId = templates.licenceTemplates.edges.find((e: any) => e.node.key === 'commercial-research').node.latestVersion.id;
  await gqlOk(t, `mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
    { o: offering.id, l: [{ templateVersionId: licenceId, tariffVersionId }] }, network.token);
  return { operator, network, hospitals, offeringId: offering.id, licenceId, tariffVersionId };
}

/** A buyer (ADMIN, BUYER, SIGNER and FINANCE) of `kind` in `country`, with its VAT number when given. */
export async function buyerOrganization(t: TestApp, name: string, country = 'FR', vatNumber: string | null = null): Promise<OrgSession> {
  const buyer = await signUpOrganization(t, 'PHARMA', name, country);
  await gqlOk(t, ROLES, { u: buyer.userId, r: ['ADMIN', 'BUYER', 'SIGNER', 'FINANCE'] }, buyer.token);
  if (vatNumber) await t.db.query(`UPDATE organizations SET vat_number = $2 WHERE id = $1`, [buyer.organizationId, vatNumber]);
  return buyer;
}

/** An agreement between the buyer and the network, accepted, then signed by both (sealed); `beforeSigning` runs on the issued agreement. */
export async function sealedAgreement(t: TestApp, m: NetworkMarket, buyer: OrgSession, pricing: Record<string, unknown>, durationMonths = 12,
  beforeSigning?: (agreementId: string) => Promise<void>) {
  const input = requestInput(m.offeringId, m.licenceId, { durationMonths, pricing });
  const r = (await gqlOk(t, `mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { id } }`, { input }, buyer.token)).createAccessRequest;
  await gqlOk(t, `mutation($id: ID!) { submitAccessRequest(id: $id) { id } }`, { id: r.id }, buyer.token);
  await gqlOk(t, `mutation($id: ID!) { startAccessRequestReview(id: $id) { id } }`, { id: r.id }, m.network.token);
  await gqlOk(t, `mutation($id: ID!) { quoteAccessRequest(id: $id) { id } }`, { id: r.id }, m.network.token);
  const accepted = (await gqlOk(t, `mutation($id: ID!) { acceptAccessRequest(id: $id) { agreement { id number } } }`, { id: r.id }, buyer.token)).acceptAccessRequest;
  if (beforeSigning) await beforeSigning(accepted.agreement.id);
  const sign = `mutation($id: ID!, $text: String!) { signAgreement(agreementId: $id, consent: true, consentText: $text) { id status } }`;
  await gqlOk(t, sign, { id: accepted.agreement.id, text: CONSENT }, buyer.token);
  const sealed = (await gqlOk(t, sign, { id: accepted.agreement.id, text: CONSENT }, m.network.token)).signAgreement;
  return { id: accepted.agreement.id as string, number: accepted.agreement.number as string, requestId: r.id as string, status: sealed.status as string };
}
