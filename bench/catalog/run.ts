// Catalog search benchmark: 10,000 published offerings, a search returning 20 offerings with
// their producer and themes, 32 connections; the same query through a no-framework baseline.
import autocannon from 'autocannon';
import * as os from 'node:os';
import { runBench, startNode, stopChild, waitUntilAnswers } from '../support';
import { SINGLE as QUERY } from './requests';
import { benchCatalog } from './seed';

const OFFERINGS = Number(process.env.BENCH_OFFERINGS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);
const SEARCH = process.env.BENCH_SEARCH ?? 'insuffisance cardiaque';
// Three ports from BENCH_PORT: the API as deployed, the baseline, the API with its cache off.
const PORT = Number(process.env.BENCH_PORT ?? 3100);

async function load(url: string) {
  // warm-up, then the measured run
  await autocannon({ url, connections: CONNECTIONS, duration: 3, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { q: SEARCH } }) });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { q: SEARCH } }) });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, total: r.requests.total };
}

async function main() {
  const db = await benchCatalog('marketplace_bench', OFFERINGS);

  // The API as deployed here (one worker per core, anonymous catalog queries cached for
  // PUBLIC_CACHE_SECONDS); then one process with that cache off (every request runs the
  // search) against the one-process no-framework baseline: the framework's overhead.
  const body = JSON.stringify({ query: QUERY, variables: { q: SEARCH } });
  const uncached = startNode('apps/api/src/main.ts', {
    DATABASE_URL: db.url, PORT: String(PORT + 2), LOG_LEVEL: 'warn', PUBLIC_CACHE_SECONDS: '0', RUN_MIGRATIONS: 'false', NODE_ENV: 'production',
  });
  const baseline = startNode('bench/catalog/baseline-server.ts', { DATABASE_URL: db.url, PORT: String(PORT + 1) });
  // One API after the other: servers starting at once on a fresh database race to create the job queue's schema.
  let api = uncached;
  try {
    await waitUntilAnswers(`http://127.0.0.1:${PORT + 2}/graphql`, body);
    api = startNode('apps/api/src/main.ts', {
      DATABASE_URL: db.url, PORT: String(PORT), LOG_LEVEL: 'warn', SQL_STATS: 'true', PUBLIC_CACHE_SECONDS: '10', WEB_CONCURRENCY: String(WORKERS), NODE_ENV: 'production',
    });
    const probe = await waitUntilAnswers(`http://127.0.0.1:${PORT}/graphql`, body);
    const first = (await probe.json()) as { data: { offerings: { edges: unknown[]; totalCount: number } } };
    const statements = probe.headers.get('x-sql-statements');
    await waitUntilAnswers(`http://127.0.0.1:${PORT + 1}/`, body);
    console.log(`query returns ${first.data.offerings.edges.length} of ${first.data.offerings.totalCount} matches; SQL statements per request: ${statements}`);
    // One server at a time: the others idle, so each gets the whole machine.
    const apiResult = await load(`http://127.0.0.1:${PORT}/graphql`);
    const uncachedResult = await load(`http://127.0.0.1:${PORT + 2}/graphql`);
    const baseResult = await load(`http://127.0.0.1:${PORT + 1}/`);
    const rows = [
      [`API, ${WORKERS} workers, cache 10 s`, apiResult],
      ['API, 1 process, cache off', uncachedResult],
      ['baseline node:http + pg', baseResult],
    ] as const;
    console.log(`\n${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s`);
    console.log('server                     req/s    p50 ms  p99 ms  errors');
    for (const [name, r] of rows) {
      console.log(`${name.padEnd(26)} ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${r.errors}`);
    }
    console.log(`framework overhead (cache off vs baseline, same SQL): ${(uncachedResult.rps / baseResult.rps * 100).toFixed(0)} % of the baseline's throughput (baseline/API = ${(baseResult.rps / uncachedResult.rps).toFixed(2)})`);
    console.log(`target: >= 1000 req/s and p99 < 50 ms -> ${apiResult.rps >= 1000 && apiResult.p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all([api, uncached, baseline].map(stopChild));
    await db.stop();
  }
}

runBench(main);
