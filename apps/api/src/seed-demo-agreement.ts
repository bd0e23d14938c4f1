// The agreement whose finished month `npm run demo` bills: the demo buyer's access to the demo
// network's offering, concluded through the GraphQL API of the seed's own app like any other
// (request, review, quote, acceptance, both signatures, the seal).
//
// One date is set behind the API's back, and only this one: the API concludes agreements from
// today on, and usage is invoiced once its month is over, so on a fresh database no agreement has
// a finished month to bill. Before the signatures, the seed moves this agreement's first day of
// access back to the 1st of last month in the database; its end stays. The activation, the bill
// of the fees at signature and the monthly run read that day; the sealed PDF keeps the start date
// it was issued with (today). Usage is then reported by `npm run demo` through POST /usage-events
// and billed by runMonthlyBilling, as the worker does on the 1st.
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { addMonths, parisDay } from '@app/core';
import { DEMO_PASSWORD, demoAdminEmail, RUNNING_AGREEMENT } from './demo-data';

const CONSENT = 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.';

/** Concludes the running agreement once (found again by its project title); returns what to print. */
export async function seedRunningAgreement(app: INestApplication, ds: DataSource, organizationId: (key: string) => string): Promise<string> {
  const { producer, buyer, projectTitle } = RUNNING_AGREEMENT;
  const [existing] = await ds.query(
    `SELECT a.number, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, a.status FROM agreements a JOIN access_requests r ON r.id = a.request_id
      WHERE r.project_title = $1 AND r.buyer_id = $2 AND r.producer_id = $3`,
    [projectTitle, organizationId(buyer), organizationId(producer)],
  );
  if (existing) return `Running agreement ${existing.number}: ${existing.status} since ${existing.starts_on} (concluded by an earlier run).`;
  const [offering] = await ds.query(`SELECT id FROM offerings WHERE producer_id = $1 AND status = 'PUBLISHED' ORDER BY created_at LIMIT 1`, [organizationId(producer)]);
  if (!offering) return `No running agreement: ${producer}'s offering is not published.`;

  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  const gql = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'health-data-marketplace-seed/1.0', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors[0].message);
    return body.data;
  };
  const signIn = async (key: string) => (await gql(`mutation($e: String!, $p: String!) { signIn(input: { email: $e, password: $p }) { token } }`,
    { e: demoAdminEmail(key), p: DEMO_PASSWORD }, null)).signIn.token as string;
  const [network, pharma] = [await signIn(producer), await signIn(buyer)];
  const today = parisDay(new Date());

  const tariffId = (await gql(`mutation($o: ID!) { createTariff(offeringId: $o, name: "Tarif réseau", gridKey: "network-standard") { id } }`, { o: offering.id }, network)).createTariff.id;
  const tariffVersionId = (await gql(`mutation($t: ID!, $d: String!) { publishTariff(tariffId: $t, effectiveFrom: $d) { versions { id } } }`, { t: tariffId, d: today }, network))
    .publishTariff.versions[0].id;
  const templates = await gql(`{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`, {}, network);
  const licenceId = templates.licenceTemplates.edges.find((e: any) => e.node.key === 'commercial-research').node.latestVersion.id;
  await gql(`mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
    { o: offering.id, l: [{ templateVersionId: licenceId, tariffVersionId }] }, network);

  const request = (await gql(`mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { id } }`, {
    input: {
      offeringId: offering.id, templateVersionId: licenceId, purposeCategory: 'REAL_WORLD_EVIDENCE',
      purposeSummary: 'Décrire les durées de séjour en réanimation après chirurgie programmée et leurs déterminants.',
      projectTitle, principalInvestigator: 'Dr Lucie Bernard', legalBasis: 'LEGITIMATE_INTEREST', cnilFormality: 'MR_004', cnilReference: 'MR-004 n° 2231588 v 0',
      scope: { population: 'Adultes admis en réanimation après chirurgie programmée depuis 2019', variables: ['séjours', 'actes', 'biologie'] },
      durationMonths: RUNNING_AGREEMENT.durationMonths, pricing: RUNNING_AGREEMENT.pricing,
    },
  }, pharma)).createAccessRequest;
  await gql(`mutation($id: ID!) { submitAccessRequest(id: $id) { id } }`, { id: request.id }, pharma);
  await gql(`mutation($id: ID!) { startAccessRequestReview(id: $id) { id } }`, { id: request.id }, network);
  await gql(`mutation($id: ID!) { quoteAccessRequest(id: $id) { id } }`, { id: request.id }, network);
  const agreement = (await gql(`mutation($id: ID!) { acceptAccessRequest(id: $id) { agreement { id number } } }`, { id: request.id }, pharma)).acceptAccessRequest.agreement;

  // The one date set here: see the top of this file.
  const startsOn = addMonths(`${today.slice(0, 7)}-01`, -1);
  await ds.query(`UPDATE agreements SET starts_on = $2 WHERE id = $1 AND status = 'ISSUED'`, [agreement.id, startsOn]);

  const SIGN = `mutation($id: ID!, $text: String!) { signAgreement(agreementId: $id, consent: true, consentText: $text) { status } }`;
  await gql(SIGN, { id: agreement.id, text: CONSENT }, pharma);
  const { status } = (await gql(SIGN, { id: agreement.id, text: CONSENT }, network)).signAgreement;
  return `Running agreement ${agreement.number} (${projectTitle}): concluded and sealed today through the API, ${status} since ${startsOn}. `
    + 'The seed moved its start back to that day in the database (the API concludes agreements from today on), so that a month of it is over: npm run demo bills it.';
}
