// GraphQL `estimate` benchmark: a verified producer, a published offering with a published
// 8-component tariff, then 16 connections for 15 s on `estimate`, anonymous and as a buyer.
// Run: npm run bench:pricing (after the engine bench). Target: p99 < 30 ms.
import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import * as os from 'node:os';
import { findStandardGrid, TariffDefinition } from '@app/pricing';
import { migrate } from '../../apps/api/src/database';
import { freshBenchDatabase, startNode, stopChild } from '../support';
import { offeringInput, randomSiret } from '../../test/helpers/factories';
import { parisDay } from '@app/core/kernel';

const DATABASE = 'marketplace_bench_pricing';
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const URL_GRAPHQL = `http://127.0.0.1:${PORT}/graphql`;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const TARGET_P99_MS = 30;

const ESTIMATE = `query Estimate($offeringId: ID!, $request: QuoteRequestInput!) {
  estimate(offeringId: $offeringId, request: $request) {
    tariffVersion
    price { lines { code quantity unitPriceCents amountCents rule } adjustments { code amountCents rule } subtotalCents vatLines { rateBp baseCents vatCents } totalCents vatMention notes }
  }
}`;

/** The standard EDS grid (6 components) plus an access fee and records by packages: 8 components. */
function benchTariff(): TariffDefinition {
  const t = findStandardGrid('eds-standard')!.tariff;
  t.key = 'bench-eds';
  t.components.splice(1, 0, {
    kind: 'FIXED_FEE', code: 'ACCESS', label: { fr: "Ouverture de l'accès", en: 'Access opening' }, amountCents: 200000, incurredAt: 'ACCESS', nature: 'MARGIN',
  });
  t.components.splice(4, 0, {
    kind: 'VOLUME', code: 'RECORDS', label: { fr: 'Enregistrements', en: 'Records' }, basis: 'RECORDS', model: 'PACKAGE', packageSize: 1000000, packagePriceCents: 50000,
  });
  return t;
}

/** Varied requests, so that no layer answers the same input over and over. */
const REQUESTS = Array.from({ length: 64 }, (_, i) => ({
  purpose: i % 3 === 0 ? 'AI_TRAINING' : 'SCIENTIFIC_RESEARCH',
  patients: 1000 + ((i * 7919) % 400000),
  records: 50000 + ((i * 104729) % 20000000),
  months: 6 + (i % 30),
  preparation: i % 2 === 0 ? { stages: ['LINKAGE'] } : { days: { extraction: '4.5' } },
  expectedUsage: { computeHours: '120.5', storageGbMonths: '10.25', extractions: 3, apiCalls: 250000 + i },
}));


function startApi(databaseUrl: string): ChildProcess {
  // As deployed on this machine: one worker per core (WEB_CONCURRENCY).
  return startNode('apps/api/src/main.ts', {
    DATABASE_URL: databaseUrl, PORT: String(PORT), LOG_LEVEL: 'warn', SQL_STATS: 'true', RUN_MIGRATIONS: 'false', WEB_CONCURRENCY: String(WORKERS),
  });
}

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(URL_GRAPHQL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return { data: body.data, statements: res.headers.get('x-sql-statements') };
}

async function waitForApi() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(URL_GRAPHQL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${URL_GRAPHQL} did not answer`);
}

async function signUp(kind: string, name: string): Promise<{ token: string; organizationId: string }> {
  const { data } = await gql(`mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token organization { id } } }`, {
    input: {
      organization: { name, kind, siret: randomSiret(), address: { line: '1 rue du Banc', postalCode: '75000', city: 'Paris', country: 'FR' } },
      admin: { email: `bench-${kind.toLowerCase()}@bench.test`, displayName: `Bench ${kind}`, password: 'a-long-enough-password' },
    },
  });
  return { token: data.signUpOrganization.token, organizationId: data.signUpOrganization.organization.id };
}

/** One verified producer, its published offering and published tariff, through the API itself. */
async function seed(databaseUrl: string): Promise<{ offeringId: string; buyerToken: string }> {
  const producer = await signUp('HOSPITAL', 'CHU du Banc d\'essai');
  const buyer = await signUp('PHARMA', 'Laboratoire du Banc d\'essai');
  // Verification is the platform operator's job; the bench stands in for it.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('UPDATE organizations SET verified_at = now() WHERE id = $1', [producer.organizationId]);
  await db.end();
  const offering = (await gql(`mutation($input: OfferingContentInput!) { createOffering(input: $input) { id } }`, { input: offeringInput() }, producer.token)).data.createOffering;
  await gql(`mutation($id: ID!) { publishOffering(id: $id) { id } }`, { id: offering.id }, producer.token);
  const tariff = (await gql(`mutation($o: ID!, $d: JSON) { createTariff(offeringId: $o, name: "Tarif du banc d'essai", definition: $d) { id } }`,
    { o: offering.id, d: benchTariff() }, producer.token)).data.createTariff;
  await gql(`mutation($t: ID!, $d: String!) { publishTariff(tariffId: $t, effectiveFrom: $d) { id } }`, { t: tariff.id, d: parisDay(new Date()) }, producer.token);
  return { offeringId: offering.id, buyerToken: buyer.token };
}

async function load(offeringId: string, token?: string) {
  const bodies = REQUESTS.map((request) => JSON.stringify({ query: ESTIMATE, variables: { offeringId, request } }));
  // Fixed request objects: autocannon builds each once and cycles through them, so the load
  // generator (on the same cores) spends as little as possible.
  const opts = {
    url: URL_GRAPHQL,
    connections: CONNECTIONS,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    requests: bodies.map((body) => ({ method: 'POST' as const, body })),
  };
  await autocannon({ ...opts, duration: 5 }); // warm-up of every worker: JIT, connection pool, compiled tariff cache
  const r = await autocannon({ ...opts, duration: DURATION });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, total: r.requests.total };
}

async function main() {
  const db = await freshBenchDatabase(DATABASE);
  await migrate(db.url);
  const api = startApi(db.url);
  try {
    await waitForApi();
    const { offeringId, buyerToken } = await seed(db.url);
    const cold = await gql(ESTIMATE, { offeringId, request: REQUESTS[0] });
    const warm = await gql(ESTIMATE, { offeringId, request: REQUESTS[1] });
    const price = cold.data.estimate.price;
    console.log(`tariff: 8 components; one estimate has ${price.lines.length} lines and ${price.adjustments.length} adjustments, total ${price.totalCents} cents`);
    console.log(`SQL statements per anonymous estimate: ${cold.statements} for the first, ${warm.statements} while the offering's pricing context is fresh`);
    const anonymous = await load(offeringId);
    const asBuyer = await load(offeringId, buyerToken);
    console.log(`\n${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, API with ${WORKERS} workers, ${CONNECTIONS} connections, ${DURATION} s`);
    console.log('estimate                   req/s    p50 ms  p99 ms  errors');
    for (const [name, r] of [['anonymous', anonymous], ['signed-in buyer', asBuyer]] as const) {
      console.log(`${name.padEnd(26)} ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${r.errors}`);
    }
    for (const [name, r] of [['anonymous estimate', anonymous], ['signed-in buyer estimate', asBuyer]] as const) {
      const met = r.p99 < TARGET_P99_MS && r.errors === 0;
      console.log(`target p99 < ${TARGET_P99_MS} ms at ${CONNECTIONS} connections, no errors: ${name} -> ${met ? 'met' : 'NOT met'}`);
    }
  } finally {
    await stopChild(api);
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
