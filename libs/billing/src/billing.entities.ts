import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Invoice, InvoiceTypeCode } from './engine';
import type { BillKind } from './billing.events';

/** bigint cents read back exactly: a value beyond the safe range is a defect, never rounded. */
const cents = {
  to: (v: number) => v,
  from: (v: string | number): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`billing amount ${v} is beyond the safe integer range of cents`);
    return n;
  },
};

export type BillStatus = 'ISSUED' | 'CANCELLED';
export type InvoiceStatus = 'ISSUED' | 'PARTIALLY_CREDITED' | 'CREDITED';

/** One billing event of an agreement: the group of its contributors' invoices, paid at once. */
@Entity('bills')
export class BillEntity {
  @PrimaryColumn('uuid') id: string;
  @Column() number: string;
  /** Null for a WITHDRAWAL bill, and only for it: a request withdrawn before signature has no binding agreement. */
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true }) agreementId: string | null;
  @Column({ name: 'agreement_number', type: 'text', nullable: true }) agreementNumber: string | null;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  @Column({ name: 'request_number' }) requestNumber: string;
  @Column({ type: 'text' }) kind: BillKind;
  @Column({ name: 'period_start', type: 'date' }) periodStart: string;
  @Column({ name: 'period_end', type: 'date' }) periodEnd: string;
  @Column({ name: 'usage_month', type: 'date', nullable: true }) usageMonth: string | null;
  /** The month's quantities per meter (thousandths as text) a usage bill priced, cumulative; null on other bills and on those issued before it was kept. */
  @Column({ name: 'usage_quantities', type: 'jsonb', nullable: true }) usageQuantities: Record<string, string> | null;
  /** 0, or n for the n-th LATE_USAGE supplement of its month. */
  @Column({ type: 'smallint' }) supplement: number;
  @Column({ name: 'buyer_id', type: 'uuid' }) buyerId: string;
  @Column({ name: 'network_id', type: 'uuid' }) networkId: string;
  @Column({ name: 'offering_id', type: 'uuid' }) offeringId: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'net_cents', type: 'bigint', transformer: cents }) netCents: number;
  @Column({ name: 'vat_cents', type: 'bigint', transformer: cents }) vatCents: number;
  @Column({ name: 'total_cents', type: 'bigint', transformer: cents }) totalCents: number;
  @Column({ name: 'issue_date', type: 'date' }) issueDate: string;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ type: 'text' }) status: BillStatus;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
}

/** An invoice (380) or credit note (381) of one seller, frozen at issue but for its status fields. */
@Entity('invoices')
export class InvoiceEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'bill_id', type: 'uuid' }) billId: string;
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true }) agreementId: string | null;
  @Column({ type: 'text' }) kind: BillKind;
  @Column({ name: 'period_start', type: 'date' }) periodStart: string;
  @Column({ name: 'period_end', type: 'date' }) periodEnd: string;
  @Column({ name: 'seller_id', type: 'uuid' }) sellerId: string;
  @Column({ name: 'contributor_position', type: 'int' }) contributorPosition: number;
  @Column({ name: 'buyer_id', type: 'uuid' }) buyerId: string;
  @Column({ name: 'type_code', type: 'char', length: 3 }) typeCode: InvoiceTypeCode;
  @Column({ name: 'preceding_invoice_id', type: 'uuid', nullable: true }) precedingInvoiceId: string | null;
  @Column() series: string;
  @Column({ name: 'sequence_no', type: 'bigint', transformer: cents }) sequenceNo: number;
  @Column() number: string;
  @Column({ name: 'issue_date', type: 'date' }) issueDate: string;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'net_cents', type: 'bigint', transformer: cents }) netCents: number;
  @Column({ name: 'vat_cents', type: 'bigint', transformer: cents }) vatCents: number;
  @Column({ name: 'total_cents', type: 'bigint', transformer: cents }) totalCents: number;
  @Column({ type: 'jsonb', select: false }) document: Invoice;
  @Column({ name: 'credited_lines', type: 'jsonb', nullable: true }) creditedLines: { lineId: string; amountCents: number }[] | null;
  @Column({ name: 'credit_reason', type: 'text', nullable: true }) creditReason: string | null;
  @Column({ type: 'text', select: false }) xml: string;
  @Column({ name: 'xml_sha256', type: 'char', length: 64 }) xmlSha256: string;
  @Column({ type: 'text' }) status: InvoiceStatus;
  @Column({ name: 'dispatch_status', type: 'text', nullable: true }) dispatchStatus: string | null;
  @Column({ name: 'dispatch_updated_at', type: 'timestamptz', nullable: true }) dispatchUpdatedAt: Date | null;
}

/** A status a PA or Chorus Pro reported for an invoice, in the order recorded. */
@Entity('invoice_dispatch_events')
export class InvoiceDispatchEventEntity {
  @PrimaryColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'invoice_id', type: 'uuid' }) invoiceId: string;
  @Column({ type: 'text' }) channel: 'PA' | 'CHORUS_PRO';
  @Column({ name: 'status_code' }) statusCode: string;
  @Column({ name: 'status_label' }) statusLabel: string;
  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId: string | null;
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ name: 'reported_at', type: 'timestamptz' }) reportedAt: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
