// Checks a quote request against a tariff; each problem names the request parameter
// ("patients", "preparation.days.LINKAGE", "buyer.vatNumber"...). null and undefined both
// mean "not given" (GraphQL sends null for absent optional inputs).

import type { CompiledTariff } from './compile';
import { isNegativeQuantity, MILLI, parseQuantity } from './decimal';
import { formatInteger, vatNumberProblem } from '@app/core/kernel';
import {
  BUYER_CATEGORIES,
  METRIC_INDEX,
  PREPARATION_STAGES,
  PURPOSES,
  PreparationStage,
  PricingProblem,
  STAGE_BIT,
  STAGE_INDEX,
  USAGE_METRICS,
  UsageMetric,
  VolumeBasis,
} from './types';

/**
 * The request's quantities, parsed once while validating: whole units for volumes and
 * months, thousandths for days and usage, -1 when absent; stages as bit masks (STAGE_BIT).
 */
export interface ParsedRequest {
  patients: number;
  records: number;
  months: number;
  /** Quoted days per stage (thousandths), by STAGE_INDEX. */
  days: number[];
  /** Usage per metric (thousandths), by METRIC_INDEX. */
  usage: number[];
  wantedStages: number;
  /** -1 when the request is not withdrawn. */
  completedStages: number;
}

function emptyParsed(): ParsedRequest {
  return { patients: -1, records: -1, months: -1, days: [-1, -1, -1, -1], usage: [-1, -1, -1, -1], wantedStages: 0, completedStages: -1 };
}

const REQUEST_FIELDS = new Set(['buyer', 'purpose', 'patients', 'records', 'months', 'preparation', 'expectedUsage', 'withdrawal']);
const USAGE_REQUEST_FIELDS = new Set(['buyer', 'purpose', 'quantities']);
const BUYER_FIELDS = new Set(['category', 'country', 'vatNumber', 'nonProfit']);
const PREPARATION_FIELDS = new Set(['stages', 'days']);
const WITHDRAWAL_FIELDS = new Set(['afterStage', 'completedStages']);
const COUNTRY_RE = /^[A-Z]{2}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown): boolean => v !== undefined && v !== null;

function unknownFields(o: Obj, allowed: Set<string>, prefix: string, out: PricingProblem[]): void {
  for (const k in o) {
    if (!allowed.has(k) && given(o[k])) out.push({ path: prefix + k, message: 'unknown parameter' });
  }
}

/** Parses a quantity parameter; pushes a problem and returns null when it is not usable. */
function quantity(v: unknown, path: string, whole: boolean, out: PricingProblem[]): number | null {
  const milli = parseQuantity(v as string | number);
  if (milli === null) {
    out.push({
      path,
      message: isNegativeQuantity(v)
        ? 'must not be negative'
        : 'must be a non-negative number (at most 3 decimals, at most 10^12)',
    });
    return null;
  }
  if (whole && milli % MILLI !== 0) {
    out.push({ path, message: 'must be a whole number' });
    return null;
  }
  return milli;
}

function validateBuyer(buyer: unknown, out: PricingProblem[]): void {
  if (!isObj(buyer)) {
    out.push({ path: 'buyer', message: 'is required ({ category, country, vatNumber })' });
    return;
  }
  unknownFields(buyer, BUYER_FIELDS, 'buyer.', out);
  if (!BUYER_CATEGORIES.includes(buyer.category as never)) {
    out.push({
      path: 'buyer.category',
      message: given(buyer.category)
        ? `unknown buyer category ${JSON.stringify(buyer.category)}; expected one of ${BUYER_CATEGORIES.join(', ')}`
        : 'is required',
    });
  }
  const country = buyer.country;
  if (typeof country !== 'string' || !COUNTRY_RE.test(country)) {
    out.push({ path: 'buyer.country', message: 'must be an ISO 3166-1 alpha-2 code in capitals (FR, DE...)' });
  } else if (country === 'EL' || country === 'UK') {
    out.push({ path: 'buyer.country', message: `use the ISO code ${country === 'EL' ? 'GR' : 'GB'}, not the VAT prefix` });
  } else if (given(buyer.vatNumber)) {
    if (typeof buyer.vatNumber !== 'string') out.push({ path: 'buyer.vatNumber', message: 'must be a text' });
    else {
      const problem = vatNumberProblem(country, buyer.vatNumber);
      if (problem !== null) out.push({ path: 'buyer.vatNumber', message: problem });
    }
  }
  if (given(buyer.nonProfit) && typeof buyer.nonProfit !== 'boolean') {
    out.push({ path: 'buyer.nonProfit', message: 'must be true or false' });
  }
}

function validatePurpose(purpose: unknown, out: PricingProblem[]): void {
  if (given(purpose) && !PURPOSES.includes(purpose as never)) {
    out.push({ path: 'purpose', message: `unknown purpose ${JSON.stringify(purpose)}; expected one of ${PURPOSES.join(', ')}` });
  }
}

function validateUsageQuantities(ct: CompiledTariff, usage: unknown, field: string, out: PricingProblem[], parsed: number[]): void {
  if (!given(usage)) return;
  if (!isObj(usage)) {
    out.push({ path: field, message: 'must be an object { COMPUTE_HOURS, STORAGE_GB_MONTHS, EXTRACTIONS, API_CALLS }' });
    return;
  }
  for (const metric in usage) {
    const v = usage[metric];
    if (!given(v)) continue;
    const path = `${field}.${metric}`;
    if (!USAGE_METRICS.includes(metric as never)) out.push({ path, message: `unknown usage metric; expected one of ${USAGE_METRICS.join(', ')}` });
    else if (!ct.usageMetrics.has(metric as never)) out.push({ path, message: 'this tariff does not price this metric' });
    else {
      const milli = quantity(v, path, false, out);
      if (milli !== null) parsed[METRIC_INDEX[metric as UsageMetric]] = milli;
    }
  }
}

const BASIS_FIELD: Record<VolumeBasis, 'patients' | 'records'> = { PATIENTS: 'patients', RECORDS: 'records' };

function validateVolume(ct: CompiledTariff, req: Obj, out: PricingProblem[], parsed: ParsedRequest): void {
  for (const basis of ['PATIENTS', 'RECORDS'] as const) {
    const field = BASIS_FIELD[basis];
    const other = basis === 'PATIENTS' ? 'RECORDS' : 'PATIENTS';
    const v = req[field];
    const needed = ct.volumeBases.has(basis);
    if (!given(v)) {
      if (needed) out.push({ path: field, message: `is required: this tariff prices ${field}` });
      continue;
    }
    if (!needed) {
      out.push({
        path: field,
        message: ct.volumeBases.has(other)
          ? given(req[BASIS_FIELD[other]])
            ? `contradicts ${BASIS_FIELD[other]}: this tariff counts ${BASIS_FIELD[other]}, give ${BASIS_FIELD[other]} only`
            : `this tariff counts ${BASIS_FIELD[other]}, not ${field}`
          : 'this tariff has no volume component',
      });
      continue;
    }
    const milli = quantity(v, field, true, out);
    const limit = ct.volumeLimits.get(basis);
    if (milli !== null && limit !== undefined && milli > limit * MILLI) {
      out.push({ path: field, message: `exceeds the largest tier (up to ${formatInteger(limit, 'en')} ${field})` });
    } else if (milli !== null) parsed[field] = milli / MILLI;
  }
}

function validateMonths(ct: CompiledTariff, months: unknown, out: PricingProblem[], parsed: ParsedRequest): void {
  if (!given(months)) {
    if (ct.hasDuration) out.push({ path: 'months', message: 'is required: this tariff charges a monthly access fee' });
    return;
  }
  if (!ct.hasDuration) {
    out.push({ path: 'months', message: 'this tariff has no duration component' });
    return;
  }
  const milli = quantity(months, 'months', true, out);
  if (milli === null) return;
  if (milli === 0) out.push({ path: 'months', message: 'must be at least 1' });
  else if (ct.maximumMonths !== null && milli > ct.maximumMonths * MILLI) {
    out.push({ path: 'months', message: `must not exceed the maximum term of ${ct.maximumMonths} months` });
  } else parsed.months = milli / MILLI;
}

/** Validates `preparation`; sets the stages the request wants (mandatory + chosen) and the quoted days. */
function validatePreparation(ct: CompiledTariff, prep: unknown, out: PricingProblem[], parsed: ParsedRequest): void {
  let wanted = ct.mandatoryStages;
  parsed.wantedStages = wanted;
  if (!given(prep)) return;
  if (!isObj(prep)) {
    out.push({ path: 'preparation', message: 'must be an object { stages, days }' });
    return;
  }
  if (ct.stages.size === 0) {
    out.push({ path: 'preparation', message: 'this tariff has no preparation component' });
    return;
  }
  unknownFields(prep, PREPARATION_FIELDS, 'preparation.', out);
  if (given(prep.stages)) {
    if (!Array.isArray(prep.stages)) out.push({ path: 'preparation.stages', message: 'must be a list of stages' });
    else
      prep.stages.forEach((s: unknown, i: number) => {
        const path = `preparation.stages[${i}]`;
        if (!PREPARATION_STAGES.includes(s as never)) out.push({ path, message: `unknown stage ${JSON.stringify(s)}; expected one of ${PREPARATION_STAGES.join(', ')}` });
        else if (!ct.stages.has(s as PreparationStage)) out.push({ path, message: `stage ${s} is not offered by this tariff` });
        else wanted |= STAGE_BIT[s as PreparationStage];
      });
  }
  parsed.wantedStages = wanted;
  if (given(prep.days)) {
    if (!isObj(prep.days)) out.push({ path: 'preparation.days', message: 'must be an object { STAGE: days }' });
    else
      for (const stage in prep.days) {
        const v = prep.days[stage];
        if (!given(v)) continue;
        const path = `preparation.days.${stage}`;
        if (!PREPARATION_STAGES.includes(stage as never)) out.push({ path, message: 'unknown stage' });
        else if (!ct.stages.has(stage as PreparationStage)) out.push({ path, message: `stage ${stage} is not offered by this tariff` });
        else if ((wanted & STAGE_BIT[stage as PreparationStage]) === 0) out.push({ path, message: `stage ${stage} is optional and not listed in preparation.stages` });
        else {
          const milli = quantity(v, path, false, out);
          if (milli !== null) parsed.days[STAGE_INDEX[stage as PreparationStage]] = milli;
        }
      }
  }
}

function validateWithdrawal(ct: CompiledTariff, w: unknown, out: PricingProblem[], parsed: ParsedRequest): void {
  const wanted = parsed.wantedStages;
  if (!given(w)) return;
  if (!isObj(w)) {
    out.push({ path: 'withdrawal', message: 'must be an object { afterStage } or { completedStages }' });
    return;
  }
  unknownFields(w, WITHDRAWAL_FIELDS, 'withdrawal.', out);
  const after = w.afterStage;
  const completed = w.completedStages;
  if (given(after) && given(completed)) {
    out.push({ path: 'withdrawal.completedStages', message: 'contradicts withdrawal.afterStage: give one of them' });
    return;
  }
  if (!given(after) && !given(completed)) {
    out.push({ path: 'withdrawal', message: 'give afterStage or completedStages' });
    return;
  }
  if (given(after)) {
    if (after === 'APPLICATION') {
      parsed.completedStages = 0;
    } else if (!PREPARATION_STAGES.includes(after as never)) {
      out.push({ path: 'withdrawal.afterStage', message: `unknown stage ${JSON.stringify(after)}; expected APPLICATION or one of ${PREPARATION_STAGES.join(', ')}` });
    } else if ((wanted & STAGE_BIT[after as PreparationStage]) === 0) {
      out.push({ path: 'withdrawal.afterStage', message: `stage ${after} is not part of this request` });
    } else {
      // every wanted stage up to the withdrawal point, in the tariff's order
      const last = ct.stages.get(after as PreparationStage)!.order;
      let done = 0;
      for (const st of ct.stages.values()) if (st.order <= last) done |= STAGE_BIT[st.stage];
      parsed.completedStages = done & wanted;
    }
    return;
  }
  if (!Array.isArray(completed)) {
    out.push({ path: 'withdrawal.completedStages', message: 'must be a list of stages' });
    return;
  }
  let done = 0;
  completed.forEach((s: unknown, i: number) => {
    const path = `withdrawal.completedStages[${i}]`;
    if (!PREPARATION_STAGES.includes(s as never)) out.push({ path, message: `unknown stage ${JSON.stringify(s)}` });
    else if ((wanted & STAGE_BIT[s as PreparationStage]) === 0) out.push({ path, message: `stage ${s} is not part of this request` });
    else if ((done & STAGE_BIT[s as PreparationStage]) !== 0) out.push({ path, message: `stage ${s} is listed twice` });
    else done |= STAGE_BIT[s as PreparationStage];
  });
  parsed.completedStages = done;
}

/**
 * Validates a quote request for a compiled tariff: the problems, and the request's
 * quantities parsed once for pricing (meaningful only when there is no problem).
 */
export function analyseRequest(ct: CompiledTariff, req: unknown, out: PricingProblem[]): ParsedRequest {
  const parsed = emptyParsed();
  if (!isObj(req)) {
    out.push({ path: 'request', message: 'must be an object' });
    return parsed;
  }
  unknownFields(req, REQUEST_FIELDS, '', out);
  validateBuyer(req.buyer, out);
  validatePurpose(req.purpose, out);
  validateVolume(ct, req, out, parsed);
  validateMonths(ct, req.months, out, parsed);
  validatePreparation(ct, req.preparation, out, parsed);
  validateUsageQuantities(ct, req.expectedUsage, 'expectedUsage', out, parsed.usage);
  validateWithdrawal(ct, req.withdrawal, out, parsed);
  return parsed;
}

/** The same for a usage pricing request ({ buyer, purpose, quantities }). */
export function analyseUsageRequest(ct: CompiledTariff, req: unknown, out: PricingProblem[]): ParsedRequest {
  const parsed = emptyParsed();
  if (!isObj(req)) {
    out.push({ path: 'request', message: 'must be an object' });
    return parsed;
  }
  unknownFields(req, USAGE_REQUEST_FIELDS, '', out);
  validateBuyer(req.buyer, out);
  validatePurpose(req.purpose, out);
  if (ct.usageMetrics.size === 0) out.push({ path: 'quantities', message: 'this tariff has no usage component' });
  else if (!isObj(req.quantities)) out.push({ path: 'quantities', message: 'is required ({ METRIC: quantity })' });
  else validateUsageQuantities(ct, req.quantities, 'quantities', out, parsed.usage);
  return parsed;
}
