import { pdfInfo, pdfSig, pdfSigBlocks, pdfText, qpdfProblems, squash } from '@app/documents';
import { BadInputError, ConflictError } from '@app/core/kernel';
import { generateSelfSignedP12, SealingKey, signPdfIncrementally } from '../signing';
import { renderSampleAgreementPdf } from '../signing/testing/sample-agreement-pdf';
import { sha256Hex } from '../signing/verify';
import { renderAgreementPdf } from './agreement-pdf';
import type { AgreementPdfInput, AuditEvent } from './agreement-input';
import { agreementNumberOf, sealAgreement, verifyAgreementPdf, type SealedAgreement } from './seal-agreement';
import { FIFTEEN_PAGE_DICTIONARY_ROWS, sampleAgreementInput, sampleAuditTrail } from './testing/sample-agreement';

jest.setTimeout(60_000);

const META = { name: 'Plateforme Santé Données Ouvertes', location: 'Paris, France', signedAt: new Date('2027-02-17T14:05:00Z') };

function key(commonName: string, organization: string): SealingKey {
  const p = generateSelfSignedP12({ commonName, organization, passphrase: 'pass', validDays: 3650, notBefore: new Date('2026-01-01T00:00:00Z') });
  return SealingKey.fromP12(p.p12, 'pass');
}

/** A copy with one byte changed at `offset` (a digit bumped, else a bit flipped). */
function flipByte(pdf: Buffer, offset: number): Buffer {
  const out = Buffer.from(pdf);
  out[offset] = /[0-8]/.test(String.fromCharCode(out[offset])) ? out[offset] + 1 : out[offset] ^ 0x01;
  return out;
}

describe('sealAgreement / verifyAgreementPdf', () => {
  let platform: SealingKey;
  let input: AgreementPdfInput;
  let trail: AuditEvent[];
  let sealed: SealedAgreement;

  beforeAll(async () => {
    platform = key('Plateforme Santé Données Ouvertes — cachet', 'Plateforme Santé Données Ouvertes');
    input = sampleAgreementInput({ dictionaryRows: FIFTEEN_PAGE_DICTIONARY_ROWS });
    trail = sampleAuditTrail(sha256Hex(await renderAgreementPdf(input)));
    sealed = await sealAgreement({ input, auditTrail: trail, sealingKey: platform, meta: META });
  });

  it('seals a 15-page agreement that pdfsig reports valid over the whole document', () => {
    expect(pdfInfo(sealed.pdf).Pages).toBe('15');
    expect(sealed.sha256).toBe(sha256Hex(sealed.pdf));
    const blocks = pdfSigBlocks(pdfSig(sealed.pdf));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('Signature is Valid.');
    expect(blocks[0]).toContain('Total document signed');
    expect(blocks[0]).toContain('Plateforme Santé Données Ouvertes');
    expect(qpdfProblems(sealed.pdf)).toEqual([]);
  });

  it('seals the final document: signatures filled in, audit trail page last, default reason with the number', async () => {
    const text = squash(pdfText(sealed.pdf));
    expect(text).toContain('Signé électroniquement le 16 février 2027 à 09:12:45, heure de Paris (IP 203.0.113.17)');
    expect(text).toContain("Piste d'audit / Audit trail");
    expect(text).toContain(`SHA-256 du document non signé ${sealed.unsignedSha256}`);
    expect(text).toContain('page 15 / 15');
    const [signature] = (await verifyAgreementPdf(sealed.pdf, new Set([sealed.sha256]))).signatures;
    expect(signature.reason).toBe('Scellement de l’accord n° AGR-2027-000042');
    expect(signature.signedAt).toEqual(META.signedAt);
    expect(signature.padesBaselineB).toBe(true);
  });

  it('recognises the agreement it sealed, unaltered, and reads its number', async () => {
    const v = await verifyAgreementPdf(sealed.pdf, new Set([sealed.sha256]));
    expect(v).toMatchObject({ issuedHere: true, unaltered: true, agreementNumber: 'AGR-2027-000042', matchedBy: 'DOCUMENT', documentSha256: sealed.sha256 });
    expect(v.record).toBeUndefined();
  });

  it('returns the record of an async lookup', async () => {
    const records = new Map([[sealed.sha256, { id: 'agreement-42', number: 'AGR-2027-000042' }]]);
    const v = await verifyAgreementPdf(sealed.pdf, async (sha) => records.get(sha));
    expect(v).toMatchObject({ issuedHere: true, unaltered: true, record: { id: 'agreement-42' } });
  });

  it('detects a one-byte change inside the signed range', async () => {
    const [, b] = (await verifyAgreementPdf(sealed.pdf, new Set())).signatures[0].byteRange;
    const tampered = flipByte(sealed.pdf, Math.floor(b / 2));
    expect(pdfSig(tampered)).not.toContain('Signature is Valid.');
    const v = await verifyAgreementPdf(tampered, new Set([sealed.sha256]));
    expect(v.unaltered).toBe(false);
    expect(v.issuedHere).toBe(false);
    expect(v.signatures[0].valid).toBe(false);
  });

  it('still recognises the agreement after a party countersigns it with its own certificate', async () => {
    const party = key('Dr Hélène Marchand', 'Centre Hospitalier Universitaire de Valmont');
    const countersigned = await signPdfIncrementally(sealed.pdf, party, { reason: 'Signature du Producteur', name: 'Dr Hélène Marchand', location: 'Lyon', signedAt: new Date('2027-02-18T09:00:00Z') });
    const out = pdfSig(countersigned);
    expect((out.match(/Signature is Valid\./g) ?? []).length).toBe(2);
    const v = await verifyAgreementPdf(countersigned, new Set([sealed.sha256]));
    expect(v).toMatchObject({ issuedHere: true, unaltered: true, matchedBy: 'FIRST_SIGNED_REVISION', agreementNumber: 'AGR-2027-000042' });
    expect(v.signatures).toHaveLength(2);
  });

  it('does not recognise a PDF it did not seal', async () => {
    const other = await renderSampleAgreementPdf({ pages: 3 });
    const v = await verifyAgreementPdf(other, new Set([sealed.sha256]));
    expect(v).toMatchObject({ issuedHere: false, unaltered: false, agreementNumber: null, signatures: [] });
    expect(agreementNumberOf(other)).toBeNull();
  });

  it('refuses to seal before both parties have signed', async () => {
    const error = await sealAgreement({ input, auditTrail: trail.filter((e) => e.side === 'BUYER'), sealingKey: platform, meta: META }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('Cannot seal agreement AGR-2027-000042: the producer has not signed yet');
  });

  it('refuses to seal content that differs from what was signed', async () => {
    const changed = { ...input, durationMonths: 36 };
    const error = await sealAgreement({ input: changed, auditTrail: trail, sealingKey: platform, meta: META }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toMatch(/signature 1 \(the buyer\) was given to document sha256:[0-9a-f]{16}, but the agreement now renders to sha256:[0-9a-f]{16}; issue it again/);
  });

  it('refuses a seal time before the last signature', async () => {
    const error = await sealAgreement({ input, auditTrail: trail, sealingKey: platform, meta: { ...META, signedAt: new Date('2027-02-17T14:00:00Z') } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).problems[0].field).toBe('meta.signedAt');
  });
});
