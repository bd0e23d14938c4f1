import { pdfSig, pdfSigBlocks, pdfText, qpdfProblems } from '@app/documents';
import { X509Certificate } from 'node:crypto';
import {
  generateSelfSignedP12,
  PdfSigningError,
  SealingKey,
  sealPdf,
  sha256Hex,
  signPdfIncrementally,
  verifyPdf,
} from './index';
import { renderSampleAgreementPdf, SAMPLE_PARTY_SENTENCE, SAMPLE_TITLE } from './testing/sample-agreement-pdf';

jest.setTimeout(60_000);

const SIGNED_AT = new Date('2025-03-01T10:15:30Z');
const PLATFORM_META = {
  reason: 'Scellement de l’accord ACC-2025-0042 — consentements recueillis',
  name: 'Plateforme de données de santé',
  location: 'Paris, France',
  contactInfo: 'scellement@plateforme.example',
  signedAt: SIGNED_AT,
};

function countValid(output: string): number {
  return (output.match(/Signature is Valid\./g) ?? []).length;
}

/** Returns a copy with one byte changed at `offset` (digit/hex char bumped, else bit-flipped). */
function flipByte(pdf: Buffer, offset: number): Buffer {
  const out = Buffer.from(pdf);
  const ch = String.fromCharCode(out[offset]);
  // A hex digit stays a hex digit (9 -> 8, f -> e, else the next one); any other byte flips its low bit.
  if (/[0-8a-e]/i.test(ch)) out[offset] += 1;
  else if (/[9f]/i.test(ch)) out[offset] -= 1;
  else out[offset] ^= 0x01;
  return out;
}

describe('sealPdf / signPdfIncrementally / verifyPdf', () => {
  let platform: SealingKey;
  let platformP12: { p12: Buffer; passphrase: string; fingerprint: string };
  let party: SealingKey;
  let agreement: Buffer; // compressed, 4 pages
  let plainAgreement: Buffer; // uncompressed streams, 3 pages
  let sealed: Buffer;

  beforeAll(async () => {
    const p = generateSelfSignedP12({
      commonName: 'Plateforme de données de santé — cachet',
      organization: 'Société d’Exploitation Santé Données',
      passphrase: 'platform-pass',
      validDays: 3650,
      notBefore: new Date('2025-01-01T00:00:00Z'),
    });
    platformP12 = { p12: p.p12, passphrase: 'platform-pass', fingerprint: p.fingerprintSha256 };
    platform = SealingKey.fromP12(p.p12, 'platform-pass');
    const q = generateSelfSignedP12({
      commonName: 'Hélène Dupré',
      organization: 'Hôpital Saint-Éloi',
      passphrase: 'party',
      validDays: 3650,
      keySize: 2048,
      notBefore: new Date('2025-01-01T00:00:00Z'),
    });
    party = SealingKey.fromP12(q.p12, 'party');
    agreement = await renderSampleAgreementPdf({ pages: 4 });
    plainAgreement = await renderSampleAgreementPdf({ pages: 3, compress: false });
    sealed = await sealPdf(agreement, platform, PLATFORM_META);
  });

  it('produces a PAdES seal that pdfsig reports valid over the whole document', () => {
    const out = pdfSig(sealed);
    const blocks = pdfSigBlocks(out);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('Signature is Valid.');
    expect(blocks[0]).toContain('Total document signed');
    expect(blocks[0]).toContain('Signature Type: ETSI.CAdES.detached');
    expect(blocks[0]).toContain('Signing Hash Algorithm: SHA-256');
    expect(blocks[0]).toContain('Plateforme de données de santé — cachet');
  });

  it('keeps the file structurally sound (qpdf --check) and the text extractable', () => {
    expect(qpdfProblems(sealed)).toEqual([]);
    const text = pdfText(sealed);
    expect(text).toContain(SAMPLE_TITLE);
    expect(text).toContain(SAMPLE_PARTY_SENTENCE);
    expect(text).toContain('page 4 / 4');
  });

  it('only appends to the original bytes', () => {
    // pdfkit ends with "%%EOF\n"; the increment starts with that same "\n": fully byte-identical prefix.
    expect(sealed.subarray(0, agreement.length).equals(agreement)).toBe(true);
    expect(sealed.length).toBeGreaterThan(agreement.length + 2 * 16384);
  });

  it('verifyPdf reports signer, fingerprint, time, dictionary entries and PAdES binding', () => {
    const result = verifyPdf(sealed, { trustedCertificateFingerprints: [platform.fingerprintSha256] });
    expect(result.allValid).toBe(true);
    expect(result.documentSha256).toBe(sha256Hex(sealed));
    expect(result.signatures).toHaveLength(1);
    const [sig] = result.signatures;
    expect(sig).toMatchObject({
      valid: true,
      errors: [],
      fieldName: 'Signature1',
      signerName: 'Plateforme de données de santé — cachet',
      signerOrganization: 'Société d’Exploitation Santé Données',
      certificateFingerprint: platform.fingerprintSha256,
      reason: PLATFORM_META.reason,
      name: PLATFORM_META.name,
      location: PLATFORM_META.location,
      contactInfo: PLATFORM_META.contactInfo,
      subFilter: 'ETSI.CAdES.detached',
      digestAlgorithm: 'sha256',
      coversWholeDocument: true,
      signingCertificateAttribute: 'v2',
      padesBaselineB: true,
      signedAtSource: 'pdf-M',
      certificateValidAtSigningTime: true,
      trusted: true,
    });
    expect(sig.signedAt?.toISOString()).toBe(SIGNED_AT.toISOString());
    expect(sig.revisionLength).toBe(sealed.length);
    expect(new X509Certificate(sig.certificatePem!).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(platformP12.fingerprint);
  });

  it('detects a one-byte change in an uncompressed content stream (pdfsig and verifyPdf)', async () => {
    const signedPlain = await sealPdf(plainAgreement, platform, PLATFORM_META);
    expect(countValid(pdfSig(signedPlain))).toBe(1);
    expect(verifyPdf(signedPlain).allValid).toBe(true);

    // A glyph of the first text-showing operator of page 1: "[<hex> ...] TJ".
    const src = signedPlain.toString('latin1');
    const tj = src.indexOf('] TJ');
    const hexAt = src.lastIndexOf('<', tj) + 1;
    expect(tj).toBeGreaterThan(0);
    expect(hexAt).toBeLessThan(verifyPdf(signedPlain).signatures[0].byteRange[1]);
    const tampered = flipByte(signedPlain, hexAt);

    const out = pdfSig(tampered);
    expect(out).not.toContain('Signature is Valid.');
    expect(out).toMatch(/Digest Mismatch|Signature is Invalid/);
    const result = verifyPdf(tampered);
    expect(result.allValid).toBe(false);
    expect(result.signatures[0].valid).toBe(false);
    expect(result.signatures[0].errors.join(' ')).toMatch(/digest/i);
  });

  it('detects a one-byte change inside a compressed stream and in the trailer area of the signed revision', () => {
    const pageStream = sealed.indexOf('stream\n', sealed.indexOf('/FlateDecode')) + 7 + 10;
    for (const offset of [pageStream, sealed.lastIndexOf('startxref') + 12]) {
      const tampered = flipByte(sealed, offset);
      expect(pdfSig(tampered)).not.toContain('Signature is Valid.');
      expect(verifyPdf(tampered).signatures[0].valid).toBe(false);
    }
  });

  it('detects a forged CMS signature value', () => {
    const [, b] = verifyPdf(sealed).signatures[0].byteRange;
    // The RSA signature is the last OCTET STRING of the CMS; corrupt a byte near the end of the DER.
    const hex = sealed.toString('latin1', b + 1, b + 1 + 2 * 16384).replace(/(00)+$/, '');
    const tampered = flipByte(sealed, b + 1 + hex.length - 20);
    expect(pdfSig(tampered)).not.toContain('Signature is Valid.');
    const sig = verifyPdf(tampered).signatures[0];
    expect(sig.valid).toBe(false);
    expect(sig.errors.join(' ')).toMatch(/does not verify/);
  });

  it('flags bytes appended after the last signature as not covered', () => {
    const appended = Buffer.concat([sealed, Buffer.from('\n% unsigned trailing comment\n')]);
    const result = verifyPdf(appended);
    expect(result.signatures[0].valid).toBe(true);
    expect(result.signatures[0].coversWholeDocument).toBe(false);
    expect(result.allValid).toBe(false);
    expect(pdfSig(appended)).not.toContain('Total document signed');
  });

  it('adds a party signature as an incremental revision and keeps the seal valid', async () => {
    const twice = await signPdfIncrementally(sealed, party, {
      reason: 'Signature de l’accord par le Producteur',
      name: 'Hélène Dupré',
      location: 'Montpellier',
      signedAt: new Date('2025-03-01T11:00:00Z'),
    });
    expect(twice.subarray(0, sealed.length).equals(sealed)).toBe(true);

    const blocks = pdfSigBlocks(pdfSig(twice));
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('Signature is Valid.');
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain('Signature is Valid.');
    expect(blocks[1]).toContain('Total document signed');
    expect(blocks[1]).toContain('Hélène Dupré');
    expect(qpdfProblems(twice)).toEqual([]);
    expect(pdfText(twice)).toContain(SAMPLE_TITLE);

    const result = verifyPdf(twice);
    expect(result.allValid).toBe(true);
    expect(result.signatures.map((s) => [s.fieldName, s.signerName, s.valid, s.coversWholeDocument])).toEqual([
      ['Signature1', 'Plateforme de données de santé — cachet', true, false],
      ['Signature2', 'Hélène Dupré', true, true],
    ]);
    expect(result.signatures[0].revisionLength).toBe(sealed.length);
    expect(result.signatures[1].name).toBe('Hélène Dupré');

    // Third revision (second party), then tamper with the last revision only.
    const thrice = await signPdfIncrementally(twice, platform, { ...PLATFORM_META, reason: 'Contre-scellement' });
    const blocks3 = pdfSigBlocks(pdfSig(thrice));
    expect(blocks3).toHaveLength(3);
    blocks3.forEach((b) => expect(b).toContain('Signature is Valid.'));
    expect(qpdfProblems(thrice)).toEqual([]);
    expect(verifyPdf(thrice).allValid).toBe(true);

    const inThird = twice.length + 20; // inside the third revision, before its /Contents
    const tampered = flipByte(thrice, inThird);
    const v = verifyPdf(tampered);
    expect(v.signatures.map((s) => s.valid)).toEqual([true, true, false]);
    expect(countValid(pdfSig(tampered))).toBe(2);
  });

  it('refuses to countersign an unsigned file or one with unsigned appended changes', async () => {
    await expect(signPdfIncrementally(agreement, party, { reason: 'x', name: 'y', location: 'z' })).rejects.toThrow(PdfSigningError);
    const appended = Buffer.concat([sealed, Buffer.from('\n% junk\n')]);
    await expect(signPdfIncrementally(appended, party, { reason: 'x', name: 'y', location: 'z' })).rejects.toThrow(/does not cover/);
  });

  it('supports the adbe.pkcs7.detached profile with a CMS signing-time attribute', async () => {
    const legacy = await sealPdf(agreement, platformP12, PLATFORM_META, { profile: 'pkcs7', cmsSigningTime: true });
    const out = pdfSig(legacy);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('adbe.pkcs7.detached');
    const [sig] = verifyPdf(legacy).signatures;
    expect(sig.valid).toBe(true);
    expect(sig.signedAtSource).toBe('cms-signing-time');
    expect(sig.signedAt?.toISOString()).toBe(SIGNED_AT.toISOString());
    expect(sig.padesBaselineB).toBe(false);
  });

  it('accepts a { p12, passphrase } credential and reuses the parsed key for the same buffer', async () => {
    const a = await sealPdf(agreement, platformP12, PLATFORM_META);
    const b = await sealPdf(agreement, platformP12, PLATFORM_META);
    // Deterministic: same input, key, time -> identical output (RSA PKCS#1 v1.5).
    expect(a.equals(b)).toBe(true);
    expect(verifyPdf(a).signatures[0].certificateFingerprint).toBe(platformP12.fingerprint);
  });

  it('rejects a placeholder too small for the CMS, and a certificate outside its validity', async () => {
    await expect(sealPdf(agreement, platform, PLATFORM_META, { signatureLength: 512 })).rejects.toThrow(/exceeds placeholder/);
    await expect(sealPdf(agreement, platform, { ...PLATFORM_META, signedAt: new Date('2024-06-01T00:00:00Z') })).rejects.toThrow(
      /not valid at/,
    );
  });

  it('reports no signature for an unsigned PDF', () => {
    const result = verifyPdf(agreement);
    expect(result.signatures).toEqual([]);
    expect(result.allValid).toBe(false);
  });
});
