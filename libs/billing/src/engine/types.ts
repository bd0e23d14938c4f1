// The invoice document model: what a French e-invoice (Factur-X EN 16931) says, as plain
// data. Money is integer euro cents, rates are basis points (2000 = 20 %), dates are
// calendar dates "YYYY-MM-DD" (no time, no zone: an invoice date is a day in France).
// The BT-/BG- numbers are the EN 16931 business terms each field carries.

import type { BuyerCategory, VatRegime } from '@app/pricing/engine';

export type InvoiceTypeCode = '380' | '381';
export const INVOICE_TYPE_INVOICE: InvoiceTypeCode = '380';
export const INVOICE_TYPE_CREDIT_NOTE: InvoiceTypeCode = '381';

/**
 * VAT category (BT-151, BT-118): S standard rate, AE reverse charge (EU business buyer),
 * O outside the scope of French VAT (buyer outside the EU), E exempt (seller under the
 * VAT franchise).
 */
export type VatCategory = 'S' | 'AE' | 'O' | 'E';

/** Whether the seller charges VAT or is under the franchise en base (art. 293 B CGI). */
export type SellerVatRegime = 'STANDARD' | 'FRANCHISE';

/** BAR note: how the tax administration receives the invoice (e-invoicing or e-reporting). */
export type BillingTreatment = 'B2B' | 'B2BINT';

/** Billing framework BT-23: S1 = services, invoiced once (no down payment, not yet paid). */
export const BILLING_FRAMEWORK_SERVICES = 'S1';

/** Electronic address scheme of the French directory (annuaire), identifiers starting with the SIREN. */
export const FRENCH_DIRECTORY_SCHEME = '0225';

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  line3?: string | null;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** BT-34 / BT-49: an electronic address and its EAS scheme ("0225" for the French directory). */
export interface ElectronicAddress {
  scheme: string;
  id: string;
}

export interface InvoiceSeller {
  name: string;
  address: PostalAddress;
  /** BT-30, scheme 0002. */
  siren: string;
  /** BT-29, scheme 0009: 14 digits starting with the SIREN. */
  siret?: string | null;
  /** BT-31. Required unless the seller is under the franchise and gives taxRegistrationId. */
  vatNumber: string | null;
  /** BT-32 (scheme FC): tax registration of a franchise seller without a VAT number. */
  taxRegistrationId?: string | null;
  /** BT-34: scheme 0225, identifier starting with the SIREN. */
  electronicAddress: ElectronicAddress;
  vatRegime: SellerVatRegime;
  /** BT-33: legal form, share capital, registry... printed with the seller. */
  legalInformation?: string | null;
}

/**
 * A public buyer receiving through Chorus Pro may require its service code (BT-10) and a
 * commitment number (numéro d'engagement, BT-13) on every invoice.
 */
export interface PublicBuyerReferences {
  serviceCode: string | null;
  commitmentNumber: string | null;
  serviceCodeRequired: boolean;
  commitmentNumberRequired: boolean;
}

export interface InvoiceBuyer {
  name: string;
  address: PostalAddress;
  kind: BuyerCategory;
  /** BT-47, scheme 0002: required for a French business buyer (BAR B2B). */
  siren?: string | null;
  /** BT-46, scheme 0009. */
  siret?: string | null;
  /** BT-48. Not carried on an out-of-scope invoice (EN 16931 BR-O-02). */
  vatNumber?: string | null;
  /** BT-49: a French buyer's is scheme 0225 starting with its SIREN. */
  electronicAddress: ElectronicAddress;
  /** Present for a buyer that receives through Chorus Pro. */
  publicSector?: PublicBuyerReferences | null;
}

/** The platform that issues the invoice in the seller's name and on its behalf (billing mandate). */
export interface InvoiceIssuer {
  name: string;
  siren: string;
}

/** BG-25 */
export interface InvoiceLine {
  /** BT-126, unique within the invoice. */
  id: string;
  /** BT-155: the tariff line code. */
  code: string;
  /** BT-153 */
  name: string;
  /** BT-154: how the amount was obtained. */
  description?: string | null;
  /** BT-129: decimal string with '.' and at most 4 decimals. */
  quantity: string;
  /** BT-130: UN/ECE recommendation 20 code (see UNIT_CODES). */
  unitCode: string;
  /** BT-146, excl. VAT, never negative. */
  netPriceCents: number;
  /** BT-131, excl. VAT, never negative. */
  amountCents: number;
  vatCategory: VatCategory;
  /** BT-152: 0 unless the category is S. */
  vatRateBp: number;
}

/** BG-20 (allowance, charge: false) and BG-21 (charge: true) at document level. */
export interface InvoiceAllowanceCharge {
  charge: boolean;
  /** BT-92 / BT-99: positive. */
  amountCents: number;
  /** BT-97 / BT-104 */
  reason: string;
  vatCategory: VatCategory;
  vatRateBp: number;
}

/** BG-23: one per category and rate. */
export interface VatBreakdownLine {
  category: VatCategory;
  rateBp: number;
  baseCents: number;
  vatCents: number;
  /** BT-121 (VATEX code) and BT-120 (its text), for AE, O and E. */
  exemptionReasonCode: string | null;
  exemptionReason: string | null;
}

/** BG-22 */
export interface InvoiceTotals {
  lineTotalCents: number;
  allowanceTotalCents: number;
  chargeTotalCents: number;
  taxBasisCents: number;
  vatCents: number;
  grandTotalCents: number;
  duePayableCents: number;
}

/** UNTDID 4451 subject codes used on our invoices. */
export type NoteSubject = 'PMD' | 'PMT' | 'AAB' | 'BAR' | 'REG' | 'AAI';

/** BG-1 */
export interface InvoiceNote {
  subject: NoteSubject;
  content: string;
}

/** BG-16 and BG-10: how the buyer pays (the platform collects for its sellers). */
export interface PaymentInstructions {
  /** BT-81: 58 SEPA credit transfer. */
  meansCode: '58';
  /** BT-84 */
  iban: string;
  /** BT-86 */
  bic?: string | null;
  /** BT-85 */
  accountName?: string | null;
  /** BG-10: the party that receives the payment when it is not the seller. */
  payee?: { name: string; siren: string } | null;
}

export interface Period {
  start: string;
  end: string;
}

export interface Invoice {
  /** BT-1: at most 35 characters of [A-Za-z0-9+-_/]. */
  number: string;
  /** BT-3 */
  typeCode: InvoiceTypeCode;
  /** BT-2 */
  issueDate: string;
  /** BT-9 */
  dueDate: string;
  /** BT-20 */
  paymentTerms: string;
  /** BT-72: the day the service was rendered (end of the period for usage). */
  deliveryDate: string;
  /** BG-14: BT-73 / BT-74. */
  billingPeriod: Period | null;
  currency: 'EUR';
  /** BT-23 */
  billingFramework: typeof BILLING_FRAMEWORK_SERVICES;
  seller: InvoiceSeller;
  /**
   * The seller's VAT number as text, for an out-of-scope invoice: French law wants it on
   * the invoice, EN 16931 forbids it in BT-31 there (BR-O-02), so it goes with BT-33.
   */
  sellerVatMention: string | null;
  buyer: InvoiceBuyer;
  issuer: InvoiceIssuer | null;
  /** BG-3 (BT-25, BT-26): the invoice a credit note corrects. */
  precedingInvoice: { number: string; issueDate: string } | null;
  /** BT-12: the agreement. */
  contractReference: string | null;
  /** BT-83: the bill the buyer pays in one transfer. */
  billReference: string | null;
  lines: InvoiceLine[];
  allowanceCharges: InvoiceAllowanceCharge[];
  vatBreakdown: VatBreakdownLine[];
  totals: InvoiceTotals;
  notes: InvoiceNote[];
  payment: PaymentInstructions | null;
}

/** A problem in an invoice; `path` names the field ("seller.siren", "lines[2].quantity"). */
export interface InvoiceProblem {
  path: string;
  message: string;
}

/** The buyer-side VAT regime of a priced event, as the tariff engine decided it. */
export type BuyerVatRegime = VatRegime;
