import { MigrationInterface, QueryRunner } from 'typeorm';

export class Licensing1732300001000 implements MigrationInterface {
  name = 'Licensing1732300001000';

  async up(q: QueryRunner): Promise<void> {
    // A template: a standard one (no organisation, loaded from contracts-templates/) or an
    // organisation's fork of a standard one.
    await q.query(`CREATE TABLE licence_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
      key text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      family text NOT NULL CHECK (family IN ('ACADEMIC_RESEARCH','COMMERCIAL_RESEARCH','AI_TRAINING','PUBLIC_HEALTH','SECURE_ENVIRONMENT')),
      based_on_version_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (organization_id IS NOT NULL OR based_on_version_id IS NULL))`);
    // One key per organisation, and one per standard template (NULL organisation ids are distinct in a plain UNIQUE).
    await q.query(`CREATE UNIQUE INDEX licence_templates_standard_key ON licence_templates (key) WHERE organization_id IS NULL`);
    await q.query(`CREATE UNIQUE INDEX licence_templates_org_key ON licence_templates (organization_id, key) WHERE organization_id IS NOT NULL`);

    await q.query(`CREATE TABLE licence_template_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template_id uuid NOT NULL REFERENCES licence_templates(id) ON DELETE CASCADE,
      version text NOT NULL CHECK (version ~ '^\\d+\\.\\d+\\.\\d+'),
      status text NOT NULL CHECK (status IN ('DRAFT','IN_REVIEW','PUBLISHED','DEPRECATED')),
      definition jsonb NOT NULL,
      hash char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      submitted_by uuid REFERENCES users(id) ON DELETE SET NULL,
      submitted_at timestamptz,
      published_by uuid REFERENCES users(id) ON DELETE SET NULL,
      published_at timestamptz,
      deprecated_at timestamptz,
      UNIQUE (template_id, version))`);
    await q.query(`ALTER TABLE licence_templates ADD CONSTRAINT licence_templates_based_on_fk
      FOREIGN KEY (based_on_version_id) REFERENCES licence_template_versions(id)`);
    // Only a draft is edited; from review on, a version's text and identity are frozen.
    await q.query(`CREATE FUNCTION licence_template_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.hash IS DISTINCT FROM OLD.hash
            OR NEW.version <> OLD.version OR NEW.template_id <> OLD.template_id) THEN
          RAISE EXCEPTION 'licence template version % is % and immutable', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER licence_template_versions_immutable BEFORE UPDATE ON licence_template_versions
      FOR EACH ROW EXECUTE FUNCTION licence_template_version_immutable()`);

    // The licences an offering accepts; the tariff reference gets its foreign key with the pricing tables.
    await q.query(`CREATE TABLE offering_licences (
      offering_id uuid NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
      template_version_id uuid NOT NULL REFERENCES licence_template_versions(id),
      tariff_version_id uuid,
      position int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (offering_id, template_version_id))`);
    await q.query(`CREATE INDEX offering_licences_version_idx ON offering_licences (template_version_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE offering_licences`);
    await q.query(`ALTER TABLE licence_templates DROP CONSTRAINT licence_templates_based_on_fk`);
    await q.query(`DROP TABLE licence_template_versions`);
    await q.query(`DROP FUNCTION licence_template_version_immutable`);
    await q.query(`DROP TABLE licence_templates`);
  }
}
