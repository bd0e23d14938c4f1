/**
 * Agreement generation + seal benchmark.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/contracting/agreement.bench.ts [N]
 *
 * One run is what the service does when the second party signs: sealAgreement renders the
 * unsigned agreement again to check that both signatures were given to those bytes,
 * renders the final 15-page agreement (academic-research licence, fee annex, dataset
 * annex, filled signature page, audit trail page) and seals it (PAdES, RSA-3072/SHA-256).
 * One SealingKey is prepared up front and reused, as in the service.
 * Target: median under 250 ms.
 */
import { performance } from 'node:perf_hooks';
import { renderAgreementPdf, sealAgreement } from '../../libs/contracting/src/agreement';
import { pdfInfo } from '../../libs/documents/src';
import { FIFTEEN_PAGE_DICTIONARY_ROWS, sampleAgreementInput, sampleAuditTrail } from '../../libs/contracting/src/agreement/testing/sample-agreement';
import { generateSelfSignedP12, SealingKey, sha256Hex, verifyPdf } from '../../libs/contracting/src/signing';

const N = Number(process.argv[2] ?? 50);
const WARMUP = 10;
const TARGET_MEDIAN_MS = 250;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}
function stats(values: number[]): { median: number; p99: number; min: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { median: percentile(s, 50), p99: percentile(s, 99), min: s[0], max: s[s.length - 1] };
}
const fmt = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const generated = generateSelfSignedP12({ commonName: 'Plateforme — cachet (bench)', organization: 'Bench', passphrase: 'bench', validDays: 3650, keySize: 3072, notBefore: new Date('2026-01-01T00:00:00Z') });
  const sealingKey = SealingKey.fromP12(generated.p12, 'bench');
  const meta = { name: 'Plateforme Santé Données Ouvertes', location: 'Paris, France', signedAt: new Date('2027-02-17T14:05:00Z') };

  // A different agreement number each run, so no run reuses another's bytes.
  const prepare = async (i: number) => {
    const input = sampleAgreementInput({ dictionaryRows: FIFTEEN_PAGE_DICTIONARY_ROWS, agreementNumber: `AGR-2027-${String(100000 + i)}` });
    return { input, auditTrail: sampleAuditTrail(sha256Hex(await renderAgreementPdf(input))) };
  };
  const runOnce = async (i: number) => {
    const { input, auditTrail } = await prepare(i);
    const t0 = performance.now();
    const sealed = await sealAgreement({ input, auditTrail, sealingKey, meta });
    return { ms: performance.now() - t0, sealed };
  };

  for (let i = 0; i < WARMUP; i++) await runOnce(-1 - i);
  const total: number[] = [];
  let last: Awaited<ReturnType<typeof runOnce>> | undefined;
  for (let i = 0; i < N; i++) {
    last = await runOnce(i);
    total.push(last.ms);
  }

  // Where the time goes: one render of the final document, and the seal alone.
  const render: number[] = [];
  for (let i = 0; i < 20; i++) {
    const { input, auditTrail } = await prepare(1000 + i);
    const t0 = performance.now();
    await renderAgreementPdf(input, { auditTrail });
    render.push(performance.now() - t0);
  }

  const pages = pdfInfo(last!.sealed.pdf).Pages;
  const valid = verifyPdf(last!.sealed.pdf).allValid;
  const t = stats(total);
  const r = stats(render);
  console.log(`agreement bench: ${pages}-page agreement, generate (2 renders) + seal, N=${N} after ${WARMUP} warm-up runs, node ${process.version}`);
  console.log(`sealed PDF ${(last!.sealed.pdf.length / 1024).toFixed(1)} KiB, signature ${valid ? 'valid' : 'INVALID'}`);
  console.log('                       median     p99     min     max   (ms)');
  console.log(`sealAgreement         ${fmt(t.median)} ${fmt(t.p99)} ${fmt(t.min)} ${fmt(t.max)}`);
  console.log(`  of which one render ${fmt(r.median)} ${fmt(r.p99)} ${fmt(r.min)} ${fmt(r.max)}`);
  const ok = t.median < TARGET_MEDIAN_MS && valid && pages === '15';
  console.log(`target median < ${TARGET_MEDIAN_MS} ms: ${ok ? 'PASS' : 'FAIL'}`);
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
