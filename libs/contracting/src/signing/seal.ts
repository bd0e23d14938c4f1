import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ADOBE_PKCS7_DETACHED, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { CadesDetachedSigner } from './cms';
import { PdfSigningError } from './errors';
import { addSignaturePlaceholder } from './placeholder';
import { P12Credential, resolveSealingKey, SealingKey } from './sealing-key';
import { locateSignatures } from './verify';

export interface SealMeta {
  /** /Reason, e.g. "Scellement de l'accord n° 2024-0042". Unicode allowed. */
  reason: string;
  /** /Location, e.g. "Paris, France". */
  location: string;
  /** /Name: signer display name. */
  name: string;
  contactInfo?: string;
  /** Claimed signing time (/M, and CMS signing-time if enabled). Default: now. */
  signedAt?: Date;
}

export interface SealOptions {
  /** Bytes reserved for the CMS; default 16384 (the /Contents hex string is twice that). */
  signatureLength?: number;
  /**
   * 'pades' (default): /SubFilter ETSI.CAdES.detached, signed attributes content-type,
   * message-digest, signing-certificate-v2 — PAdES baseline B-B.
   * 'pkcs7': /SubFilter adbe.pkcs7.detached, same CMS (for legacy consumers).
   */
  profile?: 'pades' | 'pkcs7';
  /**
   * Also put the time in a CMS signing-time signed attribute. Off by default: ETSI EN
   * 319 142-1 (PAdES baseline) says that attribute shall not be used, /M carries the time.
   */
  cmsSigningTime?: boolean;
}

export type SealCredential = SealingKey | P12Credential;

export const DEFAULT_SIGNATURE_LENGTH = 16384;

/**
 * Seals a finished PDF: appends a signature field + placeholder as an incremental update
 * and fills it with a detached CAdES/CMS SHA-256 signature. Earlier bytes are never
 * modified (checked). Works on fresh pdfkit output and on already signed files.
 */
export async function sealPdf(pdf: Buffer, cert: SealCredential, meta: SealMeta, options: SealOptions = {}): Promise<Buffer> {
  if (!Buffer.isBuffer(pdf) || pdf.length === 0) throw new PdfSigningError('PDF expected as a non-empty Buffer.');
  const key = resolveSealingKey(cert);
  const signedAt = meta.signedAt ?? new Date();
  if (!key.isValidAt(signedAt)) {
    throw new PdfSigningError(
      `Certificate "${key.subject.commonName ?? key.fingerprintSha256}" is not valid at ${signedAt.toISOString()}.`,
    );
  }
  const profile = options.profile ?? 'pades';
  const signatureLength = options.signatureLength ?? DEFAULT_SIGNATURE_LENGTH;

  const prepared = addSignaturePlaceholder(
    pdf,
    { reason: meta.reason, name: meta.name, location: meta.location, contactInfo: meta.contactInfo, signingTime: signedAt },
    { signatureLength, subFilter: profile === 'pades' ? SUBFILTER_ETSI_CADES_DETACHED : SUBFILTER_ADOBE_PKCS7_DETACHED },
  );
  const signer = new CadesDetachedSigner(key, {
    signingTime: signedAt,
    includeSigningTimeAttribute: options.cmsSigningTime ?? false,
    includeSigningCertificateV2: true,
  });
  let signed: Buffer;
  try {
    signed = await new SignPdf().sign(prepared, signer, signedAt);
  } catch (err) {
    throw new PdfSigningError(`Signing failed: ${(err as Error).message}`, { cause: err });
  }
  assertAppendOnly(pdf, signed);
  return signed;
}

/**
 * Adds a further signature (e.g. a party's own certificate) to an already signed PDF as
 * a new incremental revision. Refuses input without a signature, or whose last signature
 * does not cover the whole file (unsigned changes would be countersigned silently).
 */
export async function signPdfIncrementally(
  signedPdf: Buffer,
  partyCert: SealCredential,
  meta: SealMeta,
  options: SealOptions = {},
): Promise<Buffer> {
  const existing = locateSignatures(signedPdf);
  if (existing.length === 0) throw new PdfSigningError('The PDF has no signature yet; use sealPdf for the first one.');
  const [, , c, d] = existing[existing.length - 1].byteRange;
  if (c + d !== signedPdf.length) {
    throw new PdfSigningError('The last signature does not cover the whole file: unsigned changes were appended after it.');
  }
  return sealPdf(signedPdf, partyCert, meta, options);
}

function assertAppendOnly(original: Buffer, signed: Buffer): void {
  // placeholder-plain strips one trailing EOL before appending and re-adds "\n": a file
  // ending in "%%EOF\n" stays byte-identical; "%%EOF\r\n" would not and is rejected when
  // it is already signed (a rewritten byte would break the earlier signature).
  if (signed.length > original.length && signed.subarray(0, original.length).equals(original)) return;
  if (locateSignatures(original).length === 0) {
    const trimmed = original.subarray(0, original.length - trailingEolLength(original));
    if (signed.subarray(0, trimmed.length).equals(trimmed)) return;
  }
  throw new PdfSigningError('Signing would modify bytes of the existing file; refusing (append-only).');
}

function trailingEolLength(buf: Buffer): number {
  let n = 0;
  if (buf[buf.length - 1 - n] === 0x0a) n++;
  if (buf[buf.length - 1 - n] === 0x0d) n++;
  return n;
}
