import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ServerProcess {
  base: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The API as deployed (`npm start`: its own processes, WEB_CONCURRENCY workers) on an
 * existing database, for tests that load a server the way remote clients do.
 */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  // Its own working folder: a development server writes schema.gql and certificates there.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'hdm-server-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-semi-space-size=32', '-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), path.join(ROOT, 'apps/api/src/main.ts')],
    {
      cwd,
      env: {
        ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), DATA_DIR: cwd, CONTRACT_TEMPLATES_DIR: path.join(ROOT, 'contracts-templates'),
        DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', PUBLIC_CACHE_SECONDS: '0',
        RUN_MIGRATIONS: 'false', NODE_ENV: 'test', ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
    const up = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start within 300 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    async stop() {
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));
      fs.rmSync(cwd, { recursive: true, force: true });
    },
  };
}
