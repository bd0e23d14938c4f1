import { createHash, sign as cryptoSign } from 'node:crypto';
import forge from 'node-forge';
import { Signer } from '@signpdf/utils';
import { forgeFromDer } from './der';
import { PdfSigningError } from './errors';
import { SealingKey } from './sealing-key';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const OIDS = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
} as const;

export interface CadesSignatureOptions {
  /**
   * Claimed signing time. Written as the CMS signing-time attribute only when
   * `includeSigningTimeAttribute` is true (PAdES baseline forbids that attribute; the
   * time lives in the signature dictionary /M instead).
   */
  signingTime?: Date;
  includeSigningTimeAttribute?: boolean;
  /** Add the ESS signing-certificate-v2 attribute (required by PAdES/CAdES). Default true. */
  includeSigningCertificateV2?: boolean;
}

/** Document-independent CMS pieces, built once per SealingKey. */
interface PreparedKey {
  certificates: Asn1[];
  issuer: Asn1;
  serial: Asn1;
  signingCertificateV2: Asn1;
  signatureAlgorithm: Asn1;
}

const prepared = new WeakMap<SealingKey, PreparedKey>();

function oid(value: string): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}
function seq(items: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
}
function set(items: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
}
function octets(bytes: Buffer): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
}
function integer(n: number): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
}
function nullValue(): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
}
function toDerBinary(node: Asn1): string {
  return asn1.toDer(node).getBytes();
}
function fromDerExact(der: Buffer): Asn1 {
  const binary = der.toString('binary');
  const node = forgeFromDer(binary);
  if (toDerBinary(node) !== binary) throw new PdfSigningError('Certificate is not DER-canonical; cannot embed it safely.');
  return node;
}

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}

function timeValue(date: Date): Asn1 {
  // RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise.
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

function prepare(key: SealingKey): PreparedKey {
  const cached = prepared.get(key);
  if (cached) return cached;
  const signerCert = fromDerExact(key.certificateDer);
  const tbs = (signerCert.value as Asn1[])[0];
  const fields = tbs.value as Asn1[];
  const offset = fields[0].tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];

  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted, DER),
  //                            certHash OCTET STRING, issuerSerial IssuerSerial }
  // IssuerSerial ::= SEQUENCE { issuer GeneralNames (directoryName [4]), serialNumber }
  const certHash = createHash('sha256').update(key.certificateDer).digest();
  const issuerSerial = seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial]);
  const signingCertificateV2 = attribute(OIDS.signingCertificateV2, seq([seq([seq([octets(certHash), issuerSerial])])]));

  const signatureAlgorithm =
    key.keyType === 'rsa' ? seq([oid(OIDS.sha256WithRSA), nullValue()]) : seq([oid(OIDS.ecdsaWithSHA256)]);

  const result: PreparedKey = {
    certificates: [signerCert, ...key.chainDer.map(fromDerExact)],
    issuer,
    serial,
    signingCertificateV2,
    signatureAlgorithm,
  };
  prepared.set(key, result);
  return result;
}

/**
 * Builds a detached CMS SignedData (RFC 5652) over `content`, CAdES-BES/PAdES-B-B style:
 * signed attributes content-type, message-digest, ESS signing-certificate-v2 (and
 * optionally signing-time), DER-sorted; SHA-256; RSA PKCS#1 v1.5 or ECDSA computed by
 * OpenSSL through node:crypto. ASN.1 is assembled with node-forge.
 */
export function createCadesDetachedSignature(content: Buffer, key: SealingKey, options: CadesSignatureOptions = {}): Buffer {
  const p = prepare(key);
  const digest = createHash('sha256').update(content).digest();

  const attributes: Asn1[] = [attribute(OIDS.contentType, oid(OIDS.data)), attribute(OIDS.messageDigest, octets(digest))];
  if (options.includeSigningTimeAttribute) {
    attributes.push(attribute(OIDS.signingTime, timeValue(options.signingTime ?? new Date())));
  }
  if (options.includeSigningCertificateV2 !== false) attributes.push(p.signingCertificateV2);

  // DER: SET OF components sorted by their encodings.
  const sorted = attributes
    .map((node) => ({ node, der: toDerBinary(node) }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.der, 'binary'), Buffer.from(b.der, 'binary')))
    .map((x) => x.node);
  const signedAttrsForSignature = Buffer.from(toDerBinary(set(sorted)), 'binary');
  const signature = cryptoSign('sha256', signedAttrsForSignature, key.privateKey);

  const signerInfo = seq([
    integer(1),
    seq([p.issuer, p.serial]),
    seq([oid(OIDS.sha256)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, sorted),
    p.signatureAlgorithm,
    octets(signature),
  ]);
  const signedData = seq([
    integer(1),
    set([seq([oid(OIDS.sha256)])]),
    seq([oid(OIDS.data)]), // detached: no eContent
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, p.certificates),
    set([signerInfo]),
  ]);
  const contentInfo = seq([oid(OIDS.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return Buffer.from(toDerBinary(contentInfo), 'binary');
}

/** @signpdf Signer producing the CAdES detached CMS above. */
export class CadesDetachedSigner extends Signer {
  constructor(
    private readonly key: SealingKey,
    private readonly options: CadesSignatureOptions = {},
  ) {
    super();
  }

  async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return createCadesDetachedSignature(pdfBuffer, this.key, {
      ...this.options,
      signingTime: this.options.signingTime ?? signingTime,
    });
  }
}
