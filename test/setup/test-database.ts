import { Client } from 'pg';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { embeddedDataDir, startEmbeddedPostgres } from '../../libs/core/src/database/embedded-postgres';

/** Every e2e database is named with this prefix, the run's start time (base 36) and a random part. */
const PREFIX = 'hdm_e2e_';
/** A database left by a run that was killed is dropped by a later run once it is this old. */
const STALE_AFTER_MS = 6 * 3600_000;
const SLOTS = 16;

/**
 * A fresh database for one `npm test` run: two runs at once never share one, so they
 * cannot drop each other's tables. On DATABASE_URL's server when it is set; otherwise on an
 * embedded PostgreSQL whose slot (port and data folder) no other running test run holds.
 */
export async function prepareTestDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `${PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const adminUrl = new URL(process.env.DATABASE_URL);
    await createDatabase(adminUrl.toString(), name);
    adminUrl.pathname = `/${name}`;
    return { url: adminUrl.toString(), stop: () => dropDatabase(process.env.DATABASE_URL!, name) };
  }
  const dataDir = path.resolve(__dirname, '../../.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const slot = await claimSlot(dataDir);
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, name: `pg-test-${slot.port}`, port: slot.port, database: 'postgres' });
    await createDatabase(embedded.url, name);
    return {
      url: embedded.url.replace(/\/postgres$/, `/${name}`),
      stop: async () => {
        await dropDatabase(embedded.url, name).catch(() => undefined);
        await embedded.stop();
        slot.release();
      },
    };
  } catch (e) {
    slot.release();
    throw e;
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
    for (const { datname } of rows as { datname: string }[]) {
      const started = parseInt(datname.slice(PREFIX.length).split('_')[0], 36);
      if (Number.isFinite(started) && Date.now() - started > STALE_AFTER_MS) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
      }
    }
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first embedded slot no live test run holds: a lock file created exclusively, holding
 * the owner's pid (a lock whose owner died is taken over), and a port nothing listens on.
 */
async function claimSlot(dataDir: string): Promise<{ port: number; release: () => void }> {
  const base = Number(process.env.EMBEDDED_TEST_PG_PORT ?? 54339);
  for (let i = 0; i < SLOTS; i++) {
    const port = base + i;
    const lock = path.join(dataDir, `pg-test-${port}.lock`);
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (alive(owner)) continue;
      fs.writeFileSync(lock, String(process.pid));
    }
    const release = () => fs.rmSync(lock, { force: true });
    // A cluster of this slot left running by a killed run is reused; any other listener is not ours.
    const running = fs.existsSync(path.join(embeddedDataDir(dataDir, `pg-test-${port}`), 'postmaster.pid'));
    if (running || (await portFree(port))) return { port, release };
    release();
  }
  throw new Error(`No free slot for an embedded test PostgreSQL on ports ${base}-${base + SLOTS - 1}: set DATABASE_URL or EMBEDDED_TEST_PG_PORT`);
}
