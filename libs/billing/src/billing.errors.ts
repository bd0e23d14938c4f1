import { declareErrorReasons } from '@app/core';

/** Why billing refuses, where a client must tell cases of one code apart: `extensions.reason` beside the code. */
export enum BillingReason {
  /** CONFLICT: an invoice lacks legal data (a party's SIREN, address, VAT number...) or billing settings; `problems` lists what. */
  INVOICE_INCOMPLETE = 'INVOICE_INCOMPLETE',
  /** CONFLICT: the accepted quote no longer prices the same on its tariff version: its fees are not invoiced automatically. */
  QUOTE_NOT_REPRODUCIBLE = 'QUOTE_NOT_REPRODUCIBLE',
  /** CONFLICT: the bill is cancelled (credited in full): it is neither cancelled again nor paid. */
  BILL_CANCELLED = 'BILL_CANCELLED',
  /** CONFLICT: the document named is a credit note; a credit note corrects an invoice. */
  NOT_AN_INVOICE = 'NOT_AN_INVOICE',
  /** CONFLICT: the invoice is credited in full already. */
  ALREADY_CREDITED = 'ALREADY_CREDITED',
  /** CONFLICT: the invoice has partial credit notes and document allowances or charges: credit its remaining lines one by one. */
  PARTIALLY_CREDITED = 'PARTIALLY_CREDITED',
}
declareErrorReasons('billing', BillingReason);
