import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contributors consent (each contributing producer accepts its weight and the billing mandate
 * before the offering is published) and contributors frozen with the published version.
 * Every version now lists its contributors, a single producer included (itself, weight 1), so
 * that billing reads one list whatever the kind of producer.
 */
export class ContributorConsent1732408000000 implements MigrationInterface {
  name = 'ContributorConsent1732408000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offering_contributors
      ADD COLUMN position int,
      ADD COLUMN consent text NOT NULL DEFAULT 'PENDING' CHECK (consent IN ('PENDING','ACCEPTED','DECLINED')),
      ADD COLUMN requested_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN decided_at timestamptz,
      ADD COLUMN decided_by_user_id uuid,
      ADD COLUMN decided_by_api_key_id uuid,
      ADD COLUMN mandate_version text,
      ADD COLUMN mandate_sha256 char(64),
      ADD COLUMN decline_reason text`);

    // Network contributors keep the order in which the version lists them (a tie-break of the split).
    await q.query(`UPDATE offering_contributors c SET position = r.pos
      FROM (SELECT c2.version_id, c2.organization_id,
                   row_number() OVER (PARTITION BY c2.version_id ORDER BY x.ord NULLS LAST, c2.organization_id) AS pos
              FROM offering_contributors c2
              JOIN offering_versions v ON v.id = c2.version_id
              LEFT JOIN LATERAL (
                SELECT e.ord FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v.content->'contributors') = 'array'
                                                           THEN v.content->'contributors' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(item, ord)
                 WHERE e.item->>'organizationId' = c2.organization_id::text) x ON true) r
      WHERE r.version_id = c.version_id AND r.organization_id = c.organization_id`);
    // Single producers: the producer itself.
    await q.query(`INSERT INTO offering_contributors (version_id, organization_id, weight, position)
      SELECT v.id, v.producer_id, 1, 1 FROM offering_versions v
       WHERE NOT EXISTS (SELECT 1 FROM offering_contributors c WHERE c.version_id = v.id)`);
    // Versions published before consent was asked: their publication stands as the consent
    // (no member decision to record, so decided_by stays empty and no mandate text is named).
    await q.query(`UPDATE offering_contributors c SET consent = 'ACCEPTED', decided_at = coalesce(v.published_at, v.created_at)
      FROM offering_versions v WHERE v.id = c.version_id AND v.status <> 'DRAFT'`);

    await q.query(`ALTER TABLE offering_contributors
      ALTER COLUMN position SET NOT NULL,
      ADD CONSTRAINT offering_contributors_position_key UNIQUE (version_id, position),
      ADD CONSTRAINT offering_contributors_decided CHECK ((consent = 'PENDING') = (decided_at IS NULL))`);
    await q.query(`CREATE INDEX offering_contributors_organization_idx ON offering_contributors (organization_id, consent)`);

    // Contributors are frozen with their version: once it is published nothing about them changes.
    await q.query(`CREATE FUNCTION offering_contributors_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- OLD is null on INSERT and NEW on DELETE: the version left or joined must both be drafts.
        IF EXISTS (SELECT 1 FROM offering_versions WHERE id IN (OLD.version_id, NEW.version_id) AND status <> 'DRAFT') THEN
          RAISE EXCEPTION 'contributors of offering version % are frozen with its publication', coalesce(OLD.version_id, NEW.version_id)
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN coalesce(NEW, OLD);
      END $$`);
    await q.query(`CREATE TRIGGER offering_contributors_frozen BEFORE INSERT OR UPDATE OR DELETE ON offering_contributors
      FOR EACH ROW EXECUTE FUNCTION offering_contributors_frozen()`);

    // A version is published only with every contributor's consent, whatever the code does.
    await q.query(`CREATE FUNCTION offering_version_consented() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'DRAFT' AND NEW.status = 'PUBLISHED' THEN
          IF NOT EXISTS (SELECT 1 FROM offering_contributors WHERE version_id = NEW.id) THEN
            RAISE EXCEPTION 'offering version % has no contributor', NEW.id USING ERRCODE = 'check_violation';
          END IF;
          IF EXISTS (SELECT 1 FROM offering_contributors WHERE version_id = NEW.id AND consent <> 'ACCEPTED') THEN
            RAISE EXCEPTION 'offering version % has contributors without consent', NEW.id USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER offering_versions_consented BEFORE UPDATE OF status ON offering_versions
      FOR EACH ROW EXECUTE FUNCTION offering_version_consented()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER offering_versions_consented ON offering_versions`);
    await q.query(`DROP FUNCTION offering_version_consented`);
    await q.query(`DROP TRIGGER offering_contributors_frozen ON offering_contributors`);
    await q.query(`DROP FUNCTION offering_contributors_frozen`);
    await q.query(`DELETE FROM offering_contributors c USING offering_versions v
      WHERE v.id = c.version_id AND v.producer_kind <> 'NETWORK'`);
    await q.query(`DROP INDEX offering_contributors_organization_idx`);
    await q.query(`ALTER TABLE offering_contributors
      DROP CONSTRAINT offering_contributors_decided, DROP CONSTRAINT offering_contributors_position_key,
      DROP COLUMN position, DROP COLUMN consent, DROP COLUMN requested_at, DROP COLUMN decided_at, DROP COLUMN decided_by_user_id,
      DROP COLUMN decided_by_api_key_id, DROP COLUMN mandate_version, DROP COLUMN mandate_sha256, DROP COLUMN decline_reason`);
  }
}
