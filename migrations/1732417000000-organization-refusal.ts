import { MigrationInterface, QueryRunner } from 'typeorm';

/** The platform operator may refuse to verify an organisation, with a reason its members read. */
export class OrganizationRefusal1732417000000 implements MigrationInterface {
  name = 'OrganizationRefusal1732417000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations ADD COLUMN refused_at timestamptz, ADD COLUMN refusal_reason text,
      ADD CONSTRAINT organizations_refusal_has_reason CHECK ((refused_at IS NULL) = (refusal_reason IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations DROP CONSTRAINT organizations_refusal_has_reason, DROP COLUMN refused_at, DROP COLUMN refusal_reason`);
  }
}
