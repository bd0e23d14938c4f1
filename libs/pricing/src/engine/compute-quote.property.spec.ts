// Properties of the engine over random tariffs and matching random requests.

import fc from 'fast-check';
import { compileTariff, deepFreeze } from './compile';
import { computeQuote, validateQuoteRequest } from './compute-quote';
import { quantityToString } from './decimal';
import {
  BUYER_CATEGORIES,
  BuyerCategory,
  COMPONENT_KINDS,
  PREPARATION_STAGES,
  PURPOSES,
  PreparationStage,
  QuoteBuyer,
  QuoteRequest,
  QuoteResult,
  TariffComponent,
  TariffDefinition,
  USAGE_METRICS,
  VolumeTier,
} from './types';
import { validateTariff } from './validate-tariff';

const RUNS = { numRuns: 300 };
// 300 random cases per property: allow for a loaded machine running every suite at once
jest.setTimeout(30_000);
const label = (s: string) => ({ fr: s, en: s });
const cents = fc.integer({ min: 0, max: 5_000_000 });
const nature = fc.constantFrom('COST' as const, 'MARGIN' as const);
const vatRate = fc.constantFrom(undefined, undefined, 2000, 1000, 550, 0);
const decimal = (maxMilli: number) => fc.integer({ min: 0, max: maxMilli }).map(quantityToString);

const tiersArb: fc.Arbitrary<VolumeTier[]> = fc
  .array(fc.record({ size: fc.integer({ min: 1, max: 200_000 }), price: fc.integer({ min: 0, max: 500 }), flat: fc.option(cents, { nil: undefined }) }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((specs) => {
    let from = 1;
    return specs.map((s, i) => {
      const to = i === specs.length - 1 ? null : from + s.size - 1;
      const tier: VolumeTier = { from, to, unitPriceCents: s.price, ...(s.flat === undefined ? {} : { flatFeeCents: s.flat }) };
      from = (to ?? 0) + 1;
      return tier;
    });
  });

const volumeArb = fc
  .record({
    basis: fc.constantFrom('PATIENTS' as const, 'RECORDS' as const),
    model: fc.constantFrom('PER_UNIT' as const, 'GRADUATED' as const, 'VOLUME' as const, 'PACKAGE' as const),
    nature,
    vatRateBp: vatRate,
    price: fc.integer({ min: 0, max: 500 }),
    per: fc.constantFrom(1, 1, 10, 1000),
    tiers: tiersArb,
    packageSize: fc.integer({ min: 1, max: 50_000 }),
  })
  .map(({ basis, model, nature, vatRateBp, price, per, tiers, packageSize }) => {
    const base = { kind: 'VOLUME' as const, label: label('volume'), basis, model, nature, ...(vatRateBp === undefined ? {} : { vatRateBp }) };
    if (model === 'PER_UNIT') return { ...base, unitPriceCents: price, per };
    if (model === 'PACKAGE') return { ...base, packageSize, packagePriceCents: price * 100 };
    return { ...base, tiers, per };
  });

const componentsArb = fc
  .record({
    fixed: fc.array(
      fc.record({
        kind: fc.constant('FIXED_FEE' as const),
        label: fc.constant(label('fee')),
        amountCents: cents,
        incurredAt: fc.constantFrom('APPLICATION' as const, 'ACCESS' as const, 'CLOSURE' as const),
        nature,
      }),
      { maxLength: 3 },
    ),
    prep: fc.option(
      fc.record({
        kind: fc.constant('PREPARATION' as const),
        label: fc.constant(label('prep')),
        nature,
        stages: fc
          .shuffledSubarray([...PREPARATION_STAGES], { minLength: 1 })
          .chain((stages) =>
            fc.tuple(...stages.map((stage) => fc.record({ stage: fc.constant(stage), dayRateCents: fc.integer({ min: 0, max: 200_000 }), estimatedDays: decimal(30_000), optional: fc.boolean() }))),
          ),
      }),
      { nil: undefined },
    ),
    volumes: fc.array(volumeArb, { maxLength: 2 }),
    duration: fc.option(
      fc.record({
        kind: fc.constant('DURATION' as const),
        label: fc.constant(label('term')),
        monthlyFeeCents: cents,
        minimumMonths: fc.integer({ min: 0, max: 24 }),
        maximumMonths: fc.constantFrom(undefined, 36, 60),
        nature,
      }),
      { nil: undefined },
    ),
    usage: fc.option(
      fc.record({
        kind: fc.constant('USAGE' as const),
        label: fc.constant(label('usage')),
        nature,
        vatRateBp: vatRate,
        rates: fc
          .subarray([...USAGE_METRICS], { minLength: 1 })
          .chain((metrics) => fc.tuple(...metrics.map((metric) => fc.record({ metric: fc.constant(metric), unitPriceCents: fc.integer({ min: 0, max: 50_000 }), per: fc.constantFrom(1, 1000) })))),
      }),
      { nil: undefined },
    ),
  })
  .map(({ fixed, prep, volumes, duration, usage }) => {
    const list = [...fixed, ...(prep ? [prep] : []), ...volumes, ...(duration ? [duration] : []), ...(usage ? [usage] : [])];
    return list.map((c, i) => JSON.parse(JSON.stringify({ ...c, code: `C${i}` })) as TariffComponent);
  })
  .filter((list) => list.length > 0);

const tariffArb: fc.Arbitrary<TariffDefinition> = fc
  .record({
    components: componentsArb,
    reductions: fc.subarray([...BUYER_CATEGORIES]).chain((cats) => fc.tuple(...cats.map((c) => fc.record({ categories: fc.constant<BuyerCategory[]>([c]), reductionBp: fc.integer({ min: 1, max: 10000 }) })))),
    purposeRules: fc.subarray([...PURPOSES]).chain((purposes) =>
      fc.tuple(
        ...purposes.map((purpose) =>
          fc.record({
            purpose: fc.constant(purpose),
            multiplierBp: fc.integer({ min: 0, max: 30000 }),
            appliesTo: fc.option(fc.subarray([...COMPONENT_KINDS], { minLength: 1 }), { nil: undefined }),
            extraFee: fc.option(fc.record({ code: fc.constant(`FEE_${purpose}`), label: fc.constant(label('extra')), amountCents: cents, nature }), { nil: undefined }),
          }),
        ),
      ),
    ),
    min: fc.option(fc.integer({ min: 0, max: 20_000_000 }), { nil: null }),
    max: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: null }),
    costsOnlyOff: fc.boolean(),
  })
  .map(({ components, reductions, purposeRules, min, max, costsOnlyOff }) => {
    const [lo, hi] = min !== null && max !== null && min > max ? [max, min] : [min, max];
    // a tariff with a minimum or maximum total has one VAT rate (validateTariff)
    const oneRate = lo !== null || hi !== null;
    const t: TariffDefinition = {
      key: 'random',
      currency: 'EUR',
      components: oneRate ? components.map((c) => ({ ...c, vatRateBp: undefined })) : components,
      reductions,
      purposeRules: JSON.parse(JSON.stringify(purposeRules)),
      minimumTotalCents: lo,
      maximumTotalCents: hi,
    };
    if (costsOnlyOff) t.costsOnly = [];
    return t;
  });

const buyerArb = (category?: BuyerCategory): fc.Arbitrary<QuoteBuyer> =>
  fc.oneof(
    fc.record({ category: category ? fc.constant(category) : fc.constantFrom(...BUYER_CATEGORIES), country: fc.constant('FR') }),
    fc.record({ category: category ? fc.constant(category) : fc.constantFrom(...BUYER_CATEGORIES), country: fc.constant('DE'), vatNumber: fc.constant('DE123456789') }),
    fc.record({ category: category ? fc.constant(category) : fc.constantFrom(...BUYER_CATEGORIES), country: fc.constantFrom('US', 'IT', 'MC'), nonProfit: fc.boolean() }),
  );

/** A valid request for tariff `t`. */
function requestArb(t: TariffDefinition, category?: BuyerCategory): fc.Arbitrary<QuoteRequest> {
  const kinds = t.components;
  const bases = new Set(kinds.flatMap((c) => (c.kind === 'VOLUME' ? [c.basis] : [])));
  const duration = kinds.find((c) => c.kind === 'DURATION');
  const stages = kinds.flatMap((c) => (c.kind === 'PREPARATION' ? c.stages : []));
  const metrics = kinds.flatMap((c) => (c.kind === 'USAGE' ? c.rates.map((r) => r.metric) : []));
  return fc
    .record({
      buyer: buyerArb(category),
      purpose: fc.option(fc.constantFrom(...PURPOSES), { nil: undefined }),
      patients: bases.has('PATIENTS') ? fc.integer({ min: 0, max: 2_000_000 }) : fc.constant(undefined),
      records: bases.has('RECORDS') ? fc.integer({ min: 0, max: 5_000_000 }) : fc.constant(undefined),
      months: duration ? fc.integer({ min: 1, max: duration.maximumMonths ?? 120 }) : fc.constant(undefined),
      optional: fc.subarray(stages.filter((s) => s.optional).map((s) => s.stage)),
      days: fc.subarray(stages.map((s) => s.stage)).chain((ss) => fc.tuple(...ss.map((s) => fc.tuple(fc.constant(s), decimal(40_000))))),
      usage: fc.subarray(metrics).chain((ms) => fc.tuple(...ms.map((m) => fc.tuple(fc.constant(m), decimal(5_000_000))))),
      withdrawal: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('APPLICATION' as const, 'LIST' as const, ...PREPARATION_STAGES) },
      ),
      seed: fc.integer(),
    })
    .map(({ buyer, purpose, patients, records, months, optional, days, usage, withdrawal, seed }) => {
      const wanted = stages.filter((s) => !s.optional || optional.includes(s.stage)).map((s) => s.stage);
      const req: QuoteRequest = { buyer, purpose, patients, records, months };
      if (stages.length > 0) {
        const quoted = Object.fromEntries(days.filter(([s]) => wanted.includes(s)));
        req.preparation = { stages: optional, days: quoted };
      }
      if (usage.length > 0) req.expectedUsage = Object.fromEntries(usage);
      if (withdrawal === 'APPLICATION') req.withdrawal = { afterStage: 'APPLICATION' };
      else if (withdrawal === 'LIST') req.withdrawal = { completedStages: wanted.filter((_, i) => (seed >> i) & 1) };
      else if (withdrawal !== undefined && wanted.includes(withdrawal as PreparationStage)) req.withdrawal = { afterStage: withdrawal };
      return req;
    });
}

const caseArb = tariffArb.chain((t) => fc.tuple(fc.constant(t), requestArb(t)));
const sum = (xs: { amountCents: number }[]) => xs.reduce((a, l) => a + l.amountCents, 0);

function checkArithmetic(q: QuoteResult): void {
  expect(sum(q.lines)).toBe(q.chargesCents);
  expect(q.chargesCents + sum(q.adjustments)).toBe(q.subtotalCents);
  expect(q.vatLines.reduce((a, v) => a + v.baseCents, 0)).toBe(q.subtotalCents);
  expect(q.vatLines.reduce((a, v) => a + v.vatCents, 0)).toBe(q.vatCents);
  expect(q.totalCents).toBe(sum(q.lines) + sum(q.adjustments) + q.vatCents);
  for (const x of [...q.lines, ...q.adjustments]) expect(Number.isSafeInteger(x.amountCents)).toBe(true);
}

describe('engine properties', () => {
  it('generated tariffs and requests are valid', () => {
    fc.assert(
      fc.property(caseArb, ([t, r]) => {
        expect(validateTariff(t)).toEqual([]);
        expect(validateQuoteRequest(t, r)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('total = sum of lines + sum of adjustments + VAT, VAT bases sum to the subtotal', () => {
    fc.assert(fc.property(caseArb, ([t, r]) => checkArithmetic(computeQuote(t, r))), RUNS);
  });

  it('no charge line is negative, nor the subtotal or any VAT base', () => {
    fc.assert(
      fc.property(caseArb, ([t, r]) => {
        const q = computeQuote(t, r);
        for (const l of q.lines) expect(l.amountCents).toBeGreaterThanOrEqual(0);
        for (const v of q.vatLines) expect(v.baseCents).toBeGreaterThanOrEqual(0);
        expect(q.subtotalCents).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('graduated pricing never decreases when the volume grows', () => {
    const graduated = fc.record({ tiers: tiersArb, per: fc.constantFrom(1, 7, 1000), flat: fc.boolean() });
    fc.assert(
      fc.property(graduated, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), ({ tiers, per }, a, b) => {
        const t: TariffDefinition = {
          key: 'g',
          currency: 'EUR',
          components: [{ kind: 'VOLUME', code: 'V', label: label('v'), basis: 'PATIENTS', model: 'GRADUATED', tiers, per }],
        };
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const buyer = { category: 'PHARMA' as const, country: 'FR' };
        const qLo = computeQuote(t, { buyer, patients: lo });
        const qHi = computeQuote(t, { buyer, patients: hi });
        expect(qLo.chargesCents).toBeLessThanOrEqual(qHi.chargesCents);
        expect(qLo.totalCents).toBeLessThanOrEqual(qHi.totalCents);
      }),
      RUNS,
    );
  });

  it('a reduction never raises a price', () => {
    fc.assert(
      fc.property(caseArb, ([t, r]) => {
        const without = computeQuote({ ...t, reductions: [] }, r);
        const withReduction = computeQuote(t, r);
        expect(withReduction.subtotalCents).toBeLessThanOrEqual(without.subtotalCents);
        expect(withReduction.totalCents).toBeLessThanOrEqual(without.totalCents);
        for (const a of withReduction.adjustments.filter((x) => x.kind === 'REDUCTION')) expect(a.amountCents).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('costs only removes every margin line (zeroed and marked waived)', () => {
    const smeCase = tariffArb.chain((t) => fc.tuple(fc.constant({ ...t, costsOnly: undefined }), requestArb(t, 'SME')));
    fc.assert(
      fc.property(smeCase, ([t, r]) => {
        const q = computeQuote(t, r);
        expect(q.costsOnly).toBe(true);
        for (const l of [...q.lines, ...q.adjustments]) {
          if (l.nature === 'MARGIN') {
            expect(l.amountCents).toBe(0);
            if (l.waived) expect(l.rule).toMatch(/^Margin waived: costs only for SME buyers/);
          }
        }
        const withMargin = computeQuote({ ...t, costsOnly: [] }, r);
        expect(q.subtotalCents).toBeLessThanOrEqual(withMargin.subtotalCents);
      }),
      RUNS,
    );
  });

  it('identical input gives identical output, compiled or not, in any call order', () => {
    fc.assert(
      fc.property(caseArb, ([t, r]) => {
        const a = computeQuote(t, r);
        const b = computeQuote(JSON.parse(JSON.stringify(t)), JSON.parse(JSON.stringify(r)));
        const c = computeQuote(compileTariff(t), r);
        expect(b).toEqual(a);
        expect(c).toEqual(a);
        expect(JSON.stringify(c)).toBe(JSON.stringify(a));
      }),
      RUNS,
    );
  });

  it('never mutates the tariff or the request (deep-frozen inputs)', () => {
    fc.assert(
      fc.property(caseArb, ([t, r]) => {
        const before = JSON.stringify([t, r]);
        const frozenTariff = deepFreeze(JSON.parse(JSON.stringify(t)) as TariffDefinition);
        const frozenRequest = deepFreeze(JSON.parse(JSON.stringify(r)) as QuoteRequest);
        const q = computeQuote(frozenTariff, frozenRequest);
        computeQuote(frozenTariff, frozenRequest, { locale: 'fr' });
        expect(JSON.stringify([frozenTariff, frozenRequest])).toBe(before);
        checkArithmetic(q);
      }),
      RUNS,
    );
  });

  it('a tariff changed in place after a quote is priced afresh', () => {
    const t: TariffDefinition = { key: 'k', currency: 'EUR', components: [{ kind: 'FIXED_FEE', code: 'F', label: label('f'), amountCents: 100, incurredAt: 'APPLICATION' }] };
    const r: QuoteRequest = { buyer: { category: 'PHARMA', country: 'US' } };
    expect(computeQuote(t, r).totalCents).toBe(100);
    (t.components[0] as { amountCents: number }).amountCents = 250;
    expect(computeQuote(t, r).totalCents).toBe(250);
  });
});
