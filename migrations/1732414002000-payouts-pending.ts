import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bill whose every seller has its payout is marked `paid_out`: the payout run then looks only
 * at the paid bills not yet paid out (a partial index), instead of checking every paid bill
 * against every payout ever made.
 */
export class PayoutsPending1732414002000 implements MigrationInterface {
  name = 'PayoutsPending1732414002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payable_bills ADD COLUMN paid_out boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX payable_bills_to_pay_out ON payable_bills (number) WHERE status = 'PAID' AND NOT paid_out`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payable_bills_to_pay_out`);
    await q.query(`ALTER TABLE payable_bills DROP COLUMN paid_out`);
  }
}
