import { sampleTariff } from './test-fixtures';
import { TariffDefinition, VolumeComponent } from './types';
import { validateTariff } from './validate-tariff';

function withVolume(patch: Partial<VolumeComponent>): TariffDefinition {
  const t = sampleTariff();
  Object.assign(t.components[2], patch);
  return t;
}

describe('validateTariff', () => {
  it('accepts a complete tariff', () => {
    expect(validateTariff(sampleTariff())).toEqual([]);
  });

  it('reports a gap between tiers', () => {
    const t = withVolume({
      tiers: [
        { from: 1, to: 10000, unitPriceCents: 50 },
        { from: 10002, to: null, unitPriceCents: 40 },
      ],
    });
    expect(validateTariff(t)).toEqual([{ path: 'components[2].tiers[1].from', message: 'gap: unit 10001 is in no tier' }]);
  });

  it('reports overlapping tiers', () => {
    const t = withVolume({
      tiers: [
        { from: 1, to: 10000, unitPriceCents: 50 },
        { from: 9001, to: null, unitPriceCents: 40 },
      ],
    });
    expect(validateTariff(t)).toEqual([{ path: 'components[2].tiers[1].from', message: 'overlap: units 9001–10000 are already in tier 1' }]);
  });

  it('reports tiers that do not start at 1, reversed bounds and an open tier before the last', () => {
    const t = withVolume({
      tiers: [
        { from: 5, to: null, unitPriceCents: 50 },
        { from: 20, to: 10, unitPriceCents: 40 },
      ],
    });
    expect(validateTariff(t)).toEqual([
      { path: 'components[2].tiers[0].from', message: 'the first tier must start at 1' },
      { path: 'components[2].tiers[0].to', message: 'only the last tier may be open (to: null)' },
      { path: 'components[2].tiers[1].to', message: 'must not be below from (20)' },
    ]);
  });

  it('reports negative and non-integer prices', () => {
    const t = sampleTariff();
    (t.components[0] as { amountCents: number }).amountCents = -1;
    (t.components[3] as { monthlyFeeCents: number }).monthlyFeeCents = 12.5;
    expect(validateTariff(t)).toEqual([
      { path: 'components[0].amountCents', message: 'must not be negative' },
      { path: 'components[3].monthlyFeeCents', message: 'must be an integer number of cents' },
    ]);
  });

  it('reports unknown component kinds and unknown fields', () => {
    const t = sampleTariff() as unknown as { components: Record<string, unknown>[] };
    t.components.push({ kind: 'PERCENTAGE', code: 'X', label: { fr: 'x', en: 'x' } });
    t.components[0].amoutCents = 3;
    expect(validateTariff(t)).toEqual([
      { path: 'components[0].amoutCents', message: 'unknown field' },
      { path: 'components[6].kind', message: 'unknown component kind "PERCENTAGE"; expected one of FIXED_FEE, PREPARATION, VOLUME, DURATION, USAGE' },
    ]);
  });

  it('reports duplicate codes, stages and metrics', () => {
    const t = sampleTariff();
    t.components[5].code = 'APP';
    t.components.push({ kind: 'PREPARATION', code: 'PREP2', label: { fr: 'p', en: 'p' }, stages: [{ stage: 'EXTRACTION', dayRateCents: 1, estimatedDays: 1 }] });
    t.components.push({ kind: 'USAGE', code: 'SDE2', label: { fr: 'u', en: 'u' }, rates: [{ metric: 'API_CALLS', unitPriceCents: 1 }] });
    expect(validateTariff(t)).toEqual([
      { path: 'components[5].code', message: 'duplicate code APP' },
      { path: 'components[6].stages[0].stage', message: 'stage EXTRACTION appears more than once in the tariff' },
      { path: 'components[7].rates[0].metric', message: 'metric API_CALLS is priced more than once in the tariff' },
    ]);
  });

  it('reports model fields that do not belong, and missing ones', () => {
    expect(validateTariff(withVolume({ model: 'PACKAGE' }))).toEqual([
      { path: 'components[2].packageSize', message: 'is required' },
      { path: 'components[2].packagePriceCents', message: 'is required (integer cents)' },
      { path: 'components[2].tiers', message: 'only used by the GRADUATED and VOLUME model' },
    ]);
  });

  it('reports rule problems', () => {
    const t = sampleTariff();
    t.reductions = [
      { categories: ['ACADEMIC'], reductionBp: 5000 },
      { categories: ['ACADEMIC', 'NGO' as never], reductionBp: 12000 },
    ];
    t.purposeRules = [{ purpose: 'AI_TRAINING' }];
    t.minimumTotalCents = 200;
    t.maximumTotalCents = 100;
    t.currency = 'USD' as never;
    expect(validateTariff(t)).toEqual([
      { path: 'currency', message: 'must be EUR' },
      { path: 'maximumTotalCents', message: 'must not be below minimumTotalCents' },
      { path: 'reductions[1].reductionBp', message: 'must be between 1 and 10000' },
      { path: 'reductions[1].categories[0]', message: 'category ACADEMIC already has a reduction' },
      { path: 'reductions[1].categories[1]', message: 'unknown buyer category "NGO"' },
      { path: 'purposeRules[0]', message: 'needs a multiplierBp or an extraFee' },
    ]);
  });

  it('requires one VAT rate when the tariff has a minimum or maximum total', () => {
    const t = sampleTariff();
    (t.components[4] as { vatRateBp?: number }).vatRateBp = 550;
    expect(validateTariff(t)).toEqual([
      { path: 'components[4].vatRateBp', message: "must be the tariff's VAT rate (2000): a tariff with a minimum or maximum total uses one VAT rate" },
    ]);
    t.minimumTotalCents = null;
    t.maximumTotalCents = undefined;
    expect(validateTariff(t)).toEqual([]);
  });

  it('reports a missing component list and a non-object', () => {
    expect(validateTariff(null)).toEqual([{ path: 'tariff', message: 'must be an object' }]);
    expect(validateTariff({ key: 'k', currency: 'EUR', components: [] })).toEqual([{ path: 'components', message: 'must be a non-empty list' }]);
  });
});
