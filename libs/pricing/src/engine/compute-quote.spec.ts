import { findStandardGrid } from '../grids';
import { compileTariff } from './compile';
import { computeQuote, priceUsage } from './compute-quote';
import { VAT_MENTION_OUT_OF_SCOPE, VAT_MENTION_REVERSE_CHARGE } from './messages';
import { sampleRequest, sampleTariff } from './test-fixtures';
import { QuoteResult, TariffComponent, TariffDefinition } from './types';

const network = findStandardGrid('network-standard')!.tariff;
const amounts = (q: QuoteResult) => Object.fromEntries(q.lines.map((l) => [l.code, l.amountCents]));
const adjustments = (q: QuoteResult) => Object.fromEntries(q.adjustments.map((l) => [l.code, l.amountCents]));
const label = (fr: string, en: string) => ({ fr, en });

function tariffOf(components: TariffComponent[], extra: Partial<TariffDefinition> = {}): TariffDefinition {
  return { key: 'test', currency: 'EUR', components, ...extra };
}
const fee = (code: string, amountCents: number, more: Partial<TariffComponent> = {}): TariffComponent =>
  ({ kind: 'FIXED_FEE', code, label: label(code, code), amountCents, incurredAt: 'APPLICATION', ...more }) as TariffComponent;
const pharmaFR = { category: 'PHARMA' as const, country: 'FR' };

describe('worked examples on the network grid (hand-checked totals)', () => {
  it('a pharmaceutical company in France training an AI model', () => {
    const q = computeQuote(network, {
      buyer: { category: 'PHARMA', country: 'FR', vatNumber: 'FR83404833048' },
      purpose: 'AI_TRAINING',
      patients: 120000,
      months: 24,
      preparation: { stages: ['LINKAGE'], days: { EXTRACTION: '5.5' } },
      expectedUsage: { COMPUTE_HOURS: 300, STORAGE_GB_MONTHS: '250.5', EXTRACTIONS: 4, API_CALLS: 150000 },
    });
    expect(amounts(q)).toEqual({
      APPLICATION: 250000, //                            2,500.00 € fixed fee
      ACCESS_OPENING: 300000, //                         3,000.00 € fixed fee (margin, paid by a pharma buyer)
      'PREPARATION.EXTRACTION': 440000, //               5.5 quoted days x 800 € = 4,400.00 €
      'PREPARATION.PSEUDONYMISATION': 240000, //         3 estimated days x 800 € = 2,400.00 €
      'PREPARATION.LINKAGE': 380000, //                  4 estimated days x 950 € = 3,800.00 €
      'PATIENTS.T3': 3600000, //                         120,000 patients reach tier 3: all at 0.30 € = 36,000.00 €
      'PATIENTS.T3.FLAT': 500000, //                     tier 3 flat fee 5,000.00 €
      ACCESS_TERM: 1800000, //                           24 months x 750 € = 18,000.00 €
      'SECURE_ENVIRONMENT.COMPUTE_HOURS': 36000, //      300 h x 1.20 € = 360.00 €
      'SECURE_ENVIRONMENT.STORAGE_GB_MONTHS': 3758, //   250.5 x 0.15 € = 37.575 € -> 37.58 € (half-up)
      'SECURE_ENVIRONMENT.EXTRACTIONS': 80000, //        4 x 200 € = 800.00 €
      'SECURE_ENVIRONMENT.API_CALLS': 7500, //           150,000 calls x 0.50 € / 1,000 = 75.00 €
      CLOSURE: 100000, //                                1,000.00 €
      AI_MODEL_REVIEW: 150000, //                        AI training extra fee 1,500.00 €
    });
    // charges: 2,500 + 3,000 + 4,400 + 2,400 + 3,800 + 36,000 + 5,000 + 18,000 + 360 + 37.58
    //          + 800 + 75 + 1,000 + 1,500 = 78,872.58 €
    expect(q.chargesCents).toBe(7887258);
    // AI training x1.5 on the volume lines: (36,000 + 5,000) x 50 % = +20,500.00 €
    expect(adjustments(q)).toEqual({ 'PURPOSE.AI_TRAINING': 2050000 });
    // subtotal 78,872.58 + 20,500 = 99,372.58 €; VAT 20 % = 19,874.516 -> 19,874.52 €
    expect(q.subtotalCents).toBe(9937258);
    expect(q.vatLines).toEqual([{ rateBp: 2000, baseCents: 9937258, vatCents: 1987452, label: 'VAT 20%' }]);
    // total 99,372.58 + 19,874.52 = 119,247.10 €
    expect(q.totalCents).toBe(11924710);
    expect(q.vatRegime).toBe('FR_STANDARD');
    expect(q.vatMention).toBeNull();
    expect(q.estimate).toBe(true);
    expect(q.lines.find((l) => l.code === 'PATIENTS.T3')!.rule).toBe(
      'Volume pricing: 120,000 patients reach tier 3 (100,001–1,000,000); all patients at €0.30',
    );
  });

  it('an academic buyer (non-profit): costs only, then the 50 % academic reduction', () => {
    const q = computeQuote(network, {
      buyer: { category: 'ACADEMIC', country: 'FR' },
      purpose: 'SCIENTIFIC_RESEARCH',
      patients: 8000,
      months: 12,
    });
    expect(amounts(q)).toEqual({
      APPLICATION: 250000, //                     2,500.00 €
      ACCESS_OPENING: 0, //                       margin waived (would have been 3,000.00 €)
      'PREPARATION.EXTRACTION': 480000, //        6 days x 800 € = 4,800.00 €
      'PREPARATION.PSEUDONYMISATION': 240000, //  3 days x 800 € = 2,400.00 €
      'PATIENTS.T1': 0, //                        margin waived (would have been 8,000 x 0.80 € = 6,400.00 €)
      ACCESS_TERM: 900000, //                     12 months x 750 € = 9,000.00 €
      CLOSURE: 100000, //                         1,000.00 €
    });
    // charges 2,500 + 4,800 + 2,400 + 9,000 + 1,000 = 19,700.00 €; reduction 50 % = -9,850.00 €
    expect(q.chargesCents).toBe(1970000);
    expect(adjustments(q)).toEqual({ REDUCTION: -985000 });
    // subtotal 9,850.00 € (above the 5,000 € minimum); VAT 20 % = 1,970.00 €; total 11,820.00 €
    expect(q.subtotalCents).toBe(985000);
    expect(q.vatCents).toBe(197000);
    expect(q.totalCents).toBe(1182000);
    expect(q.costsOnly).toBe(true);
    const waived = q.lines.filter((l) => l.waived).map((l) => l.rule);
    expect(waived).toEqual([
      'Margin waived: costs only for academic buyers (Data Act, art. 9); Fixed fee, incurred at access opening; would have been €3,000.00',
      'Margin waived: costs only for academic buyers (Data Act, art. 9); Volume pricing: 8,000 patients reach tier 1 (1–10,000); all patients at €0.80; would have been €6,400.00',
    ]);
    expect(q.adjustments[0].rule).toBe('Reduction for academic buyers: 50% of €19,700.00');
    expect(q.notes).toContain('Usage (compute hours, GB-months, extractions, API calls) is billed on actual consumption; no expected usage was given.');
  });

  it('a German company with a DE VAT number: reverse charge', () => {
    const q = computeQuote(network, {
      buyer: { category: 'PHARMA', country: 'DE', vatNumber: 'DE123456789' },
      purpose: 'COMMERCIAL',
      patients: 150000,
      months: 36,
      expectedUsage: { COMPUTE_HOURS: '1000.5' },
    });
    expect(amounts(q)).toEqual({
      APPLICATION: 250000, //                             2,500.00 €
      ACCESS_OPENING: 300000, //                          3,000.00 €
      'PREPARATION.EXTRACTION': 480000, //                6 x 800 € = 4,800.00 €
      'PREPARATION.PSEUDONYMISATION': 240000, //          3 x 800 € = 2,400.00 €
      'PATIENTS.T3': 4500000, //                          150,000 x 0.30 € = 45,000.00 €
      'PATIENTS.T3.FLAT': 500000, //                      5,000.00 €
      ACCESS_TERM: 2700000, //                            36 x 750 € = 27,000.00 €
      'SECURE_ENVIRONMENT.COMPUTE_HOURS': 120060, //      1,000.5 h x 1.20 € = 1,200.60 €
      CLOSURE: 100000, //                                 1,000.00 €
    });
    // charges = 91,900.60 €; commercial use x1.3 on volume and duration:
    // (45,000 + 5,000 + 27,000) x 30 % = +23,100.00 €
    expect(q.chargesCents).toBe(9190060);
    expect(adjustments(q)).toEqual({ 'PURPOSE.COMMERCIAL': 2310000 });
    // subtotal 91,900.60 + 23,100 = 115,000.60 €; reverse charge: VAT 0; total 115,000.60 €
    expect(q.subtotalCents).toBe(11500060);
    expect(q.vatRegime).toBe('REVERSE_CHARGE_EU');
    expect(q.vatLines).toEqual([{ rateBp: 0, baseCents: 11500060, vatCents: 0, label: 'VAT 0% – reverse charge' }]);
    expect(q.totalCents).toBe(11500060);
    expect(q.vatMention).toBe('Autoliquidation – article 283-2 du CGI / article 196 de la directive 2006/112/CE');
    expect(q.lines.every((l) => l.vatRateBp === 0)).toBe(true);
  });

  it('a withdrawal after extraction pays the application fee and the extraction only', () => {
    const q = computeQuote(network, {
      buyer: { category: 'PHARMA', country: 'FR' },
      patients: 50000,
      months: 12,
      preparation: { stages: ['LINKAGE'], days: { EXTRACTION: '6.5' } },
      withdrawal: { afterStage: 'EXTRACTION' },
    });
    // application 2,500.00 € + extraction 6.5 days x 800 € = 5,200.00 €; nothing else was incurred
    expect(amounts(q)).toEqual({ APPLICATION: 250000, 'PREPARATION.EXTRACTION': 520000 });
    expect(q.adjustments).toEqual([]);
    // subtotal 7,700.00 €; VAT 20 % = 1,540.00 €; total 9,240.00 €
    expect(q.subtotalCents).toBe(770000);
    expect(q.vatCents).toBe(154000);
    expect(q.totalCents).toBe(924000);
    expect(q.withdrawn).toBe(true);
    expect(q.notes[0]).toBe(
      'Request withdrawn after the Extraction stage: only costs already incurred are charged (fees incurred at application and completed stages: Extraction); access, volume, duration, usage and closure fees and the minimum total are not charged.',
    );
  });
});

describe('volume models', () => {
  const volume = (model: string, more: object) =>
    tariffOf([{ kind: 'VOLUME', code: 'V', label: label('Volume', 'Volume'), basis: 'PATIENTS', model, ...more } as TariffComponent], { costsOnly: [] });
  const tiers = [
    { from: 1, to: 10000, unitPriceCents: 50 },
    { from: 10001, to: 50000, unitPriceCents: 40, flatFeeCents: 10000 },
    { from: 50001, to: null, unitPriceCents: 25 },
  ];

  it('graduated: each unit at the price of its tier, one line per tier, with the tier rule', () => {
    const q = computeQuote(volume('GRADUATED', { tiers }), { buyer: pharmaFR, patients: 50000 });
    // 10,000 x 0.50 = 5,000 €; 40,000 x 0.40 = 16,000 €; tier 2 flat fee 100 €
    expect(amounts(q)).toEqual({ 'V.T1': 500000, 'V.T2': 1600000, 'V.T2.FLAT': 10000 });
    expect(q.lines[1].rule).toBe('Tier 2: 10,001–50,000 patients at €0.40 (40,000 patients in this tier)');
    expect(q.lines[1].quantity).toBe('40000');
  });

  it('volume: all units at the price of the tier reached', () => {
    const t = volume('VOLUME', { tiers });
    expect(amounts(computeQuote(t, { buyer: pharmaFR, patients: 10000 }))).toEqual({ 'V.T1': 500000 });
    // 10,001 x 0.40 = 4,000.40 € + flat 100 €: cheaper per unit, but the flat fee applies
    expect(amounts(computeQuote(t, { buyer: pharmaFR, patients: 10001 }))).toEqual({ 'V.T2': 400040, 'V.T2.FLAT': 10000 });
    expect(amounts(computeQuote(t, { buyer: pharmaFR, patients: 0 }))).toEqual({});
  });

  it('package: a started block is billed whole', () => {
    const t = volume('PACKAGE', { basis: 'RECORDS', packageSize: 10000, packagePriceCents: 120000 });
    const q = computeQuote(t, { buyer: pharmaFR, records: 25001 });
    expect(q.lines[0]).toMatchObject({ quantity: '3', unit: 'package (10,000 records)', unitPriceCents: 120000, amountCents: 360000 });
    expect(q.lines[0].rule).toBe('Packages of 10,000 records at €1,200.00: 25,001 records need 3 packages');
  });

  it('per unit with a price per block of units, rounded half-up', () => {
    const t = volume('PER_UNIT', { basis: 'RECORDS', unitPriceCents: 250, per: 1000 });
    // 1,234,567 records x 2.50 € / 1,000 = 3,086.4175 € -> 3,086.42 €
    const q = computeQuote(t, { buyer: pharmaFR, records: 1234567 });
    expect(q.lines[0]).toMatchObject({ quantity: '1234567', unit: '1,000 records', unitPriceCents: 250, amountCents: 308642 });
    expect(q.lines[0].rule).toBe('1,234,567 records at €2.50 per 1,000 records');
  });
});

describe('duration', () => {
  const t = tariffOf([{ kind: 'DURATION', code: 'D', label: label('Accès', 'Access'), monthlyFeeCents: 50000, minimumMonths: 12 }]);
  it('bills the minimum term when fewer months are requested', () => {
    const q = computeQuote(t, { buyer: pharmaFR, months: 6 });
    expect(q.lines[0]).toMatchObject({ quantity: '12', amountCents: 600000, rule: '12 months × €500.00 per month (minimum term 12 months applies; 6 requested)' });
  });
  it('bills the requested months above the minimum', () => {
    expect(computeQuote(t, { buyer: pharmaFR, months: 18 }).lines[0]).toMatchObject({ quantity: '18', amountCents: 900000 });
  });
});

describe('minimum and maximum', () => {
  it('tops up to the minimum', () => {
    const q = computeQuote(tariffOf([fee('APP', 100000)], { minimumTotalCents: 500000 }), { buyer: pharmaFR });
    // 1,000 € net, minimum 5,000 € -> +4,000 €
    expect(adjustments(q)).toEqual({ MINIMUM: 400000 });
    expect(q.adjustments[0].rule).toBe('Minimum total €5,000.00 excl. VAT: net €1,000.00 raised by €4,000.00');
    expect(q.subtotalCents).toBe(500000);
    expect(q.totalCents).toBe(600000);
  });

  it('caps at the maximum', () => {
    const q = computeQuote(tariffOf([fee('APP', 100000), fee('ACCESS', 50000, { incurredAt: 'ACCESS' })], { maximumTotalCents: 120000 }), { buyer: pharmaFR });
    // 1,500 € net, cap 1,200 € -> -300 €
    expect(adjustments(q)).toEqual({ MAXIMUM: -30000 });
    expect(q.subtotalCents).toBe(120000);
    expect(q.lines.every((l) => l.amountCents >= 0)).toBe(true);
  });

  it('does not apply the minimum to a withdrawn request', () => {
    const q = computeQuote(tariffOf([fee('APP', 100000), fee('ACCESS', 50000, { incurredAt: 'ACCESS' })], { minimumTotalCents: 500000 }), {
      buyer: pharmaFR,
      withdrawal: { afterStage: 'APPLICATION' },
    });
    expect(amounts(q)).toEqual({ APP: 100000 });
    expect(q.adjustments).toEqual([]);
    expect(q.subtotalCents).toBe(100000);
  });
});

describe('withdrawal', () => {
  it('with the list of completed stages', () => {
    const q = computeQuote(sampleTariff(), { ...sampleRequest(), withdrawal: { completedStages: ['PSEUDONYMISATION'] } });
    // application 1,500 € + pseudonymisation 2.5 days x 800 € = 2,000 €; the minimum is not applied
    expect(amounts(q)).toEqual({ APP: 150000, 'PREP.PSEUDONYMISATION': 200000 });
    expect(q.subtotalCents).toBe(350000);
  });

  it('after application handling only', () => {
    const q = computeQuote(sampleTariff(), { ...sampleRequest(), withdrawal: { afterStage: 'APPLICATION' } });
    expect(amounts(q)).toEqual({ APP: 150000 });
    expect(q.notes[0]).toMatch(/^Request withdrawn after application handling: only costs already incurred are charged/);
  });
});

describe('buyer categories', () => {
  it('costs only for an SME, also for a purpose surcharge', () => {
    const q = computeQuote(sampleTariff(), { ...sampleRequest(), buyer: { category: 'SME', country: 'FR' }, purpose: 'AI_TRAINING' });
    const margin = [...q.lines, ...q.adjustments].filter((l) => l.nature === 'MARGIN');
    expect(margin.map((l) => [l.code, l.amountCents, l.waived])).toEqual([
      ['VOL.T1', 0, true],
      ['VOL.T2', 0, true],
    ]);
    // the volume lines are zero, so there is no base for the x1.5 surcharge
    expect(q.adjustments).toEqual([]);
  });

  it('waives a purpose surcharge on cost lines for a costs-only buyer, with the reason', () => {
    const t = tariffOf([fee('APP', 100000)], { purposeRules: [{ purpose: 'COMMERCIAL', multiplierBp: 12000 }] });
    const q = computeQuote(t, { buyer: { category: 'STARTUP', country: 'FR' }, purpose: 'COMMERCIAL' });
    expect(q.adjustments).toMatchObject([
      {
        code: 'PURPOSE.COMMERCIAL',
        nature: 'MARGIN',
        amountCents: 0,
        waived: true,
        rule: 'Margin waived: costs only for start-up buyers (Data Act, art. 9); Purpose commercial use: ×1.2 on €1,000.00 (fixed fees, preparation, volume, duration, usage); would have been €200.00',
      },
    ]);
    expect(q.subtotalCents).toBe(100000);
  });

  it('costs only is off for a for-profit academic buyer, and when the tariff disables it', () => {
    const forProfit = computeQuote(sampleTariff(), { ...sampleRequest(), buyer: { category: 'ACADEMIC', country: 'FR', nonProfit: false } });
    expect(forProfit.costsOnly).toBe(false);
    const t = { ...sampleTariff(), costsOnly: [] };
    expect(computeQuote(t, { ...sampleRequest(), buyer: { category: 'SME', country: 'FR' } }).costsOnly).toBe(false);
  });

  it('a purpose multiplier below x1 is a reduction, kept for costs-only buyers', () => {
    const t = tariffOf([fee('APP', 100001)], { purposeRules: [{ purpose: 'PUBLIC_HEALTH', multiplierBp: 7500 }] });
    const q = computeQuote(t, { buyer: { category: 'SME', country: 'FR' }, purpose: 'PUBLIC_HEALTH' });
    // 1,000.01 € x -25 % = -250.0025 € -> -250.00 €
    expect(adjustments(q)).toEqual({ 'PURPOSE.PUBLIC_HEALTH': -25000 });
  });
});

describe('VAT', () => {
  it('computes VAT per rate on the sum of rounded lines, not per line', () => {
    const t = tariffOf([fee('A', 3), fee('B', 4), fee('C', 100, { vatRateBp: 550 })]);
    const q = computeQuote(t, { buyer: pharmaFR });
    // 20 %: base 0.07 € -> 0.014 € -> 0.01 € (per line it would be 0.01 + 0.01)
    // 5.5 %: base 1.00 € -> 0.055 € -> 0.06 € (half-up)
    expect(q.vatLines).toEqual([
      { rateBp: 2000, baseCents: 7, vatCents: 1, label: 'VAT 20%' },
      { rateBp: 550, baseCents: 100, vatCents: 6, label: 'VAT 5.5%' },
    ]);
    expect(q.totalCents).toBe(114);
  });

  it('splits a reduction per rate, rounding each magnitude half-up', () => {
    const t = tariffOf([fee('A', 3), fee('B', 4), fee('C', 100, { vatRateBp: 550 })], {
      reductions: [{ categories: ['PUBLIC_BODY'], reductionBp: 5000 }],
    });
    const q = computeQuote(t, { buyer: { category: 'PUBLIC_BODY', country: 'FR' } });
    // 20 %: 7 x 50 % = 3.5 -> -4 cents, base 3, VAT 0.6 -> 1; 5.5 %: -50, base 50, VAT 2.75 -> 3
    expect(adjustments(q)).toEqual({ 'REDUCTION.2000': -4, 'REDUCTION.550': -50 });
    expect(q.vatLines.map((v) => [v.baseCents, v.vatCents])).toEqual([
      [3, 1],
      [50, 3],
    ]);
    expect(q.totalCents).toBe(57);
  });

  it('a buyer outside the EU is out of scope', () => {
    const q = computeQuote(tariffOf([fee('A', 100000)]), { buyer: { category: 'STARTUP', country: 'US' } });
    expect(q.vatRegime).toBe('OUT_OF_SCOPE_NON_EU');
    expect(q.vatMention).toBe(VAT_MENTION_OUT_OF_SCOPE);
    expect(q.vatLines).toEqual([{ rateBp: 0, baseCents: 100000, vatCents: 0, label: 'VAT not applicable' }]);
    expect(q.totalCents).toBe(100000);
  });

  it('an EU buyer without a VAT number pays French VAT', () => {
    const q = computeQuote(tariffOf([fee('A', 100000)]), { buyer: { category: 'ACADEMIC', country: 'IT' } });
    expect(q.vatRegime).toBe('FR_STANDARD');
    expect(q.vatCents).toBe(20000);
    expect(q.notes).toContain('Buyer established in IT without a VAT number: French VAT applies.');
    expect(VAT_MENTION_REVERSE_CHARGE).toContain('283-2');
  });
});

describe('French quote', () => {
  it('writes labels, units and rules in French', () => {
    const q = computeQuote(sampleTariff(), { ...sampleRequest(), preparation: { days: { PSEUDONYMISATION: '1.5' } } }, { locale: 'fr' });
    expect(q.locale).toBe('fr');
    expect(q.lines.map((l) => l.rule)).toEqual([
      "Forfait dû à l'instruction de la demande",
      'Extraction : 3 jours × 800,00\u00a0€ par jour (estimation du tarif)',
      'Pseudonymisation : 1,5 jour × 800,00\u00a0€ par jour (jours devisés)',
      'Tranche 1 : 1–10\u202f000 patients à 0,50\u00a0€ (10\u202f000 patients dans cette tranche)',
      'Tranche 2 : 10\u202f001–50\u202f000 patients à 0,40\u00a0€ (25\u202f000 patients dans cette tranche)',
      '12 mois × 500,00\u00a0€ par mois (12 demandés ; durée minimale 12 mois)',
      'Forfait dû à la clôture du projet',
    ]);
    expect(q.lines[1].label).toBe('Préparation – Extraction');
    expect(q.vatLines[0].label).toBe('TVA 20\u00a0%');
  });
});

describe('priceUsage', () => {
  it('prices actual usage with the buyer reduction and VAT, without fixed fees or minimum', () => {
    const q = priceUsage(sampleTariff(), { buyer: { category: 'ACADEMIC', country: 'FR' }, quantities: { COMPUTE_HOURS: '10.25', API_CALLS: 2001 } });
    // 10.25 h x 1.20 € = 12.30 €; 2,001 calls x 0.50 € / 1,000 = 1.0005 € -> 1.00 €
    expect(amounts(q)).toEqual({ 'SDE.COMPUTE_HOURS': 1230, 'SDE.API_CALLS': 100 });
    expect(q.lines.every((l) => !l.estimate)).toBe(true);
    // academic reduction 50 % of 13.30 € = -6.65 €; net 6.65 €; VAT 1.33 €
    expect(adjustments(q)).toEqual({ REDUCTION: -665 });
    expect(q.totalCents).toBe(665 + 133);
    expect(q.lines[0].rule).toBe('10.25 compute hours × €1.20');
  });

  it('does not apply the minimum or maximum total to a usage period', () => {
    // sample tariff: minimum 5,000 €, maximum 100,000 €
    const small = priceUsage(sampleTariff(), { buyer: pharmaFR, quantities: { COMPUTE_HOURS: 1 } });
    const large = priceUsage(sampleTariff(), { buyer: pharmaFR, quantities: { COMPUTE_HOURS: 100000 } });
    expect([small.subtotalCents, large.subtotalCents]).toEqual([120, 12000000]);
    expect([...small.adjustments, ...large.adjustments]).toEqual([]);
  });

  it('accepts a compiled tariff and gives the same result', () => {
    const usage = { buyer: pharmaFR, quantities: { COMPUTE_HOURS: 3 } };
    expect(priceUsage(compileTariff(sampleTariff()), usage)).toEqual(priceUsage(sampleTariff(), usage));
  });
});
