// The whole story through the GraphQL API, as the three kinds of users would play it with
// their own API keys: a hospital publishes an offering with a licence and a tariff, its legal
// team customises the licence, a pharmaceutical company requests access, the hospital quotes,
// the company counter-proposes a negotiable clause, the hospital accepts, both sign, and the
// sealed agreement is written to demo-output/. Then billing: the worker issues the bill of
// the fees due at signature, the hospital's secure environment reports usage (a replayed
// batch adds nothing); the demo network's secure environment reports last month's usage of the
// agreement `npm run seed:demo` concluded (it has run since the 1st of last month), the
// operator runs the monthly billing of last month, which bills that usage (one invoice per
// contributor), then a job of that month reported late and the run again, which invoices it
// as a LATE_USAGE supplement; the project ends early and the closing bill invoices the month's usage. Every
// invoice is written to demo-output/ as its Factur-X PDF and its CII XML (check them with
// `npm run validate:invoices -- demo-output/`).
// Then payments: the platform records the buyer's bank transfers against the bill numbers (no
// Stripe keys needed), the payout run pays the hospital by SEPA credit transfer and writes the
// pain.001 file, and the hospital's monthly statement (PDF and CSV) goes to demo-output/. The
// platform then issues the previous month's commission invoices (the worker's job on the 1st),
// and the hospital downloads its own, if any, to demo-output/ as well.
//
//   npm start                      # in another terminal (embedded PostgreSQL by default)
//   npm run worker                 # in a third one: it issues the bills
//   npm run seed:demo              # once: the demo organisations and the agreement running since last month
//   npm run demo                   # API_URL=http://localhost:3000/graphql by default
//
// The platform operator (who verifies the hospital) signs in with PLATFORM_OPERATOR_EMAIL and
// PLATFORM_OPERATOR_PASSWORD, or else with <DATA_DIR or .data>/platform-operator.json, which
// the server writes at its first start on the embedded database.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addDays, addMonths, formatMoney, parisDay, parisInstant } from '@app/core/kernel';
import { DEMO_PASSWORD, demoAdminEmail, DEMO_ORGANIZATIONS, RUNNING_AGREEMENT } from '../apps/api/src/demo-data';

const API_URL = process.env.API_URL ?? 'http://localhost:3000/graphql';
const BASE_URL = API_URL.replace(/\/graphql\/?$/, '');
const run = Date.now().toString(36);

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'health-data-marketplace-demo/1.0', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlError[] };
  if (body.errors?.length) {
    const [e] = body.errors;
    throw new Error(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
  }
  return body.data!;
}

const step = (actor: string, text: string) => console.log(`[${actor.padEnd(8)}] ${text}`);
const euros = (cents: number) => formatMoney(cents, 'fr');

function operatorCredentials(): { email: string; password: string } {
  const { PLATFORM_OPERATOR_EMAIL: email, PLATFORM_OPERATOR_PASSWORD: password } = process.env;
  if (email && password) return { email, password };
  const file = path.join(path.resolve(process.env.DATA_DIR?.trim() || '.data'), 'platform-operator.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  throw new Error(
    `No platform operator credentials: set PLATFORM_OPERATOR_EMAIL and PLATFORM_OPERATOR_PASSWORD (as given to the server), ` +
      `or run the server once on the embedded database so that it writes ${file}`,
  );
}

/**
 * Creates an organisation, gives its admin `roles`, then an API key with them; the key is
 * used from then on, except to sign: a signature is a person's act, made in the admin's session.
 */
async function organisationWithKey(kind: string, name: string, siret: string, roles: string[]): Promise<{ id: string; name: string; key: string; session: string }> {
  const email = `admin.${kind.toLowerCase()}.${run}@demo.test`;
  const signUp = await gql(
    `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token organization { id name } } }`,
    {
      input: {
        organization: { name, kind, siret, address: { line: '1 place du Parvis', postalCode: '75004', city: 'Paris', country: 'FR' } },
        admin: { email, displayName: kind === 'HOSPITAL' ? 'Dr Hélène Marchand' : 'Zoé Lefèvre', password: 'demo-password-long-enough' },
      },
    },
  );
  const session = signUp.signUpOrganization.token;
  const { me } = await gql(`{ me { user { id } } }`, {}, session);
  await gql(`mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`, { u: me.user.id, r: roles }, session);
  const created = await gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { hint } } }`,
    { input: { name: 'demo client', roles } }, session);
  return { ...signUp.signUpOrganization.organization, key: created.createApiKey.secret, session };
}

/** A SIRET passing the Luhn check, so each run creates fresh organisations. */
function siret(): string {
  for (;;) {
    const s = Array.from({ length: 14 }, () => Math.floor(Math.random() * 10)).join('');
    const sum = [...s].reverse().reduce((acc, c, i) => {
      let d = Number(c) * (i % 2 ? 2 : 1);
      if (d > 9) d -= 9;
      return acc + d;
    }, 0);
    if (sum % 10 === 0 && !s.startsWith('356000000')) return s;
  }
}

const REQUEST_FIELDS = `id number state estimate { totalCents } currentQuote { number price { totalCents } } allowedTransitions
  deviations { clauseId kind alternativeId proposedBy } agreement { id number status totalCents sealedPdfSha256 pdfPath }`;

async function main() {
  const today = parisDay(new Date());
  step('platform', `API ${API_URL}`);

  // The platform operator signs in and works with its own API key.
  const creds = operatorCredentials();
  const session = await gql(`mutation($e: String!, $p: String!) { signIn(input: { email: $e, password: $p }) { token organization { name } } }`, { e: creds.email, p: creds.password });
  const operatorKey = (await gql(`mutation { createApiKey(input: { name: "demo operator ${run}", roles: [ADMIN] }) { secret } }`, {}, session.signIn.token)).createApiKey.secret;
  step('platform', `signed in as ${creds.email} (${session.signIn.organization.name}), API key created`);

  const hospital = await organisationWithKey('HOSPITAL', `CHU de Valmont (démo ${run})`, siret(), ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER']);
  step('hospital', `signed up ${hospital.name} (${hospital.id}), API key created`);
  await gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, { id: hospital.id }, operatorKey);
  step('platform', `verified ${hospital.name}`);

  // The hospital publishes an offering with its standard tariff.
  const offering = (await gql(`mutation($input: OfferingContentInput!) { createOffering(input: $input) { id } }`, {
    input: {
      title: { fr: 'Entrepôt de données de santé : parcours cancer du sein', en: 'Health data warehouse: breast cancer pathways' },
      description: {
        fr: 'Parcours de soins hospitaliers des patientes atteintes de cancer du sein : séjours, actes, diagnostics, biologie et traitements.',
        en: 'Hospital care pathways of breast cancer patients: stays, procedures, diagnoses, laboratory results and treatments.',
      },
      keywords: ['cancer du sein', 'hormonothérapie'], themes: ['ONCOLOGY'],
      populationCoverage: { fr: 'Patientes adultes prises en charge depuis 2015', en: 'Adult patients treated since 2015' },
      numberOfRecords: 1200000, numberOfUniqueIndividuals: 45000, minTypicalAge: 18, maxTypicalAge: 99,
      temporalCoverage: { start: '2015-01-01', end: '2025-12-31' }, regions: ['FR_IDF'], codingSystems: ['ICD_10', 'CCAM', 'ATC'],
      dataModel: 'OMOP_CDM', legalBases: ['PUBLIC_INTEREST', 'SCIENTIFIC_RESEARCH'], personalDataCategories: ['HEALTH', 'DEMOGRAPHIC'],
      accessModality: 'SECURE_PROCESSING_ENVIRONMENT', accessRights: 'RESTRICTED', updateFrequency: 'MONTHLY',
      hdsHosting: { certified: true, hostName: 'Hébergeur HDS certifié' }, contactPoint: { name: 'Guichet données', email: 'donnees@chu-valmont.test' },
    },
  }, hospital.key)).createOffering;
  await gql(`mutation($id: ID!) { publishOffering(id: $id) { id } }`, { id: offering.id }, hospital.key);
  step('hospital', `published offering ${offering.id}`);
  const tariff = (await gql(`mutation($o: ID!) { createTariff(offeringId: $o, name: "Tarif standard EDS", gridKey: "eds-standard") { id } }`, { o: offering.id }, hospital.key)).createTariff;
  const tariffVersionId = (await gql(`mutation($t: ID!, $d: String!) { publishTariff(tariffId: $t, effectiveFrom: $d) { versions { id version } } }`, { t: tariff.id, d: today }, hospital.key))
    .publishTariff.versions[0].id;
  step('hospital', `published tariff ${tariff.id} (version ${tariffVersionId}, from the eds-standard grid, effective ${today})`);

  // Its legal team customises the standard commercial-research licence.
  const standard = (await gql(`{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`)).licenceTemplates.edges
    .find((e: any) => e.node.key === 'commercial-research').node.latestVersion.id;
  const fork = (await gql(`mutation($id: ID!, $key: String!) { forkLicenceTemplate(standardVersionId: $id, key: $key) { id key version } }`,
    { id: standard, key: `chu-valmont-commercial-${run}` }, hospital.key)).forkLicenceTemplate;
  await gql(`mutation($v: ID!, $input: EditLicenceClauseInput!) { editLicenceClause(versionId: $v, clauseId: "publication", input: $input) { id } }`, {
    v: fork.id,
    input: { text: {
      fr: 'Le Bénéficiaire publie les résultats du Projet dans un délai de douze mois après la fin du traitement et en transmet une copie à {{producer.name}}.',
      en: 'The Recipient publishes the results of the Project within twelve months of the end of the processing and sends a copy to {{producer.name}}.',
    } },
  }, hospital.key);
  await gql(`mutation($v: ID!) { submitLicenceForReview(versionId: $v) { id } }`, { v: fork.id }, hospital.key);
  const published = (await gql(`mutation($v: ID!) { publishLicenceVersion(versionId: $v) { id status hash } }`, { v: fork.id }, hospital.key)).publishLicenceVersion;
  step('legal', `customised commercial-research as ${fork.key}@${fork.version} (${published.status}, hash ${published.hash.slice(0, 12)}…)`);
  await gql(`mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
    { o: offering.id, l: [{ templateVersionId: fork.id, tariffVersionId }] }, hospital.key);
  step('hospital', `offering ${offering.id} accepts ${fork.key}@${fork.version} with tariff version ${tariffVersionId}`);

  // A pharmaceutical company requests access.
  const pharma = await organisationWithKey('PHARMA', `Laboratoires Aubrac (démo ${run})`, siret(), ['ADMIN', 'BUYER', 'SIGNER']);
  step('pharma', `signed up ${pharma.name} (${pharma.id}), API key created`);
  let r = (await gql(`mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { ${REQUEST_FIELDS} } }`, {
    input: {
      offeringId: offering.id, templateVersionId: fork.id,
      purposeCategory: 'REAL_WORLD_EVIDENCE',
      purposeSummary: 'Mesurer l’adhésion aux hormonothérapies adjuvantes en vie réelle et ses déterminants chez les patientes traitées pour un cancer du sein.',
      projectTitle: 'ADHERE – adhésion aux hormonothérapies en vie réelle', principalInvestigator: 'Dr Claire Martin, direction médicale',
      legalBasis: 'LEGITIMATE_INTEREST', cnilFormality: 'MR_004', cnilReference: 'MR-004 n° 2231587 v 0',
      scope: { population: 'Patientes adultes traitées pour un cancer du sein depuis 2018', variables: ['diagnostics', 'traitements', 'biologie'], periodStart: '2018-01-01', periodEnd: '2025-12-31' },
      durationMonths: 12, startDate: today,
      pricing: { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000, expectedUsage: { computeHours: '100' } },
    },
  }, pharma.key)).createAccessRequest;
  step('pharma', `created access request ${r.number} (${r.id}), ${r.state}, estimate ${euros(r.estimate.totalCents)} incl. VAT`);
  r = (await gql(`mutation($id: ID!) { submitAccessRequest(id: $id) { ${REQUEST_FIELDS} } }`, { id: r.id }, pharma.key)).submitAccessRequest;
  step('pharma', `submitted ${r.number}: ${r.state}`);

  // The hospital reviews and quotes; the company counter-proposes; the hospital accepts.
  r = (await gql(`mutation($id: ID!) { startAccessRequestReview(id: $id) { ${REQUEST_FIELDS} } }`, { id: r.id }, hospital.key)).startAccessRequestReview;
  r = (await gql(`mutation($id: ID!, $input: QuoteAccessRequestInput) { quoteAccessRequest(id: $id, input: $input) { ${REQUEST_FIELDS} } }`, {
    id: r.id, input: { pricing: { purpose: 'SCIENTIFIC_RESEARCH', patients: 15000, expectedUsage: { computeHours: '100' } }, note: 'Périmètre ramené à 15 000 patientes' },
  }, hospital.key)).quoteAccessRequest;
  step('hospital', `quoted ${r.number}: quote ${r.currentQuote.number}, ${euros(r.currentQuote.price.totalCents)} incl. VAT -> ${r.state}`);
  r = (await gql(`mutation($id: ID!, $changes: [ClauseChangeInput!]!, $note: String) { counterProposeAccessRequest(id: $id, changes: $changes, note: $note) { ${REQUEST_FIELDS} } }`, {
    id: r.id, changes: [{ clauseId: 'audit', alternativeId: 'independent-audit-report' }], note: 'Nous proposons un rapport d’audit indépendant',
  }, pharma.key)).counterProposeAccessRequest;
  step('pharma', `counter-proposed on ${r.number}: ${r.deviations.map((d: any) => `${d.clauseId} -> ${d.alternativeId ?? d.kind}`).join(', ')} -> ${r.state}`);
  r = (await gql(`mutation($id: ID!) { acceptAccessRequest(id: $id) { ${REQUEST_FIELDS} } }`, { id: r.id }, hospital.key)).acceptAccessRequest;
  step('hospital', `accepted ${r.number} -> ${r.state}; agreement ${r.agreement.number} issued (${euros(r.agreement.totalCents)} incl. VAT)`);

  // Both signers sign in the application, each in their own session; the platform seals the agreement.
  const consent = 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.';
  const SIGN = `mutation($id: ID!, $text: String!) { signAgreement(agreementId: $id, consent: true, consentText: $text) { number status sealedPdfSha256 } }`;
  let a = (await gql(SIGN, { id: r.agreement.id, text: consent }, pharma.session)).signAgreement;
  step('pharma', `signed ${a.number} (status ${a.status})`);
  a = (await gql(SIGN, { id: r.agreement.id, text: consent }, hospital.session)).signAgreement;
  step('hospital', `signed ${a.number}: sealed by the platform, status ${a.status}, sha256 ${a.sealedPdfSha256}`);

  const res = await fetch(`${BASE_URL}${r.agreement.pdfPath}`, { headers: { authorization: `Bearer ${pharma.key}` } });
  if (!res.ok) throw new Error(`GET ${r.agreement.pdfPath}: HTTP ${res.status} ${await res.text()}`);
  const pdf = Buffer.from(await res.arrayBuffer());
  fs.mkdirSync('demo-output', { recursive: true });
  const file = path.join('demo-output', `agreement-${a.number}.pdf`);
  fs.writeFileSync(file, pdf);
  step('pharma', `downloaded the signed agreement to ${file} (${pdf.length} bytes)`);

  const check = await fetch(`${BASE_URL}/agreements/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: pdf });
  const verdict = (await check.json()) as { issuedHere: boolean; unaltered: boolean; parties: { side: string; name: string; signerName: string }[] };
  step('public', `verified ${file}: issuedHere=${verdict.issuedHere} unaltered=${verdict.unaltered}; ${verdict.parties.map((p) => `${p.side} ${p.name} signed by ${p.signerName}`).join('; ')}`);
  const register = await gql(`{ transparencyRegister(first: 5) { totalCount edges { node { agreementNumber producerName buyerName purposeCategoryLabel status totalCents } } } }`);
  const entry = register.transparencyRegister.edges.map((e: any) => e.node).find((n: any) => n.agreementNumber === a.number);
  step('public', `transparency register (${register.transparencyRegister.totalCount} agreements): ${entry.agreementNumber} ${entry.producerName} -> ${entry.buyerName}, ${entry.purposeCategoryLabel}, ${entry.status}, price ${entry.totalCents === null ? 'not published' : euros(entry.totalCents)}`);

  const bills = await billing(r.agreement.id, a.number, hospital, pharma, operatorKey);
  await payments(bills, hospital, session.signIn.token);
}

const BILLS = `query($a: ID!) { bills(filter: { agreementId: $a }, first: 20) { edges { node {
  id number kind periodStart periodEnd netCents vatCents totalCents
  invoices { id number documentType seller { name } netCents vatCents totalCents pdfUrl xmlUrl }
} } } }`;

/** The bills of an agreement once the worker has issued `count` of them (it runs in its own process). */
async function billsOf(agreementId: string, key: string, count: number): Promise<any[]> {
  for (const until = Date.now() + 90_000; ; await new Promise((r) => setTimeout(r, 500))) {
    const bills = (await gql(BILLS, { a: agreementId }, key)).bills.edges.map((e: any) => e.node);
    if (bills.length >= count) return bills;
    if (Date.now() > until) throw new Error(`the worker issued ${bills.length} of ${count} bills of this agreement within 90 s: is \`npm run worker\` running on the same database?`);
  }
}

async function download(url: string, key: string, file: string): Promise<number> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  const body = Buffer.from(await res.arrayBuffer());
  fs.writeFileSync(file, body);
  return body.length;
}

async function billing(agreementId: string, agreementNumber: string, hospital: { key: string }, pharma: { key: string }, operatorKey: string): Promise<any[]> {
  const [signature] = await billsOf(agreementId, pharma.key, 1);
  step('worker', `bill ${signature.number} (${signature.kind}): ${signature.invoices.length} invoice(s), ${euros(signature.totalCents)} incl. VAT`);

  // The secure environment reports this month's usage; the same batch sent again adds nothing.
  const now = new Date();
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const events = [
    { agreementId, eventId: 'job-001', meter: 'COMPUTE_HOURS', quantity: '36.5', occurredAt: at(30) },
    { agreementId, eventId: 'job-002', meter: 'COMPUTE_HOURS', quantity: '12.25', occurredAt: at(20) },
    { agreementId, eventId: 'disk-001', meter: 'STORAGE_GB_MONTHS', quantity: '250', occurredAt: at(15) },
    { agreementId, eventId: 'api-001', meter: 'API_CALLS', quantity: 48_250, occurredAt: at(10) },
    { agreementId, eventId: 'extract-001', meter: 'EXTRACTIONS', quantity: 1, occurredAt: at(5) },
  ];
  const post = async () => {
    const res = await fetch(`${BASE_URL}/usage-events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hospital.key}` }, body: JSON.stringify(events) });
    return (await res.json()) as { received: number; recorded: number; duplicates: number };
  };
  const first = await post();
  step('hospital', `secure environment reported ${first.received} usage events: ${first.recorded} recorded`);
  const again = await post();
  step('hospital', `the same batch again: ${again.recorded} recorded, ${again.duplicates} duplicates`);
  const usage = (await gql(`query($a: ID!) { agreementUsage(agreementId: $a) { month meters { meter quantity } amount { subtotalCents } } }`, { a: agreementId }, pharma.key)).agreementUsage;
  step('pharma', `usage of ${usage.month}: ${usage.meters.map((m: any) => `${m.meter} ${m.quantity}`).join(', ')}; running amount ${euros(usage.amount.subtotalCents)} excl. VAT`);

  await monthlyBilling(operatorKey);

  // The project ends early: the closing bill invoices this month's usage up to the termination.
  await gql(`mutation($id: ID!, $reason: String!) { terminateAgreement(id: $id, reason: $reason) { status } }`, { id: agreementId, reason: 'Fin anticipée du projet ADHERE' }, pharma.key);
  step('pharma', `terminated ${agreementNumber}`);
  const bills = await billsOf(agreementId, pharma.key, 2);
  const closing = bills.find((b) => b.kind === 'CLOSING');
  step('worker', `bill ${closing.number} (CLOSING, ${closing.periodStart} to ${closing.periodEnd}): ${euros(closing.totalCents)} incl. VAT`);

  for (const bill of bills) {
    for (const inv of bill.invoices) {
      const base = path.join('demo-output', `invoice-${inv.number}`);
      const pdfBytes = await download(inv.pdfUrl, pharma.key, `${base}.pdf`);
      await download(inv.xmlUrl, pharma.key, `${base}.xml`);
      step('pharma', `${bill.kind.toLowerCase()} invoice ${inv.number} of ${inv.seller.name}: ${euros(inv.netCents)} + VAT ${euros(inv.vatCents)} = ${euros(inv.totalCents)}, written to ${base}.pdf (${pdfBytes} bytes) and .xml`);
    }
  }
  step('platform', 'check them: npm run validate:invoices -- demo-output/');
  return bills;
}
/**
 * Last month's usage, billed by the monthly run. This run's agreement started today, so its
 * usage is billed at closing; the agreement `npm run seed:demo` concluded has run since the 1st of
 * last month (the seed moved its start back: the API concludes agreements from today on). Its
 * network's secure environment reports that month's usage now, as it would in the night of the
 * 1st, and the run (the worker's, on the 1st at 06:00) bills it: one invoice per contributor.
 */
async function monthlyBilling(operatorKey: string) {
  const today = parisDay(new Date());
  const month = addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const producer = DEMO_ORGANIZATIONS.find((o) => o.key === RUNNING_AGREEMENT.producer)!;
  const signedIn = await fetch(API_URL, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation($e: String!, $p: String!) { signIn(input: { email: $e, password: $p }) { token } }`, variables: { e: demoAdminEmail(producer.key), p: DEMO_PASSWORD } }),
  });
  const network = ((await signedIn.json()) as any).data?.signIn?.token as string | undefined;
  if (!network) throw new Error(`${demoAdminEmail(producer.key)} cannot sign in: run \`npm run seed:demo\` first (on the same database), it concludes the agreement whose last month is billed here`);
  const requests = (await gql(`{ accessRequests(first: 100) { edges { node { projectTitle agreement { id number status startsOn } } } } }`, {}, network)).accessRequests.edges;
  const agreement = requests.map((e: any) => e.node).find((n: any) => n.projectTitle === RUNNING_AGREEMENT.projectTitle)?.agreement;
  if (!agreement) throw new Error(`${producer.name} has no agreement "${RUNNING_AGREEMENT.projectTitle}": run \`npm run seed:demo\` again, it concludes it`);
  step('network', `${producer.name}: agreement ${agreement.number}, ${agreement.status} since ${agreement.startsOn} (concluded by npm run seed:demo)`);

  const key = (await gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { name: `secure environment ${run}`, roles: ['PUBLISHER'] } }, network)).createApiKey.secret;
  const at = (day: number, time: string) => parisInstant(`${month}-${String(day).padStart(2, '0')}`, time).toISOString();
  const events = [
    { eventId: `${month}-job-1`, meter: 'COMPUTE_HOURS', quantity: '64.5', occurredAt: at(3, '09:15:00') },
    { eventId: `${month}-job-2`, meter: 'COMPUTE_HOURS', quantity: '118.25', occurredAt: at(17, '14:40:00') },
    { eventId: `${month}-disk`, meter: 'STORAGE_GB_MONTHS', quantity: '420', occurredAt: at(28, '23:00:00') },
    { eventId: `${month}-api`, meter: 'API_CALLS', quantity: 73_400, occurredAt: at(20, '11:05:00') },
  ].map((e) => ({ agreementId: agreement.id, ...e }));
  const res = await fetch(`${BASE_URL}/usage-events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(events) });
  const reported = (await res.json()) as { received: number; recorded: number; duplicates: number; refused: { eventId: string; message: string }[] };
  if (reported.refused?.length) throw new Error(`usage of ${month} refused: ${reported.refused.map((r) => `${r.eventId}: ${r.message}`).join('; ')}`);
  step('network', `secure environment reported ${reported.received} usage events of ${month}: ${reported.recorded} recorded, ${reported.duplicates} already recorded`);

  const done = (await gql(`mutation { runMonthlyBilling { month issuedBillIds alreadyBilled nothingToInvoice failures } }`, {}, operatorKey)).runMonthlyBilling;
  step('platform', `monthly billing of ${done.month}: ${done.issuedBillIds.length} bills issued, ${done.alreadyBilled} already billed, ${done.nothingToInvoice} agreements without usage${done.failures.length ? `, failed: ${done.failures.join('; ')}` : ''}`);
  const lastDay = addDays(`${today.slice(0, 7)}-01`, -1);
  const [bill] = (await gql(`query($f: BillFilterInput) { bills(filter: $f, first: 1) { edges { node {
    id number kind periodStart periodEnd netCents vatCents totalCents invoices { id number documentType seller { name } netCents vatCents totalCents pdfUrl xmlUrl } } } } }`,
    { f: { agreementId: agreement.id, kind: 'USAGE', periodFrom: `${month}-01`, periodTo: lastDay } }, network)).bills.edges.map((e: any) => e.node);
  if (!bill) throw new Error(`the monthly run issued no bill of ${month} for ${agreement.number}`);
  step('platform', `bill ${bill.number} (USAGE, ${bill.periodStart} to ${bill.periodEnd}${done.issuedBillIds.includes(bill.id) ? '' : ', issued by an earlier run'}): ${bill.invoices.length} invoice(s), ${euros(bill.netCents)} + VAT ${euros(bill.vatCents)} = ${euros(bill.totalCents)}`);
  for (const inv of bill.invoices) {
    const base = path.join('demo-output', `invoice-${inv.number}`);
    const pdfBytes = await download(inv.pdfUrl, network, `${base}.pdf`);
    await download(inv.xmlUrl, network, `${base}.xml`);
    step('network', `usage invoice ${inv.number} of ${inv.seller.name}: ${euros(inv.netCents)} + VAT ${euros(inv.vatCents)} = ${euros(inv.totalCents)}, written to ${base}.pdf (${pdfBytes} bytes) and .xml`);
  }

  // A job of that month reported only now, after its bill: the next run of the month invoices it as a supplement.
  const lateEvent = { agreementId: agreement.id, eventId: `${month}-job-late`, meter: 'COMPUTE_HOURS', quantity: '12', occurredAt: at(29, '18:30:00') };
  const lateRes = await fetch(`${BASE_URL}/usage-events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify([lateEvent]) });
  const late = (await lateRes.json()) as { recorded: number; duplicates: number; refused: { message: string }[] };
  if (late.refused?.length) throw new Error(`the late event was refused: ${late.refused[0].message}`);
  step('network', `a job of ${month} reported late, after ${bill.number}: ${late.recorded} recorded, ${late.duplicates} already recorded`);
  const again = (await gql(`mutation($m: String) { runMonthlyBilling(month: $m) { lateUsageBillIds failures } }`, { m: month }, operatorKey)).runMonthlyBilling;
  const supplements = (await gql(`query($f: BillFilterInput) { bills(filter: $f, first: 10) { edges { node {
    id number supplement netCents vatCents totalCents invoices { number seller { name } netCents vatCents totalCents pdfUrl xmlUrl } } } } }`,
    { f: { agreementId: agreement.id, kind: 'LATE_USAGE', periodFrom: `${month}-01`, periodTo: lastDay } }, network)).bills.edges.map((e: any) => e.node);
  step('platform', `monthly billing of ${month} run again: ${again.lateUsageBillIds.length} late-usage supplement(s) issued${again.failures.length ? `, failed: ${again.failures.join('; ')}` : ''}, ${supplements.length} in all for that month`);
  const supplement = supplements.find((b: any) => b.supplement === 1);
  if (!supplement) throw new Error(`no LATE_USAGE bill of ${month} for ${agreement.number} after the late event`);
  step('platform', `bill ${supplement.number} (LATE_USAGE ${supplement.supplement} of ${month}): ${euros(supplement.netCents)} + VAT ${euros(supplement.vatCents)} = ${euros(supplement.totalCents)}, what the late job adds (12 h of compute)`);
  for (const inv of supplement.invoices) {
    const base = path.join('demo-output', `invoice-${inv.number}`);
    const pdfBytes = await download(inv.pdfUrl, network, `${base}.pdf`);
    await download(inv.xmlUrl, network, `${base}.xml`);
    step('network', `late-usage invoice ${inv.number} of ${inv.seller.name}: ${euros(inv.netCents)} + VAT ${euros(inv.vatCents)} = ${euros(inv.totalCents)}, written to ${base}.pdf (${pdfBytes} bytes) and .xml`);
  }
}

/** Payment of every bill by bank transfer (no Stripe keys), the payout run, and the hospital's statement. */
async function payments(bills: any[], hospital: { id: string; name: string; session: string }, operatorSession: string) {
  const financeKey = async (session: string, name: string) =>
    (await gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { name, roles: ['FINANCE'] } }, session)).createApiKey.secret as string;
  const platformFinance = await financeKey(operatorSession, `demo finance ${run}`);
  const hospitalFinance = await financeKey(hospital.session, 'demo finance');
  const account = (await gql(`mutation($i: RegisterPayoutAccountInput!) { registerPayoutAccount(input: $i) { ibanMasked preferredMethod } }`,
    { i: { holderName: hospital.name.slice(0, 140), iban: 'FR76 1010 7001 0112 3456 7890 129' } }, hospitalFinance)).registerPayoutAccount;
  step('hospital', `registered its payout account (public accountant's IBAN ${account.ibanMasked}): paid by SEPA credit transfer`);

  const today = parisDay(new Date());
  for (const bill of bills) {
    // the worker makes each issued bill payable (bill.issued)
    let state: any = null;
    for (const until = Date.now() + 60_000; !state; await new Promise((r) => setTimeout(r, 500))) {
      const res = await fetch(API_URL, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${platformFinance}` },
        body: JSON.stringify({ query: `query($b: ID!) { billPayment(billId: $b) { outstandingCents status commissionBp } }`, variables: { b: bill.id } }) });
      state = ((await res.json()) as any).data?.billPayment ?? null;
      if (!state && Date.now() > until) throw new Error(`bill ${bill.number} is not payable after 60 s: is \`npm run worker\` running?`);
    }
    if (state.outstandingCents === 0) continue;
    const paid = (await gql(`mutation($i: RecordBankTransferInput!) { recordBankTransfer(input: $i) { status paidCents } }`,
      { i: { billNumber: bill.number, amountCents: state.outstandingCents, receivedOn: today, bankReference: `VIR-${bill.number}` } }, platformFinance)).recordBankTransfer;
    step('platform', `bank transfer of ${euros(paid.paidCents)} received for ${bill.number}: ${paid.status} (commission ${state.commissionBp / 100} %)`);
  }

  const payout = (await gql(`mutation { runPayouts { skipped transfers sepaLines waiting sepaFileId } }`, {}, platformFinance)).runPayouts;
  step('platform', `payout run: ${payout.transfers} Stripe transfers, ${payout.sepaLines} SEPA credit transfers, ${payout.waiting} waiting for a payout account`);
  if (payout.sepaFileId) {
    const file = path.join('demo-output', `pain.001-${run}.xml`);
    const bytes = await download(`${BASE_URL}/payouts/sepa-files/${payout.sepaFileId}.xml`, platformFinance, file);
    step('platform', `SEPA credit-transfer file for the bank written to ${file} (${bytes} bytes, ISO 20022 pain.001.001.09)`);
  }
  const balances = (await gql(`query($o: ID) { ledgerBalances(organizationId: $o) { account balanceCents } }`, { o: hospital.id }, hospitalFinance)).ledgerBalances;
  step('hospital', `ledger: ${balances.map((b: any) => `${b.account} ${euros(b.balanceCents)}`).join(', ')}`);
  // The commission is invoiced by the platform in its own series once a month is over (the worker, on the 1st at 05:00):
  // the previous month's now, this month's next month.
  const commission = (await gql(`mutation { issueCommissionInvoices { month issuedInvoiceIds alreadyIssued carriedSellerIds failures { sellerId reason } } }`, {}, platformFinance)).issueCommissionInvoices;
  step('platform', `commission invoices of ${commission.month}: ${commission.issuedInvoiceIds.length} issued, ${commission.alreadyIssued} issued before, ${commission.carriedSellerIds.length} carried, ${commission.failures.length} failed; this month's on the 1st at 05:00`);
  const own = (await gql(`query { commissionInvoices(first: 3) { totalCount edges { node { number month netCents vatCents totalCents pdfUrl xmlUrl } } } }`, {}, hospitalFinance)).commissionInvoices;
  for (const { node } of own.edges) {
    const base = path.join('demo-output', `commission-${node.number}`);
    const bytes = await download(node.pdfUrl, hospitalFinance, `${base}.pdf`);
    await download(node.xmlUrl, hospitalFinance, `${base}.xml`);
    step('hospital', `commission invoice ${node.number} (${node.month}): ${euros(node.netCents)} + VAT ${euros(node.vatCents)} = ${euros(node.totalCents)}, written to ${base}.pdf (${bytes} bytes) and .xml`);
  }
  if (!own.totalCount) step('hospital', 'no commission invoice yet: its first comes once a month with sales is over');
  const month = today.slice(0, 7);
  for (const ext of ['pdf', 'csv']) {
    const file = path.join('demo-output', `statement-${month}-${run}.${ext}`);
    const bytes = await download(`${BASE_URL}/statements/${month}.${ext}`, hospitalFinance, file);
    step('hospital', `monthly statement written to ${file} (${bytes} bytes)`);
  }
}


main().catch((e) => {
  console.error(`Demo failed: ${e instanceof Error ? e.message : e}`);
  if (e instanceof TypeError && /fetch failed/.test(e.message)) console.error(`Is the server running at ${API_URL}? Start it with npm start.`);
  process.exit(1);
});
