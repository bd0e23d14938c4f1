// Public face of the billing engine: pure functions and types, no framework import.

export * from './types';
export { BillingInputError } from './errors';
export type { BillingErrorCode } from './errors';
export { basisPointsToPercent } from './decimal';
export { splitBill, vatCategoryFor, vatLinesOf } from './split-bill';
export { lateUsageSupplement } from './late-usage';
export type { BillContributor, BillShare, BillSplit, LinePart, PricedEvent, ShareVatLine } from './split-bill';
export {
  assembleCreditNote,
  assembleInvoice,
  billingTreatmentFor,
  invoiceForShare,
  shareItems,
  vatBreakdownOf,
} from './build-invoice';
export type { CreditNoteRequest, InvoiceDraft, ShareInvoiceContext } from './build-invoice';
export { invoiceProblems, UNIT_CODES } from './validate-invoice';
export { EN16931_GUIDELINE, renderCiiXml } from './cii-xml';
export { frenchLegalTexts, LEGAL_TEXT_KEYS, legalText, legalVariant, parseLegalTexts } from './legal/legal-texts';
export { EU_MEMBER_STATES, FRENCH_VAT_TERRITORY } from './territory';
export type { LegalLocale, LegalTextKey, LegalTexts, LegalTextVariant } from './legal/legal-texts';
export { FACTURX_FILE_NAME, FACTURX_NAMESPACE, FACTURX_XMP, facturxExtensionSchemaXmp, facturxPropertiesXmp } from './facturx-xmp';
export { renderFacturX, renderInvoicePdf } from './invoice-pdf';
export {
  COMMISSION_LINE_CODE, COMMISSION_SERIES, commissionInvoiceDraft, commissionInvoiceNumber, commissionItems, commissionLines, commissionOutcome, commissionVat,
} from './commission-invoice';
export type { CommissionInvoiceContext, CommissionItem, CommissionOutcome, CommissionPosition } from './commission-invoice';
