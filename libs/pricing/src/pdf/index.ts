export { renderQuotePdf } from './quote-pdf';
export type { QuotePdfInput, QuotePdfParty } from './quote-pdf';
