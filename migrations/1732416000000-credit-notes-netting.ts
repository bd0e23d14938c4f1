import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit notes in payments, and what sellers owe back.
 *
 * A credit note of an invoice (billing's credit_note.issued) is recorded once in
 * `bill_credit_notes` with what it reversed of the seller's share, VAT and commission, what it
 * took off the buyer's receivable (`payable_bills.total_cents` goes down by that, and a bill
 * credited in full before any payment is CANCELLED) and the refund it owes the buyer for what
 * was already paid (`refunds.credit_note_id`; OWED when the buyer paid by bank transfer: the
 * platform transfers it back). A seller paid out before a refund or a credit note owes its part
 * back: by a Stripe transfer reversal, or else a `seller_repayments` row, deducted from its next
 * payouts (`payouts.netted_*`; a payout taken whole is a NETTED row of 0, never a line sent).
 */
export class CreditNotesNetting1732416000000 implements MigrationInterface {
  name = 'CreditNotesNetting1732416000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payable_bills DROP CONSTRAINT payable_bills_total_cents_check, ADD CONSTRAINT payable_bills_total_cents_check CHECK (total_cents >= 0)`);
    await q.query(`ALTER TABLE payable_bills DROP CONSTRAINT payable_bills_status_check,
      ADD CONSTRAINT payable_bills_status_check CHECK (status IN ('OPEN', 'PARTIALLY_PAID', 'PAID', 'CANCELLED'))`);
    await q.query(`ALTER TABLE payable_bills ADD COLUMN credited_cents bigint NOT NULL DEFAULT 0 CHECK (credited_cents >= 0)`);
    await q.query(`ALTER TABLE refunds ADD COLUMN credit_note_id uuid UNIQUE, DROP CONSTRAINT refunds_status_check,
      ADD CONSTRAINT refunds_status_check CHECK (status IN ('PENDING', 'OWED', 'PAID'))`);
    await q.query(`CREATE TABLE bill_credit_notes (
      credit_note_id uuid PRIMARY KEY,
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      seller_id uuid NOT NULL,
      number text NOT NULL,
      credited_invoice_id uuid NOT NULL,
      net_cents bigint NOT NULL CHECK (net_cents >= 0),
      vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
      reversed_net_cents bigint NOT NULL CHECK (reversed_net_cents >= 0),
      reversed_vat_cents bigint NOT NULL CHECK (reversed_vat_cents >= 0),
      reversed_commission_net_cents bigint NOT NULL CHECK (reversed_commission_net_cents >= 0),
      reversed_commission_vat_cents bigint NOT NULL CHECK (reversed_commission_vat_cents >= 0),
      receivable_cents bigint NOT NULL CHECK (receivable_cents >= 0),
      refund_cents bigint NOT NULL CHECK (refund_cents >= 0),
      already_reversed_cents bigint NOT NULL CHECK (already_reversed_cents >= 0),
      refund_id uuid REFERENCES refunds(id),
      issued_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (reversed_net_cents + reversed_vat_cents = receivable_cents + refund_cents),
      CHECK (reversed_net_cents + reversed_vat_cents + already_reversed_cents = net_cents + vat_cents))`);
    await q.query(`CREATE INDEX bill_credit_notes_bill ON bill_credit_notes (bill_id)`);
    await q.query(`CREATE TABLE seller_repayments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seller_id uuid NOT NULL,
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      refund_id uuid NOT NULL REFERENCES refunds(id),
      payable_cents bigint NOT NULL CHECK (payable_cents >= 0),
      vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (payable_cents + vat_cents > 0),
      UNIQUE (refund_id, seller_id))`);
    await q.query(`CREATE INDEX seller_repayments_seller ON seller_repayments (seller_id)`);
    await q.query(`ALTER TABLE payouts
      ADD COLUMN netted_payable_cents bigint NOT NULL DEFAULT 0 CHECK (netted_payable_cents >= 0),
      ADD COLUMN netted_vat_cents bigint NOT NULL DEFAULT 0 CHECK (netted_vat_cents >= 0),
      DROP CONSTRAINT payouts_method_check,
      ADD CONSTRAINT payouts_method_check CHECK (method IN ('STRIPE_TRANSFER', 'SEPA_CREDIT_TRANSFER', 'NETTED')),
      DROP CONSTRAINT payouts_amount_cents_check,
      ADD CONSTRAINT payouts_amount_cents_check CHECK (amount_cents = payable_cents + vat_cents AND (amount_cents > 0 OR method = 'NETTED'))`);
    await q.query(`CREATE INDEX payouts_netted ON payouts (seller_id) WHERE netted_payable_cents + netted_vat_cents > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payouts_netted`);
    await q.query(`DELETE FROM payouts WHERE method = 'NETTED'`);
    await q.query(`ALTER TABLE payouts DROP COLUMN netted_payable_cents, DROP COLUMN netted_vat_cents,
      DROP CONSTRAINT payouts_method_check, ADD CONSTRAINT payouts_method_check CHECK (method IN ('STRIPE_TRANSFER', 'SEPA_CREDIT_TRANSFER')),
      DROP CONSTRAINT payouts_amount_cents_check, ADD CONSTRAINT payouts_amount_cents_check CHECK (amount_cents > 0)`);
    await q.query(`DROP TABLE seller_repayments`);
    await q.query(`DROP TABLE bill_credit_notes`);
    await q.query(`ALTER TABLE refunds DROP COLUMN credit_note_id, DROP CONSTRAINT refunds_status_check, ADD CONSTRAINT refunds_status_check CHECK (status IN ('PENDING', 'PAID'))`);
    await q.query(`ALTER TABLE payable_bills DROP COLUMN credited_cents, DROP CONSTRAINT payable_bills_status_check,
      ADD CONSTRAINT payable_bills_status_check CHECK (status IN ('OPEN', 'PARTIALLY_PAID', 'PAID'))`);
    await q.query(`ALTER TABLE payable_bills DROP CONSTRAINT payable_bills_total_cents_check, ADD CONSTRAINT payable_bills_total_cents_check CHECK (total_cents > 0)`);
  }
}
