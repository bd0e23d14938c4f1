import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry ledger: journal entries and their lines, append-only.
 *
 * - `ledger_accounts` is the chart (libs/ledger/src/engine/accounts.ts lists the same rows).
 * - `ledger_entries`: one row per movement, unique per source event (`idempotency_key`).
 * - `ledger_lines`: partitioned by Paris month of the entry's `occurred_at`, keyed by the
 *   organisation the line concerns, so that the table can be distributed by organization_id
 *   (Citus: the primary key holds the distribution column) and every balance or statement
 *   query reads one organisation's index range.
 *
 * The database itself refuses: any UPDATE, DELETE or TRUNCATE of entries and lines; a line
 * added to an entry written by another transaction; and, at commit (a deferred constraint
 * trigger, one check per entry), an entry with fewer than two lines or whose debits and
 * credits differ in any currency.
 */
export class Ledger1732410000000 implements MigrationInterface {
  name = 'Ledger1732410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ledger_accounts (
      code text PRIMARY KEY,
      category text NOT NULL CHECK (category IN ('ASSET','LIABILITY','REVENUE','EXPENSE')),
      normal_side text NOT NULL CHECK (normal_side IN ('DEBIT','CREDIT')),
      holder text NOT NULL CHECK (holder IN ('BUYER','SELLER','PLATFORM')),
      name text NOT NULL)`);
    await q.query(`INSERT INTO ledger_accounts (code, category, normal_side, holder, name) VALUES
      ('BUYER_RECEIVABLE', 'ASSET', 'DEBIT', 'BUYER', 'What the buyer owes on its bills, incl. VAT'),
      ('BUYER_UNAPPLIED_CASH', 'LIABILITY', 'CREDIT', 'BUYER', 'Money received from the buyer beyond what it owed, to apply or return'),
      ('REFUNDS_PAYABLE', 'LIABILITY', 'CREDIT', 'BUYER', 'Refunds decided for the buyer and not yet paid'),
      ('SELLER_PAYABLE', 'LIABILITY', 'CREDIT', 'SELLER', 'The seller''s shares excl. VAT held for it, less its commission incl. VAT'),
      ('SELLER_VAT_COLLECTED', 'LIABILITY', 'CREDIT', 'SELLER', 'VAT invoiced in the seller''s name, collected on its behalf and paid out to it'),
      ('PAYOUTS_IN_TRANSIT', 'LIABILITY', 'CREDIT', 'SELLER', 'Credit transfers ordered to the seller''s bank account and not yet settled'),
      ('CASH_STRIPE', 'ASSET', 'DEBIT', 'PLATFORM', 'The platform''s balance at Stripe'),
      ('CASH_BANK', 'ASSET', 'DEBIT', 'PLATFORM', 'The platform''s bank account (bank transfers in, SEPA credit transfers out)'),
      ('DISPUTED_FUNDS', 'ASSET', 'DEBIT', 'PLATFORM', 'Funds Stripe withholds while a dispute (chargeback) is open'),
      ('COMMISSION_REVENUE', 'REVENUE', 'CREDIT', 'PLATFORM', 'The platform''s commission, excl. VAT'),
      ('COMMISSION_VAT_PAYABLE', 'LIABILITY', 'CREDIT', 'PLATFORM', 'VAT on the platform''s commission, owed to the tax office'),
      ('PAYMENT_FEES', 'EXPENSE', 'DEBIT', 'PLATFORM', 'Fees the payment provider keeps (payments, disputes)')`);

    // `tx` is the writing transaction (pg_current_xact_id is the top-level one, savepoints
    // included): lines may be added to an entry only by the transaction that wrote it.
    await q.query(`CREATE TABLE ledger_entries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('BILL_ISSUED','COMMISSION_INVOICED','PAYMENT_RECEIVED','PAYOUT_SENT','PAYOUT_SETTLED',
        'CREDIT_NOTE','REFUND','REFUND_PAID','TRANSFER_REVERSAL','DISPUTE_OPENED','DISPUTE_WON','DISPUTE_LOST')),
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      idempotency_key text COLLATE "C" NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      content_sha256 char(64) NOT NULL,
      bill_id uuid,
      invoice_id uuid,
      payment_id uuid,
      payout_id uuid,
      refund_id uuid,
      memo text CHECK (length(memo) <= 500),
      tx xid8 NOT NULL)`);
    await q.query(`CREATE INDEX ledger_entries_occurred_idx ON ledger_entries (occurred_at DESC, id DESC)`);
    for (const ref of ['bill', 'invoice', 'payment', 'payout', 'refund']) {
      await q.query(`CREATE INDEX ledger_entries_${ref}_idx ON ledger_entries (${ref}_id) WHERE ${ref}_id IS NOT NULL`);
    }

    await q.query(`CREATE TABLE ledger_lines (
      organization_id uuid NOT NULL REFERENCES organizations (id),
      entry_id uuid NOT NULL REFERENCES ledger_entries (id),
      line_no smallint NOT NULL CHECK (line_no >= 1),
      occurred_at timestamptz NOT NULL,
      account text NOT NULL REFERENCES ledger_accounts (code),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      debit_cents bigint NOT NULL CHECK (debit_cents >= 0),
      credit_cents bigint NOT NULL CHECK (credit_cents >= 0),
      CONSTRAINT ledger_lines_one_side CHECK ((debit_cents = 0) <> (credit_cents = 0)),
      PRIMARY KEY (organization_id, entry_id, line_no, occurred_at)
    ) PARTITION BY RANGE (occurred_at)`);
    // Balances of an organisation: an index-only range per (organisation, account, currency).
    await q.query(`CREATE INDEX ledger_lines_balance_idx ON ledger_lines (organization_id, account, currency, occurred_at) INCLUDE (debit_cents, credit_cents)`);
    // The commit-time check and the platform's view read an entry's lines.
    await q.query(`CREATE INDEX ledger_lines_entry_idx ON ledger_lines (entry_id, occurred_at)`);

    await q.query(`CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused; post a reversing entry instead', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_lines_append_only BEFORE UPDATE OR DELETE ON ledger_lines
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_lines_no_truncate BEFORE TRUNCATE ON ledger_lines
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);

    await q.query(`CREATE FUNCTION ledger_entry_tx() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.tx := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_tx BEFORE INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_tx()`);

    await q.query(`CREATE FUNCTION ledger_line_of_open_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM ledger_entries e
          WHERE e.id = NEW.entry_id AND e.tx = pg_current_xact_id() AND e.occurred_at = NEW.occurred_at;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'ledger line % of entry % refused: lines are written with their entry, in its transaction and at its time', NEW.line_no, NEW.entry_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_lines_of_open_entry BEFORE INSERT ON ledger_lines
      FOR EACH ROW EXECUTE FUNCTION ledger_line_of_open_entry()`);

    await q.query(`CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        n bigint;
        unbalanced text;
      BEGIN
        SELECT sum(c.lines), string_agg(CASE WHEN c.net <> 0 THEN c.currency || ' ' || c.net END, ', ')
          INTO n, unbalanced
          FROM (SELECT currency, count(*) AS lines, sum(debit_cents - credit_cents) AS net
                  FROM ledger_lines WHERE entry_id = NEW.id AND occurred_at = NEW.occurred_at GROUP BY currency) c;
        IF coalesce(n, 0) < 2 THEN
          RAISE EXCEPTION 'ledger entry % (%) has % line(s): an entry needs at least two', NEW.id, NEW.kind, coalesce(n, 0)
            USING ERRCODE = 'check_violation';
        END IF;
        IF unbalanced IS NOT NULL THEN
          RAISE EXCEPTION 'ledger entry % (%) is unbalanced: debits minus credits are %', NEW.id, NEW.kind, unbalanced
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`);

    // The partition of the Paris month containing `at`, created if missing (concurrent callers
    // serialise on an advisory lock; the second may still see the catalog as it was before
    // the first committed, hence IF NOT EXISTS and the duplicate_table handler). A statement
    // trigger of the parent does not fire for a partition named directly: each partition gets
    // its own TRUNCATE guard.
    await q.query(`CREATE FUNCTION ledger_lines_partition(at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        first date := date_trunc('month', at AT TIME ZONE 'Europe/Paris')::date;
        name text := 'ledger_lines_' || to_char(first, 'YYYY_MM');
      BEGIN
        IF to_regclass(name) IS NULL THEN
          PERFORM pg_advisory_xact_lock(hashtext('ledger_lines_partition'));
          BEGIN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF ledger_lines FOR VALUES FROM (%L) TO (%L)', name,
              first::timestamp AT TIME ZONE 'Europe/Paris', (first + interval '1 month') AT TIME ZONE 'Europe/Paris');
            EXECUTE format('CREATE TRIGGER ledger_lines_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()', name);
          EXCEPTION WHEN duplicate_table OR duplicate_object THEN
            NULL;
          END;
        END IF;
        RETURN name;
      END $$`);
    await q.query(`SELECT ledger_lines_partition(now() + make_interval(months => n)) FROM generate_series(0, 2) n`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ledger_lines_partition`);
    await q.query(`DROP TABLE ledger_lines`);
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entry_balanced`);
    await q.query(`DROP FUNCTION ledger_line_of_open_entry`);
    await q.query(`DROP FUNCTION ledger_entry_tx`);
    await q.query(`DROP FUNCTION ledger_append_only`);
    await q.query(`DROP TABLE ledger_accounts`);
  }
}
