import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { parisDay, parisMonthBounds } from '@app/core';
import type { UsageMetric } from '@app/pricing';
import type { CheckedEvent } from './engine';

/** What was first recorded under an (agreement, event id). */
export interface RecordedContent {
  meter: UsageMetric;
  quantityMilli: number;
  occurredAt: number;
}

/** One meter's total for one agreement and one Paris month. */
export interface MeterTotal {
  agreementId: string;
  meter: UsageMetric;
  /** Thousandths of a unit, as decimal text (sums may exceed 2^53). */
  quantityMilli: string;
  events: number;
  lastOccurredAt: Date;
}

export interface MonthTotals {
  /** YYYY-MM, a Paris calendar month. */
  month: string;
  from: Date;
  to: Date;
  /** The month is the current one in Paris (still open). */
  open: boolean;
  totals: MeterTotal[];
}

// One statement, one round trip, whatever the batch size: the keys first (ON CONFLICT DO
// NOTHING skips the ids already recorded, concurrent batches included), the batch row, then
// the events whose key was new. It answers the positions (1-based) of the events not recorded.
const INSERT = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) WITH ORDINALITY
      AS i(agreement_id, event_id, meter, quantity_milli, occurred_at, pos)
  ), fresh AS (
    INSERT INTO usage_event_keys (agreement_id, event_id, meter, quantity_milli, occurred_at)
    SELECT agreement_id, event_id, meter, quantity_milli, occurred_at FROM input
    ON CONFLICT DO NOTHING
    RETURNING agreement_id, event_id, meter, quantity_milli, occurred_at
  ), batch AS (
    INSERT INTO usage_batches (organization_id, api_key_id, received, recorded)
    SELECT $6::uuid, $7::uuid, $8::int, count(*) FROM fresh
    RETURNING id
  ), stored AS (
    INSERT INTO usage_events (agreement_id, meter, quantity_milli, occurred_at, event_id, batch_id)
    SELECT f.agreement_id, f.meter, f.quantity_milli, f.occurred_at, f.event_id, b.id FROM fresh f, batch b
  )
  SELECT i.pos::int FROM input i
   WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.agreement_id = i.agreement_id AND f.event_id = i.event_id)`;

/** The SQLSTATE PostgreSQL raises for a row that no partition accepts. */
const NO_PARTITION = '23514';

/** The SQL of usage events: every statement names its agreements. */
@Injectable()
export class UsageEventStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records the events whose (agreement, event id) is new; `events` holds each key once.
   * Returns the indexes of those already recorded. A month without its partition yet gets it
   * on the spot and the statement runs again, so an insert never fails for want of one.
   */
  async insert(events: CheckedEvent[], reporter: { organizationId: string; apiKeyId: string | null }, received: number): Promise<number[]> {
    const n = events.length;
    const agreementIds = new Array<string>(n);
    const eventIds = new Array<string>(n);
    const meters = new Array<string>(n);
    const quantities = new Array<number>(n);
    const times = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const e = events[i];
      agreementIds[i] = e.agreementId;
      eventIds[i] = quoted(e.eventId);
      meters[i] = e.meter;
      quantities[i] = e.quantityMilli;
      times[i] = new Date(e.occurredAt).toISOString();
    }
    // Array literals written here rather than by the driver: every element is already checked
    // (UUIDs, meter names, integers, ISO instants), only event ids need quoting.
    const params = [`{${agreementIds.join(',')}}`, `{${eventIds.join(',')}}`, `{${meters.join(',')}}`, `{${quantities.join(',')}}`, `{${times.join(',')}}`,
      reporter.organizationId, reporter.apiKeyId, received];
    let rows: { pos: number }[];
    try {
      rows = await this.db.query(INSERT, params);
    } catch (e) {
      if (!(e instanceof QueryFailedError) || (e.driverError as { code?: string }).code !== NO_PARTITION) throw e;
      await this.db.query(`SELECT DISTINCT usage_events_partition((t AT TIME ZONE 'Europe/Paris')::date) FROM unnest($1::timestamptz[]) AS t`, [params[4]]);
      rows = await this.db.query(INSERT, params);
    }
    return rows.map((r) => events[r.pos - 1].index);
  }

  /** What was recorded under these keys (all of them exist: they were just refused as already known). */
  async recorded(keys: { agreementId: string; eventId: string }[]): Promise<Map<string, RecordedContent>> {
    const rows: { agreement_id: string; event_id: string; meter: UsageMetric; quantity_milli: string; occurred_at: Date }[] = await this.db.query(
      `SELECT k.agreement_id, k.event_id, k.meter, k.quantity_milli, k.occurred_at
         FROM unnest($1::uuid[], $2::text[]) AS i(agreement_id, event_id)
         JOIN usage_event_keys k ON k.agreement_id = i.agreement_id AND k.event_id = i.event_id`,
      [keys.map((k) => k.agreementId), keys.map((k) => k.eventId)],
    );
    return new Map(rows.map((r) => [
      keyOf(r.agreement_id, r.event_id),
      { meter: r.meter, quantityMilli: Number(r.quantity_milli), occurredAt: r.occurred_at.getTime() },
    ]));
  }

  /**
   * Totals per (agreement, meter) of one Paris month (`YYYY-MM`, default the current one),
   * summed in SQL from that month's partition only.
   */
  async monthTotals(agreementIds: string[], month: string | null, m: EntityManager = this.db.manager): Promise<MonthTotals> {
    const current = parisDay(new Date()).slice(0, 7);
    const label = month ?? current;
    const { start, end } = parisMonthBounds(Number(label.slice(0, 4)), Number(label.slice(5, 7)));
    const rows: { agreement_id: string; meter: UsageMetric; milli: string; events: number; last: Date }[] = await m.query(
      `SELECT agreement_id, meter, sum(quantity_milli)::text AS milli, count(*)::int AS events, max(occurred_at) AS last
         FROM usage_events
        WHERE agreement_id = ANY($1::uuid[]) AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY agreement_id, meter
        ORDER BY agreement_id, meter`,
      [agreementIds, start, end],
    );
    return {
      month: label, from: start, to: end, open: label === current,
      totals: rows.map((r) => ({ agreementId: r.agreement_id, meter: r.meter, quantityMilli: r.milli, events: r.events, lastOccurredAt: r.last })),
    };
  }

  /** Creates the partitions of the current Paris month and of the `ahead` next ones (at start, and by maintenance). */
  async preparePartitions(ahead: number): Promise<void> {
    await this.db.query(`SELECT usage_events_prepare($1)`, [ahead]);
  }
}

/** An element of a PostgreSQL array literal, quoted: event ids may hold quotes, backslashes, commas or braces. */
function quoted(v: string): string {
  return `"${/["\\]/.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`;
}

export function keyOf(agreementId: string, eventId: string): string {
  return `${agreementId} ${eventId}`;
}
