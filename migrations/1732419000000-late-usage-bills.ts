import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Late usage: events of a month recorded after the month's bill was issued are invoiced by a
 * supplementary bill, `LATE_USAGE`, never by changing the issued one.
 *
 * - `usage_quantities`: the month's cumulative quantities per meter (thousandths, as text) that
 *   a USAGE, CLOSING or LATE_USAGE bill priced. The next supplement prices the month's totals
 *   then, less what these quantities priced. Null on bills issued before this migration (their
 *   quantities were not kept), whose months get no supplement.
 * - `supplement`: 0 for a month's bill (or any other bill), n for the n-th supplement of that
 *   month. One bill per (agreement, usage month, supplement) and per (agreement, kind, period
 *   start, supplement): two runs at once issue a supplement once.
 * - `invoices_one_per_contributor` (one invoice per agreement, kind, period and seller) leaves
 *   the supplements out: a month may have several, each one invoice per seller of its bill
 *   (`invoices_one_per_bill_seller`).
 */
export class LateUsageBills1732419000000 implements MigrationInterface {
  name = 'LateUsageBills1732419000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bills ADD COLUMN usage_quantities jsonb, ADD COLUMN supplement smallint NOT NULL DEFAULT 0 CHECK (supplement >= 0),
      ADD CONSTRAINT bills_supplement_is_late_usage CHECK ((supplement > 0) = (kind = 'LATE_USAGE')),
      ADD CONSTRAINT bills_usage_quantities_of_usage CHECK (usage_quantities IS NULL OR kind IN ('USAGE','CLOSING','LATE_USAGE'))`);
    await q.query(`ALTER TABLE bills DROP CONSTRAINT bills_kind_check,
      ADD CONSTRAINT bills_kind_check CHECK (kind IN ('SIGNATURE','USAGE','CLOSING','LATE_USAGE','WITHDRAWAL')),
      ADD CONSTRAINT bills_late_usage_month CHECK (kind <> 'LATE_USAGE' OR (usage_month IS NOT NULL AND usage_quantities IS NOT NULL)),
      DROP CONSTRAINT bills_agreement_id_usage_month_key,
      ADD CONSTRAINT bills_agreement_id_usage_month_key UNIQUE (agreement_id, usage_month, supplement),
      DROP CONSTRAINT bills_agreement_id_kind_period_start_key,
      ADD CONSTRAINT bills_agreement_id_kind_period_start_key UNIQUE (agreement_id, kind, period_start, supplement)`);
    await q.query(`DROP INDEX invoices_one_per_contributor`);
    await q.query(`CREATE UNIQUE INDEX invoices_one_per_contributor ON invoices (agreement_id, kind, period_start, seller_id) WHERE type_code = '380' AND kind <> 'LATE_USAGE'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invoices_one_per_contributor`);
    await q.query(`CREATE UNIQUE INDEX invoices_one_per_contributor ON invoices (agreement_id, kind, period_start, seller_id) WHERE type_code = '380'`);
    await q.query(`ALTER TABLE bills DROP CONSTRAINT bills_agreement_id_kind_period_start_key,
      ADD CONSTRAINT bills_agreement_id_kind_period_start_key UNIQUE (agreement_id, kind, period_start),
      DROP CONSTRAINT bills_agreement_id_usage_month_key,
      ADD CONSTRAINT bills_agreement_id_usage_month_key UNIQUE (agreement_id, usage_month),
      DROP CONSTRAINT bills_late_usage_month, DROP CONSTRAINT bills_kind_check,
      ADD CONSTRAINT bills_kind_check CHECK (kind IN ('SIGNATURE','USAGE','CLOSING','WITHDRAWAL'))`);
    await q.query(`ALTER TABLE bills DROP CONSTRAINT bills_usage_quantities_of_usage, DROP CONSTRAINT bills_supplement_is_late_usage,
      DROP COLUMN supplement, DROP COLUMN usage_quantities`);
  }
}
