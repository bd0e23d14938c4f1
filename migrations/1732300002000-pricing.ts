import { MigrationInterface, QueryRunner } from 'typeorm';

export class Pricing1732300002000 implements MigrationInterface {
  name = 'Pricing1732300002000';

  async up(q: QueryRunner): Promise<void> {
    // A producer's tariff for one offering; its definitions live in versions.
    await q.query(`CREATE TABLE tariffs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      offering_id uuid NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
      producer_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      grid_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL)`);
    await q.query(`CREATE INDEX tariffs_offering_idx ON tariffs (offering_id)`);

    await q.query(`CREATE TABLE tariff_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tariff_id uuid NOT NULL REFERENCES tariffs(id) ON DELETE CASCADE,
      version_no int NOT NULL CHECK (version_no > 0),
      status text NOT NULL CHECK (status IN ('DRAFT','PUBLISHED','RETIRED')),
      definition jsonb NOT NULL,
      effective_from date,
      effective_to date,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      published_at timestamptz,
      published_by uuid REFERENCES users(id) ON DELETE SET NULL,
      UNIQUE (tariff_id, version_no),
      CHECK (status = 'DRAFT' OR (effective_from IS NOT NULL AND published_at IS NOT NULL)),
      CHECK (effective_to IS NULL OR effective_to >= effective_from))`);
    // One draft at a time per tariff: edits go to it.
    await q.query(`CREATE UNIQUE INDEX tariff_versions_one_draft ON tariff_versions (tariff_id) WHERE status = 'DRAFT'`);
    await q.query(`CREATE INDEX tariff_versions_effective_idx ON tariff_versions (tariff_id, effective_from) WHERE status = 'PUBLISHED'`);
    // Quotes freeze a version: once published, its prices and start date never change.
    await q.query(`CREATE FUNCTION tariff_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' AND (NEW.definition IS DISTINCT FROM OLD.definition
            OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
            OR NEW.version_no <> OLD.version_no OR NEW.tariff_id <> OLD.tariff_id OR NEW.status = 'DRAFT') THEN
          RAISE EXCEPTION 'tariff version % is % and immutable', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER tariff_versions_immutable BEFORE UPDATE ON tariff_versions
      FOR EACH ROW EXECUTE FUNCTION tariff_version_immutable()`);

    await q.query(`CREATE SEQUENCE quote_number_seq`);
    await q.query(`CREATE TABLE quotes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE CHECK (number ~ '^Q-\\d{4}-\\d{6,}$'),
      offering_id uuid NOT NULL REFERENCES offerings(id),
      offering_version_id uuid NOT NULL REFERENCES offering_versions(id),
      tariff_version_id uuid NOT NULL REFERENCES tariff_versions(id),
      buyer_id uuid NOT NULL REFERENCES organizations(id),
      producer_id uuid NOT NULL REFERENCES organizations(id),
      request jsonb NOT NULL,
      result jsonb NOT NULL,
      total_cents bigint NOT NULL CHECK (total_cents >= 0),
      currency char(3) NOT NULL,
      valid_until timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      CHECK (valid_until > created_at))`);
    await q.query(`CREATE INDEX quotes_buyer_idx ON quotes (buyer_id, created_at DESC)`);
    await q.query(`CREATE INDEX quotes_producer_idx ON quotes (producer_id, created_at DESC)`);
    // A quote is a commitment on a price: it is never edited (its status follows valid_until).
    await q.query(`CREATE FUNCTION quote_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'quote % is issued and immutable', OLD.number USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER quotes_immutable BEFORE UPDATE ON quotes FOR EACH ROW EXECUTE FUNCTION quote_immutable()`);

    // An offering's licence may name the tariff version it is sold with (licensing migration).
    const [{ exists }] = await q.query(`SELECT to_regclass('offering_licences') IS NOT NULL AS exists`);
    if (exists) {
      await q.query(`ALTER TABLE offering_licences ADD CONSTRAINT offering_licences_tariff_version_fk
        FOREIGN KEY (tariff_version_id) REFERENCES tariff_versions(id)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE IF EXISTS offering_licences DROP CONSTRAINT IF EXISTS offering_licences_tariff_version_fk`);
    await q.query(`DROP TABLE quotes`);
    await q.query(`DROP FUNCTION quote_immutable`);
    await q.query(`DROP SEQUENCE quote_number_seq`);
    await q.query(`DROP TABLE tariff_versions`);
    await q.query(`DROP FUNCTION tariff_version_immutable`);
    await q.query(`DROP TABLE tariffs`);
  }
}
