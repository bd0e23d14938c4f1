import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A commission rate agreed for one contract, set by the platform operator before the
 * agreement is sealed. At sealing, `payments.freeze-commission` freezes it into
 * `commission_rates` (basis CONTRACT) instead of the default of the producer's kind; once
 * frozen it no longer counts (the frozen row is the rate).
 */
export class ContractCommissionRates1732415000000 implements MigrationInterface {
  name = 'ContractCommissionRates1732415000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contract_commission_rates (
      agreement_id uuid PRIMARY KEY REFERENCES agreements (id),
      rate_bp int NOT NULL CHECK (rate_bp BETWEEN 0 AND 5000),
      set_by uuid,
      set_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contract_commission_rates`);
  }
}
