import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments of bills, payouts to sellers, refunds and disputes.
 *
 * `payable_bills` and `payable_bill_sellers` are the payments library's copy of each issued
 * bill (filled on bill.issued): what the buyer owes, each seller's share and VAT, the
 * commission frozen with the agreement, and what remains of each after refunds (what a
 * reversal may still take, what the payout pays). A bill is paid once: `paid_cents` never
 * exceeds what is owed, and the payment that completes it is the one payouts are keyed on.
 * A payout is unique per (payment, seller) (its key), written PENDING before Stripe is called
 * with an idempotency key derived from that pair, so that a run killed at any point and run
 * again pays no one twice and no one not at all.
 */
export class Payments1732414001000 implements MigrationInterface {
  name = 'Payments1732414001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE commission_rates (
      agreement_id uuid PRIMARY KEY,
      rate_bp int NOT NULL CHECK (rate_bp BETWEEN 0 AND 5000),
      basis text NOT NULL CHECK (basis IN ('OFFERING_KIND', 'CONTRACT')),
      offering_kind text,
      frozen_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE payable_bills (
      bill_id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      agreement_id uuid NOT NULL,
      buyer_id uuid NOT NULL,
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      total_cents bigint NOT NULL CHECK (total_cents > 0),
      paid_cents bigint NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
      refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
      commission_bp int NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'PARTIALLY_PAID', 'PAID')),
      settling_payment_id uuid,
      issued_at timestamptz NOT NULL,
      paid_at timestamptz,
      CHECK (paid_cents <= total_cents),
      CHECK ((status = 'PAID') = (settling_payment_id IS NOT NULL)))`);
    await q.query(`CREATE INDEX payable_bills_buyer ON payable_bills (buyer_id, issued_at)`);
    await q.query(`CREATE TABLE payable_bill_sellers (
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      seller_id uuid NOT NULL,
      position int NOT NULL,
      invoice_id uuid NOT NULL,
      invoice_number text NOT NULL,
      net_cents bigint NOT NULL CHECK (net_cents >= 0),
      vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
      commission_net_cents bigint NOT NULL CHECK (commission_net_cents >= 0),
      commission_vat_cents bigint NOT NULL CHECK (commission_vat_cents >= 0),
      remaining_net_cents bigint NOT NULL CHECK (remaining_net_cents >= 0),
      remaining_vat_cents bigint NOT NULL CHECK (remaining_vat_cents >= 0),
      remaining_commission_net_cents bigint NOT NULL CHECK (remaining_commission_net_cents >= 0),
      remaining_commission_vat_cents bigint NOT NULL CHECK (remaining_commission_vat_cents >= 0),
      PRIMARY KEY (bill_id, seller_id))`);
    await q.query(`CREATE INDEX payable_bill_sellers_seller ON payable_bill_sellers (seller_id)`);
    await q.query(`CREATE TABLE bill_payment_intents (
      bill_id uuid PRIMARY KEY REFERENCES payable_bills(bill_id),
      stripe_id text NOT NULL UNIQUE,
      status text NOT NULL,
      last_error text,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      method text NOT NULL CHECK (method IN ('STRIPE', 'BANK')),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      applied_cents bigint NOT NULL CHECK (applied_cents >= 0 AND applied_cents <= amount_cents),
      fee_cents bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
      stripe_payment_intent_id text UNIQUE,
      stripe_charge_id text UNIQUE,
      bank_reference text,
      received_on date NOT NULL,
      received_at timestamptz NOT NULL,
      recorded_by uuid,
      UNIQUE (bill_id, bank_reference),
      CHECK ((method = 'STRIPE') = (stripe_payment_intent_id IS NOT NULL)))`);
    await q.query(`CREATE TABLE sepa_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      message_id text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      execution_date date NOT NULL,
      transfer_count int NOT NULL,
      total_cents bigint NOT NULL,
      xml text NOT NULL)`);
    await q.query(`CREATE TABLE payout_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      transfers int NOT NULL DEFAULT 0,
      sepa_lines int NOT NULL DEFAULT 0,
      waiting int NOT NULL DEFAULT 0,
      sepa_file_id uuid REFERENCES sepa_files(id))`);
    await q.query(`CREATE TABLE payouts (
      key text PRIMARY KEY,
      payment_id uuid NOT NULL REFERENCES payments(id),
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      seller_id uuid NOT NULL,
      method text NOT NULL CHECK (method IN ('STRIPE_TRANSFER', 'SEPA_CREDIT_TRANSFER')),
      payable_cents bigint NOT NULL CHECK (payable_cents >= 0),
      vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      status text NOT NULL CHECK (status IN ('PENDING', 'SENT')),
      destination text NOT NULL,
      stripe_transfer_id text UNIQUE,
      sepa_file_id uuid REFERENCES sepa_files(id),
      run_id uuid NOT NULL REFERENCES payout_runs(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      reversed_cents bigint NOT NULL DEFAULT 0 CHECK (reversed_cents >= 0 AND reversed_cents <= amount_cents),
      UNIQUE (payment_id, seller_id),
      CHECK ((status = 'SENT') = (sent_at IS NOT NULL)))`);
    await q.query(`CREATE INDEX payouts_seller ON payouts (seller_id, created_at)`);
    await q.query(`CREATE TABLE refunds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      payment_id uuid NOT NULL REFERENCES payments(id),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      reason text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'PAID')),
      stripe_refund_id text UNIQUE,
      parts jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid)`);
    await q.query(`CREATE TABLE transfer_reversals (
      refund_id uuid NOT NULL REFERENCES refunds(id),
      seller_id uuid NOT NULL,
      payout_key text NOT NULL REFERENCES payouts(key),
      payable_cents bigint NOT NULL,
      vat_cents bigint NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      status text NOT NULL CHECK (status IN ('PENDING', 'DONE')),
      stripe_reversal_id text UNIQUE,
      PRIMARY KEY (refund_id, seller_id))`);
    await q.query(`CREATE TABLE disputes (
      id text PRIMARY KEY,
      bill_id uuid NOT NULL REFERENCES payable_bills(bill_id),
      payment_id uuid NOT NULL REFERENCES payments(id),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      status text NOT NULL CHECK (status IN ('OPEN', 'WON', 'LOST')),
      opened_at timestamptz NOT NULL,
      closed_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['disputes', 'transfer_reversals', 'refunds', 'payouts', 'payout_runs', 'sepa_files', 'payments', 'bill_payment_intents', 'payable_bill_sellers', 'payable_bills', 'commission_rates']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
