// How the cost of a search grows with the catalog: the same catalog grown to 1,000, 10,000
// and 100,000 offerings; at each size, one-word searches of every frequency, as the API runs
// them (the page with its count, and the facets), timed on one connection and counted in
// buffers (the pages PostgreSQL touched, which do not depend on the machine's load); then
// the API itself, cache off, on the most common word at 32 connections.
import autocannon from 'autocannon';
import * as os from 'node:os';
import { Client } from 'pg';
import { loadConfig } from '@app/core';
import { buildSearchSql, facetsSql, searchPageSql } from '../../libs/catalog/src/offering.search';
import { migrate } from '../../apps/api/src/database';
import { freshBenchDatabase, runBench, startNode, stopChild, waitUntilAnswers } from '../support';
import { SINGLE } from './requests';
import { seedCatalog } from './seed';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 3100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const RUNS = 15;
// In every offering of the bench catalog, in 30 %, 10 % and 5 % of them, and in one title.
const WORDS = ['données', 'centre', 'cancer', 'mucoviscidose', '424'];

const config = loadConfig();
const bounds = { window: config.searchWindow, horizon: config.searchHorizon };

async function cost(db: Client, sql: string, params: unknown[]) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await db.query(sql, params);
    times.push(performance.now() - start);
  }
  const [{ 'QUERY PLAN': [plan] }] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)).rows;
  return { ms: times.sort((a, b) => a - b)[Math.floor(RUNS / 2)], buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'] };
}

async function main() {
  const database = await freshBenchDatabase('marketplace_bench_scale');
  await migrate(database.url);
  const api = startNode('apps/api/src/main.ts', {
    DATABASE_URL: database.url, PORT: String(PORT), LOG_LEVEL: 'error', PUBLIC_CACHE_SECONDS: '0', RUN_MIGRATIONS: 'false', NODE_ENV: 'production',
  });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const figures = new Map<string, Map<number, { page: Awaited<ReturnType<typeof cost>>; facets: Awaited<ReturnType<typeof cost>>; matches: number }>>();
  const http: { size: number; rps: number; p50: number; p99: number; errors: number }[] = [];
  try {
    const probe = JSON.stringify({ query: SINGLE, variables: { q: WORDS[0] } });
    await waitUntilAnswers(`http://127.0.0.1:${PORT}/graphql`, probe);
    for (const size of SIZES) {
      const t0 = Date.now();
      await seedCatalog(database.url, size);
      console.log(`catalog of ${size} offerings (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      for (const word of WORDS) {
        const args = { search: word, first: 20 };
        const s = buildSearchSql(null, args);
        const [{ matches }] = (await db.query(`SELECT count(*)::int AS matches FROM offering_versions v WHERE ${s.branches[0].where}`, s.params)).rows;
        if (!figures.has(word)) figures.set(word, new Map());
        figures.get(word)!.set(size, { page: await cost(db, searchPageSql(s, args, 20, 0, bounds), s.params), facets: await cost(db, facetsSql(s, bounds), s.params), matches });
      }
      const r = await autocannon({ url: `http://127.0.0.1:${PORT}/graphql`, connections: CONNECTIONS, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body: probe });
      http.push({ size, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
    }
  } finally {
    await db.end();
    await stopChild(api);
    await database.stop();
  }
  console.log(`\n${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}; SEARCH_WINDOW ${bounds.window}, SEARCH_HORIZON ${bounds.horizon}`);
  console.log(`one-word search, anonymous, first 20: database time of the page and of the facets (median of ${RUNS}, one connection) and buffers touched`);
  console.log(`${'word'.padEnd(14)} ${SIZES.map((n) => `${n} offerings`.padStart(42)).join('')}   ${SIZES.at(-1)} / ${SIZES.at(-2)}`);
  for (const [word, bySize] of figures) {
    const cells = SIZES.map((n) => {
      const f = bySize.get(n)!;
      return `${f.matches} m: ${f.page.ms.toFixed(1)} ms ${f.page.buffers} b + ${f.facets.ms.toFixed(1)} ms`.padStart(42);
    });
    const [a, b] = [bySize.get(SIZES.at(-2)!)!, bySize.get(SIZES.at(-1)!)!];
    const ratio = (b.page.ms + b.facets.ms) / (a.page.ms + a.facets.ms);
    console.log(`${word.padEnd(14)} ${cells.join('')}   ${ratio.toFixed(2)} × time, ${(b.page.buffers / a.page.buffers).toFixed(2)} × buffers`);
  }
  console.log(`\nAPI (1 process, cache off), "${WORDS[0]}", ${CONNECTIONS} connections, ${DURATION} s`);
  for (const h of http) console.log(`${String(h.size).padStart(7)} offerings: ${h.rps.toFixed(0)} req/s, p50 ${h.p50} ms, p99 ${h.p99} ms, ${h.errors} errors`);
}

runBench(main);
