import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor, BadInputError, ConflictError, ForbiddenError, NotFoundError } from '@app/core';
import { AgreementService, type AgreementUsageTerms } from '@app/contracting';
import { PricingInputError, QuoteResult, USAGE_METRICS, UsageMetric, UsagePricingService, UsageQuantities } from '@app/pricing';
import { CheckedEvent, checkEvent, milliToDecimal, refusal, UsageRefusal, UsageRefusalCode } from './engine';
import { keyOf, MeterTotal, MonthTotals, RecordedContent, UsageEventStore } from './usage-event.store';

/** The answer to a batch: how many events were new, how many were already known, and each refusal. */
export interface UsageRecordResult {
  received: number;
  recorded: number;
  duplicates: number;
  refused: UsageRefusal[];
}

/** One agreement's usage of one Paris month, and its amount with the agreement's frozen prices. */
export interface UsageStatement {
  terms: AgreementUsageTerms;
  month: string;
  from: Date;
  to: Date;
  open: boolean;
  meters: { meter: UsageMetric; quantity: string; events: number; lastOccurredAt: Date | null }[];
  /** Null when the agreement's tariff prices no usage. */
  amount: QuoteResult | null;
}

/** Partitions kept ready beyond the current month (a missing one is still created on demand). */
const PARTITIONS_AHEAD = 2;
const MONTH = /^(?!0000)\d{4}-(0[1-9]|1[0-2])$/;

/** Who may report events for an agreement, and whether it takes them now; null when it does. */
function agreementRefusal(actor: Actor, t: AgreementUsageTerms | undefined, agreementId: string): [UsageRefusalCode, string] | null {
  const party = t && (t.producerId === actor.organizationId || t.buyerId === actor.organizationId);
  if (!t || (!party && actor.organizationKind !== 'PLATFORM')) {
    return [UsageRefusalCode.NOT_FOUND, `agreement ${agreementId} was not found or is not one your organisation is party to`];
  }
  if (t.buyerId === actor.organizationId) {
    return [UsageRefusalCode.FORBIDDEN, `only the producer of agreement ${t.number} (its secure environment) or the platform reports its usage`];
  }
  if (t.status !== 'ACTIVE') {
    return [UsageRefusalCode.AGREEMENT_NOT_ACTIVE, `agreement ${t.number} is ${t.status}: usage is recorded only while it is ACTIVE`];
  }
  return null;
}

function describe(c: RecordedContent): string {
  return `${c.meter} ${milliToDecimal(c.quantityMilli)} at ${new Date(c.occurredAt).toISOString()}`;
}

/** Usage events of agreements: recorded idempotently, summed per Paris month, priced with the agreement's frozen tariff. */
@Injectable()
export class UsageService implements OnModuleInit {
  constructor(
    private readonly store: UsageEventStore,
    private readonly agreements: AgreementService,
    private readonly pricing: UsagePricingService,
  ) {}

  async onModuleInit() {
    await this.store.preparePartitions(PARTITIONS_AHEAD);
  }

  /**
   * Records a batch reported with an API key of the agreements' producer or of the platform.
   * Each event is checked on its own; the valid ones are kept, the others refused with their
   * reason. An (agreement, eventId) already recorded with the same content is a duplicate and
   * changes nothing; with another content it is refused.
   */
  async record(actor: Actor, events: readonly unknown[], limit: number): Promise<UsageRecordResult> {
    if (actor.kind !== 'API_KEY') {
      throw new ForbiddenError('Usage is reported by a system, with an API key of the agreement\'s producer or of the platform, not from a signed-in session');
    }
    if (events.length > limit) throw BadInputError.field('events', `at most ${limit.toLocaleString('en')} events per request; got ${events.length.toLocaleString('en')}: split the batch`);
    const now = Date.now();
    const refused: UsageRefusal[] = [];
    const checked: CheckedEvent[] = [];
    for (let i = 0; i < events.length; i++) {
      const r = checkEvent(events[i], i, now);
      if ('code' in r) refused.push(r);
      else checked.push(r);
    }
    const admitted = await this.admit(actor, checked, refused);

    // The first event of each key is recorded; a repeat within the batch is judged against it.
    const firsts = new Map<string, CheckedEvent>();
    const repeats: CheckedEvent[] = [];
    for (const e of admitted) {
      const key = keyOf(e.agreementId, e.eventId);
      if (firsts.has(key)) repeats.push(e);
      else firsts.set(key, e);
    }
    const unique = [...firsts.values()];
    const known = new Set(unique.length ? await this.store.insert(unique, { organizationId: actor.organizationId, apiKeyId: actor.apiKeyId }, events.length) : []);
    const previous = known.size ? await this.store.recorded(unique.filter((e) => known.has(e.index))) : new Map<string, RecordedContent>();
    let duplicates = 0;
    const judge = (e: CheckedEvent, recorded: RecordedContent) => {
      if (recorded.meter === e.meter && recorded.quantityMilli === e.quantityMilli && recorded.occurredAt === e.occurredAt) duplicates++;
      else {
        refused.push(refusal(e.index, e.eventId, UsageRefusalCode.EVENT_ID_REUSED,
          `eventId ${e.eventId} was already recorded for this agreement as ${describe(recorded)}: a different event needs a new id`));
      }
    };
    for (const e of unique) if (known.has(e.index)) judge(e, previous.get(keyOf(e.agreementId, e.eventId))!);
    for (const e of repeats) {
      const key = keyOf(e.agreementId, e.eventId);
      const first = firsts.get(key)!;
      judge(e, known.has(first.index) ? previous.get(key)! : first);
    }
    refused.sort((a, b) => a.index - b.index);
    return { received: events.length, recorded: unique.length - known.size, duplicates, refused };
  }

  /** The events the caller may report now, for a meter of their agreement's tariff and within its period; the others go to `refused`. */
  private async admit(actor: Actor, checked: CheckedEvent[], refused: UsageRefusal[]): Promise<CheckedEvent[]> {
    const terms = new Map((await this.agreements.usageTerms([...new Set(checked.map((e) => e.agreementId))])).map((t) => [t.agreementId, t]));
    const verdicts = new Map<string, [UsageRefusalCode, string] | null>();
    const meters = new Map<string, ReadonlySet<UsageMetric>>();
    for (const [id, t] of terms) {
      verdicts.set(id, agreementRefusal(actor, t, id));
      if (!meters.has(t.tariffVersionId)) meters.set(t.tariffVersionId, await this.pricing.meters(t.tariffVersionId));
    }
    const admitted: CheckedEvent[] = [];
    for (const e of checked) {
      const t = terms.get(e.agreementId);
      const verdict = t ? verdicts.get(e.agreementId)! : agreementRefusal(actor, undefined, e.agreementId);
      if (verdict) {
        refused.push(refusal(e.index, e.eventId, verdict[0], verdict[1]));
        continue;
      }
      const priced = meters.get(t!.tariffVersionId)!;
      if (!priced.has(e.meter)) {
        // Also where a meter that does not exist at all is refused.
        refused.push(refusal(e.index, e.eventId, UsageRefusalCode.UNKNOWN_METER,
          `agreement ${t!.number}'s tariff does not price ${e.meter}; its meters: ${priced.size ? [...priced].join(', ') : 'none'}`));
      } else if (e.occurredAt < t!.startsAt.getTime() || e.occurredAt >= t!.endsAt.getTime()) {
        refused.push(refusal(e.index, e.eventId, UsageRefusalCode.OUTSIDE_PERIOD,
          `occurredAt is outside agreement ${t!.number}'s period, from ${t!.startsAt.toISOString()} to ${t!.endsAt.toISOString()} (excluded)`));
      } else admitted.push(e);
    }
    return admitted;
  }

  /** Totals per (agreement, meter) of a Paris month (`YYYY-MM`), summed in SQL: what invoicing in arrears reads. */
  monthTotals(agreementIds: string[], month: string, m?: EntityManager): Promise<MonthTotals> {
    return this.store.monthTotals(agreementIds, month, m);
  }

  /** An agreement's usage of a Paris month (`YYYY-MM`, default the current one), for its two parties (and the platform). */
  async statement(actor: Actor, agreementId: string, month: string | null): Promise<UsageStatement> {
    if (month !== null && !MONTH.test(month)) throw BadInputError.field('month', 'must be a calendar month written YYYY-MM, e.g. 2026-11');
    const [terms] = await this.agreements.usageTerms([agreementId]);
    const party = terms && (terms.producerId === actor.organizationId || terms.buyerId === actor.organizationId);
    if (!terms || (!party && actor.organizationKind !== 'PLATFORM')) throw new NotFoundError('Agreement', agreementId);
    const period = await this.store.monthTotals([agreementId], month);
    if (period.from.getTime() > Date.now()) throw BadInputError.field('month', `${period.month} has not begun: ask for the current month or a past one`);
    const metered = await this.pricing.meters(terms.tariffVersionId);
    const byMeter = new Map<UsageMetric, MeterTotal>(period.totals.map((t) => [t.meter, t]));
    const meters = USAGE_METRICS.filter((m) => metered.has(m) || byMeter.has(m)).map((meter) => {
      const t = byMeter.get(meter);
      return { meter, quantity: t ? milliToDecimal(t.quantityMilli) : '0', events: t?.events ?? 0, lastOccurredAt: t?.lastOccurredAt ?? null };
    });
    const quantities: UsageQuantities = Object.fromEntries(meters.filter((m) => metered.has(m.meter)).map((m) => [m.meter, m.quantity]));
    let amount: QuoteResult | null;
    try {
      amount = await this.pricing.priceUnderQuote(terms.acceptedQuoteId, quantities, 'fr');
    } catch (e) {
      if (!(e instanceof PricingInputError)) throw e;
      throw new ConflictError(`The usage of ${period.month} is beyond what the tariff engine prices (${e.problems.map((p) => p.message).join('; ')})`);
    }
    return { terms, month: period.month, from: period.from, to: period.to, open: period.open, meters, amount };
  }
}
