// Usage ingestion benchmark: secure environments posting batches of 1,000 new events to
// POST /usage-events (JSON, API key of the producer), idempotency on (every event goes through
// the (agreement, event id) key table), against the real server as deployed (one worker per
// core) on a fresh database. Then the same batches replayed (all duplicates), and one
// agreement's month summed back. Run: npm run bench:billing:ingest.
// Target: at least 20,000 events/s sustained for 60 s (Lago claims 10,000/s on one PostgreSQL).
import * as http from 'node:http';
import * as os from 'node:os';
import { Client } from 'pg';
import { migrate } from '../../apps/api/src/database';
import { issuedAgreement, marketplaceThrough, signByBoth } from '../../test/helpers/agreements';
import type { GqlResult, GraphqlClient } from '../../test/helpers/test-app';
import { freshBenchDatabase, runBench, startNode, stopChild } from '../support';

const DATABASE = 'marketplace_bench_ingest';
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);
const PORT = Number(process.env.BENCH_PORT ?? 3180);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 60);
const WARMUP_S = 5;
const REPLAY_S = 10;
const BATCH = 1000;
const AGREEMENTS = 8;
const TARGET = 20_000;
const OPERATOR = { email: 'operator@bench.test', password: 'bench-operator-password' };
const METERS = ['COMPUTE_HOURS', 'STORAGE_GB_MONTHS', 'EXTRACTIONS', 'API_CALLS'];
const QUANTITIES = ['1', '0.25', '2.5', '12', '0.001', '100'];

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const client: GraphqlClient = {
  async gql(query, variables = {}, token = null) {
    const res = await post('/graphql', JSON.stringify({ query, variables }), { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
    return JSON.parse(res.text) as GqlResult;
  },
};

async function ok(query: string, variables: Record<string, unknown>, token: string | null) {
  const res = await client.gql(query, variables, token);
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

async function waitForApi() {
  // A shared machine compiles the server slowly: up to three minutes.
  for (let i = 0; i < 720; i++) {
    try {
      if ((await client.gql('{ __typename }')).data) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API on port ${PORT} did not answer`);
}

/** Agreements in force and the producer's API key, made through the API itself. */
async function seed(): Promise<{ agreementIds: string[]; producerKey: string; buyerToken: string }> {
  const operator = (await ok(`mutation($i: SignInInput!) { signIn(input: $i) { token } }`, { i: OPERATOR }, null)).signIn.token;
  const m = await marketplaceThrough(client, operator, 'du banc d\'essai des mesures');
  const agreementIds: string[] = [];
  for (let i = 0; i < AGREEMENTS; i++) {
    const a = await issuedAgreement(client, m);
    const signed = await signByBoth(client, m, a.id);
    if (signed.data?.signAgreement.status !== 'ACTIVE') throw new Error(`agreement ${a.number} is not active: ${JSON.stringify(signed)}`);
    agreementIds.push(a.id);
  }
  const key = await ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'secure environment', roles: ['PUBLISHER'] } }, m.producer.token);
  return { agreementIds, producerKey: key.createApiKey.secret, buyerToken: m.buyer.token };
}

/** One batch of new events, written as a secure environment would send it (little work per event). */
function batchBody(agreementId: string, prefix: string): string {
  const at = new Date().toISOString();
  const parts = new Array<string>(BATCH);
  for (let i = 0; i < BATCH; i++) {
    parts[i] = `{"agreementId":"${agreementId}","meter":"${METERS[i & 3]}","quantity":"${QUANTITIES[i % 6]}","occurredAt":"${at}","eventId":"${prefix}-${i}"}`;
  }
  return `[${parts.join(',')}]`;
}

interface Phase {
  events: number;
  batches: number;
  errors: number;
  latencies: number[];
  perSecond: number[];
  seconds: number;
}

/** CONNECTIONS senders in parallel for `seconds`; `next` gives each batch, `expected` says what its answer must count. */
async function drive(seconds: number, next: (conn: number, seq: number) => string, expected: 'recorded' | 'duplicates'): Promise<Phase> {
  const phase: Phase = { events: 0, batches: 0, errors: 0, latencies: [], perSecond: [], seconds };
  const start = Date.now();
  const end = start + seconds * 1000;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${producerKey}` };
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, conn) => {
    for (let seq = 0; Date.now() < end; seq++) {
      const body = next(conn, seq);
      const t0 = process.hrtime.bigint();
      const res = await post('/usage-events', body, headers);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const answer = res.status === 200 ? JSON.parse(res.text) : null;
      if (!answer || answer[expected] !== BATCH) {
        phase.errors++;
        if (phase.errors === 1) console.error(`unexpected answer (${res.status}): ${res.text.slice(0, 300)}`);
        continue;
      }
      const second = Math.floor((Date.now() - start) / 1000);
      if (second < seconds) phase.perSecond[second] = (phase.perSecond[second] ?? 0) + BATCH;
      phase.latencies.push(ms);
      phase.events += BATCH;
      phase.batches++;
    }
  }));
  phase.seconds = (Date.now() - start) / 1000;
  return phase;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(name: string, p: Phase): number {
  const sorted = [...p.latencies].sort((a, b) => a - b);
  const rate = p.events / p.seconds;
  const lowest = Math.min(...Array.from({ length: Math.floor(p.seconds) }, (_, i) => p.perSecond[i] ?? 0));
  console.log(`${name.padEnd(28)} ${Math.round(rate).toLocaleString('en').padStart(8)} events/s  lowest second ${lowest.toLocaleString('en').padStart(7)}  `
    + `batch p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms  batches ${p.batches}  errors ${p.errors}`);
  return rate;
}

let producerKey = '';

async function main() {
  const db = await freshBenchDatabase(DATABASE);
  await migrate(db.url);
  const api = startNode('apps/api/src/main.ts', {
    DATABASE_URL: db.url, PORT: String(PORT), LOG_LEVEL: 'error', RUN_MIGRATIONS: 'false', WEB_CONCURRENCY: String(WORKERS),
    PLATFORM_OPERATOR_EMAIL: OPERATOR.email, PLATFORM_OPERATOR_PASSWORD: OPERATOR.password,
  });
  const pg = new Client({ connectionString: db.url });
  try {
    await waitForApi();
    const seeded = await seed();
    producerKey = seeded.producerKey;
    const { agreementIds } = seeded;
    const load = [...os.loadavg()].map((x) => x.toFixed(2)).join(' ');
    const fresh = (conn: number, seq: number) => batchBody(agreementIds[(conn + seq) % agreementIds.length], `c${conn}-s${seq}`);

    const warm = await drive(WARMUP_S, (c, s) => fresh(c, s + 1_000_000), 'recorded');
    const kept: string[] = [];
    const measured = await drive(DURATION_S, (c, s) => {
      const body = fresh(c, s);
      if (kept.length < 200) kept.push(body);
      return body;
    }, 'recorded');
    const replayed = await drive(REPLAY_S, (c, s) => kept[(c * 31 + s) % kept.length], 'duplicates');

    await pg.connect();
    const [{ events, keys }] = (await pg.query(`SELECT (SELECT count(*) FROM usage_events)::int AS events, (SELECT count(*) FROM usage_event_keys)::int AS keys`)).rows;
    const t0 = process.hrtime.bigint();
    const month = await ok(`query($a: ID!) { agreementUsage(agreementId: $a) { meters { meter quantity events } amount { totalCents } } }`, { a: agreementIds[0] }, seeded.buyerToken);
    const usageMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const perAgreement = month.agreementUsage.meters.reduce((s: number, x: { events: number }) => s + x.events, 0);
    const version = (await pg.query('SHOW server_version')).rows[0].server_version;

    console.log(`\n${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average before ${load}, Node ${process.version}, PostgreSQL ${version}`);
    console.log(`API with ${WORKERS} workers, ${CONNECTIONS} connections, batches of ${BATCH} events over ${AGREEMENTS} agreements, load generator on the same machine\n`);
    const rate = report(`new events (${DURATION_S} s)`, measured);
    report(`replayed batches (${REPLAY_S} s)`, replayed);
    const sent = warm.events + measured.events;
    console.log(`stored: ${events.toLocaleString('en')} events and ${keys.toLocaleString('en')} keys for ${sent.toLocaleString('en')} new events sent: ${events === sent && keys === sent ? 'exact, the replays added none' : 'MISMATCH'}`);
    console.log(`agreementUsage of one agreement's month (${perAgreement.toLocaleString('en')} events summed and priced): ${usageMs.toFixed(0)} ms`);
    const sustained = measured.errors === 0 && rate >= TARGET;
    console.log(`target ≥ ${TARGET.toLocaleString('en')} events/s sustained for ${DURATION_S} s, no errors: ${sustained ? 'met' : 'NOT met'}`);
  } finally {
    await pg.end().catch(() => undefined);
    agent.destroy();
    await stopChild(api);
    await db.stop();
  }
}

runBench(main);
