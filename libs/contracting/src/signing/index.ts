export { SealCertificateError, PdfSigningError } from './errors';
export {
  generateSelfSignedP12,
  loadOrCreateSealCertificate,
  OID_KP_DOCUMENT_SIGNING,
  DEV_P12_FILE,
  DEV_PASSPHRASE_FILE,
} from './certificates';
export type { SelfSignedP12Options, SelfSignedP12, SealCertificateOptions, LoadedSealCertificate } from './certificates';
export { SealingKey, resolveSealingKey } from './sealing-key';
export type { P12Credential, CertificateIdentity } from './sealing-key';
export { sealPdf, signPdfIncrementally, DEFAULT_SIGNATURE_LENGTH } from './seal';
export type { SealMeta, SealOptions, SealCredential } from './seal';
export { verifyPdf, sha256Hex } from './verify';
export type { VerificationResult, SignatureVerification, VerifyOptions } from './verify';
export { createCadesDetachedSignature, CadesDetachedSigner } from './cms';
export type { CadesSignatureOptions } from './cms';
