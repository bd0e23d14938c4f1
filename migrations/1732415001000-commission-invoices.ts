import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's monthly commission invoices to its sellers, in its own gapless series
 * (`billing_series` row of the platform organisation, series C), one per (seller, Paris month).
 *
 * - `commission_invoices`: the invoice, its CII XML and document model; unique per seller and
 *   month (a second run, or two replicas at once, issue nothing new) and per series number.
 * - `commission_invoice_items`: what it invoiced of each seller invoice (bill), signed (a
 *   negative item is a commission given back, invoiced as an allowance): the next month
 *   invoices only the difference.
 * - `commission_invoice_pdfs`: the Factur-X PDF, rendered once.
 *
 * Like the sellers' invoices, all three are frozen: no UPDATE, DELETE or TRUNCATE.
 */
export class CommissionInvoices1732415001000 implements MigrationInterface {
  name = 'CommissionInvoices1732415001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE commission_invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES organizations (id),
      month date NOT NULL CHECK (month = date_trunc('month', month)::date),
      issuer_id uuid NOT NULL REFERENCES organizations (id),
      type_code char(3) NOT NULL CHECK (type_code = '380'),
      series text NOT NULL,
      sequence_no bigint NOT NULL CHECK (sequence_no >= 1),
      number text COLLATE "C" NOT NULL UNIQUE CHECK (number ~ '^[A-Za-z0-9+_/-]{1,35}$'),
      issue_date date NOT NULL,
      due_date date NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      currency char(3) NOT NULL,
      vat_category text NOT NULL CHECK (vat_category IN ('S','AE','O')),
      net_cents bigint NOT NULL CHECK (net_cents > 0),
      vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
      total_cents bigint NOT NULL CHECK (total_cents = net_cents + vat_cents),
      document jsonb NOT NULL,
      xml text NOT NULL,
      xml_sha256 char(64) NOT NULL,
      UNIQUE (customer_id, month),
      UNIQUE (issuer_id, series, sequence_no))`);
    await q.query(`CREATE INDEX commission_invoices_customer_idx ON commission_invoices (customer_id, month DESC)`);
    await q.query(`CREATE TABLE commission_invoice_items (
      commission_invoice_id uuid NOT NULL REFERENCES commission_invoices (id),
      bill_id uuid NOT NULL,
      seller_invoice_id uuid NOT NULL,
      seller_invoice_number text NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
      PRIMARY KEY (commission_invoice_id, bill_id))`);
    await q.query(`CREATE INDEX commission_invoice_items_bill_idx ON commission_invoice_items (bill_id)`);
    await q.query(`CREATE TABLE commission_invoice_pdfs (
      commission_invoice_id uuid PRIMARY KEY REFERENCES commission_invoices (id),
      pdf bytea NOT NULL,
      sha256 char(64) NOT NULL,
      rendered_at timestamptz NOT NULL DEFAULT now())`);
    for (const table of ['commission_invoices', 'commission_invoice_items', 'commission_invoice_pdfs']) {
      await q.query(`CREATE TRIGGER ${table}_frozen BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION billing_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION billing_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE commission_invoice_pdfs, commission_invoice_items, commission_invoices`);
  }
}
