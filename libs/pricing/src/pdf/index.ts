export { findFontsDir, formatDate, renderQuotePdf } from './quote-pdf';
export type { QuotePdfInput, QuotePdfOptions, QuotePdfParty } from './quote-pdf';
