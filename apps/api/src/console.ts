import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IncomingMessage, ServerResponse } from 'node:http';
import { NestExpressApplication } from '@nestjs/platform-express';

/** apps/console/build-info.cjs: where the console lives and whether its build is current. */
interface ConsoleBuildInfo {
  consoleDir: string;
  distDir: string;
  root: string;
  buildState(): 'missing' | 'stale' | 'current';
}

function findConsole(): ConsoleBuildInfo | null {
  // apps/api/src when run from sources, dist/apps/api once compiled: look upwards.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'apps/console/build-info.cjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (fs.existsSync(file)) return require(file) as ConsoleBuildInfo;
  }
  return null;
}

export interface ConsoleOptions {
  /** Rebuild a missing or stale console in the background (development only, first process) */
  rebuildWhenStale: boolean;
  log: (message: string) => void;
}

let building: Promise<boolean> | null = null;

/** Builds the console once at a time across the processes of this checkout (lock file); true when it succeeded. */
function rebuild(info: ConsoleBuildInfo, log: (m: string) => void): Promise<boolean> {
  if (building) return building;
  const lock = path.join(info.consoleDir, '.building');
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return Promise.resolve(false);
  }
  log('The web console is out of date: building it in the background (npm run console:build)');
  const started = Date.now();
  building = new Promise<boolean>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'console:build'], { cwd: info.root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const done = (ok: boolean) => {
      fs.rmSync(lock, { force: true });
      building = null;
      log(ok ? `Web console built in ${((Date.now() - started) / 1000).toFixed(1)} s` : `The web console failed to build:\n${stderr}`);
      resolve(ok);
    };
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
  });
  return building;
}

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

const BUILDING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Console</title></head>
<body><main><h1>The console is being built</h1><p>This page reloads by itself in a few seconds.</p></main></body></html>`;

/**
 * Serves the web console's built files under /console (apps/console/dist): hashed assets
 * cached for a year, every other path the single page (index.html, never cached) so the
 * console's own router answers it. Costs the start a few file reads and one hash.
 */
export function serveConsole(app: NestExpressApplication, opts: ConsoleOptions): void {
  const info = findConsole();
  if (!info) return;
  const state = info.buildState();
  if (state !== 'current') {
    if (opts.rebuildWhenStale) void rebuild(info, opts.log);
    else if (state === 'missing') opts.log('The web console is not built (npm run console:build): /console answers 503');
  }
  const index = path.join(info.distDir, 'index.html');
  const assets = path.join(info.distDir, 'assets');
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = req.url ?? '';
    if (!url.startsWith('/console/assets/') || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    const name = url.slice('/console/assets/'.length).split('?')[0];
    const type = CONTENT_TYPES[path.extname(name)];
    if (!type || name.includes('/') || name.includes('..')) return next();
    fs.readFile(path.join(assets, `${name}.gz`), (err, gz) => {
      if (err) return next();
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding', 'content-length': gz.length, 'cache-control': 'public, max-age=31536000, immutable' });
      res.end(req.method === 'HEAD' ? undefined : gz);
    });
  });
  app.useStaticAssets(path.join(info.distDir, 'assets'), { prefix: '/console/assets/', immutable: true, maxAge: '365d', index: false });
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = req.url ?? '';
    if (!(url === '/console' || url.startsWith('/console/') || url.startsWith('/console?'))) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (url.startsWith('/console/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Not found: this file is not part of the current console build');
    }
    fs.readFile(index, (err, html) => {
      if (err) {
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' });
        return res.end(BUILDING_PAGE);
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : html);
    });
  });
}
