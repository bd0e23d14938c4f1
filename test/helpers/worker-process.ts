// The real worker process (`npm run worker`) on a test database, for the tests that kill it.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Spawns the worker on `url` with `env` added; it is ready once `workerReady` resolves. */
export function spawnWorkerProcess(url: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), path.join(ROOT, 'apps/worker/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), DATABASE_URL: url, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The worker process on `url`, once it says it is ready. */
export async function workerProcess(url: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawnWorkerProcess(url, env);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start: ${out}`)), 240_000);
    const seen = (d: Buffer) => {
      out = (out + d).slice(-4000);
      if (out.includes('Worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}): ${out}`)));
  });
  return child;
}
