/** Raised when the seal certificate (PKCS#12) cannot be loaded, created or used. */
export class SealCertificateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SealCertificateError';
  }
}

/** Raised when a PDF cannot be prepared or signed. */
export class PdfSigningError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfSigningError';
  }
}
