import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import forge from 'node-forge';
import {
  DEV_P12_FILE,
  DEV_PASSPHRASE_FILE,
  generateSelfSignedP12,
  loadOrCreateSealCertificate,
  OID_KP_DOCUMENT_SIGNING,
  SealCertificateError,
  SealingKey,
} from './index';

jest.setTimeout(60_000);

describe('generateSelfSignedP12', () => {
  const generated = generateSelfSignedP12({
    commonName: 'Cachet Plateforme Santé',
    organization: 'Société Éditrice',
    passphrase: 's3cret',
    validDays: 30,
    keySize: 2048,
  });

  it('creates an RSA/SHA-256 seal certificate with signing key usages', () => {
    const x509 = new X509Certificate(generated.certificatePem);
    expect(x509.subject).toContain('CN=Cachet Plateforme Santé');
    expect(x509.subject).toContain('O=Société Éditrice');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.4', OID_KP_DOCUMENT_SIGNING]));
    expect(generated.fingerprintSha256).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
    const days = (new Date(x509.validTo).getTime() - new Date(x509.validFrom).getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);

    const cert = forge.pki.certificateFromPem(generated.certificatePem);
    expect(cert.siginfo.algorithmOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
    const ku = cert.getExtension('keyUsage') as { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean };
    expect(ku).toMatchObject({ digitalSignature: true, nonRepudiation: true, keyCertSign: false });
  });

  it('defaults to RSA 3072', () => {
    const g = generateSelfSignedP12({ commonName: 'x', organization: 'y', passphrase: 'p', validDays: 1 });
    expect(new X509Certificate(g.certificatePem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it('round-trips through SealingKey.fromP12 and rejects a wrong passphrase clearly', () => {
    const key = SealingKey.fromP12(generated.p12, 's3cret');
    expect(key.fingerprintSha256).toBe(generated.fingerprintSha256);
    expect(key.subject).toEqual({ commonName: 'Cachet Plateforme Santé', organization: 'Société Éditrice' });
    expect(key.keyType).toBe('rsa');
    expect(() => SealingKey.fromP12(generated.p12, 'wrong')).toThrow(SealCertificateError);
    expect(() => SealingKey.fromP12(generated.p12, 'wrong')).toThrow(/wrong passphrase/);
    expect(() => SealingKey.fromP12(Buffer.from('not a p12'), 's3cret')).toThrow(/Cannot parse/);
  });
});

describe('loadOrCreateSealCertificate', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-cert-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a development certificate once (0600) and reuses it at next start', () => {
    const devDir = path.join(dir, '.data', 'certs');
    const first = loadOrCreateSealCertificate({ devDir });
    expect(first.source).toBe('dev-created');
    expect(first.p12Path).toBe(path.join(devDir, DEV_P12_FILE));
    expect(fs.statSync(first.p12Path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(devDir, DEV_PASSPHRASE_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(devDir).mode & 0o077).toBe(0);
    expect(fs.readdirSync(devDir).sort()).toEqual([DEV_P12_FILE, DEV_PASSPHRASE_FILE].sort()); // no temp leftovers
    expect(first.key.fingerprintSha256).toBe(first.fingerprintSha256);

    const second = loadOrCreateSealCertificate({ devDir });
    expect(second.source).toBe('dev-reused');
    expect(second.fingerprintSha256).toBe(first.fingerprintSha256);
    expect(second.p12.equals(first.p12)).toBe(true);
  });

  it('uses an explicit passphrase for the dev certificate and errors clearly when it changes', () => {
    const devDir = path.join(dir, 'certs');
    loadOrCreateSealCertificate({ devDir, passphrase: 'dev-pass' });
    expect(fs.existsSync(path.join(devDir, DEV_PASSPHRASE_FILE))).toBe(false);
    expect(loadOrCreateSealCertificate({ devDir, passphrase: 'dev-pass' }).source).toBe('dev-reused');
    expect(() => loadOrCreateSealCertificate({ devDir, passphrase: 'other' })).toThrow(/wrong passphrase/);
  });

  it('renews an expired development certificate', () => {
    const devDir = path.join(dir, 'certs');
    const first = loadOrCreateSealCertificate({ devDir, devValidDays: 1 });
    const later = loadOrCreateSealCertificate({ devDir, now: new Date(Date.now() + 3 * 86_400_000) });
    expect(later.source).toBe('dev-created');
    expect(later.fingerprintSha256).not.toBe(first.fingerprintSha256);
  });

  it('loads a configured P12 and never touches the dev folder', () => {
    const g = generateSelfSignedP12({ commonName: 'Prod seal', organization: 'Org', passphrase: 'prod', validDays: 10, keySize: 2048 });
    const p12Path = path.join(dir, 'prod.p12');
    fs.writeFileSync(p12Path, g.p12, { mode: 0o600 });
    const devDir = path.join(dir, 'unused');
    const loaded = loadOrCreateSealCertificate({ p12Path, passphrase: 'prod', devDir });
    expect(loaded.source).toBe('configured');
    expect(loaded.fingerprintSha256).toBe(g.fingerprintSha256);
    expect(loaded.key.subject.commonName).toBe('Prod seal');
    expect(fs.existsSync(devDir)).toBe(false);
  });

  it('fails clearly on a missing file, a wrong passphrase or an expired configured certificate', () => {
    expect(() => loadOrCreateSealCertificate({ p12Path: path.join(dir, 'missing.p12'), passphrase: 'x', devDir: dir })).toThrow(
      /Cannot read the seal certificate at .*missing\.p12/,
    );
    const g = generateSelfSignedP12({ commonName: 'Prod', organization: 'Org', passphrase: 'prod', validDays: 1, keySize: 2048 });
    const p12Path = path.join(dir, 'prod.p12');
    fs.writeFileSync(p12Path, g.p12);
    expect(() => loadOrCreateSealCertificate({ p12Path, passphrase: 'nope', devDir: dir })).toThrow(SealCertificateError);
    expect(() => loadOrCreateSealCertificate({ p12Path, passphrase: 'nope', devDir: dir })).toThrow(/wrong passphrase/);
    expect(() =>
      loadOrCreateSealCertificate({ p12Path, passphrase: 'prod', devDir: dir, now: new Date(Date.now() + 5 * 86_400_000) }),
    ).toThrow(/not valid at/);
  });
});
