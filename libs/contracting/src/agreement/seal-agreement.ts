// Sealing an agreement once both parties have signed in the application, and checking an
// agreement PDF someone hands back (was it issued here, was it changed since).
import { BadInputError, ConflictError } from '@app/core/kernel';
import type { SigningSide } from '../negotiation/access-request-machine';
import { decodePdfTextBytes, parsePdfStringAt } from '../signing/pdf-strings';
import { sealPdf, type SealCredential, type SealOptions } from '../signing/seal';
import { sha256Hex, verifyPdf, type SignatureVerification } from '../signing/verify';
import { assertAgreementInput, type AgreementPdfInput, type AuditEvent } from './agreement-input';
import { AGREEMENT_NUMBER_KEYWORD, renderAgreementPdf } from './agreement-pdf';

export interface AgreementSealMeta {
  /** the signer name shown by PDF readers, e.g. the platform's legal name */
  name: string;
  location: string;
  /** default "Scellement de l'accord n° <number>" */
  reason?: string;
  contactInfo?: string;
  /** the seal time; default now */
  signedAt?: Date;
}

export interface SealAgreementParams {
  input: AgreementPdfInput;
  /** the signatures collected in the application: at least one per party */
  auditTrail: readonly AuditEvent[];
  /** prepare it once (SealingKey.fromP12) and reuse it for every agreement */
  sealingKey: SealCredential;
  meta: AgreementSealMeta;
  sealOptions?: SealOptions;
}

export interface SealedAgreement {
  /** the final document (clauses, annexes, filled signature page, audit trail) with the platform's PAdES seal */
  pdf: Buffer;
  /** SHA-256 of `pdf`: record it, verifyAgreementPdf recognises the agreement by it */
  sha256: string;
  /** SHA-256 of the unsigned agreement the parties consented to */
  unsignedSha256: string;
}

const SIDE_WORDS: Record<SigningSide, string> = { PRODUCER: 'the producer', BUYER: 'the buyer' };

/**
 * Renders the final agreement (signature page filled from the audit trail, audit trail
 * page added) and seals it. Before that it re-renders the unsigned agreement and checks
 * that every signature was given to exactly those bytes: content that changed after
 * signing is never sealed. Throws BadInputError on malformed input and ConflictError when
 * a party has not signed or a signature was given to another document.
 */
export async function sealAgreement(params: SealAgreementParams): Promise<SealedAgreement> {
  const { input, auditTrail, sealingKey, meta } = params;
  assertAgreementInput(input, auditTrail);
  for (const side of ['PRODUCER', 'BUYER'] as const) {
    if (!auditTrail.some((e) => e.side === side)) throw new ConflictError(`Cannot seal agreement ${input.agreementNumber}: ${SIDE_WORDS[side]} has not signed yet`);
  }
  const lastSignature = Math.max(...auditTrail.map((e) => e.signedAt.getTime()));
  if (meta.signedAt && meta.signedAt.getTime() < lastSignature) {
    throw BadInputError.field('meta.signedAt', `the seal time must not precede the last signature (${new Date(lastSignature).toISOString()})`);
  }

  const unsignedSha256 = sha256Hex(await renderAgreementPdf(input));
  auditTrail.forEach((e, i) => {
    if (e.documentSha256 !== unsignedSha256) {
      throw new ConflictError(
        `Cannot seal agreement ${input.agreementNumber}: signature ${i + 1} (${SIDE_WORDS[e.side]}) was given to document sha256:${e.documentSha256.slice(0, 16)}, but the agreement now renders to sha256:${unsignedSha256.slice(0, 16)}; issue it again and collect new signatures`,
        { agreementNumber: input.agreementNumber, signedSha256: e.documentSha256, unsignedSha256 },
      );
    }
  });

  const final = await renderAgreementPdf(input, { auditTrail });
  const pdf = await sealPdf(
    final,
    sealingKey,
    {
      reason: meta.reason ?? `Scellement de l’accord n° ${input.agreementNumber}`,
      name: meta.name,
      location: meta.location,
      contactInfo: meta.contactInfo,
      signedAt: meta.signedAt,
    },
    params.sealOptions,
  );
  return { pdf, sha256: sha256Hex(pdf), unsignedSha256 };
}

/**
 * The sealed agreements this platform issued, by SHA-256: a set, or a lookup (e.g. a
 * database query) returning the agreement's record or nothing.
 */
export type KnownAgreementHashes<R> = ReadonlySet<string> | ((sha256: string) => R | null | undefined | Promise<R | null | undefined>);

export interface AgreementVerification<R> {
  /** the file, or the revision its first signature covers, is an agreement sealed here */
  issuedHere: boolean;
  /** every signature is valid and the last one covers the whole file */
  unaltered: boolean;
  /** read from the PDF's /Keywords (or /Subject); null when absent */
  agreementNumber: string | null;
  documentSha256: string;
  /** which bytes matched a known hash: the whole file, or the first signed revision (later signatures were appended) */
  matchedBy: 'DOCUMENT' | 'FIRST_SIGNED_REVISION' | null;
  /** what the lookup returned for the matching hash */
  record?: R;
  signatures: SignatureVerification[];
}

/** A text entry of the document information dictionary, direct or (as pdfkit writes it) an indirect object. */
function infoString(src: string, key: string): string | null {
  const m = new RegExp(`/${key}\\s*(?:(?=[(<])|(\\d+)\\s+(\\d+)\\s+R\\b)`).exec(src);
  if (!m) return null;
  let at = m.index + m[0].length;
  if (m[1] !== undefined) {
    const objects = [...src.matchAll(new RegExp(`(?:^|[\\r\\n\\s])${m[1]}\\s+${m[2]}\\s+obj\\s*`, 'g'))];
    const last = objects[objects.length - 1];
    if (!last) return null;
    at = (last.index ?? 0) + last[0].length;
  }
  const parsed = parsePdfStringAt(src, at);
  return parsed ? decodePdfTextBytes(parsed.bytes) : null;
}

/** The agreement number renderAgreementPdf wrote in the metadata. */
export function agreementNumberOf(pdf: Buffer): string | null {
  const src = pdf.toString('latin1');
  const keywords = infoString(src, 'Keywords');
  const fromKeywords = keywords?.split(/\s+/).find((k) => k.startsWith(AGREEMENT_NUMBER_KEYWORD))?.slice(AGREEMENT_NUMBER_KEYWORD.length);
  if (fromKeywords) return fromKeywords;
  return /n[°o]\.?\s*(\S+)\s*$/.exec(infoString(src, 'Subject') ?? '')?.[1] ?? null;
}

/**
 * Checks an agreement PDF: whether this platform issued it (its SHA-256, or that of the
 * revision its first signature covers, is a known sealed agreement), whether it is
 * unaltered (every signature valid, the last covering the whole file), and which
 * agreement it claims to be.
 */
export async function verifyAgreementPdf<R = true>(pdf: Buffer, known: KnownAgreementHashes<R>): Promise<AgreementVerification<R>> {
  const verification = verifyPdf(pdf);
  const lookup = async (sha256: string): Promise<R | null | undefined> =>
    typeof known === 'function' ? known(sha256) : known.has(sha256) ? (true as R) : undefined;

  const candidates: { sha256: string; by: 'DOCUMENT' | 'FIRST_SIGNED_REVISION' }[] = [{ sha256: verification.documentSha256, by: 'DOCUMENT' }];
  const first = verification.signatures[0];
  if (first && first.revisionLength < pdf.length) candidates.push({ sha256: sha256Hex(pdf.subarray(0, first.revisionLength)), by: 'FIRST_SIGNED_REVISION' });

  const result: AgreementVerification<R> = {
    issuedHere: false,
    unaltered: verification.allValid,
    agreementNumber: agreementNumberOf(pdf),
    documentSha256: verification.documentSha256,
    matchedBy: null,
    signatures: verification.signatures,
  };
  for (const c of candidates) {
    const record = await lookup(c.sha256);
    if (record === null || record === undefined) continue;
    result.issuedHere = true;
    result.matchedBy = c.by;
    if (typeof known === 'function') result.record = record;
    break;
  }
  return result;
}
