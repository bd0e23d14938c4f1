// What the HTTP benchmarks share: a fresh database, and servers started and stopped around it.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig, startEmbeddedPostgres } from '@app/core';
import { generateSelfSignedP12 } from '@app/contracting';

export const ROOT = path.resolve(__dirname, '..');

/** A fresh database `name` on DATABASE_URL's server, or on the embedded development cluster. */
export async function freshBenchDatabase(name: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const config = loadConfig();
  let base: string;
  let stop = async () => undefined as void;
  if (config.databaseUrl) base = config.databaseUrl;
  else {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: 'postgres' });
    base = embedded.url;
    stop = embedded.stop;
  }
  const url = new URL(base);
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  // A fresh database each run: the figures never depend on what an earlier run left.
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return { url: url.toString(), stop };
}

/** The servers' V8 flags, as in the npm start scripts: a larger young generation, fewer GC pauses. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

let benchSeal: Record<string, string> | null = null;

/**
 * What production requires and a benchmark has not: a sealing certificate (a throwaway one,
 * made once per run), a mail relay (messages go to a folder instead) and the platform's
 * invoicing identity (a fictitious, well-formed SIREN and IBAN).
 */
function productionStandIns(): Record<string, string> {
  if (!benchSeal) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hdm-bench-'));
    const passphrase = 'bench';
    fs.writeFileSync(path.join(dir, 'seal.p12'), generateSelfSignedP12({ commonName: 'Benchmark seal', organization: 'Benchmark', passphrase, validDays: 2, keySize: 2048 }).p12, { mode: 0o600 });
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    benchSeal = { SEAL_P12_PATH: path.join(dir, 'seal.p12'), SEAL_P12_PASSPHRASE: passphrase, MAIL_TRANSPORT: 'outbox', MAIL_OUTBOX_DIR: path.join(dir, 'outbox'),
      BILLING_ISSUER_NAME: 'Plateforme Benchmark SAS', BILLING_ISSUER_SIREN: '752000018', BILLING_IBAN: 'FR7630006000011234567890189', BILLING_BIC: 'AGRIFRPPXXX' };
  }
  return benchSeal;
}

/** Runs a TypeScript entry point of the repository in a child process. */
export function startNode(script: string, env: Record<string, string>): ChildProcess {
  const standIns = env.NODE_ENV === 'production' ? productionStandIns() : {};
  return spawn(process.execPath, [...SERVER_NODE_FLAGS, '-r', './bench/register.js', '-r', 'tsconfig-paths/register', script], {
    cwd: ROOT, env: { ...standIns, ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Stops a server and waits for it, so the database is not pulled from under its last requests. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs a benchmark's main; a failure prints its error and exits with status 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

/** Waits until `url` answers the POST `body` with a 2xx (a server starting up). */
export async function waitUntilAnswers(url: string, body: string): Promise<Response> {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}
