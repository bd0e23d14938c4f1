import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage events reported by secure environments, idempotent per (agreement, event id).
 *
 * `usage_events` is partitioned by month of occurrence (Paris calendar months, the billing
 * periods), so that a month is aggregated from one partition and old months can be detached
 * or archived whole. PostgreSQL cannot enforce a unique (agreement_id, event_id) across the
 * partitions of a table partitioned by time (a unique index must contain the partition key),
 * so the event ids live in a companion table, `usage_event_keys`, whose primary key is exactly
 * (agreement_id, event_id). One statement inserts into both: the keys first with
 * ON CONFLICT DO NOTHING, then only the events whose key was new. The key row keeps the
 * event's meter, quantity and time, so a resent id is told apart exactly: same content, a
 * duplicate; other content, a refusal. Both tables are keyed by the agreement, so both can be
 * distributed by agreement_id (Citus: the primary key contains the distribution column) and
 * colocated when one server is no longer enough. Once an agreement has ended its keys are no
 * longer consulted (its events are refused as not active) and may be deleted.
 */
export class UsageEvents1732408001000 implements MigrationInterface {
  name = 'UsageEvents1732408001000';

  async up(q: QueryRunner): Promise<void> {
    // Who reported what, when: one row per accepted request, each event points to its batch.
    await q.query(`CREATE TABLE usage_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id uuid NOT NULL,
      api_key_id uuid,
      received int NOT NULL,
      recorded int NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);

    // Event ids are compared byte for byte (collation "C"): exact, and the cheapest b-tree order.
    await q.query(`CREATE TABLE usage_event_keys (
      agreement_id uuid NOT NULL,
      event_id text COLLATE "C" NOT NULL,
      meter text NOT NULL,
      quantity_milli bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (agreement_id, event_id))`);

    // Quantities in integer thousandths of a unit (the tariff engine's precision): exact sums.
    await q.query(`CREATE TABLE usage_events (
      agreement_id uuid NOT NULL,
      meter text NOT NULL CHECK (meter IN ('COMPUTE_HOURS','STORAGE_GB_MONTHS','EXTRACTIONS','API_CALLS')),
      quantity_milli bigint NOT NULL CHECK (quantity_milli >= 0),
      occurred_at timestamptz NOT NULL,
      event_id text COLLATE "C" NOT NULL,
      batch_id bigint NOT NULL
    ) PARTITION BY RANGE (occurred_at)`);
    // Every query names the agreement: per month, one index range per agreement.
    await q.query(`CREATE INDEX usage_events_agreement_idx ON usage_events (agreement_id, occurred_at)`);

    // The partition of the Paris month containing `day`, created if missing. Concurrent callers
    // serialise on an advisory lock; the one that comes second may still see the catalog as it
    // was before the first committed, hence IF NOT EXISTS and the duplicate_table handler.
    await q.query(`CREATE FUNCTION usage_events_partition(day date) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        first date := date_trunc('month', day)::date;
        name text := 'usage_events_' || to_char(first, 'YYYY_MM');
      BEGIN
        IF to_regclass(name) IS NULL THEN
          PERFORM pg_advisory_xact_lock(hashtext('usage_events_partition'));
          BEGIN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)', name,
              first::timestamp AT TIME ZONE 'Europe/Paris', (first + interval '1 month') AT TIME ZONE 'Europe/Paris');
          EXCEPTION WHEN duplicate_table THEN
            NULL;
          END;
        END IF;
        RETURN name;
      END $$`);
    // Maintenance: the partitions of the current Paris month and the `ahead` following ones.
    await q.query(`CREATE FUNCTION usage_events_prepare(ahead int) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        FOR n IN 0..ahead LOOP
          PERFORM usage_events_partition((date_trunc('month', now() AT TIME ZONE 'Europe/Paris') + make_interval(months => n))::date);
        END LOOP;
      END $$`);
    await q.query(`SELECT usage_events_prepare(2)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION usage_events_prepare`);
    await q.query(`DROP FUNCTION usage_events_partition`);
    await q.query(`DROP TABLE usage_events`);
    await q.query(`DROP TABLE usage_event_keys`);
    await q.query(`DROP TABLE usage_batches`);
  }
}
