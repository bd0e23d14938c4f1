// Hostile single requests (test/helpers/hostile-requests.ts: at most 1 MB each) against the
// API as deployed, one at a time: how long each takes to be answered or refused, and how
// long /health/ready takes while it is in flight. Target: every one within 1 s.
// Run: npm run bench:hostile (on a quiet machine: these are wall times).
import * as os from 'node:os';
import { migrate } from '../../apps/api/src/database';
import { freshBenchDatabase, runBench, startNode, stopChild } from '../support';
import { randomSiret } from '../../test/helpers/factories';
import { hostileRequests, sendHostile } from '../../test/helpers/hostile-requests';

const DATABASE = 'marketplace_bench_hostile';
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1000;

async function waitForApi() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${BASE} did not answer`);
}

async function adminToken(): Promise<string> {
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token } }',
      variables: { input: {
        organization: { name: 'CHU du banc hostile', kind: 'HOSPITAL', siret: randomSiret(), address: { line: '1 rue du Banc', postalCode: '75000', city: 'Paris', country: 'FR' } },
        admin: { email: 'bench-hostile@bench.test', displayName: 'Bench', password: 'a-long-enough-password' },
      } },
    }),
  });
  return ((await res.json()) as { data: { signUpOrganization: { token: string } } }).data.signUpOrganization.token;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const db = await freshBenchDatabase(DATABASE);
  await migrate(db.url);
  const api = startNode('apps/api/src/main.ts', {
    DATABASE_URL: db.url, PORT: String(PORT), LOG_LEVEL: 'warn', RUN_MIGRATIONS: 'false', WEB_CONCURRENCY: String(WORKERS),
  });
  try {
    await waitForApi();
    const battery = hostileRequests(await adminToken());
    console.log(`${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, API with ${WORKERS} workers, load average ${os.loadavg()[0].toFixed(1)}; ${RUNS} runs each`);
    console.log(`${'request'.padEnd(62)} status  median ms  max ms  /health/ready max ms`);
    let worst = 0;
    for (const r of battery) {
      const times: number[] = [];
      const health: number[] = [];
      let status = 0;
      for (let i = 0; i < RUNS; i++) {
        const probe = (async () => {
          const start = performance.now();
          await fetch(`${BASE}/health/ready`);
          return performance.now() - start;
        })();
        const res = await sendHostile(BASE, r);
        health.push(await probe);
        times.push(res.ms);
        status = res.status;
      }
      worst = Math.max(worst, ...times);
      console.log(`${r.name.slice(0, 62).padEnd(62)} ${String(status).padStart(6)}  ${median(times).toFixed(0).padStart(9)}  ${Math.max(...times).toFixed(0).padStart(6)}  ${Math.max(...health).toFixed(0).padStart(20)}`);
    }
    console.log(`target: each answered within ${TARGET_MS} ms -> ${worst <= TARGET_MS ? 'met' : 'NOT met'} (slowest ${worst.toFixed(0)} ms)`);
  } finally {
    await stopChild(api);
    await db.stop();
  }
}

runBench(main);
