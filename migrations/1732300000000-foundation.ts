import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // French full-text search that ignores accents: unaccent, then the French stemmer.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF; END $$`);

    await q.query(`CREATE TABLE organizations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('HOSPITAL','DATA_WAREHOUSE','REGISTRY','COHORT','NETWORK','PHARMA','STARTUP','SME','ACADEMIC','PUBLIC_BODY','PLATFORM')),
      siren char(9), siret char(14), vat_number text,
      address_line text NOT NULL, postal_code text NOT NULL, city text NOT NULL, country char(2) NOT NULL,
      verified_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX organizations_siret_key ON organizations (siret) WHERE siret IS NOT NULL`);

    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      display_name text NOT NULL, password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);

    await q.query(`CREATE TABLE memberships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, user_id))`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);

    await q.query(`CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL, token_hash text NOT NULL UNIQUE, token_hint text NOT NULL,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz)`);
    await q.query(`CREATE INDEX api_keys_org_idx ON api_keys (organization_id)`);

    await q.query(`CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL, revoked_at timestamptz)`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);

    await q.query(`CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      email text NOT NULL, roles text[] NOT NULL, token_hash text NOT NULL UNIQUE,
      invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
      accepted_at timestamptz, revoked_at timestamptz)`);

    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid, actor_api_key_id uuid, organization_id uuid,
      action text NOT NULL, entity_type text NOT NULL, entity_id text NOT NULL,
      changes jsonb NOT NULL DEFAULT '{}')`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`);
    await q.query(`CREATE INDEX audit_log_org_idx ON audit_log (organization_id, at)`);

    await q.query(`CREATE TABLE offerings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      producer_id uuid NOT NULL REFERENCES organizations(id),
      status text NOT NULL CHECK (status IN ('DRAFT','PUBLISHED','RETIRED')),
      latest_version_id uuid, published_version_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz)`);
    await q.query(`CREATE INDEX offerings_producer_idx ON offerings (producer_id)`);
    await q.query(`CREATE INDEX offerings_public_idx ON offerings (published_version_id) WHERE status = 'PUBLISHED'`);

    await q.query(`CREATE TABLE offering_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      offering_id uuid NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
      producer_id uuid NOT NULL REFERENCES organizations(id),
      producer_kind text NOT NULL,
      version_no int NOT NULL,
      listed boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('DRAFT','PUBLISHED','SUPERSEDED')),
      content jsonb NOT NULL,
      title_fr text NOT NULL,
      themes text[] NOT NULL, data_model text NOT NULL, coding_systems text[] NOT NULL, regions text[] NOT NULL,
      access_modality text NOT NULL, number_of_individuals bigint,
      search_vector tsvector NOT NULL DEFAULT ''::tsvector,
      created_at timestamptz NOT NULL DEFAULT now(), created_by uuid,
      published_at timestamptz, published_by uuid,
      UNIQUE (offering_id, version_no))`);
    // What full-text search indexes of a version: one definition for the app and bulk loads.
    await q.query(`CREATE FUNCTION offering_search_vector(c jsonb, producer_name text, theme_labels text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('fr_unaccent', coalesce(c->'title'->>'fr', '') || ' ' || coalesce(c->'title'->>'en', '')), 'A')
            || setweight(to_tsvector('fr_unaccent', coalesce((SELECT string_agg(k, ' ') FROM jsonb_array_elements_text(c->'keywords') k), '')
                 || ' ' || coalesce(theme_labels, '') || ' ' || coalesce(producer_name, '')), 'B')
            || setweight(to_tsvector('fr_unaccent', coalesce(c->'description'->>'fr', '') || ' ' || coalesce(c->'populationCoverage'->>'fr', '')), 'C')
            || setweight(to_tsvector('fr_unaccent', coalesce(c->>'provenance', '') || ' ' || coalesce(c->>'dataModel', '')), 'D')
            || setweight(to_tsvector('english', coalesce(c->'title'->>'en', '') || ' ' || coalesce(c->'description'->>'en', '')), 'D')
      $$`);
    await q.query(`CREATE INDEX offering_versions_search_idx ON offering_versions USING gin (search_vector)`);
    await q.query(`CREATE INDEX offering_versions_listed_idx ON offering_versions (published_at DESC) WHERE listed`);
    await q.query(`CREATE INDEX offering_versions_offering_idx ON offering_versions (offering_id)`);
    await q.query(`CREATE INDEX offering_versions_themes_idx ON offering_versions USING gin (themes)`);
    await q.query(`ALTER TABLE offerings
      ADD CONSTRAINT offerings_latest_fk FOREIGN KEY (latest_version_id) REFERENCES offering_versions(id) DEFERRABLE INITIALLY DEFERRED,
      ADD CONSTRAINT offerings_published_fk FOREIGN KEY (published_version_id) REFERENCES offering_versions(id) DEFERRABLE INITIALLY DEFERRED`);
    // A published version never changes: the database refuses it, whatever the code does.
    await q.query(`CREATE FUNCTION offering_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.version_no <> OLD.version_no
            OR NEW.search_vector IS DISTINCT FROM OLD.search_vector) THEN
          RAISE EXCEPTION 'offering version % is published and immutable', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER offering_versions_immutable BEFORE UPDATE ON offering_versions
      FOR EACH ROW EXECUTE FUNCTION offering_version_immutable()`);

    await q.query(`CREATE TABLE offering_contributors (
      version_id uuid NOT NULL REFERENCES offering_versions(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id),
      weight int NOT NULL CHECK (weight > 0),
      PRIMARY KEY (version_id, organization_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE offering_contributors`);
    await q.query(`ALTER TABLE offerings DROP CONSTRAINT offerings_latest_fk, DROP CONSTRAINT offerings_published_fk`);
    await q.query(`DROP TABLE offering_versions`);
    await q.query(`DROP FUNCTION offering_version_immutable`);
    await q.query(`DROP FUNCTION offering_search_vector`);
    await q.query(`DROP TABLE offerings`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE invitations`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE memberships`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organizations`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent`);
  }
}
