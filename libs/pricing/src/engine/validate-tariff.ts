// Checks a tariff before it is published or priced: every problem is reported with the path
// of the offending field, so an editor (or a JSON author) knows what to fix.

import { parseQuantity } from './decimal';
import {
  BUYER_CATEGORIES,
  COMPONENT_KINDS,
  DEFAULT_VAT_RATE_BP,
  FEE_PHASES,
  NATURES,
  PREPARATION_STAGES,
  PURPOSES,
  PricingProblem,
  USAGE_METRICS,
  VOLUME_BASES,
  VOLUME_MODELS,
} from './types';

const CODE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
/** Largest multiplier a purpose rule may carry (x10). */
export const MAX_MULTIPLIER_BP = 100000;

const TARIFF_FIELDS = new Set([
  'key', 'version', 'currency', 'vatRateBp', 'components', 'reductions', 'costsOnly', 'purposeRules',
  'minimumTotalCents', 'maximumTotalCents',
]);
const BASE_FIELDS = ['kind', 'code', 'label', 'nature', 'vatRateBp'];
const COMPONENT_FIELDS: Record<string, Set<string>> = {
  FIXED_FEE: new Set([...BASE_FIELDS, 'amountCents', 'incurredAt']),
  PREPARATION: new Set([...BASE_FIELDS, 'stages']),
  VOLUME: new Set([...BASE_FIELDS, 'basis', 'model', 'unitPriceCents', 'tiers', 'packageSize', 'packagePriceCents', 'per']),
  DURATION: new Set([...BASE_FIELDS, 'monthlyFeeCents', 'minimumMonths', 'maximumMonths']),
  USAGE: new Set([...BASE_FIELDS, 'rates']),
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const join = (path: string, field: string): string => (path === '' ? field : `${path}.${field}`);

class Collector {
  readonly problems: PricingProblem[] = [];
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
  /** A required or optional amount in cents: a safe integer >= 0. */
  cents(o: Obj, field: string, path: string, required: boolean): void {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.add(join(path, field), 'is required (integer cents)');
      return;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.add(join(path, field), 'must be an integer number of cents');
    else if (v < 0) this.add(join(path, field), 'must not be negative');
  }
  int(o: Obj, field: string, path: string, required: boolean, min: number, max = Number.MAX_SAFE_INTEGER): void {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.add(join(path, field), 'is required');
      return;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.add(join(path, field), 'must be an integer');
    else if (v < min || v > max) this.add(join(path, field), max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be between ${min} and ${max}`);
  }
  oneOf(o: Obj, field: string, path: string, allowed: readonly string[], required: boolean): void {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.add(join(path, field), `is required (one of ${allowed.join(', ')})`);
      return;
    }
    if (typeof v !== 'string' || !allowed.includes(v)) this.add(join(path, field), `unknown value ${JSON.stringify(v)}; expected one of ${allowed.join(', ')}`);
  }
  label(o: Obj, field: string, path: string, required: boolean): void {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.add(join(path, field), 'is required ({ fr, en })');
      return;
    }
    if (!isObj(v)) {
      this.add(join(path, field), 'must be an object { fr, en }');
      return;
    }
    for (const l of ['fr', 'en']) {
      if (typeof v[l] !== 'string' || (v[l] as string).trim() === '') this.add(`${join(path, field)}.${l}`, 'must be a non-empty text');
    }
  }
  unknownFields(o: Obj, allowed: Set<string>, path: string): void {
    for (const k of Object.keys(o)) if (!allowed.has(k)) this.add(join(path, k), 'unknown field');
  }
  code(o: Obj, path: string, seen: Set<string>): void {
    const v = o.code;
    if (typeof v !== 'string' || !CODE_RE.test(v)) {
      this.add(join(path, 'code'), 'must be 1 to 64 letters, digits, "_", "-" or "."');
      return;
    }
    if (seen.has(v)) this.add(join(path, 'code'), `duplicate code ${v}`);
    seen.add(v);
  }
}

/** Problems of a tariff; an empty list means the engine can price it. */
export function validateTariff(t: unknown): PricingProblem[] {
  const c = new Collector();
  if (!isObj(t)) {
    c.add('tariff', 'must be an object');
    return c.problems;
  }
  c.unknownFields(t, TARIFF_FIELDS, '');
  if (typeof t.key !== 'string' || t.key.trim() === '') c.add('key', 'is required');
  if (t.version !== undefined && t.version !== null && typeof t.version !== 'string') c.add('version', 'must be a text');
  if (t.currency !== 'EUR') c.add('currency', 'must be EUR');
  c.int(t, 'vatRateBp', '', false, 0, 10000);
  c.cents(t, 'minimumTotalCents', '', false);
  c.cents(t, 'maximumTotalCents', '', false);
  if (
    typeof t.minimumTotalCents === 'number' &&
    typeof t.maximumTotalCents === 'number' &&
    t.minimumTotalCents > t.maximumTotalCents
  ) {
    c.add('maximumTotalCents', 'must not be below minimumTotalCents');
  }

  const codes = new Set<string>();
  const stages = new Set<string>();
  const metrics = new Set<string>();
  if (!Array.isArray(t.components) || t.components.length === 0) {
    c.add('components', 'must be a non-empty list');
  } else {
    t.components.forEach((comp, i) => validateComponent(c, comp, `components[${i}]`, codes, stages, metrics));
  }
  validateRules(c, t, codes);
  validateSingleRate(c, t);
  return c.problems;
}

/**
 * A minimum or maximum total is one adjustment on the net; with several VAT rates it would
 * have to be split over them, which rounding makes unfair (a reduction could then raise the
 * price incl. VAT by a cent). So a tariff with a minimum or maximum uses one VAT rate.
 */
function validateSingleRate(c: Collector, t: Obj): void {
  if ((t.minimumTotalCents === undefined || t.minimumTotalCents === null) && (t.maximumTotalCents === undefined || t.maximumTotalCents === null)) return;
  const rate = typeof t.vatRateBp === 'number' ? t.vatRateBp : DEFAULT_VAT_RATE_BP;
  const check = (o: unknown, path: string) => {
    if (isObj(o) && typeof o.vatRateBp === 'number' && o.vatRateBp !== rate) {
      c.add(`${path}.vatRateBp`, `must be the tariff's VAT rate (${rate}): a tariff with a minimum or maximum total uses one VAT rate`);
    }
  };
  if (Array.isArray(t.components)) t.components.forEach((comp, i) => check(comp, `components[${i}]`));
  if (Array.isArray(t.purposeRules)) t.purposeRules.forEach((r, i) => isObj(r) && check(r.extraFee, `purposeRules[${i}].extraFee`));
}

function validateComponent(c: Collector, comp: unknown, path: string, codes: Set<string>, stages: Set<string>, metrics: Set<string>): void {
  if (!isObj(comp)) {
    c.add(path, 'must be an object');
    return;
  }
  const kind = comp.kind;
  if (typeof kind !== 'string' || !(COMPONENT_KINDS as readonly string[]).includes(kind)) {
    c.add(`${path}.kind`, `unknown component kind ${JSON.stringify(kind)}; expected one of ${COMPONENT_KINDS.join(', ')}`);
    return;
  }
  c.unknownFields(comp, COMPONENT_FIELDS[kind], path);
  c.code(comp, path, codes);
  c.label(comp, 'label', path, true);
  c.oneOf(comp, 'nature', path, NATURES, false);
  c.int(comp, 'vatRateBp', path, false, 0, 10000);

  switch (kind) {
    case 'FIXED_FEE':
      c.cents(comp, 'amountCents', path, true);
      c.oneOf(comp, 'incurredAt', path, FEE_PHASES, true);
      break;
    case 'PREPARATION':
      validatePreparation(c, comp, path, stages);
      break;
    case 'VOLUME':
      validateVolume(c, comp, path);
      break;
    case 'DURATION':
      c.cents(comp, 'monthlyFeeCents', path, true);
      c.int(comp, 'minimumMonths', path, false, 0, 1200);
      c.int(comp, 'maximumMonths', path, false, 1, 1200);
      if (typeof comp.minimumMonths === 'number' && typeof comp.maximumMonths === 'number' && comp.minimumMonths > comp.maximumMonths) {
        c.add(`${path}.maximumMonths`, 'must not be below minimumMonths');
      }
      break;
    case 'USAGE':
      validateUsage(c, comp, path, metrics);
      break;
  }
}

function validatePreparation(c: Collector, comp: Obj, path: string, seen: Set<string>): void {
  if (!Array.isArray(comp.stages) || comp.stages.length === 0) {
    c.add(`${path}.stages`, 'must be a non-empty list');
    return;
  }
  comp.stages.forEach((s, j) => {
    const p = `${path}.stages[${j}]`;
    if (!isObj(s)) {
      c.add(p, 'must be an object');
      return;
    }
    c.unknownFields(s, new Set(['stage', 'dayRateCents', 'estimatedDays', 'optional', 'label']), p);
    c.oneOf(s, 'stage', p, PREPARATION_STAGES, true);
    if (typeof s.stage === 'string') {
      if (seen.has(s.stage)) c.add(`${p}.stage`, `stage ${s.stage} appears more than once in the tariff`);
      seen.add(s.stage);
    }
    c.cents(s, 'dayRateCents', p, true);
    const days = s.estimatedDays as string | number | undefined;
    if (days === undefined || days === null) c.add(`${p}.estimatedDays`, 'is required');
    else if (parseQuantity(days) === null) c.add(`${p}.estimatedDays`, 'must be a non-negative decimal with at most 3 decimals');
    if (s.optional !== undefined && typeof s.optional !== 'boolean') c.add(`${p}.optional`, 'must be true or false');
    c.label(s, 'label', p, false);
  });
}

function validateVolume(c: Collector, comp: Obj, path: string): void {
  c.oneOf(comp, 'basis', path, VOLUME_BASES, true);
  c.oneOf(comp, 'model', path, VOLUME_MODELS, true);
  c.int(comp, 'per', path, false, 1, 1e9);
  const model = comp.model;
  const misplaced = (field: string, models: string) => {
    if (comp[field] !== undefined && comp[field] !== null) c.add(`${path}.${field}`, `only used by the ${models} model`);
  };
  if (model === 'PER_UNIT') {
    c.cents(comp, 'unitPriceCents', path, true);
    misplaced('tiers', 'GRADUATED and VOLUME');
    misplaced('packageSize', 'PACKAGE');
    misplaced('packagePriceCents', 'PACKAGE');
  } else if (model === 'GRADUATED' || model === 'VOLUME') {
    validateTiers(c, comp.tiers, `${path}.tiers`);
    misplaced('unitPriceCents', 'PER_UNIT');
    misplaced('packageSize', 'PACKAGE');
    misplaced('packagePriceCents', 'PACKAGE');
  } else if (model === 'PACKAGE') {
    c.int(comp, 'packageSize', path, true, 1, 1e12);
    c.cents(comp, 'packagePriceCents', path, true);
    misplaced('tiers', 'GRADUATED and VOLUME');
    misplaced('unitPriceCents', 'PER_UNIT');
    misplaced('per', 'PER_UNIT, GRADUATED and VOLUME');
  }
}

const units = (a: number, b: number): string => (a === b ? `unit ${a} is` : `units ${a}–${b} are`);

/** Tiers start at 1, follow each other without gap or overlap; only the last may be open. */
function validateTiers(c: Collector, tiers: unknown, path: string): void {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    c.add(path, 'must be a non-empty list');
    return;
  }
  let expectedFrom: number | null = 1;
  tiers.forEach((tier, k) => {
    const p = `${path}[${k}]`;
    if (!isObj(tier)) {
      c.add(p, 'must be an object');
      expectedFrom = null;
      return;
    }
    c.unknownFields(tier, new Set(['from', 'to', 'unitPriceCents', 'flatFeeCents']), p);
    c.cents(tier, 'unitPriceCents', p, true);
    c.cents(tier, 'flatFeeCents', p, false);
    const from = tier.from;
    const to = tier.to;
    const fromOk = typeof from === 'number' && Number.isSafeInteger(from) && from >= 1;
    const toOk = to === null || (typeof to === 'number' && Number.isSafeInteger(to) && to >= 1);
    if (!fromOk) c.add(`${p}.from`, 'must be an integer >= 1');
    if (to === undefined) c.add(`${p}.to`, 'is required (an integer, or null for the last, open tier)');
    else if (!toOk) c.add(`${p}.to`, 'must be an integer >= 1 or null');
    if (fromOk && toOk && to !== null && (to as number) < (from as number)) c.add(`${p}.to`, `must not be below from (${from})`);
    if (fromOk && expectedFrom !== null) {
      if (k === 0 && from !== 1) c.add(`${p}.from`, 'the first tier must start at 1');
      else if ((from as number) > expectedFrom) c.add(`${p}.from`, `gap: ${units(expectedFrom, (from as number) - 1)} in no tier`);
      else if ((from as number) < expectedFrom) c.add(`${p}.from`, `overlap: ${units(from as number, expectedFrom - 1)} already in tier ${k}`);
    }
    if (to === null && k < tiers.length - 1) c.add(`${p}.to`, 'only the last tier may be open (to: null)');
    expectedFrom = toOk && to !== null && typeof to === 'number' ? to + 1 : null;
  });
}

function validateUsage(c: Collector, comp: Obj, path: string, seen: Set<string>): void {
  if (!Array.isArray(comp.rates) || comp.rates.length === 0) {
    c.add(`${path}.rates`, 'must be a non-empty list');
    return;
  }
  comp.rates.forEach((r, j) => {
    const p = `${path}.rates[${j}]`;
    if (!isObj(r)) {
      c.add(p, 'must be an object');
      return;
    }
    c.unknownFields(r, new Set(['metric', 'unitPriceCents', 'per']), p);
    c.oneOf(r, 'metric', p, USAGE_METRICS, true);
    if (typeof r.metric === 'string') {
      if (seen.has(r.metric)) c.add(`${p}.metric`, `metric ${r.metric} is priced more than once in the tariff`);
      seen.add(r.metric);
    }
    c.cents(r, 'unitPriceCents', p, true);
    c.int(r, 'per', p, false, 1, 1e9);
  });
}

function validateRules(c: Collector, t: Obj, codes: Set<string>): void {
  if (t.reductions !== undefined && t.reductions !== null) {
    if (!Array.isArray(t.reductions)) c.add('reductions', 'must be a list');
    else {
      const seen = new Set<string>();
      t.reductions.forEach((r, i) => {
        const p = `reductions[${i}]`;
        if (!isObj(r)) return c.add(p, 'must be an object');
        c.unknownFields(r, new Set(['categories', 'reductionBp', 'label']), p);
        c.int(r, 'reductionBp', p, true, 1, 10000);
        c.label(r, 'label', p, false);
        if (!Array.isArray(r.categories) || r.categories.length === 0) c.add(`${p}.categories`, 'must be a non-empty list');
        else
          r.categories.forEach((cat, j) => {
            if (!(BUYER_CATEGORIES as readonly unknown[]).includes(cat)) c.add(`${p}.categories[${j}]`, `unknown buyer category ${JSON.stringify(cat)}`);
            else if (seen.has(cat as string)) c.add(`${p}.categories[${j}]`, `category ${cat} already has a reduction`);
            else seen.add(cat as string);
          });
      });
    }
  }
  if (t.costsOnly !== undefined && t.costsOnly !== null) {
    if (!Array.isArray(t.costsOnly)) c.add('costsOnly', 'must be a list');
    else
      t.costsOnly.forEach((r, i) => {
        const p = `costsOnly[${i}]`;
        if (!isObj(r)) return c.add(p, 'must be an object');
        c.unknownFields(r, new Set(['category', 'nonProfitOnly']), p);
        c.oneOf(r, 'category', p, BUYER_CATEGORIES, true);
        if (r.nonProfitOnly !== undefined && typeof r.nonProfitOnly !== 'boolean') c.add(`${p}.nonProfitOnly`, 'must be true or false');
      });
  }
  if (t.purposeRules !== undefined && t.purposeRules !== null) {
    if (!Array.isArray(t.purposeRules)) c.add('purposeRules', 'must be a list');
    else {
      const seen = new Set<string>();
      t.purposeRules.forEach((r, i) => {
        const p = `purposeRules[${i}]`;
        if (!isObj(r)) return c.add(p, 'must be an object');
        c.unknownFields(r, new Set(['purpose', 'multiplierBp', 'appliesTo', 'extraFee']), p);
        c.oneOf(r, 'purpose', p, PURPOSES, true);
        if (typeof r.purpose === 'string') {
          if (seen.has(r.purpose)) c.add(`${p}.purpose`, `purpose ${r.purpose} already has a rule`);
          seen.add(r.purpose);
        }
        c.int(r, 'multiplierBp', p, false, 0, MAX_MULTIPLIER_BP);
        if (r.appliesTo !== undefined && r.appliesTo !== null) {
          if (!Array.isArray(r.appliesTo) || r.appliesTo.length === 0) c.add(`${p}.appliesTo`, 'must be a non-empty list of component kinds');
          else
            r.appliesTo.forEach((k, j) => {
              if (!(COMPONENT_KINDS as readonly unknown[]).includes(k)) c.add(`${p}.appliesTo[${j}]`, `unknown component kind ${JSON.stringify(k)}`);
            });
        }
        if (r.extraFee !== undefined && r.extraFee !== null) {
          const f = r.extraFee;
          const fp = `${p}.extraFee`;
          if (!isObj(f)) c.add(fp, 'must be an object');
          else {
            c.unknownFields(f, new Set(['code', 'label', 'amountCents', 'nature', 'vatRateBp']), fp);
            c.code(f, fp, codes);
            c.label(f, 'label', fp, true);
            c.cents(f, 'amountCents', fp, true);
            c.oneOf(f, 'nature', fp, NATURES, false);
            c.int(f, 'vatRateBp', fp, false, 0, 10000);
          }
        }
        if ((r.multiplierBp === undefined || r.multiplierBp === null) && (r.extraFee === undefined || r.extraFee === null)) {
          c.add(p, 'needs a multiplierBp or an extraFee');
        }
      });
    }
  }
}
