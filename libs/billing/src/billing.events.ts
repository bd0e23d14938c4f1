import { domainEvent } from '@app/core';

/** The events billing publishes, in the transaction that issues the documents. */

export type BillKind = 'SIGNATURE' | 'USAGE' | 'CLOSING' | 'LATE_USAGE' | 'WITHDRAWAL';

/** One seller's invoice of a bill: what its payout is computed from. */
export interface IssuedInvoiceFacts {
  invoiceId: string;
  number: string;
  sellerId: string;
  netCents: number;
  vatCents: number;
  totalCents: number;
}

/** A bill was issued: one invoice per contributor, one payment by the buyer (its `number` is the reference it pays with). */
export const BillIssued = domainEvent<{
  billId: string;
  number: string;
  kind: BillKind;
  /** Null for a WITHDRAWAL bill: the request was withdrawn before it became a binding agreement. */
  agreementId: string | null;
  agreementNumber: string | null;
  requestId: string;
  requestNumber: string;
  buyerId: string;
  networkId: string;
  /** Paris days, YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  netCents: number;
  vatCents: number;
  totalCents: number;
  sellers: IssuedInvoiceFacts[];
}>('bill.issued');

/** One credit note, the invoice it corrects and its amounts (positive: what is credited back). */
export interface IssuedCreditNoteFacts extends IssuedInvoiceFacts {
  creditedInvoiceId: string;
  creditedInvoiceNumber: string;
}

/** Credit notes were issued against invoices of a bill (`cancelsBill`: the whole bill is cancelled). */
export const CreditNoteIssued = domainEvent<{
  billId: string;
  billNumber: string;
  agreementId: string | null;
  buyerId: string;
  cancelsBill: boolean;
  reason: string;
  issueDate: string;
  currency: string;
  netCents: number;
  vatCents: number;
  totalCents: number;
  creditNotes: IssuedCreditNoteFacts[];
}>('credit_note.issued');
