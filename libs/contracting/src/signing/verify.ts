import { createHash, verify as cryptoVerify, constants, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { OIDS } from './cms';
import { children, forgeFromDer, readTlv, Tlv } from './der';
import { decodePdfTextBytes, parsePdfStringAt } from './pdf-strings';
import { certificateIdentity } from './sealing-key';

type Asn1 = forge.asn1.Asn1;

export function sha256Hex(buf: Buffer | Uint8Array | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

export interface SignatureVerification {
  /** 0-based, in file order (= revision order). */
  index: number;
  /** Field name (/T of the widget referencing this signature), when found. */
  fieldName?: string;
  /** Integrity + authenticity of the signed revision (see `errors` when false). */
  valid: boolean;
  errors: string[];
  signerName?: string;
  signerOrganization?: string;
  /** SHA-256 of the signer certificate DER, lowercase hex. */
  certificateFingerprint?: string;
  certificatePem?: string;
  /** CMS signing-time attribute when present, otherwise the dictionary /M entry. */
  signedAt?: Date;
  signedAtSource?: 'cms-signing-time' | 'pdf-M';
  reason?: string;
  name?: string;
  location?: string;
  contactInfo?: string;
  subFilter?: string;
  digestAlgorithm?: string;
  byteRange: [number, number, number, number];
  /** Length of the revision this signature covers (ByteRange end). */
  revisionLength: number;
  /** SHA-256 of the bytes covered by the signature (the ByteRange ranges). */
  signedContentSha256?: string;
  /** True when the ByteRange reaches the end of the file (no later revision). */
  coversWholeDocument: boolean;
  /** ESS signing certificate attribute: v2 (PAdES), v1, or absent. Mismatch is an error. */
  signingCertificateAttribute: 'v2' | 'v1' | 'absent';
  /** ETSI.CAdES.detached with a matching signing-certificate-v2 and no CMS signing-time. */
  padesBaselineB: boolean;
  /** Signer certificate validity period contains signedAt. */
  certificateValidAtSigningTime?: boolean;
  /** Only when trusted fingerprints were passed to verifyPdf. */
  trusted?: boolean;
}

export interface VerificationResult {
  signatures: SignatureVerification[];
  /** At least one signature, all valid, and the last one covers the whole file. */
  allValid: boolean;
  /** SHA-256 of the whole file. */
  documentSha256: string;
}

export interface VerifyOptions {
  /** SHA-256 fingerprints (hex, any case, colons allowed) of certificates to mark as trusted. */
  trustedCertificateFingerprints?: string[];
}

interface LocatedSignature {
  byteRange: [number, number, number, number];
  byteRangeAt: number;
  objectNumber?: number;
  dictionaryText: string;
}

const BYTE_RANGE_RE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** Finds signature dictionaries (uncompressed, i.e. not inside object streams). */
export function locateSignatures(pdf: Buffer, src: string = pdf.toString('latin1')): LocatedSignature[] {
  const found: LocatedSignature[] = [];
  for (const m of src.matchAll(BYTE_RANGE_RE)) {
    const at = m.index ?? 0;
    const byteRange = [m[1], m[2], m[3], m[4]].map((v) => parseInt(v, 10)) as [number, number, number, number];
    const objStart = src.lastIndexOf(' obj', at);
    const header = objStart >= 0 ? /(\d+)\s+\d+\s*$/.exec(src.slice(Math.max(0, objStart - 24), objStart)) : null;
    const [, contentsStart, contentsEnd] = byteRange;
    const after = Math.max(at, contentsEnd > at ? contentsEnd : at);
    const endObj = src.indexOf('endobj', after);
    const from = objStart >= 0 ? objStart : at;
    const to = endObj >= 0 ? endObj : Math.min(src.length, at + 4096);
    // Dictionary text without the (huge) /Contents hex string.
    const dictionaryText =
      contentsStart > from && contentsEnd <= to ? src.slice(from, contentsStart) + src.slice(contentsEnd, to) : src.slice(from, to);
    found.push({ byteRange, byteRangeAt: at, objectNumber: header ? parseInt(header[1], 10) : undefined, dictionaryText });
  }
  return found;
}

/**
 * Verifies every signature of a PDF: ByteRange digest vs CMS message-digest, CMS
 * signature over the signed attributes with the embedded signer certificate, ESS
 * signing-certificate binding. Certificate trust (chain, revocation) is not assessed;
 * use `trustedCertificateFingerprints` to pin expected certificates.
 */
export function verifyPdf(pdf: Buffer, options: VerifyOptions = {}): VerificationResult {
  const src = pdf.toString('latin1');
  const trusted = options.trustedCertificateFingerprints?.map((f) => f.replace(/:/g, '').toLowerCase());
  const signatures = locateSignatures(pdf, src).map((loc, index) => verifyOne(pdf, src, loc, index, trusted));
  const last = signatures[signatures.length - 1];
  return {
    signatures,
    allValid: signatures.length > 0 && signatures.every((s) => s.valid) && last.coversWholeDocument,
    documentSha256: sha256Hex(pdf),
  };
}

function dictString(text: string, key: string): string | undefined {
  const re = new RegExp(`/${key}\\s*(?=[(<])`, 'g');
  for (const m of text.matchAll(re)) {
    const parsed = parsePdfStringAt(text, (m.index ?? 0) + m[0].length);
    if (parsed) return decodePdfTextBytes(parsed.bytes);
  }
  return undefined;
}

function dictName(text: string, key: string): string | undefined {
  return new RegExp(`/${key}\\s*/([^\\s/<>\\[\\]()]+)`).exec(text)?.[1];
}

/** Parses a PDF date "D:YYYYMMDDHHmmSSOHH'mm'". */
export function parsePdfDate(value: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (sign === '+' || sign === '-') ms -= (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000;
  return new Date(ms);
}

function fieldNameFor(src: string, objectNumber: number | undefined): string | undefined {
  if (objectNumber === undefined) return undefined;
  const re = new RegExp(`/V\\s+${objectNumber}\\s+0\\s+R\\b`, 'g');
  let name: string | undefined;
  for (const m of src.matchAll(re)) {
    const at = m.index ?? 0;
    const start = src.lastIndexOf(' obj', at);
    const end = src.indexOf('endobj', at);
    const text = src.slice(start < 0 ? at : start, end < 0 ? at + 2048 : end);
    name = dictString(text, 'T') ?? name; // last revision of the widget wins
  }
  return name;
}

const DIGESTS: Record<string, string> = {
  [OIDS.sha1]: 'sha1',
  [OIDS.sha256]: 'sha256',
  [OIDS.sha384]: 'sha384',
  [OIDS.sha512]: 'sha512',
};
const SIGNATURE_ALGS: Record<string, { kind: 'rsa' | 'ec'; hash?: string }> = {
  [OIDS.rsaEncryption]: { kind: 'rsa' },
  [OIDS.sha1WithRSA]: { kind: 'rsa', hash: 'sha1' },
  [OIDS.sha256WithRSA]: { kind: 'rsa', hash: 'sha256' },
  [OIDS.sha384WithRSA]: { kind: 'rsa', hash: 'sha384' },
  [OIDS.sha512WithRSA]: { kind: 'rsa', hash: 'sha512' },
  [OIDS.ecdsaWithSHA256]: { kind: 'ec', hash: 'sha256' },
  [OIDS.ecdsaWithSHA384]: { kind: 'ec', hash: 'sha384' },
  [OIDS.ecdsaWithSHA512]: { kind: 'ec', hash: 'sha512' },
};

function oidOf(buf: Buffer, t: Tlv): string {
  return forge.asn1.derToOid(buf.toString('binary', t.contentStart, t.contentEnd));
}

function verifyOne(pdf: Buffer, src: string, loc: LocatedSignature, index: number, trusted?: string[]): SignatureVerification {
  const [a, b, c, d] = loc.byteRange;
  const text = loc.dictionaryText;
  const mDate = dictString(text, 'M');
  const result: SignatureVerification = {
    index,
    fieldName: fieldNameFor(src, loc.objectNumber),
    valid: false,
    errors: [],
    reason: dictString(text, 'Reason'),
    name: dictString(text, 'Name'),
    location: dictString(text, 'Location'),
    contactInfo: dictString(text, 'ContactInfo'),
    subFilter: dictName(text, 'SubFilter'),
    byteRange: loc.byteRange,
    revisionLength: c + d,
    coversWholeDocument: c + d === pdf.length,
    signingCertificateAttribute: 'absent',
    padesBaselineB: false,
  };
  const errors = result.errors;
  const fail = (msg: string): SignatureVerification => {
    errors.push(msg);
    return result;
  };
  if (mDate) {
    result.signedAt = parsePdfDate(mDate);
    if (result.signedAt) result.signedAtSource = 'pdf-M';
  }

  // 1. ByteRange sanity: [0, start-of-<, end-of->, rest], Contents is exactly the gap.
  if (a !== 0 || b <= 0 || c < b + 2 || c + d > pdf.length) return fail('Malformed /ByteRange.');
  if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return fail('/ByteRange gap is not the /Contents hex string.');
  if (!/\/Contents\s*$/.test(src.slice(Math.max(0, b - 32), b))) return fail('/ByteRange gap is not preceded by /Contents.');
  const hex = src.slice(b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return fail('/Contents is not a hex string.');
  const contents = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
  if (result.subFilter === 'adbe.pkcs7.sha1' || result.subFilter === 'adbe.x509.rsa.sha1') {
    return fail(`Unsupported /SubFilter ${result.subFilter}.`);
  }

  // 2. CMS structure (exact bytes via a TLV walk, values via node-forge).
  let signerInfo: Tlv[];
  let certDers: Buffer[];
  let cms: Buffer;
  try {
    const outer = readTlv(contents, 0);
    cms = contents.subarray(0, outer.end);
    const ci = children(cms, readTlv(cms, 0));
    if (oidOf(cms, ci[0]) !== OIDS.signedData) return fail('CMS is not SignedData.');
    const sd = children(cms, children(cms, ci[1])[0]);
    const certSet = sd.find((t) => t.tag === 0xa0);
    certDers = certSet ? children(cms, certSet).filter((t) => t.tag === 0x30).map((t) => Buffer.from(cms.subarray(t.start, t.end))) : [];
    const signerInfos = children(cms, sd[sd.length - 1]);
    if (signerInfos.length !== 1) errors.push(`CMS has ${signerInfos.length} SignerInfos; verifying the first.`);
    if (signerInfos.length === 0) return result;
    signerInfo = children(cms, signerInfos[0]);
  } catch (err) {
    return fail(`Cannot parse CMS: ${(err as Error).message}`);
  }

  try {
    // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1]?
    let i = 1;
    const sid = signerInfo[i++];
    const digestAlgOid = oidOf(cms, children(cms, signerInfo[i++])[0]);
    const signedAttrs = signerInfo[i].tag === 0xa0 ? signerInfo[i++] : undefined;
    const sigAlgOid = oidOf(cms, children(cms, signerInfo[i++])[0]);
    const signatureValue = cms.subarray(signerInfo[i].contentStart, signerInfo[i].contentEnd);

    const hashName = DIGESTS[digestAlgOid];
    if (!hashName) return fail(`Unsupported digest algorithm ${digestAlgOid}.`);
    result.digestAlgorithm = hashName;
    const sigAlg = SIGNATURE_ALGS[sigAlgOid];
    if (!sigAlg) return fail(`Unsupported signature algorithm ${sigAlgOid}.`);

    // 3. Digest of the signed byte ranges.
    const h = createHash(hashName).update(pdf.subarray(0, b)).update(pdf.subarray(c, c + d));
    const contentDigest = h.digest();
    result.signedContentSha256 =
      hashName === 'sha256' ? contentDigest.toString('hex') : sha256Hex(Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]));

    // 4. Signed attributes.
    let signedData: Buffer;
    let essHash: { alg: string; hash: Buffer } | undefined;
    let cmsSigningTime: Date | undefined;
    if (signedAttrs) {
      signedData = Buffer.from(cms.subarray(signedAttrs.start, signedAttrs.end));
      signedData[0] = 0x31; // [0] IMPLICIT -> SET OF, as signed (RFC 5652 §5.4)
      const set = forgeFromDer(signedData.toString('binary'));
      let messageDigest: Buffer | undefined;
      let contentType: string | undefined;
      for (const attr of set.value as Asn1[]) {
        const [typeNode, valuesNode] = attr.value as Asn1[];
        const type = forge.asn1.derToOid(typeNode.value as string);
        const value = (valuesNode.value as Asn1[])[0];
        if (type === OIDS.messageDigest) messageDigest = Buffer.from(value.value as string, 'binary');
        else if (type === OIDS.contentType) contentType = forge.asn1.derToOid(value.value as string);
        else if (type === OIDS.signingTime) {
          cmsSigningTime =
            value.type === forge.asn1.Type.UTCTIME
              ? forge.asn1.utcTimeToDate(value.value as string)
              : forge.asn1.generalizedTimeToDate(value.value as string);
        } else if (type === OIDS.signingCertificateV2 || type === OIDS.signingCertificate) {
          const firstCertId = ((value.value as Asn1[])[0].value as Asn1[])[0].value as Asn1[];
          let alg = type === OIDS.signingCertificateV2 ? 'sha256' : 'sha1';
          let k = 0;
          if (firstCertId[0].type === forge.asn1.Type.SEQUENCE) {
            alg = DIGESTS[forge.asn1.derToOid((firstCertId[0].value as Asn1[])[0].value as string)] ?? 'unknown';
            k = 1;
          }
          essHash = { alg, hash: Buffer.from(firstCertId[k].value as string, 'binary') };
          result.signingCertificateAttribute = type === OIDS.signingCertificateV2 ? 'v2' : 'v1';
        }
      }
      if (contentType !== OIDS.data) errors.push('content-type signed attribute missing or not id-data.');
      if (!messageDigest) errors.push('message-digest signed attribute missing.');
      else if (!messageDigest.equals(contentDigest)) errors.push('Document digest does not match the signed message-digest (document modified).');
    } else {
      signedData = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
    }
    if (cmsSigningTime) {
      result.signedAt = cmsSigningTime;
      result.signedAtSource = 'cms-signing-time';
    }

    // 5. Signer certificate: match sid (issuerAndSerialNumber), else any cert whose key verifies.
    let candidates = certDers;
    if (sid.tag === 0x30) {
      const [issuerT, serialT] = children(cms, sid);
      const issuer = cms.subarray(issuerT.start, issuerT.end);
      const serial = cms.subarray(serialT.start, serialT.end);
      const matching = certDers.filter((der) => {
        const tbs = children(der, children(der, readTlv(der, 0))[0]);
        const o = tbs[0].tag === 0xa0 ? 1 : 0;
        return der.subarray(tbs[o].start, tbs[o].end).equals(serial) && der.subarray(tbs[o + 2].start, tbs[o + 2].end).equals(issuer);
      });
      if (matching.length) candidates = matching;
    }
    if (candidates.length === 0) return fail('No signer certificate embedded in the CMS.');

    let signerDer: Buffer | undefined;
    for (const der of candidates) {
      const x509 = new X509Certificate(der);
      const hash = sigAlg.hash ?? hashName;
      const key = sigAlg.kind === 'rsa' ? { key: x509.publicKey, padding: constants.RSA_PKCS1_PADDING } : x509.publicKey;
      let ok = false;
      try {
        ok = cryptoVerify(hash, signedData, key, signatureValue);
      } catch {
        ok = false;
      }
      if (ok) {
        signerDer = der;
        break;
      }
    }
    const certDer = signerDer ?? candidates[0];
    const x509 = new X509Certificate(certDer);
    const identity = certificateIdentity(certDer);
    result.signerName = identity.commonName;
    result.signerOrganization = identity.organization;
    result.certificateFingerprint = sha256Hex(certDer);
    result.certificatePem = x509.toString();
    if (result.signedAt) {
      result.certificateValidAtSigningTime =
        result.signedAt >= new Date(x509.validFrom) && result.signedAt <= new Date(x509.validTo);
    }
    if (trusted) result.trusted = trusted.includes(result.certificateFingerprint);
    if (!signerDer) errors.push('CMS signature does not verify with the signer certificate.');

    if (essHash) {
      const actual = essHash.alg === 'unknown' ? undefined : createHash(essHash.alg).update(certDer).digest();
      if (!actual || !actual.equals(essHash.hash)) errors.push('ESS signing-certificate attribute does not match the signer certificate.');
    }
    result.padesBaselineB =
      result.subFilter === 'ETSI.CAdES.detached' && result.signingCertificateAttribute === 'v2' && !cmsSigningTime && errors.length === 0;
  } catch (err) {
    return fail(`Cannot verify CMS: ${(err as Error).message}`);
  }

  result.valid = errors.length === 0;
  return result;
}
