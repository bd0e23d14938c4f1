import { computeQuote, priceUsage } from '@app/pricing/engine';
import { BillingInputError } from './errors';
import { BillContributor, splitBill, vatCategoryFor } from './split-bill';
import { billingTariff } from './test-fixtures';

const NETWORK: BillContributor[] = [
  { id: 'chu-marseille', position: 2, weight: 20, vatRegime: 'STANDARD' },
  { id: 'chu-paris', position: 0, weight: 50, vatRegime: 'STANDARD' },
  { id: 'hcl-lyon', position: 1, weight: 30, vatRegime: 'STANDARD' },
];

describe('splitBill', () => {
  const quote = computeQuote(
    billingTariff(),
    { buyer: { category: 'PHARMA', country: 'FR', vatNumber: 'FR83404833048' }, purpose: 'AI_TRAINING', records: 123457, months: 12 },
    { locale: 'fr' },
  );

  it('splits a signature bill 50/30/20, each line exactly, shares in position order', () => {
    const split = splitBill(quote, NETWORK);
    expect(split.shares.map((s) => s.contributorId)).toEqual(['chu-paris', 'hcl-lyon', 'chu-marseille']);
    const records = quote.lines.find((l) => l.code === 'REC')!;
    expect(records.amountCents).toBe(30864); // 123 457 records at 2.50 EUR per 1 000, half-up
    const parts = split.shares.map((s) => s.lines.find((p) => p.source.code === 'REC')!.amountCents);
    expect(parts).toEqual([15432, 9259, 6173]);
    expect(split.netCents).toBe(quote.subtotalCents);
    for (const s of split.shares) expect(s.vatLines.map((v) => [v.category, v.rateBp])).toEqual([['S', 2000]]);
    expect(split.shares[0].vatCents).toBe(Math.floor((split.shares[0].netCents * 2 + 5) / 10));
  });

  it('keeps the purpose surcharge as an adjustment split like a line', () => {
    const split = splitBill(quote, NETWORK);
    const surcharge = quote.adjustments.find((a) => a.kind === 'PURPOSE_ADJUSTMENT')!;
    expect(split.shares.map((s) => s.adjustments[0].amountCents).reduce((a, b) => a + b, 0)).toBe(surcharge.amountCents);
  });

  it('breaks equal remainders by position, then by id', () => {
    const oneCent = priceUsage(billingTariff(), { buyer: { category: 'PHARMA', country: 'FR' }, quantities: { STORAGE_GB_MONTHS: '0.111' } });
    expect(oneCent.lines[0].amountCents).toBe(1);
    const same = (id: string, position: number): BillContributor => ({ id, position, weight: 1, vatRegime: 'STANDARD' });
    expect(splitBill(oneCent, [same('b', 1), same('a', 2)]).shares.map((s) => s.lines[0].amountCents)).toEqual([1, 0]);
    expect(splitBill(oneCent, [same('b', 0), same('a', 0)]).shares.map((s) => [s.contributorId, s.lines[0].amountCents])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
  });

  it('puts a franchise seller in category E and a reverse-charge or foreign buyer in AE or O', () => {
    expect(vatCategoryFor('FR_STANDARD', 'STANDARD')).toBe('S');
    expect(vatCategoryFor('FR_STANDARD', 'FRANCHISE')).toBe('E');
    expect(vatCategoryFor('REVERSE_CHARGE_EU', 'FRANCHISE')).toBe('AE');
    expect(vatCategoryFor('OUT_OF_SCOPE_NON_EU', 'STANDARD')).toBe('O');
    const split = splitBill(quote, [
      { id: 'a', position: 0, weight: 1, vatRegime: 'STANDARD' },
      { id: 'b', position: 1, weight: 1, vatRegime: 'FRANCHISE' },
    ]);
    expect(split.shares[1].vatCents).toBe(0);
    expect(split.shares[1].vatLines.map((v) => v.category)).toEqual(['E']);
    expect(split.shares[0].vatCents).toBeGreaterThan(0);
  });

  it('refuses a bill without contributors, a duplicate or a zero weight, all at once', () => {
    expect(() => splitBill(quote, [])).toThrow(BillingInputError);
    try {
      splitBill(quote, [
        { id: 'a', position: 0, weight: 0, vatRegime: 'STANDARD' },
        { id: 'a', position: 1, weight: 1, vatRegime: 'STANDARD' },
      ]);
      throw new Error('expected a BillingInputError');
    } catch (e) {
      expect((e as BillingInputError).problems.map((p) => p.path)).toEqual(['contributors[0].weight', 'contributors[1].id']);
    }
  });
});
