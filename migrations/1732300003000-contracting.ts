import { MigrationInterface, QueryRunner } from 'typeorm';

export class Contracting1732300003000 implements MigrationInterface {
  name = 'Contracting1732300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE access_request_number_seq`);
    await q.query(`CREATE SEQUENCE agreement_number_seq`);

    // A buyer's request for access to one offering under one licence; the versions it names are frozen.
    await q.query(`CREATE TABLE access_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      offering_id uuid NOT NULL REFERENCES offerings(id),
      offering_version_id uuid NOT NULL REFERENCES offering_versions(id),
      template_version_id uuid NOT NULL REFERENCES licence_template_versions(id),
      tariff_version_id uuid NOT NULL REFERENCES tariff_versions(id),
      buyer_id uuid NOT NULL REFERENCES organizations(id),
      producer_id uuid NOT NULL REFERENCES organizations(id),
      state text NOT NULL CHECK (state IN ('DRAFT','SUBMITTED','UNDER_REVIEW','INFORMATION_REQUESTED','QUOTED','COUNTER_PROPOSED',
        'ACCEPTED','AGREEMENT_ISSUED','SIGNED','ACTIVE','EXPIRED','TERMINATED','REJECTED','WITHDRAWN')),
      purpose_category text NOT NULL,
      purpose_summary text NOT NULL,
      project_title text NOT NULL,
      principal_investigator text NOT NULL,
      legal_basis text NOT NULL,
      cnil_formality text NOT NULL CHECK (cnil_formality IN ('MR_003','MR_004','AUTHORISATION')),
      cnil_reference text NOT NULL,
      processing_environment text NOT NULL,
      scope jsonb NOT NULL,
      licence_variables jsonb NOT NULL DEFAULT '{}',
      pricing_request jsonb NOT NULL,
      duration_months int NOT NULL CHECK (duration_months BETWEEN 1 AND 120),
      start_date date NOT NULL,
      estimate jsonb NOT NULL,
      current_quote_id uuid REFERENCES quotes(id),
      accepted_quote_id uuid REFERENCES quotes(id),
      proposals jsonb NOT NULL DEFAULT '[]',
      version int NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX access_requests_buyer_idx ON access_requests (buyer_id, created_at DESC)`);
    await q.query(`CREATE INDEX access_requests_producer_idx ON access_requests (producer_id, created_at DESC)`);

    // Every move of the negotiation: who, when, from which state to which, and why.
    await q.query(`CREATE TABLE access_request_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      request_id uuid NOT NULL REFERENCES access_requests(id) ON DELETE CASCADE,
      transition text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      actor_api_key_id uuid REFERENCES api_keys(id) ON DELETE SET NULL,
      organization_id uuid REFERENCES organizations(id),
      side text NOT NULL CHECK (side IN ('BUYER','PRODUCER','PLATFORM')),
      note text,
      at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await q.query(`CREATE INDEX access_request_events_request_idx ON access_request_events (request_id, at)`);

    await q.query(`CREATE TABLE agreements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      request_id uuid NOT NULL UNIQUE REFERENCES access_requests(id),
      template_key text NOT NULL,
      template_version text NOT NULL,
      template_hash char(64) NOT NULL,
      variables jsonb NOT NULL,
      variables_hash char(64) NOT NULL,
      render_input jsonb NOT NULL,
      unsigned_pdf_sha256 char(64) NOT NULL,
      sealed_pdf bytea,
      sealed_pdf_sha256 char(64) UNIQUE,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('ISSUED','SIGNED','ACTIVE','EXPIRED','TERMINATED')),
      publish_price boolean NOT NULL DEFAULT false,
      termination_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sealed_at timestamptz,
      terminated_at timestamptz,
      CHECK ((sealed_pdf IS NULL) = (sealed_pdf_sha256 IS NULL)))`);
    await q.query(`CREATE INDEX agreements_register_idx ON agreements (sealed_at DESC) WHERE sealed_pdf IS NOT NULL`);
    // The signed file is never rewritten, nor what it was made from.
    await q.query(`CREATE FUNCTION agreement_sealed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.sealed_pdf IS NOT NULL AND (NEW.sealed_pdf IS DISTINCT FROM OLD.sealed_pdf OR NEW.sealed_pdf_sha256 IS DISTINCT FROM OLD.sealed_pdf_sha256) THEN
          RAISE EXCEPTION 'agreement % is sealed: its signed PDF is never rewritten', OLD.number;
        END IF;
        IF NEW.render_input IS DISTINCT FROM OLD.render_input OR NEW.variables IS DISTINCT FROM OLD.variables
            OR NEW.unsigned_pdf_sha256 IS DISTINCT FROM OLD.unsigned_pdf_sha256 OR NEW.template_hash IS DISTINCT FROM OLD.template_hash THEN
          RAISE EXCEPTION 'agreement % was issued: its content is never changed', OLD.number;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER agreements_sealed_immutable BEFORE UPDATE ON agreements FOR EACH ROW EXECUTE FUNCTION agreement_sealed_immutable()`);

    // One in-application signature per party, given to the unsigned PDF identified by its hash.
    await q.query(`CREATE TABLE agreement_signatures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agreement_id uuid NOT NULL REFERENCES agreements(id),
      side text NOT NULL CHECK (side IN ('BUYER','PRODUCER')),
      organization_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid REFERENCES users(id),
      api_key_id uuid REFERENCES api_keys(id),
      signer_name text NOT NULL,
      signer_email text NOT NULL,
      consent_text text NOT NULL,
      publish_price boolean NOT NULL DEFAULT false,
      signed_at timestamptz NOT NULL,
      ip text NOT NULL,
      user_agent text NOT NULL,
      unsigned_pdf_sha256 char(64) NOT NULL,
      UNIQUE (agreement_id, side))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_signatures`);
    await q.query(`DROP TABLE agreements`);
    await q.query(`DROP FUNCTION agreement_sealed_immutable`);
    await q.query(`DROP TABLE access_request_events`);
    await q.query(`DROP TABLE access_requests`);
    await q.query(`DROP SEQUENCE agreement_number_seq`);
    await q.query(`DROP SEQUENCE access_request_number_seq`);
  }
}
