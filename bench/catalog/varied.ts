// Catalog benchmark, varied mode: hundreds of distinct searches and filters, anonymous and
// signed in, public cache off, so that every request runs. The API (one process) against
// the no-framework baseline running the same SQL, in alternating rounds of the same run;
// both answer every request identically first (checked). Then the SQL time of a page of 20
// offerings with their licences, templates and organisations.
import autocannon from 'autocannon';
import * as os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { offeringInput, randomSiret } from '../../test/helpers/factories';
import { runBench, startNode, stopChild, waitUntilAnswers } from '../support';
import { BenchRequest, NESTED, SINGLE, variedRequests } from './requests';
import { benchCatalog, seedLicences } from './seed';

const OFFERINGS = Number(process.env.BENCH_OFFERINGS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
// Seconds of load on each server before the measured rounds (JIT, pools, caches); the API's code path is longer to warm.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
// The API under load, the baseline, and the API that reports its SQL (SQL_STATS) for the checks.
const PORT = Number(process.env.BENCH_PORT ?? 3100);
const API = `http://127.0.0.1:${PORT}/graphql`;
const BASELINE = `http://127.0.0.1:${PORT + 1}/`;
const CHECKER = `http://127.0.0.1:${PORT + 2}/graphql`;

async function post(url: string, body: string, token?: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (!res.ok || json.errors) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return { data: json.data, statements: res.headers.get('x-sql-statements'), readMs: Number(res.headers.get('x-sql-read-ms')) };
}

const gql = (query: string, variables: Record<string, unknown>, token?: string) => post(CHECKER, JSON.stringify({ query, variables }), token);

/** Signed-in callers through the API itself: a producer with drafts and a buyer, each by session and by API key. */
async function accounts(databaseUrl: string): Promise<string[]> {
  const signUp = async (kind: string, name: string) => (await gql(
    `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token organization { id } } }`,
    { input: {
      organization: { name, kind, siret: randomSiret(), address: { line: '1 rue du Banc', postalCode: '75000', city: 'Paris', country: 'FR' } },
      admin: { email: `bench-${kind.toLowerCase()}@bench.test`, displayName: `Bench ${kind}`, password: 'a-long-enough-password' },
    } },
  )).data.signUpOrganization;
  const key = async (token: string, roles: string[]) =>
    (await gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { name: 'bench', roles } }, token)).data.createApiKey.secret;
  const producer = await signUp('HOSPITAL', 'CHU du Banc d\'essai');
  const buyer = await signUp('PHARMA', 'Laboratoire du Banc d\'essai');
  // Verification is the platform operator's job; the bench stands in for it.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('UPDATE organizations SET verified_at = now() WHERE id = $1', [producer.organization.id]);
  await db.end();
  for (let i = 0; i < 20; i++) {
    const input = offeringInput({ title: { fr: `Cancer du sein, cohorte ${i} du banc d'essai`, en: `Breast cancer cohort ${i}` }, numberOfUniqueIndividuals: 1000 * (i + 1) });
    const { id } = (await gql(`mutation($input: OfferingContentInput!) { createOffering(input: $input) { id } }`, { input }, producer.token)).data.createOffering;
    if (i % 2 === 0) await gql(`mutation($id: ID!) { publishOffering(id: $id) { id } }`, { id }, producer.token);
  }
  return [producer.token, await key(producer.token, ['PUBLISHER']), buyer.token, await key(buyer.token, ['BUYER'])];
}

/** Every request answered by the API and the baseline: the same data, with the same number of SQL statements. */
async function check(requests: BenchRequest[], tokens: string[]) {
  for (const [i, r] of requests.entries()) {
    const token = r.token === null ? undefined : tokens[r.token];
    const [api, base] = [await post(CHECKER, r.body, token), await post(BASELINE, r.body, token)];
    if (!isDeepStrictEqual(api.data, base.data) || api.statements !== base.statements) {
      throw new Error(`request ${i} (${r.body}) differs:\nAPI (${api.statements} statements) ${JSON.stringify(api.data).slice(0, 800)}\n`
        + `baseline (${base.statements} statements) ${JSON.stringify(base.data).slice(0, 800)}`);
    }
  }
}

async function load(url: string, requests: BenchRequest[], tokens: string[], duration: number) {
  const path = new URL(url).pathname;
  const r = await autocannon({
    url, connections: CONNECTIONS, duration,
    requests: requests.map((q) => ({
      method: 'POST' as const, path, body: q.body,
      headers: { 'content-type': 'application/json', ...(q.token === null ? {} : { authorization: `Bearer ${tokens[q.token]}` }) },
    })),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, total: r.requests.total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const db = await benchCatalog('marketplace_bench_varied', OFFERINGS);
  // As deployed (NODE_ENV=production), one process, cache off.
  const common = { DATABASE_URL: db.url, LOG_LEVEL: 'error', PUBLIC_CACHE_SECONDS: '0', RUN_MIGRATIONS: 'false', NODE_ENV: 'production' };
  const probe = JSON.stringify({ query: SINGLE, variables: { q: 'cancer' } });
  const baseline = startNode('bench/catalog/baseline-server.ts', { DATABASE_URL: db.url, PORT: String(PORT + 1) });
  // BENCH_API_NODE_OPTIONS: Node options for the API under load only (e.g. a profiler preload).
  const api = startNode('apps/api/src/main.ts', { ...common, PORT: String(PORT), ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}) });
  // One API after the other: two starting at once race to create the job queue's schema.
  let checker = api;
  try {
    await waitUntilAnswers(API, probe);
    checker = startNode('apps/api/src/main.ts', { ...common, PORT: String(PORT + 2), SQL_STATS: 'true' });
    await Promise.all([BASELINE, CHECKER].map((url) => waitUntilAnswers(url, probe)));
    const tokens = await accounts(db.url);
    await seedLicences(db.url);
    const requests = variedRequests(REQUESTS, tokens.length, OFFERINGS);
    await check(requests, tokens);
    console.log(`${requests.length} distinct requests (${requests.filter((r) => r.token === null).length} anonymous): the API and the baseline answer each with the same data and the same SQL statements`);

    const nested = [];
    for (let i = 0; i < 21; i++) nested.push(await gql(NESTED, {}));
    const licences = nested[0].data.offerings.edges.reduce((n: number, e: any) => n + e.node.licences.length, 0);
    console.log(`nested page (20 offerings, ${licences} licences with their templates and organisations): ${nested[0].statements} SQL statements, `
      + `SQL time median ${median(nested.slice(1).map((n) => n.readMs)).toFixed(2)} ms, max ${Math.max(...nested.slice(1).map((n) => n.readMs)).toFixed(2)} ms (first: ${nested[0].readMs.toFixed(2)} ms)`);

    // Warm-up of both, then alternating rounds: a drift of the shared machine hits both alike.
    await load(API, requests, tokens, WARMUP);
    await load(BASELINE, requests, tokens, WARMUP);
    const rounds: { api: Awaited<ReturnType<typeof load>>; base: Awaited<ReturnType<typeof load>> }[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push({ api: await load(API, requests, tokens, DURATION), base: await load(BASELINE, requests, tokens, DURATION) });

    console.log(`\n${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s, cache off, one process each`);
    console.log('round  server                     req/s    p50 ms  p99 ms  errors');
    rounds.forEach(({ api: a, base: b }, i) => {
      for (const [name, r] of [['API', a], ['baseline node:http + pg', b]] as const) {
        console.log(`${String(i + 1).padStart(5)}  ${name.padEnd(24)} ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${r.errors}`);
      }
    });
    const ratio = rounds.reduce((n, r) => n + r.api.rps, 0) / rounds.reduce((n, r) => n + r.base.rps, 0);
    console.log(`API / baseline throughput, same requests, same run: ${ratio.toFixed(2)} (per round: ${rounds.map((r) => (r.api.rps / r.base.rps).toFixed(2)).join(', ')})`);
    console.log(`target >= 0.80 -> ${ratio >= 0.8 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all([api, checker, baseline].map(stopChild));
    await db.stop();
  }
}

runBench(main);
