// Validates pain.001 files against the ISO 20022 XSD with xmllint (schemas/README.md says where the XSD is found).

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const PAIN001_XSD_SHA256 = 'de038b373e47b0077b1832ddd81f4b2f1eb25d35721f62da1e38b7f5a09fda24';

/** The XSD's path, checked against its SHA-256, or null when none is found (schemas/README.md). */
export function findPain001Xsd(): string | null {
  const candidates = [
    process.env.PAIN001_XSD,
    resolve(__dirname, '../../schemas/pain.001.001.09.xsd'),
    resolve(process.cwd(), 'libs/payments/schemas/pain.001.001.09.xsd'),
    resolve(process.cwd(), '../shared/schemas/iso20022/pain.001.001.09.xsd'),
  ].filter((p): p is string => !!p);
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (sha !== PAIN001_XSD_SHA256) throw new Error(`${path} is not the ISO 20022 pain.001.001.09 XSD (SHA-256 ${sha}, expected ${PAIN001_XSD_SHA256})`);
    return path;
  }
  return null;
}

/** xmllint's verdict on `files`: the errors it printed, empty when every file validates. */
export function validatePain001(xsd: string, files: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((done) => {
    execFile('xmllint', ['--noout', '--schema', xsd, ...files], (error, _stdout, stderr) => done({ ok: !error, output: stderr }));
  });
}
