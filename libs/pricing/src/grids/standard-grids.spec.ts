import { computeQuote, validateQuoteRequest, validateTariff } from '../engine';
import { findStandardGrid, loadStandardGrids } from './standard-grids';

describe('standard grids', () => {
  it('ships a hospital data warehouse, a registry and a hospital network grid, all valid', () => {
    const grids = loadStandardGrids();
    expect(grids.map((g) => g.key)).toEqual(['eds-standard', 'registry-standard', 'network-standard']);
    for (const g of grids) {
      expect(validateTariff(g.tariff)).toEqual([]);
      expect(g.tariff.key).toBe(g.key);
      for (const text of [g.name.fr, g.name.en, g.description.fr, g.description.en]) expect(text.length).toBeGreaterThan(10);
    }
  });

  it('returns fresh copies', () => {
    const first = loadStandardGrids();
    first[0].tariff.components.length = 0;
    expect(loadStandardGrids()[0].tariff.components.length).toBeGreaterThan(0);
    expect(findStandardGrid('nope')).toBeUndefined();
  });

  it('hospital data warehouse: an academic buyer (hand-checked)', () => {
    const t = findStandardGrid('eds-standard')!.tariff;
    const request = { buyer: { category: 'ACADEMIC' as const, country: 'FR' }, patients: 20000, months: 6 };
    expect(validateQuoteRequest(t, request)).toEqual([]);
    const q = computeQuote(t, request);
    // application 1,200 + extraction 4 x 750 = 3,000 + pseudonymisation 2 x 750 = 1,500
    // + patients (margin, waived: costs only) 0 + 6 months x 400 = 2,400 + closure 600 = 8,700.00 €
    expect(q.chargesCents).toBe(870000);
    // academic reduction 40 % = -3,480.00 €; net 5,220.00 € (> 2,000 € minimum); VAT 1,044.00 €
    expect(q.adjustments.map((a) => [a.code, a.amountCents])).toEqual([['REDUCTION', -348000]]);
    expect(q.subtotalCents).toBe(522000);
    expect(q.totalCents).toBe(626400);
  });

  it('registry: records in packages, minimum term (hand-checked)', () => {
    const t = findStandardGrid('registry-standard')!.tariff;
    const q = computeQuote(t, { buyer: { category: 'PHARMA', country: 'FR' }, records: 25001, months: 6 });
    // application 800 + review 500 + extraction 2 x 600 = 1,200 + pseudonymisation 600
    // + 3 packages x 250 = 750 + 12 months (minimum) x 250 = 3,000 + closure 300 = 7,150.00 €
    expect(q.subtotalCents).toBe(715000);
    // VAT 20 % = 1,430.00 €; total 8,580.00 €
    expect(q.totalCents).toBe(858000);
  });
});
