import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountCode, EntryKind } from './engine';

/** bigint cents read back exactly: a value beyond the safe range is a defect, never rounded. */
const cents = {
  to: (v: number) => v,
  from: (v: string | number): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`ledger amount ${v} is beyond the safe integer range of cents`);
    return n;
  },
};

/** One movement of money, unique per source event; never updated (the database refuses it). */
@Entity('ledger_entries')
export class LedgerEntryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'text' }) kind: EntryKind;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'idempotency_key' }) idempotencyKey: string;
  @Column({ name: 'content_sha256', type: 'char', length: 64 }) contentSha256: string;
  @Column({ name: 'bill_id', type: 'uuid', nullable: true }) billId: string | null;
  @Column({ name: 'invoice_id', type: 'uuid', nullable: true }) invoiceId: string | null;
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;
  @Column({ name: 'payout_id', type: 'uuid', nullable: true }) payoutId: string | null;
  @Column({ name: 'refund_id', type: 'uuid', nullable: true }) refundId: string | null;
  @Column({ type: 'text', nullable: true }) memo: string | null;
}

/** One line of an entry: an account of one organisation, debited or credited. Partitioned by month. */
@Entity('ledger_lines')
export class LedgerLineEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' }) entryId: string;
  @PrimaryColumn({ name: 'line_no', type: 'smallint' }) lineNo: number;
  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'text' }) account: AccountCode;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'debit_cents', type: 'bigint', transformer: cents }) debitCents: number;
  @Column({ name: 'credit_cents', type: 'bigint', transformer: cents }) creditCents: number;
}
