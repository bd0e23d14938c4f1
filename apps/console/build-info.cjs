// The console's build stamp: a hash of everything its build reads. The API server compares
// it with dist/build-info.json at start (a few milliseconds) to tell whether dist/ is stale;
// `npm run console:build` writes it last, so a failed build never looks current.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const consoleDir = __dirname;
const root = path.resolve(consoleDir, '../..');

function files(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gql' ? [] : files(p);
    return [p];
  });
}

function inputs() {
  return [
    ...files(path.join(consoleDir, 'src')),
    // the kernel the console imports (@app/core/kernel: money formatting)
    ...files(path.join(root, 'libs/core/src/kernel')).filter((f) => !f.endsWith('.spec.ts')),
    ...['index.html', 'vite.config.ts', 'codegen.yml', 'tsconfig.json'].map((f) => path.join(consoleDir, f)),
    path.join(root, 'schema.gql'),
    path.join(root, 'package-lock.json'),
  ].sort();
}

function sourcesHash() {
  const h = crypto.createHash('sha256');
  for (const f of inputs()) {
    if (!fs.existsSync(f)) continue;
    h.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

const distDir = path.join(consoleDir, 'dist');
const stampFile = path.join(distDir, 'build-info.json');

/** 'missing' (never built), 'stale' (sources changed since) or 'current'. */
function buildState() {
  if (!fs.existsSync(path.join(distDir, 'index.html')) || !fs.existsSync(stampFile)) return 'missing';
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8')).sourcesHash === sourcesHash() ? 'current' : 'stale';
  } catch {
    return 'stale';
  }
}

module.exports = { consoleDir, distDir, root, sourcesHash, buildState };

if (require.main === module) {
  // Gzipped copies of the hashed assets, served to browsers that accept them (a third of the bytes).
  const zlib = require('node:zlib');
  const assets = path.join(distDir, 'assets');
  for (const f of fs.readdirSync(assets)) {
    if (/\.(js|css|svg)$/.test(f)) fs.writeFileSync(path.join(assets, `${f}.gz`), zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }));
  }
  fs.writeFileSync(stampFile, JSON.stringify({ sourcesHash: sourcesHash(), builtAt: new Date().toISOString() }) + '\n');
}
