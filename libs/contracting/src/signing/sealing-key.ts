import { createHash, createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { SealCertificateError } from './errors';

/** A PKCS#12 container and its passphrase, as stored on disk or in a secret store. */
export interface P12Credential {
  p12: Buffer;
  passphrase: string;
}

/** Subject fields we surface (certificate subject CN / O). */
export interface CertificateIdentity {
  commonName?: string;
  organization?: string;
}

/**
 * A signing key prepared once from a PKCS#12 file: the private key is imported into
 * OpenSSL (node:crypto KeyObject), the certificate is parsed and the CMS pieces that do
 * not depend on the document (certificate set, issuer/serial, ESS signingCertificateV2)
 * are pre-built. Preparing costs a PKCS#12 decryption (tens of ms in forge); reuse the
 * instance for every document.
 */
export class SealingKey {
  readonly privateKey: KeyObject;
  /** DER of the signer certificate. */
  readonly certificateDer: Buffer;
  /** DER of the other certificates found in the P12 (chain), signer excluded. */
  readonly chainDer: readonly Buffer[];
  readonly certificatePem: string;
  /** SHA-256 of the certificate DER, lowercase hex without separators. */
  readonly fingerprintSha256: string;
  readonly subject: CertificateIdentity;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly keyType: 'rsa' | 'ec';

  private constructor(privateKey: KeyObject, certificateDer: Buffer, chainDer: Buffer[]) {
    const x509 = new X509Certificate(certificateDer);
    if (!x509.checkPrivateKey(privateKey)) {
      throw new SealCertificateError('The certificate does not match the private key.');
    }
    const type = privateKey.asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ec') {
      throw new SealCertificateError(`Unsupported seal key type "${type}" (RSA or EC expected).`);
    }
    this.keyType = type;
    this.privateKey = privateKey;
    this.certificateDer = certificateDer;
    this.chainDer = chainDer;
    this.certificatePem = x509.toString();
    this.fingerprintSha256 = createHash('sha256').update(certificateDer).digest('hex');
    this.subject = certificateIdentity(certificateDer);
    this.notBefore = new Date(x509.validFrom);
    this.notAfter = new Date(x509.validTo);
  }

  /** Build from a private key and certificate (PEM or DER), e.g. from an HSM export or tests. */
  static fromKeyAndCertificate(privateKey: KeyObject | string | Buffer, certificate: string | Buffer, chain: (string | Buffer)[] = []): SealingKey {
    const key = privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey);
    return new SealingKey(key, toDer(certificate), chain.map(toDer));
  }

  /**
   * Parse a PKCS#12 file. Throws SealCertificateError with a readable message when the
   * passphrase is wrong, the file is not a PKCS#12, or it lacks a key/certificate pair.
   */
  static fromP12(p12: Buffer, passphrase: string): SealingKey {
    let pfx: forge.pkcs12.Pkcs12Pfx;
    try {
      const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
      pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
    } catch (err) {
      const msg = String((err as Error)?.message ?? err);
      if (/MAC could not be verified|Invalid password|decrypt/i.test(msg)) {
        throw new SealCertificateError('Cannot open the seal certificate: wrong passphrase for the PKCS#12 file.', { cause: err });
      }
      throw new SealCertificateError(`Cannot parse the seal certificate as PKCS#12: ${msg}`, { cause: err });
    }

    const keyBags = [
      ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
      ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
    ];
    const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    if (keyBags.length === 0) throw new SealCertificateError('The PKCS#12 file contains no private key.');
    if (certBags.length === 0) throw new SealCertificateError('The PKCS#12 file contains no certificate.');

    const keyBag = keyBags[0] as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
    const keyInfoAsn1 = keyBag.key
      ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key as forge.pki.rsa.PrivateKey))
      : keyBag.asn1;
    if (!keyInfoAsn1) throw new SealCertificateError('Unreadable private key in the PKCS#12 file.');
    const privateKey = createPrivateKey({ key: asn1ToBuffer(keyInfoAsn1), format: 'der', type: 'pkcs8' });

    const certs = certBags.map((bag) => {
      const b = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
      if (b.cert) return asn1ToBuffer(forge.pki.certificateToAsn1(b.cert));
      if (b.asn1) return asn1ToBuffer(b.asn1);
      throw new SealCertificateError('Unreadable certificate in the PKCS#12 file.');
    });
    const signerIndex = certs.findIndex((der) => new X509Certificate(der).checkPrivateKey(privateKey));
    if (signerIndex < 0) throw new SealCertificateError('No certificate in the PKCS#12 file matches its private key.');
    const chain = certs.filter((_, i) => i !== signerIndex);
    return new SealingKey(privateKey, certs[signerIndex], chain);
  }

  /** True when `at` lies within the certificate validity period. */
  isValidAt(at: Date = new Date()): boolean {
    return at >= this.notBefore && at <= this.notAfter;
  }
}

const keyCache = new WeakMap<Buffer, { passphrase: string; key: SealingKey }>();

/**
 * Accepts a prepared SealingKey or a { p12, passphrase } pair. Pairs are cached by the
 * identity of the p12 Buffer, so passing the same Buffer again does not re-parse it.
 */
export function resolveSealingKey(credential: SealingKey | P12Credential): SealingKey {
  if (credential instanceof SealingKey) return credential;
  const cached = keyCache.get(credential.p12);
  if (cached && cached.passphrase === credential.passphrase) return cached.key;
  const key = SealingKey.fromP12(credential.p12, credential.passphrase);
  keyCache.set(credential.p12, { passphrase: credential.passphrase, key });
  return key;
}

export function asn1ToBuffer(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

function toDer(cert: string | Buffer): Buffer {
  return new X509Certificate(cert).raw;
}

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';

/** Reads CN and O from a certificate's subject (works for any key type). */
export function certificateIdentity(certificateDer: Buffer): CertificateIdentity {
  const cert = forge.asn1.fromDer(forge.util.createBuffer(certificateDer.toString('binary')));
  const tbs = (cert.value as forge.asn1.Asn1[])[0];
  const fields = tbs.value as forge.asn1.Asn1[];
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, ...
  const offset = fields[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  return nameIdentity(fields[offset + 4]);
}

export function nameIdentity(name: forge.asn1.Asn1): CertificateIdentity {
  const out: CertificateIdentity = {};
  for (const rdn of name.value as forge.asn1.Asn1[]) {
    for (const atv of rdn.value as forge.asn1.Asn1[]) {
      const [oidNode, valueNode] = atv.value as forge.asn1.Asn1[];
      const oid = forge.asn1.derToOid(oidNode.value as string);
      const value = decodeDirectoryString(valueNode);
      if (oid === OID_CN && out.commonName === undefined) out.commonName = value;
      if (oid === OID_O && out.organization === undefined) out.organization = value;
    }
  }
  return out;
}

function decodeDirectoryString(node: forge.asn1.Asn1): string {
  const raw = node.value as string;
  switch (node.type) {
    case forge.asn1.Type.UTF8:
      return forge.util.decodeUtf8(raw);
    case forge.asn1.Type.BMPSTRING: {
      const bytes = Buffer.from(raw, 'binary');
      return bytes.swap16().toString('utf16le');
    }
    default:
      return Buffer.from(raw, 'binary').toString('latin1');
  }
}
