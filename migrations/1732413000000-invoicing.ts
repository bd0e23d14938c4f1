import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoicing: bills, the invoices and credit notes of each contributor, their numbering
 * series, their documents and their dispatch history.
 *
 * - `billing_party_settings`: what an invoice needs of an organisation that identity does
 *   not hold (electronic address, VAT regime, Chorus Pro references, dispatch channel).
 * - `billing_series`: one counter per seller and series; the issuing transaction takes the
 *   next number with an upsert that locks the row until it commits, so numbers are gapless
 *   and in the order of issue (a rolled-back transaction gives its number back).
 * - `bills`: one per billing event (SIGNATURE, USAGE of a Paris month, CLOSING, WITHDRAWAL),
 *   unique per (agreement, kind, period start) and per (agreement, usage month), so that a
 *   month is invoiced once whichever of the monthly run and the closing takes it first.
 * - `invoices`: the invoices (380) and credit notes (381), one invoice per (agreement, kind,
 *   period, contributor), with the CII XML and the document model; the PDF (rendered from
 *   them, byte-stable) in `invoice_pdfs`.
 * - `invoice_dispatch_events`: the lifecycle statuses a PA or Chorus Pro reported.
 *
 * The database refuses: any change to an issued invoice or bill but its status fields, any
 * DELETE or TRUNCATE of these tables, any change to a stored PDF or a dispatch event.
 */
export class Invoicing1732413000000 implements MigrationInterface {
  name = 'Invoicing1732413000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_party_settings (
      organization_id uuid PRIMARY KEY REFERENCES organizations (id),
      electronic_address_scheme text CHECK (electronic_address_scheme ~ '^[0-9A-Z]{2,4}$'),
      electronic_address_id text CHECK (length(electronic_address_id) BETWEEN 1 AND 100),
      vat_regime text NOT NULL DEFAULT 'STANDARD' CHECK (vat_regime IN ('STANDARD','FRANCHISE')),
      legal_information text CHECK (length(legal_information) <= 300),
      service_code text CHECK (length(service_code) <= 100),
      commitment_number text CHECK (length(commitment_number) <= 50),
      service_code_required boolean NOT NULL DEFAULT false,
      commitment_number_required boolean NOT NULL DEFAULT false,
      dispatch_channel text CHECK (dispatch_channel IN ('PA','CHORUS_PRO')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((electronic_address_scheme IS NULL) = (electronic_address_id IS NULL)))`);

    await q.query(`CREATE TABLE billing_series (
      seller_id uuid NOT NULL REFERENCES organizations (id),
      series text NOT NULL CHECK (series ~ '^[A-Z]{1,4}$'),
      next_number bigint NOT NULL CHECK (next_number >= 1),
      PRIMARY KEY (seller_id, series))`);

    await q.query(`CREATE SEQUENCE bill_number_seq`);
    await q.query(`CREATE TABLE bills (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text COLLATE "C" NOT NULL UNIQUE CHECK (number ~ '^[A-Za-z0-9+_/-]{1,35}$'),
      agreement_id uuid NOT NULL REFERENCES agreements (id),
      agreement_number text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('SIGNATURE','USAGE','CLOSING','WITHDRAWAL')),
      period_start date NOT NULL,
      period_end date NOT NULL CHECK (period_end >= period_start),
      usage_month date CHECK (usage_month = date_trunc('month', usage_month)::date),
      buyer_id uuid NOT NULL REFERENCES organizations (id),
      network_id uuid NOT NULL REFERENCES organizations (id),
      offering_id uuid NOT NULL,
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      net_cents bigint NOT NULL,
      vat_cents bigint NOT NULL,
      total_cents bigint NOT NULL CHECK (total_cents = net_cents + vat_cents),
      issue_date date NOT NULL,
      due_date date NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      priced jsonb NOT NULL,
      status text NOT NULL DEFAULT 'ISSUED' CHECK (status IN ('ISSUED','CANCELLED')),
      cancelled_at timestamptz,
      UNIQUE (agreement_id, kind, period_start),
      UNIQUE (agreement_id, usage_month))`);
    await q.query(`CREATE INDEX bills_buyer_idx ON bills (buyer_id, issued_at DESC)`);
    await q.query(`CREATE INDEX bills_network_idx ON bills (network_id, issued_at DESC)`);

    await q.query(`CREATE TABLE invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      bill_id uuid NOT NULL REFERENCES bills (id),
      agreement_id uuid NOT NULL REFERENCES agreements (id),
      kind text NOT NULL,
      period_start date NOT NULL,
      period_end date NOT NULL,
      seller_id uuid NOT NULL REFERENCES organizations (id),
      -- the seller's position among the contributors: the order of a bill's invoices
      contributor_position int NOT NULL CHECK (contributor_position >= 0),
      buyer_id uuid NOT NULL REFERENCES organizations (id),
      type_code char(3) NOT NULL CHECK (type_code IN ('380','381')),
      preceding_invoice_id uuid REFERENCES invoices (id),
      series text NOT NULL,
      sequence_no bigint NOT NULL CHECK (sequence_no >= 1),
      number text COLLATE "C" NOT NULL CHECK (number ~ '^[A-Za-z0-9+_/-]{1,35}$'),
      issue_date date NOT NULL,
      due_date date NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      currency char(3) NOT NULL,
      net_cents bigint NOT NULL CHECK (net_cents >= 0),
      vat_cents bigint NOT NULL CHECK (vat_cents >= 0),
      total_cents bigint NOT NULL CHECK (total_cents = net_cents + vat_cents),
      document jsonb NOT NULL,
      -- a credit note's request: the lines credited and by how much, or null for the whole invoice
      credited_lines jsonb,
      credit_reason text CHECK (length(credit_reason) <= 500),
      xml text NOT NULL,
      xml_sha256 char(64) NOT NULL,
      status text NOT NULL DEFAULT 'ISSUED' CHECK (status IN ('ISSUED','PARTIALLY_CREDITED','CREDITED')),
      dispatch_status text,
      dispatch_updated_at timestamptz,
      UNIQUE (seller_id, series, sequence_no),
      UNIQUE (seller_id, number),
      CHECK ((type_code = '381') = (preceding_invoice_id IS NOT NULL)))`);
    // One invoice per (agreement, billing event, contributor); credit notes are not limited.
    await q.query(`CREATE UNIQUE INDEX invoices_one_per_contributor ON invoices (agreement_id, kind, period_start, seller_id) WHERE type_code = '380'`);
    await q.query(`CREATE INDEX invoices_bill_idx ON invoices (bill_id)`);
    await q.query(`CREATE INDEX invoices_seller_idx ON invoices (seller_id, issued_at DESC)`);
    await q.query(`CREATE INDEX invoices_buyer_idx ON invoices (buyer_id, issued_at DESC)`);
    await q.query(`CREATE INDEX invoices_preceding_idx ON invoices (preceding_invoice_id) WHERE preceding_invoice_id IS NOT NULL`);

    await q.query(`CREATE TABLE invoice_pdfs (
      invoice_id uuid PRIMARY KEY REFERENCES invoices (id),
      pdf bytea NOT NULL,
      sha256 char(64) NOT NULL,
      rendered_at timestamptz NOT NULL DEFAULT now())`);

    await q.query(`CREATE TABLE invoice_dispatch_events (
      id bigserial PRIMARY KEY,
      invoice_id uuid NOT NULL REFERENCES invoices (id),
      channel text NOT NULL CHECK (channel IN ('PA','CHORUS_PRO')),
      status_code text NOT NULL CHECK (status_code ~ '^[0-9]{3}$'),
      status_label text NOT NULL,
      external_id text,
      detail text CHECK (length(detail) <= 1000),
      reported_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (invoice_id, status_code, reported_at))`);
    await q.query(`CREATE INDEX invoice_dispatch_events_invoice_idx ON invoice_dispatch_events (invoice_id, id)`);

    // Everything but the listed status fields is frozen at issue.
    await q.query(`CREATE FUNCTION billing_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE mutable text[] := coalesce(TG_ARGV, '{}'::text[]);
      BEGIN
        IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION '% is append-only: issued documents are never deleted, a credit note corrects them', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (to_jsonb(NEW) - mutable) IS DISTINCT FROM (to_jsonb(OLD) - mutable) THEN
          RAISE EXCEPTION 'an issued % row cannot change (only % may): issue a credit note instead', TG_TABLE_NAME, coalesce(array_to_string(mutable, ', '), 'nothing')
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    const frozen: [string, string[]][] = [
      ['bills', ['status', 'cancelled_at']],
      ['invoices', ['status', 'dispatch_status', 'dispatch_updated_at']],
      ['invoice_pdfs', []],
      ['invoice_dispatch_events', []],
    ];
    for (const [table, mutable] of frozen) {
      const args = mutable.map((c) => `'${c}'`).join(', ');
      await q.query(`CREATE TRIGGER ${table}_frozen BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION billing_refuse_change(${args})`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION billing_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_dispatch_events, invoice_pdfs, invoices, bills, billing_series, billing_party_settings`);
    await q.query(`DROP FUNCTION billing_refuse_change()`);
    await q.query(`DROP SEQUENCE bill_number_seq`);
  }
}
