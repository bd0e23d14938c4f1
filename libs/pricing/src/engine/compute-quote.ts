// The tariff engine: turns a tariff and a request into an exact, explained quote.
// Order of operations (see README.md): charge lines -> costs-only waiver -> purpose
// multiplier -> buyer reduction -> minimum -> maximum -> VAT per rate.

import { addCents, divCeil, formatInteger, formatMoney, formatPercent, mulDivRoundHalfUp } from '@app/core/kernel';
import { CompiledTariff, CVolume } from './compile';
import { MILLI, quantityToString } from './decimal';
import { PricingInputError } from './errors';
import { formatQuantity } from './format';
import { isPlural, Messages, MESSAGES, noun } from './messages';
import { analyseRequest, analyseUsageRequest, ParsedRequest } from './validate-request';
import { vatMentionFor, vatRegimeFor } from './vat';
import {
  LineKind,
  Locale,
  Nature,
  PricingProblem,
  QuoteBuyer,
  QuoteLine,
  QuoteOptions,
  QuoteRequest,
  QuoteResult,
  TariffDefinition,
  UsagePricingRequest,
  VatLine,
} from './types';

const BP = 10000;
const ONE = '1';
const PURPOSE_CODE = 'PURPOSE';
const REDUCTION_CODE = 'REDUCTION';
const MINIMUM_CODE = 'MINIMUM';
const MAXIMUM_CODE = 'MAXIMUM';

/**
 * Raw tariffs compiled before, keyed by identity and checked by their JSON text, so a
 * tariff object changed in place is compiled again.
 */
const compiledCache = new WeakMap<object, { json: string; ct: CompiledTariff }>();

function toCompiled(tariff: TariffDefinition | CompiledTariff): CompiledTariff {
  if (tariff instanceof CompiledTariff) return tariff;
  const json = JSON.stringify(tariff);
  const hit = typeof tariff === 'object' && tariff !== null ? compiledCache.get(tariff) : undefined;
  if (hit !== undefined && hit.json === json) return hit.ct;
  const ct = CompiledTariff.compile(tariff);
  compiledCache.set(tariff, { json, ct });
  return ct;
}

/**
 * Prices a request against a tariff. Deterministic and pure: the tariff and the request are
 * only read. Throws PricingInputError (INVALID_TARIFF, INVALID_QUOTE_REQUEST) on bad input;
 * call validateTariff / validateQuoteRequest first to get the problems without throwing.
 * Pass a CompiledTariff (compileTariff) to price the same tariff many times.
 */
export function computeQuote(tariff: TariffDefinition | CompiledTariff, request: QuoteRequest, options?: QuoteOptions): QuoteResult {
  const ct = toCompiled(tariff);
  const problems: PricingProblem[] = [];
  const parsed = analyseRequest(ct, request, problems);
  if (problems.length > 0) throw new PricingInputError('INVALID_QUOTE_REQUEST', problems);
  return guarded(() => price(ct, request, parsed, 'QUOTE', options?.locale ?? 'en'));
}

/**
 * Prices the actual usage of one period (usage invoices): only the tariff's USAGE
 * components, with the buyer's costs-only waiver, purpose multiplier, reduction and VAT;
 * no fixed fees, preparation, volume, duration, nor the minimum and maximum totals (they
 * bound the agreement's quote, not a period).
 */
export function priceUsage(tariff: TariffDefinition | CompiledTariff, usage: UsagePricingRequest, options?: QuoteOptions): QuoteResult {
  const ct = toCompiled(tariff);
  const problems: PricingProblem[] = [];
  const parsed = analyseUsageRequest(ct, usage, problems);
  if (problems.length > 0) throw new PricingInputError('INVALID_QUOTE_REQUEST', problems);
  const request: QuoteRequest = { buyer: usage.buyer, purpose: usage.purpose ?? null };
  return guarded(() => price(ct, request, parsed, 'USAGE', options?.locale ?? 'en'));
}

/** Problems of a request for this tariff (an invalid tariff is reported under `tariff`). */
export function validateQuoteRequest(tariff: TariffDefinition | CompiledTariff, request: unknown): PricingProblem[] {
  const ct = compiledOrProblems(tariff);
  if (Array.isArray(ct)) return ct;
  const problems: PricingProblem[] = [];
  analyseRequest(ct, request, problems);
  return problems;
}

export function validateUsagePricingRequest(tariff: TariffDefinition | CompiledTariff, usage: unknown): PricingProblem[] {
  const ct = compiledOrProblems(tariff);
  if (Array.isArray(ct)) return ct;
  const problems: PricingProblem[] = [];
  analyseUsageRequest(ct, usage, problems);
  return problems;
}

function compiledOrProblems(tariff: TariffDefinition | CompiledTariff): CompiledTariff | PricingProblem[] {
  try {
    return toCompiled(tariff);
  } catch (e) {
    if (e instanceof PricingInputError) return e.problems.map((p) => ({ path: `tariff.${p.path}`, message: p.message }));
    throw e;
  }
}

function guarded(f: () => QuoteResult): QuoteResult {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) {
      throw new PricingInputError('INVALID_QUOTE_REQUEST', [{ path: 'request', message: 'the quantities give amounts beyond the supported range' }]);
    }
    throw e;
  }
}

function line(
  code: string,
  componentCode: string,
  label: string,
  kind: LineKind,
  nature: Nature,
  quantity: string,
  unit: string,
  unitPriceCents: number,
  amountCents: number,
  vatRateBp: number,
  rule: string,
  estimate: boolean,
): QuoteLine {
  return { code, componentCode, label, kind, nature, quantity, unit, unitPriceCents, amountCents, vatRateBp, rule, estimate, waived: false };
}

/** Net amounts per VAT rate, in order of first appearance. */
class RateGroups {
  readonly rates: number[] = [];
  readonly nets: number[] = [];
  add(rate: number, amount: number): void {
    const i = this.rates.indexOf(rate);
    if (i < 0) {
      this.rates.push(rate);
      this.nets.push(amount);
    } else this.nets[i] = addCents(this.nets[i], amount);
  }
}

function isNonProfit(buyer: QuoteBuyer): boolean {
  return buyer.nonProfit ?? (buyer.category === 'ACADEMIC' || buyer.category === 'PUBLIC_BODY');
}

function costsOnlyApplies(ct: CompiledTariff, buyer: QuoteBuyer): boolean {
  for (const r of ct.costsOnly) {
    if (r.category === buyer.category && (r.nonProfitOnly !== true || isNonProfit(buyer))) return true;
  }
  return false;
}

function price(ct: CompiledTariff, req: QuoteRequest, parsed: ParsedRequest, mode: 'QUOTE' | 'USAGE', locale: Locale): QuoteResult {
  const L = MESSAGES[locale];
  const buyer = req.buyer;
  const regime = vatRegimeFor(buyer);
  const frenchVat = regime === 'FR_STANDARD';
  const isQuote = mode === 'QUOTE';
  const withdrawn = isQuote && parsed.completedStages >= 0;
  const completed = parsed.completedStages;

  const lines: QuoteLine[] = [];
  let estimate = false;
  let prepEstimate = false;
  let missingUsage: string[] | null = null;

  for (const c of ct.components) {
    const vat = frenchVat ? c.vatRateBp : 0;
    switch (c.kind) {
      case 'FIXED_FEE':
        if (!isQuote || (withdrawn && c.incurredAt !== 'APPLICATION')) break;
        lines.push(
          line(c.code, c.code, c.label[locale], 'FIXED_FEE', c.nature, ONE, L.nouns.fee[0], c.amountCents, c.amountCents, vat, L.fixedFee(c.incurredAt, withdrawn), false),
        );
        break;
      case 'PREPARATION':
        if (!isQuote) break;
        for (const s of c.stages) {
          if ((parsed.wantedStages & s.bit) === 0 || (withdrawn && (completed & s.bit) === 0)) continue;
          const quoted = parsed.days[s.index];
          const est = quoted < 0;
          const milli = est ? s.estimatedDaysMilli : quoted;
          const amount = mulDivRoundHalfUp(milli, s.dayRateCents, MILLI);
          const days = formatQuantity(milli, locale);
          if (est) prepEstimate = true;
          lines.push(
            line(
              `${c.code}.${s.stage}`,
              c.code,
              s.lineLabel[locale],
              'PREPARATION',
              c.nature,
              quantityToString(milli),
              L.nouns.day[0],
              s.dayRateCents,
              amount,
              vat,
              L.preparation(s.label[locale], days, isPlural(milli, locale), s.rateText[locale], est, withdrawn),
              est,
            ),
          );
        }
        break;
      case 'VOLUME': {
        if (!isQuote || withdrawn) break;
        volumeLines(c, c.basis === 'PATIENTS' ? parsed.patients : parsed.records, vat, L, locale, lines);
        break;
      }
      case 'DURATION': {
        if (!isQuote || withdrawn) break;
        const requested = parsed.months;
        const billed = requested > c.minimumMonths ? requested : c.minimumMonths;
        lines.push(
          line(
            c.code,
            c.code,
            c.label[locale],
            'DURATION',
            c.nature,
            String(billed),
            L.nouns.month[0],
            c.monthlyFeeCents,
            mulDivRoundHalfUp(billed, c.monthlyFeeCents, 1),
            vat,
            L.duration(String(billed), String(requested), c.minimumMonths, c.priceText[locale]),
            false,
          ),
        );
        break;
      }
      case 'USAGE':
        if (withdrawn) break;
        for (const r of c.rates) {
          const milli = parsed.usage[r.index];
          if (milli < 0) {
            (missingUsage ??= []).push(L.nouns.metric[r.metric][1]);
            continue;
          }
          const amount = mulDivRoundHalfUp(milli, r.unitPriceCents, MILLI * r.per);
          lines.push(
            line(
              `${c.code}.${r.metric}`,
              c.code,
              c.label[locale],
              'USAGE',
              c.nature,
              quantityToString(milli),
              r.unitText[locale],
              r.unitPriceCents,
              amount,
              vat,
              L.usage(formatQuantity(milli, locale), noun(L.nouns.metric[r.metric], milli, locale), r.priceText[locale], r.per, r.unitText[locale], isQuote),
              isQuote,
            ),
          );
          if (isQuote) estimate = true;
        }
        break;
    }
  }

  const purposeRule = req.purpose != null ? ct.purposeRules.get(req.purpose) : undefined;
  const purposeName = req.purpose != null ? L.purpose[req.purpose] : '';
  const fee = purposeRule?.extraFee;
  if (fee != null && isQuote && !withdrawn) {
    lines.push(
      line(fee.code, fee.code, fee.label[locale], 'PURPOSE_FEE', fee.nature, ONE, L.nouns.fee[0], fee.amountCents, fee.amountCents, frenchVat ? fee.vatRateBp : 0, L.purposeFee(purposeName), false),
    );
  }

  const costsOnly = costsOnlyApplies(ct, buyer);
  const categoryName = L.category[buyer.category];
  if (costsOnly) {
    for (const l of lines) if (l.nature === 'MARGIN') waive(l, L, categoryName, locale);
  }

  const groups = new RateGroups();
  let charges = 0;
  for (const l of lines) {
    charges = addCents(charges, l.amountCents);
    groups.add(l.vatRateBp, l.amountCents);
  }

  const adjustments: QuoteLine[] = [];

  // Purpose multiplier: one adjustment per VAT rate over the lines of the kinds it targets.
  if (purposeRule != null && purposeRule.multiplierBp !== null && purposeRule.multiplierBp !== BP) {
    const base = new RateGroups();
    for (const l of lines) if (purposeRule.appliesTo.has(l.kind as never)) base.add(l.vatRateBp, l.amountCents);
    const diff = purposeRule.multiplierBp - BP;
    const split = base.rates.length > 1;
    for (let i = 0; i < base.rates.length; i++) {
      const b = base.nets[i];
      if (b === 0) continue;
      const rate = base.rates[i];
      const magnitude = mulDivRoundHalfUp(b, diff > 0 ? diff : -diff, BP);
      const amount = diff > 0 ? magnitude : -magnitude;
      const adj = line(
        split ? `${PURPOSE_CODE}.${req.purpose}.${rate}` : `${PURPOSE_CODE}.${req.purpose}`,
        PURPOSE_CODE,
        L.purposeAdjustmentLabel(purposeName),
        'PURPOSE_ADJUSTMENT',
        diff > 0 ? 'MARGIN' : 'COST',
        ONE,
        L.nouns.adjustment[0],
        amount,
        amount,
        rate,
        L.purposeAdjustment(purposeName, purposeRule.multiplierText[locale], formatMoney(b, locale), purposeRule.kindsText[locale]) +
          (split ? L.vatShare(L.vatLabel(rate)) : ''),
        false,
      );
      if (costsOnly && diff > 0) waive(adj, L, categoryName, locale);
      adjustments.push(adj);
      groups.add(rate, adj.amountCents);
    }
  }

  // Buyer-category reduction on the net so far, per VAT rate.
  const reduction = ct.reductions.get(buyer.category);
  if (reduction !== undefined) {
    const split = groups.rates.length > 1;
    const label = reduction.label?.[locale] ?? L.reductionLabel(categoryName);
    const percent = formatPercent(reduction.reductionBp, locale);
    for (let i = 0; i < groups.rates.length; i++) {
      const b = groups.nets[i];
      if (b <= 0) continue;
      const rate = groups.rates[i];
      const amount = -mulDivRoundHalfUp(b, reduction.reductionBp, BP);
      adjustments.push(
        line(
          split ? `${REDUCTION_CODE}.${rate}` : REDUCTION_CODE,
          REDUCTION_CODE,
          label,
          'REDUCTION',
          'COST',
          ONE,
          L.nouns.adjustment[0],
          amount,
          amount,
          rate,
          L.reduction(categoryName, percent, formatMoney(b, locale)) + (split ? L.vatShare(L.vatLabel(rate)) : ''),
          false,
        ),
      );
      groups.nets[i] += amount;
    }
  }

  // Minimum (not for a withdrawal, which pays costs incurred only) and maximum: they bound
  // the quote's total, not one usage period. validateTariff allows them only on a tariff
  // with one VAT rate, so there is one rate group here and no split over rates.
  const min = ct.minimumTotalCents;
  const max = ct.maximumTotalCents;
  if (isQuote && (min !== null || max !== null)) {
    if (groups.rates.length === 0) groups.add(frenchVat ? ct.defaultVatRateBp : 0, 0);
    const rate = groups.rates[0];
    const net = groups.nets[0];
    if (!withdrawn && min !== null && net < min) {
      adjustments.push(totalAdjustment(MINIMUM_CODE, 'MINIMUM', L.minimumLabel, min - net, rate, L.minimum(formatMoney(min, locale), formatMoney(net, locale), formatMoney(min - net, locale)), L));
      groups.nets[0] = min;
    } else if (max !== null && net > max) {
      adjustments.push(totalAdjustment(MAXIMUM_CODE, 'MAXIMUM', L.maximumLabel, max - net, rate, L.maximum(formatMoney(max, locale), formatMoney(net, locale), formatMoney(net - max, locale)), L));
      groups.nets[0] = max;
    }
  }

  if (groups.rates.length === 0) groups.add(frenchVat ? ct.defaultVatRateBp : 0, 0);
  const vatLines: VatLine[] = [];
  let vatTotal = 0;
  for (let i = 0; i < groups.rates.length; i++) {
    const rate = groups.rates[i];
    const base = groups.nets[i];
    const vat = frenchVat ? mulDivRoundHalfUp(base, rate, BP) : 0;
    vatTotal = addCents(vatTotal, vat);
    vatLines.push({
      rateBp: rate,
      baseCents: base,
      vatCents: vat,
      label: frenchVat ? L.vatLabel(rate) : regime === 'REVERSE_CHARGE_EU' ? L.vatReverseChargeLabel : L.vatOutOfScopeLabel,
    });
  }

  let adjustmentTotal = 0;
  for (const a of adjustments) adjustmentTotal = addCents(adjustmentTotal, a.amountCents);
  const subtotal = addCents(charges, adjustmentTotal);

  const notes: string[] = [];
  if (withdrawn) {
    let last: string | null = null;
    const names: string[] = [];
    for (const s of ct.stages.values()) {
      if ((completed & s.bit) !== 0) {
        last = s.label[locale];
        names.push(last);
      }
    }
    notes.push(L.withdrawalNote(last === null ? L.application : L.stagePoint(last), names.join(', ')));
  }
  if (costsOnly) notes.push(L.costsOnlyNote(categoryName));
  if (regime === 'REVERSE_CHARGE_EU') notes.push(L.reverseChargeNote(buyer.country));
  else if (regime === 'OUT_OF_SCOPE_NON_EU') notes.push(L.outOfScopeNote(buyer.country));
  else if (buyer.country !== 'FR' && buyer.country !== 'MC') notes.push(L.euWithoutVatNumberNote(buyer.country));
  if (prepEstimate) notes.push(L.preparationEstimateNote);
  if (isQuote && missingUsage !== null) notes.push(L.usageNotEstimatedNote(missingUsage.join(', ')));

  return {
    tariffKey: ct.key,
    tariffVersion: ct.version,
    currency: 'EUR',
    locale,
    lines,
    chargesCents: charges,
    adjustments,
    subtotalCents: subtotal,
    vatRegime: regime,
    vatLines,
    vatCents: vatTotal,
    totalCents: addCents(subtotal, vatTotal),
    vatMention: vatMentionFor(regime),
    estimate: estimate || prepEstimate,
    withdrawn,
    costsOnly,
    notes,
  };
}

/** Zeroes a margin line for a costs-only buyer and says why. */
function waive(l: QuoteLine, L: Messages, categoryName: string, locale: Locale): void {
  const would = l.amountCents;
  l.rule = L.waived(categoryName, l.rule, formatMoney(would, locale));
  l.amountCents = 0;
  l.unitPriceCents = 0;
  l.waived = true;
}

function totalAdjustment(code: string, kind: 'MINIMUM' | 'MAXIMUM', label: string, amount: number, rate: number, rule: string, L: Messages): QuoteLine {
  return line(code, code, label, kind, 'COST', ONE, L.nouns.adjustment[0], amount, amount, rate, rule, false);
}

function volumeLines(c: CVolume, q: number, vat: number, L: Messages, locale: Locale, out: QuoteLine[]): void {
  const nounPair = L.nouns.basis[c.basis];
  const nounQ = noun(nounPair, q * MILLI, locale);
  const qText = formatInteger(q, locale);
  const unitText = c.unitText[locale];
  const label = c.label[locale];
  switch (c.model) {
    case 'PER_UNIT':
      out.push(
        line(c.code, c.code, label, 'VOLUME', c.nature, String(q), unitText, c.unitPriceCents, mulDivRoundHalfUp(q, c.unitPriceCents, c.per), vat, L.perUnitPrice(qText, nounQ, c.priceText[locale], c.per, unitText), false),
      );
      return;
    case 'GRADUATED':
      for (const t of c.tiers) {
        if (q < t.from) break;
        const inTier = (q < t.to ? q : t.to) - t.from + 1;
        out.push(
          line(
            `${c.code}.T${t.index}`,
            c.code,
            label,
            'VOLUME',
            c.nature,
            String(inTier),
            unitText,
            t.unitPriceCents,
            mulDivRoundHalfUp(inTier, t.unitPriceCents, c.per),
            vat,
            L.graduatedTier(t.index, t.range[locale], nounPair[1], t.priceText[locale], c.per, unitText, formatInteger(inTier, locale)),
            false,
          ),
        );
        if (t.flatFeeCents > 0) tierFlatLine(c, t.index, t.range[locale], t.flatFeeCents, vat, L, locale, out);
      }
      return;
    case 'VOLUME': {
      if (q === 0) return;
      const t = c.tiers.find((x) => q >= x.from && q <= x.to)!;
      out.push(
        line(
          `${c.code}.T${t.index}`,
          c.code,
          label,
          'VOLUME',
          c.nature,
          String(q),
          unitText,
          t.unitPriceCents,
          mulDivRoundHalfUp(q, t.unitPriceCents, c.per),
          vat,
          L.volumeTier(qText, nounQ, t.index, t.range[locale], t.priceText[locale], c.per, unitText),
          false,
        ),
      );
      if (t.flatFeeCents > 0) tierFlatLine(c, t.index, t.range[locale], t.flatFeeCents, vat, L, locale, out);
      return;
    }
    case 'PACKAGE': {
      const count = divCeil(q, c.packageSize);
      out.push(
        line(
          c.code,
          c.code,
          label,
          'VOLUME',
          c.nature,
          String(count),
          c.packageUnitText[locale],
          c.packagePriceCents,
          mulDivRoundHalfUp(count, c.packagePriceCents, 1),
          vat,
          L.packages(qText, nounQ, c.sizeText[locale], c.priceText[locale], formatInteger(count, locale)),
          false,
        ),
      );
      return;
    }
  }
}

function tierFlatLine(c: CVolume, index: number, range: string, cents: number, vat: number, L: Messages, locale: Locale, out: QuoteLine[]): void {
  out.push(
    line(`${c.code}.T${index}.FLAT`, c.code, c.label[locale], 'VOLUME', c.nature, ONE, L.nouns.fee[0], cents, cents, vat, L.tierFlatFee(index, range, L.nouns.basis[c.basis][1]), false),
  );
}

