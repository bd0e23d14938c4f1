// What each billing event of an agreement invoices, and the monthly run.
//
// - SIGNATURE (agreement.sealed): the fees of the accepted quote but its usage estimate, which
//   is invoiced in arrears from the meters.
// - USAGE: the metered usage of one Paris calendar month, priced with the agreement's frozen
//   tariff version (the accepted quote's buyer and purpose), invoiced once the month is over.
// - CLOSING (agreement.expired or agreement.terminated): the usage of the month in which the
//   agreement ended, up to its end; earlier months are the monthly run's.
// - WITHDRAWAL (access_request.withdrawn after a quote): the costs already incurred, priced by
//   the tariff engine's withdrawal pricing on the quote's frozen tariff version. Withdrawal is
//   possible only before signature, and data are prepared only once an agreement binds, so
//   what is incurred is the application stage (`afterStage: 'APPLICATION'`): the fixed fees
//   the tariff charges at application, with the quote's buyer reduction and purpose, and no
//   minimum. The access requests record no progress of preparation that would say otherwise.
//
// A usage month is billed once per agreement, as USAGE or as CLOSING (the bills table is
// unique per agreement, usage month and supplement). Late usage (events of a month recorded
// after its bill was issued) never changes an issued bill: a later run of the month issues a
// LATE_USAGE supplement, the month priced on all its usage less what its bills priced (their
// quantities are kept with them), so the bills of a month add up to its whole usage. The
// scheduled run looks again at the twelve months before the one it bills (README, "Late usage").
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { addMonths, BadInputError, ConflictError, formatMoney, parisDay, parisMonthBounds, type PayloadOf } from '@app/core';
import { AgreementService, type AccessRequestWithdrawn, type AgreementUsageTerms } from '@app/contracting';
import { UsageService, type MeterTotal } from '@app/metering';
import { computeQuote, parseQuantity, QuoteService, TariffService, UsagePricingService, type QuoteResult, type UsageQuantities } from '@app/pricing';
import { BillIssuer, subjectOfAgreement, type BillingEvent, type IssuedBill } from './bill-issuer';
import { lateUsageSupplement } from './engine';
import type { BillEntity } from './billing.entities';
import { BillingReason } from './billing.errors';

const MONTH = /^(?!0000)\d{4}-(0[1-9]|1[0-2])$/;

/** What the withdrawal of a request gave: no quote (nothing to bill), nothing incurred (no bill), or its bill. */
export type WithdrawalOutcome =
  | { outcome: 'NOT_QUOTED' }
  | { outcome: 'NOTHING_INCURRED'; quoteNumber: string }
  | { outcome: 'BILLED'; quoteNumber: string; bill: BillEntity; created: boolean };

/** What one monthly run did. */
export interface MonthlyRunResult {
  month: string;
  /** Agreements whose period overlaps the month. */
  agreements: number;
  /** Bills issued by this run, supplements included. */
  issued: string[];
  /** The LATE_USAGE supplements among them. */
  lateUsage: string[];
  /** Agreements whose month was billed before (by an earlier or a concurrent run, or at closing). */
  alreadyBilled: number;
  /** Agreements without anything to invoice for the month. */
  nothingToInvoice: number;
  /** Agreements whose bill could not be issued, with the reason; the next run tries again. */
  failed: { agreementId: string; reason: string }[];
  /** Milliseconds spent summing the month's usage in SQL. */
  aggregationMs: number;
}

/** The latest bill of an agreement's month, which the next supplement starts from. */
export interface LastUsageBill {
  number: string;
  supplement: number;
  /** The month's quantities it priced; null on bills issued before they were kept (no supplement then). */
  usageQuantities: Record<string, string> | null;
}

/** How many months before the one just ended the scheduled run looks at again for late usage. */
export const LATE_USAGE_MONTHS = 12;

/** What the worker's log says of a withdrawal. */
export function withdrawalLogLine(w: PayloadOf<typeof AccessRequestWithdrawn>, done: WithdrawalOutcome): string {
  const head = `${w.number} withdrawn from ${w.fromState}`;
  switch (done.outcome) {
    case 'NOT_QUOTED': return `${head} before any quote: nothing incurred is billed, no bill`;
    case 'NOTHING_INCURRED': return `${head} on quote ${done.quoteNumber}: the costs incurred come to 0, no bill`;
    case 'BILLED': return done.created
      ? `${head} on quote ${done.quoteNumber}: bill ${done.bill.number} of ${formatMoney(done.bill.totalCents, 'en')} incl. VAT for the costs incurred`
      : `${head}: billed already as ${done.bill.number}, nothing issued`;
  }
}

/** Thousandths as decimal text (sums may exceed 2^53) -> "12.5". */
export function milliText(milli: string): string {
  const v = BigInt(milli);
  const whole = v / 1000n;
  const frac = (v % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** "2026-11" -> "2026-11-01". */
function firstDay(month: string): string {
  return `${month}-01`;
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** The Paris month before the one of `now`, YYYY-MM. */
export function previousMonth(now = new Date()): string {
  return addMonths(`${parisDay(now).slice(0, 7)}-01`, -1).slice(0, 7);
}

@Injectable()
export class BillingRunService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly issuer: BillIssuer,
    private readonly agreements: AgreementService,
    private readonly usage: UsageService,
    private readonly quotes: QuoteService,
    private readonly tariffs: TariffService,
    private readonly usagePricing: UsagePricingService,
  ) {}

  private async terms(agreementId: string, m: EntityManager): Promise<AgreementUsageTerms> {
    const [terms] = await this.agreements.usageTerms([agreementId], m);
    if (!terms) throw new Error(`agreement ${agreementId} was not found`);
    return terms;
  }

  /**
   * The fees due at signature: the accepted quote priced again, in French, on its frozen
   * tariff version without its usage estimate; every other line must come out as accepted.
   */
  async signaturePrice(terms: AgreementUsageTerms, m: EntityManager): Promise<QuoteResult> {
    const [quote] = await this.quotes.byIds([terms.acceptedQuoteId], m);
    const compiled = await this.tariffs.compiledVersion(quote.tariffVersionId, m);
    const priced = computeQuote(compiled, { ...quote.request, expectedUsage: null }, { locale: 'fr' });
    const accepted = quote.result.lines.filter((l) => l.kind !== 'USAGE').map((l) => `${l.code}:${l.amountCents}`);
    const again = priced.lines.map((l) => `${l.code}:${l.amountCents}`);
    const hadUsage = quote.result.lines.some((l) => l.kind === 'USAGE');
    const adjustmentsMatch = hadUsage || JSON.stringify(quote.result.adjustments.map((a) => a.amountCents)) === JSON.stringify(priced.adjustments.map((a) => a.amountCents));
    if (accepted.join() !== again.join() || !adjustmentsMatch) {
      throw new ConflictError(`Quote ${quote.number} does not price again as accepted on its tariff version: its fees cannot be invoiced automatically`).because(BillingReason.QUOTE_NOT_REPRODUCIBLE);
    }
    return priced;
  }

  /**
   * The costs incurred by a request withdrawn on the terms of `quoteId`: the engine's
   * withdrawal pricing after the application stage, in French, on the quote's frozen tariff
   * version, for the quote's buyer and purpose.
   */
  async withdrawalPrice(quoteId: string, m: EntityManager): Promise<{ quoteNumber: string; priced: QuoteResult }> {
    const [quote] = await this.quotes.byIds([quoteId], m);
    if (!quote) throw new Error(`quote ${quoteId} was not found`);
    const compiled = await this.tariffs.compiledVersion(quote.tariffVersionId, m);
    const priced = computeQuote(compiled, { ...quote.request, expectedUsage: null, withdrawal: { afterStage: 'APPLICATION' } }, { locale: 'fr' });
    return { quoteNumber: quote.number, priced };
  }

  /**
   * The costs incurred before a withdrawal, once per request (access_request.withdrawn): none
   * before a quote; no bill when they come to nothing. The bill's period runs from the
   * request's creation to its withdrawal; it has no agreement and names the request (BT-12).
   */
  async issueAtWithdrawal(m: EntityManager, w: PayloadOf<typeof AccessRequestWithdrawn>, now = new Date()): Promise<WithdrawalOutcome> {
    if (!w.quoteId) return { outcome: 'NOT_QUOTED' };
    const { quoteNumber, priced } = await this.withdrawalPrice(w.quoteId, m);
    if (priced.subtotalCents === 0) return { outcome: 'NOTHING_INCURRED', quoteNumber };
    const withdrawnOn = parisDay(new Date(w.withdrawnAt));
    const issued = await this.issuer.issue(m, {
      subject: {
        requestId: w.requestId, requestNumber: w.number, agreementId: null, agreementNumber: null, buyerId: w.buyerId, producerId: w.producerId,
        offeringId: w.offeringId, offeringVersionId: w.offeringVersionId,
      },
      kind: 'WITHDRAWAL', periodStart: minDay(w.requestedOn, withdrawnOn), periodEnd: withdrawnOn, usageMonth: null, priced, deliveryDate: withdrawnOn,
    }, now);
    return issued ? { outcome: 'BILLED', quoteNumber, ...issued } : { outcome: 'NOTHING_INCURRED', quoteNumber };
  }

  /** Fees due at signature, once per agreement (agreement.sealed). */
  async issueAtSignature(m: EntityManager, agreementId: string, now = new Date()): Promise<IssuedBill | null> {
    const terms = await this.terms(agreementId, m);
    const startsOn = parisDay(terms.startsAt);
    const lastDay = parisDay(new Date(terms.endsAt.getTime() - 1));
    return this.issuer.issue(m, {
      subject: subjectOfAgreement(terms), kind: 'SIGNATURE', periodStart: startsOn, periodEnd: maxDay(startsOn, lastDay), usageMonth: null,
      priced: await this.signaturePrice(terms, m), deliveryDate: parisDay(now),
    }, now);
  }

  /** The metered quantities of an agreement's month, per meter its tariff prices (thousandths as decimal text), zeros left out. */
  private async quantitiesOf(terms: AgreementUsageTerms, totals: readonly MeterTotal[], m: EntityManager): Promise<UsageQuantities> {
    const metered = await this.usagePricing.meters(terms.tariffVersionId, m);
    const quantities: UsageQuantities = {};
    for (const t of totals) if (t.agreementId === terms.agreementId && metered.has(t.meter) && t.quantityMilli !== '0') quantities[t.meter] = milliText(t.quantityMilli);
    return quantities;
  }

  /** The period a month's usage bill covers: the month, from the agreement's start, up to its end; CLOSING when the agreement ended in it. */
  private usagePeriod(terms: AgreementUsageTerms, month: string) {
    const { end } = parisMonthBounds(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
    const endedAt = terms.terminatedAt ?? terms.endsAt;
    const closing = endedAt.getTime() <= end.getTime();
    const lastDay = parisDay(new Date(Math.min(end.getTime(), endedAt.getTime()) - 1));
    const periodEnd = terms.terminatedAt && terms.terminatedAt.getTime() <= end.getTime() ? parisDay(terms.terminatedAt) : lastDay;
    const periodStart = maxDay(firstDay(month), parisDay(terms.startsAt));
    return { closing, periodStart, periodEnd: maxDay(periodStart, periodEnd), deliveryDate: maxDay(periodStart, minDay(periodEnd, lastDay)) };
  }

  /** The usage event of one Paris month for an agreement, or null when its tariff prices no usage or nothing was used. */
  async usageEvent(terms: AgreementUsageTerms, month: string, totals: readonly MeterTotal[], m: EntityManager = this.db.manager): Promise<BillingEvent | null> {
    const quantities = await this.quantitiesOf(terms, totals, m);
    if (Object.keys(quantities).length === 0) return null;
    const priced = await this.usagePricing.priceUnderQuote(terms.acceptedQuoteId, quantities, 'fr', m);
    if (!priced) return null;
    const { closing, periodStart, periodEnd, deliveryDate } = this.usagePeriod(terms, month);
    return {
      subject: subjectOfAgreement(terms), kind: closing ? 'CLOSING' : 'USAGE', periodStart, periodEnd, usageMonth: firstDay(month), priced, deliveryDate,
      usageQuantities: quantities as Record<string, string>, supplement: 0,
    };
  }

  /**
   * The LATE_USAGE supplement of a month already billed (`last`: its latest bill), or null when
   * nothing more is to be invoiced: the month priced on all its usage recorded now, less the
   * month priced on the quantities its bills priced, line by line (the billing engine's
   * lateUsageSupplement), on the agreement's frozen tariff version.
   */
  async lateUsageEvent(terms: AgreementUsageTerms, month: string, last: LastUsageBill, totals: readonly MeterTotal[], m: EntityManager = this.db.manager): Promise<BillingEvent | null> {
    if (!last.usageQuantities) return null;
    const quantities = await this.quantitiesOf(terms, totals, m);
    const billed = last.usageQuantities;
    // A quantity the engine cannot read (beyond its maximum) counts as grown: pricing then says what is wrong.
    if (!Object.entries(quantities).some(([meter, q]) => (parseQuantity(q) ?? Infinity) > (parseQuantity(billed[meter] ?? '0') ?? 0))) return null;
    const now = await this.usagePricing.priceUnderQuote(terms.acceptedQuoteId, quantities, 'fr', m);
    const before = await this.usagePricing.priceUnderQuote(terms.acceptedQuoteId, billed as UsageQuantities, 'fr', m);
    const priced = now && before && lateUsageSupplement(now, before, last.number);
    if (!priced) return null;
    const { periodStart, periodEnd, deliveryDate } = this.usagePeriod(terms, month);
    return {
      subject: subjectOfAgreement(terms), kind: 'LATE_USAGE', periodStart, periodEnd, usageMonth: firstDay(month), priced, deliveryDate,
      usageQuantities: quantities as Record<string, string>, supplement: last.supplement + 1,
    };
  }

  /** At expiry or termination: the usage of the month in which the agreement ended. */
  async issueClosing(m: EntityManager, agreementId: string, now = new Date()): Promise<IssuedBill | null> {
    const terms = await this.terms(agreementId, m);
    const endedAt = terms.terminatedAt ?? terms.endsAt;
    const last = new Date(Math.max(terms.startsAt.getTime(), endedAt.getTime() - 1));
    const month = parisDay(last).slice(0, 7);
    const totals = await this.usage.monthTotals([agreementId], month, m);
    const event = await this.usageEvent(terms, month, totals.totals, m);
    return event ? this.issuer.issue(m, event, now) : null;
  }

  /**
   * Bills one finished Paris month (`YYYY-MM`, default the previous one): every agreement
   * whose period overlaps it and whose month is not billed yet, each in a transaction of its
   * own; and for a month billed already, the usage recorded since its last bill, as a
   * LATE_USAGE supplement. Safe to run twice at once and to kill: a month is billed once per
   * agreement, and each supplement once (unique in the database), invoice numbers are taken
   * only once that bill is inserted, and what a killed run left undone the next one does.
   */
  async runMonth(month: string | null, now = new Date(), log: (line: string) => void = () => undefined): Promise<MonthlyRunResult> {
    const label = month ?? previousMonth(now);
    if (!MONTH.test(label)) throw BadInputError.field('month', 'must be a calendar month written YYYY-MM, e.g. 2026-11');
    const { start, end } = parisMonthBounds(Number(label.slice(0, 4)), Number(label.slice(5, 7)));
    if (end.getTime() > now.getTime()) {
      throw BadInputError.field('month', `${label} is not over (it ends ${end.toISOString()}): usage is invoiced in arrears, once the month has ended`);
    }
    const terms = await this.agreements.billableTerms(start, end);
    const billed = await this.lastUsageBills(terms.map((t) => t.agreementId), label);
    const todo = terms.filter((t) => !billed.has(t.agreementId));
    const late = terms.filter((t) => billed.get(t.agreementId)?.usageQuantities);
    const started = Date.now();
    const summed = [...todo, ...late].map((t) => t.agreementId);
    const totals = summed.length ? (await this.usage.monthTotals(summed, label)).totals : [];
    const aggregationMs = Date.now() - started;
    const byAgreement = new Map<string, MeterTotal[]>();
    for (const t of totals) byAgreement.set(t.agreementId, [...(byAgreement.get(t.agreementId) ?? []), t]);

    const out: MonthlyRunResult = { month: label, agreements: terms.length, issued: [], lateUsage: [], alreadyBilled: billed.size, nothingToInvoice: 0, failed: [], aggregationMs };
    for (const t of todo) {
      try {
        const event = await this.usageEvent(t, label, byAgreement.get(t.agreementId) ?? []);
        const issued = event && (await this.db.transaction((m) => this.issuer.issue(m, event, now)));
        if (!issued) out.nothingToInvoice++;
        else if (issued.created) out.issued.push(issued.bill.id);
        else out.alreadyBilled++;
      } catch (e) {
        out.failed.push({ agreementId: t.agreementId, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    for (const t of late) {
      try {
        const event = await this.lateUsageEvent(t, label, billed.get(t.agreementId)!, byAgreement.get(t.agreementId) ?? []);
        const issued = event && (await this.db.transaction((m) => this.issuer.issue(m, event, now)));
        if (issued?.created) {
          out.issued.push(issued.bill.id);
          out.lateUsage.push(issued.bill.id);
        }
      } catch (e) {
        out.failed.push({ agreementId: t.agreementId, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    log(`billing ${label}: ${out.issued.length} bills issued (${out.lateUsage.length} for late usage), ${out.alreadyBilled} already billed, ${out.nothingToInvoice} without usage, ${out.failed.length} failed (aggregation ${aggregationMs} ms)`);
    return out;
  }

  /**
   * The scheduled run, on the 1st at 06:00 (Paris): the month just ended, then each of the
   * LATE_USAGE_MONTHS months before it, for the usage their agreements recorded late (and any
   * agreement of theirs left unbilled). Older months run on request (runMonthlyBilling).
   */
  async runScheduled(now = new Date(), log: (line: string) => void = () => undefined): Promise<MonthlyRunResult[]> {
    const latest = previousMonth(now);
    const months = [latest];
    for (let n = 1; n <= LATE_USAGE_MONTHS; n++) months.push(addMonths(firstDay(latest), -n).slice(0, 7));
    const out: MonthlyRunResult[] = [];
    for (const month of months) out.push(await this.runMonth(month, now, log));
    return out;
  }

  /** Per agreement, the latest bill of the month (the month's bill or its latest supplement). */
  private async lastUsageBills(agreementIds: string[], month: string): Promise<Map<string, LastUsageBill>> {
    const rows: { agreement_id: string; number: string; supplement: number; usage_quantities: Record<string, string> | null }[] = await this.db.query(
      `SELECT DISTINCT ON (agreement_id) agreement_id, number, supplement, usage_quantities FROM bills
        WHERE usage_month = $1 AND agreement_id = ANY($2::uuid[]) ORDER BY agreement_id, supplement DESC`, [firstDay(month), agreementIds]);
    return new Map(rows.map((r) => [r.agreement_id, { number: r.number, supplement: r.supplement, usageQuantities: r.usage_quantities }]));
  }

}
