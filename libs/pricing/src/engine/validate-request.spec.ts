import { computeQuote, priceUsage, validateQuoteRequest, validateUsagePricingRequest } from './compute-quote';
import { PricingInputError } from './errors';
import { sampleRequest, sampleTariff } from './test-fixtures';
import { QuoteRequest } from './types';

const tariff = sampleTariff();
const problems = (patch: Record<string, unknown>) => validateQuoteRequest(tariff, { ...sampleRequest(), ...patch });

describe('validateQuoteRequest', () => {
  it('accepts a valid request', () => {
    expect(validateQuoteRequest(tariff, sampleRequest())).toEqual([]);
  });

  it('treats null as absent, like GraphQL optional inputs', () => {
    expect(problems({ records: null, purpose: null, preparation: null, expectedUsage: null, withdrawal: null })).toEqual([]);
  });

  it('names unknown parameters', () => {
    expect(problems({ patient: 12 })).toEqual([{ path: 'patient', message: 'unknown parameter' }]);
    expect(problems({ buyer: { category: 'PHARMA', country: 'FR', siret: 'x' } })).toEqual([{ path: 'buyer.siret', message: 'unknown parameter' }]);
  });

  it('reports contradictory patients and records on a per-patient tariff', () => {
    expect(problems({ records: 500 })).toEqual([{ path: 'records', message: 'contradicts patients: this tariff counts patients, give patients only' }]);
  });

  it('reports records given instead of patients', () => {
    expect(problems({ patients: undefined, records: 500 })).toEqual([
      { path: 'patients', message: 'is required: this tariff prices patients' },
      { path: 'records', message: 'this tariff counts patients, not records' },
    ]);
  });

  it('reports missing, negative, fractional and malformed quantities', () => {
    expect(problems({ months: undefined })).toEqual([{ path: 'months', message: 'is required: this tariff charges a monthly access fee' }]);
    expect(problems({ patients: -5 })).toEqual([{ path: 'patients', message: 'must not be negative' }]);
    expect(problems({ patients: '12.5' })).toEqual([{ path: 'patients', message: 'must be a whole number' }]);
    expect(problems({ months: 'twelve' })).toEqual([{ path: 'months', message: 'must be a non-negative number (at most 3 decimals, at most 10^12)' }]);
    expect(problems({ months: 0 })).toEqual([{ path: 'months', message: 'must be at least 1' }]);
    expect(problems({ months: 49 })).toEqual([{ path: 'months', message: 'must not exceed the maximum term of 48 months' }]);
    expect(problems({ expectedUsage: { COMPUTE_HOURS: '-3' } })).toEqual([{ path: 'expectedUsage.COMPUTE_HOURS', message: 'must not be negative' }]);
    expect(problems({ preparation: { days: { EXTRACTION: '2.0001' } } })).toEqual([
      { path: 'preparation.days.EXTRACTION', message: 'must be a non-negative number (at most 3 decimals, at most 10^12)' },
    ]);
  });

  it('reports stages and metrics the tariff does not offer', () => {
    expect(problems({ preparation: { stages: ['ANONYMISATION', 'CLEANING'], days: { LINKAGE: 2 } } })).toEqual([
      { path: 'preparation.stages[0]', message: 'stage ANONYMISATION is not offered by this tariff' },
      { path: 'preparation.stages[1]', message: 'unknown stage "CLEANING"; expected one of EXTRACTION, PSEUDONYMISATION, ANONYMISATION, LINKAGE' },
      { path: 'preparation.days.LINKAGE', message: 'stage LINKAGE is optional and not listed in preparation.stages' },
    ]);
    expect(problems({ expectedUsage: { STORAGE_GB_MONTHS: 3, GPU: 1 } })).toEqual([
      { path: 'expectedUsage.STORAGE_GB_MONTHS', message: 'this tariff does not price this metric' },
      { path: 'expectedUsage.GPU', message: 'unknown usage metric; expected one of COMPUTE_HOURS, STORAGE_GB_MONTHS, EXTRACTIONS, API_CALLS' },
    ]);
  });

  it('reports contradictory or impossible withdrawals', () => {
    expect(problems({ withdrawal: { afterStage: 'EXTRACTION', completedStages: ['EXTRACTION'] } })).toEqual([
      { path: 'withdrawal.completedStages', message: 'contradicts withdrawal.afterStage: give one of them' },
    ]);
    expect(problems({ withdrawal: {} })).toEqual([{ path: 'withdrawal', message: 'give afterStage or completedStages' }]);
    expect(problems({ withdrawal: { afterStage: 'LINKAGE' } })).toEqual([{ path: 'withdrawal.afterStage', message: 'stage LINKAGE is not part of this request' }]);
    expect(problems({ withdrawal: { completedStages: ['EXTRACTION', 'EXTRACTION'] } })).toEqual([
      { path: 'withdrawal.completedStages[1]', message: 'stage EXTRACTION is listed twice' },
    ]);
  });

  it('checks the buyer', () => {
    expect(validateQuoteRequest(tariff, { ...sampleRequest(), buyer: undefined } as unknown as QuoteRequest)).toEqual([
      { path: 'buyer', message: 'is required ({ category, country, vatNumber })' },
    ]);
    expect(problems({ buyer: { category: 'BANK', country: 'fr' } })).toEqual([
      { path: 'buyer.category', message: 'unknown buyer category "BANK"; expected one of PHARMA, STARTUP, SME, ACADEMIC, PUBLIC_BODY' },
      { path: 'buyer.country', message: 'must be an ISO 3166-1 alpha-2 code in capitals (FR, DE...)' },
    ]);
    expect(problems({ buyer: { category: 'PHARMA', country: 'EL', vatNumber: 'EL123456789' } })).toEqual([
      { path: 'buyer.country', message: 'use the ISO code GR, not the VAT prefix' },
    ]);
    expect(problems({ buyer: { category: 'PHARMA', country: 'DE', vatNumber: 'FR83404833048' } })).toEqual([
      { path: 'buyer.vatNumber', message: 'must start with DE for an organisation established in DE' },
    ]);
    expect(problems({ purpose: 'FUN' })[0].path).toBe('purpose');
  });

  it('reports a volume beyond a bounded last tier', () => {
    const t = sampleTariff();
    (t.components[2] as { tiers: { to: number | null }[] }).tiers[2].to = 100000;
    expect(validateQuoteRequest(t, { ...sampleRequest(), patients: 100001 })).toEqual([
      { path: 'patients', message: 'exceeds the largest tier (up to 100,000 patients)' },
    ]);
  });

  it('reports an invalid tariff under `tariff`', () => {
    const t = sampleTariff();
    t.currency = 'USD' as never;
    expect(validateQuoteRequest(t, sampleRequest())).toEqual([{ path: 'tariff.currency', message: 'must be EUR' }]);
  });
});

describe('computeQuote on bad input', () => {
  it('throws a PricingInputError listing the problems', () => {
    let error: unknown;
    try {
      computeQuote(tariff, { ...sampleRequest(), patients: -1, months: undefined });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PricingInputError);
    expect((error as PricingInputError).code).toBe('INVALID_QUOTE_REQUEST');
    expect((error as PricingInputError).problems.map((p) => p.path)).toEqual(['patients', 'months']);
    expect((error as PricingInputError).message).toBe(
      'Invalid quote request: patients: must not be negative; months: is required: this tariff charges a monthly access fee',
    );
  });

  it('throws INVALID_TARIFF for an invalid tariff', () => {
    const t = sampleTariff();
    t.components = [];
    expect(() => computeQuote(t, sampleRequest())).toThrow(expect.objectContaining({ code: 'INVALID_TARIFF' }));
  });

  it('refuses amounts beyond the safe range instead of losing cents', () => {
    const t = sampleTariff();
    (t.components[3] as { monthlyFeeCents: number }).monthlyFeeCents = Number.MAX_SAFE_INTEGER;
    expect(() => computeQuote(t, sampleRequest())).toThrow(
      expect.objectContaining({ code: 'INVALID_QUOTE_REQUEST', problems: [{ path: 'request', message: 'the quantities give amounts beyond the supported range' }] }),
    );
  });
});

describe('validateUsagePricingRequest', () => {
  it('checks the quantities against the tariff', () => {
    const buyer = { category: 'PHARMA' as const, country: 'FR' };
    expect(validateUsagePricingRequest(tariff, { buyer, quantities: { COMPUTE_HOURS: '12.5' } })).toEqual([]);
    expect(validateUsagePricingRequest(tariff, { buyer, quantities: { EXTRACTIONS: 1 }, months: 3 })).toEqual([
      { path: 'months', message: 'unknown parameter' },
      { path: 'quantities.EXTRACTIONS', message: 'this tariff does not price this metric' },
    ]);
    expect(() => priceUsage(tariff, { buyer } as never)).toThrow(PricingInputError);
  });
});
