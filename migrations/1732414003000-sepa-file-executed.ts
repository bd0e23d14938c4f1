import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the bank executed a SEPA file: its transfers leave the platform's account then (PAYOUT_SETTLED). */
export class SepaFileExecuted1732414003000 implements MigrationInterface {
  name = 'SepaFileExecuted1732414003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sepa_files ADD COLUMN executed_on date, ADD COLUMN executed_by uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sepa_files DROP COLUMN executed_on, DROP COLUMN executed_by`);
  }
}
