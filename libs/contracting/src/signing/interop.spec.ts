/**
 * Cross-checks with independent implementations: OpenSSL-made P12s (RSA and EC),
 * `openssl cms -verify` on our CMS, and verifyPdf on a signature made by @signpdf's own
 * P12Signer (node-forge pkcs7, adbe.pkcs7.detached).
 */
import { pdfSig } from '@app/documents';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { generateSelfSignedP12, SealingKey, sealPdf, verifyPdf } from './index';
import { renderSampleAgreementPdf } from './testing/sample-agreement-pdf';

jest.setTimeout(60_000);

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const describeOpenssl = hasOpenssl ? describe : describe.skip;

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

describe('interoperability', () => {
  let pdf: Buffer;
  let dir: string;
  beforeAll(async () => {
    pdf = await renderSampleAgreementPdf({ pages: 3 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signing-interop-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describeOpenssl('with OpenSSL', () => {
    it.each([
      ['rsa', ['-newkey', 'rsa:2048']],
      ['ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ])('seals with an OpenSSL-exported %s P12', async (kind, keyArgs) => {
      openssl(['req', '-x509', ...keyArgs, '-keyout', `${kind}.key`, '-out', `${kind}.crt`, '-days', '5', '-nodes', '-subj', `/CN=Signataire ${kind}/O=Org`], dir);
      openssl(['pkcs12', '-export', '-inkey', `${kind}.key`, '-in', `${kind}.crt`, '-out', `${kind}.p12`, '-passout', 'pass:pw'], dir);
      const key = SealingKey.fromP12(fs.readFileSync(path.join(dir, `${kind}.p12`)), 'pw');
      expect(key.keyType).toBe(kind);
      const sealed = await sealPdf(pdf, key, { reason: 'Interop', name: kind, location: 'Paris' });
      expect(pdfSig(sealed)).toContain('Signature is Valid.');
      const [sig] = verifyPdf(sealed).signatures;
      expect(sig).toMatchObject({ valid: true, signerName: `Signataire ${kind}`, padesBaselineB: true });
    });

    it('openssl cms -verify accepts our detached CMS (incl. ESS signing-certificate-v2 check)', async () => {
      const g = generateSelfSignedP12({ commonName: 'CMS check', organization: 'Org', passphrase: 'p', validDays: 5, keySize: 2048 });
      const sealed = await sealPdf(pdf, { p12: g.p12, passphrase: 'p' }, { reason: 'r', name: 'n', location: 'l' });
      const [, b, c, d] = verifyPdf(sealed).signatures[0].byteRange;
      // The placeholder is zero-padded; the DER header says how long the CMS really is
      // (stripping trailing zeros would also eat a signature that happens to end in 0x00).
      const padded = Buffer.from(sealed.toString('latin1', b + 1, c - 1), 'hex');
      fs.writeFileSync(path.join(dir, 'sig.der'), padded.subarray(0, derLength(padded)));
      fs.writeFileSync(path.join(dir, 'content.bin'), Buffer.concat([sealed.subarray(0, b), sealed.subarray(c, c + d)]));
      const out = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'content.bin', '-noverify', '-out', '/dev/null'], dir);
      expect(out).toContain('Verification successful');
      const dump = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'sig.der'], dir);
      expect(dump).toContain('id-smime-aa-signingCertificateV2');
      expect(dump).not.toContain('signingTime');
    });
  });

  it('verifyPdf validates a signature made by @signpdf P12Signer (forge pkcs7, adbe.pkcs7.detached)', async () => {
    const g = generateSelfSignedP12({ commonName: 'Signataire signpdf', organization: 'Org', passphrase: 'p', validDays: 5, keySize: 2048 });
    const withPlaceholder = plainAddPlaceholder({ pdfBuffer: pdf, reason: 'ref', contactInfo: '', name: 'ref', location: 'ici', signatureLength: 8192 });
    const signed = await new SignPdf().sign(withPlaceholder, new P12Signer(g.p12, { passphrase: 'p' }));
    const [sig] = verifyPdf(signed).signatures;
    expect(sig).toMatchObject({
      valid: true,
      signerName: 'Signataire signpdf',
      subFilter: 'adbe.pkcs7.detached',
      signedAtSource: 'cms-signing-time',
      signingCertificateAttribute: 'absent',
      padesBaselineB: false,
    });
    const tampered = Buffer.from(signed);
    tampered[200] ^= 1;
    expect(verifyPdf(tampered).signatures[0].valid).toBe(false);
  });
});

/** Total length of the DER element at the start of `buf` (tag, length octets, content). */
function derLength(buf: Buffer): number {
  const first = buf[1];
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  let len = 0;
  for (let i = 0; i < octets; i++) len = len * 256 + buf[2 + i];
  return 2 + octets + len;
}
