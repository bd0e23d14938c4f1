import fc from 'fast-check';
import { priceUsage, type QuoteBuyer, type TariffDefinition, type UsageQuantities } from '@app/pricing/engine';
import { lateUsageSupplement } from './late-usage';
import { splitBill } from './split-bill';
import { billingTariff } from './test-fixtures';

const PHARMA: QuoteBuyer = { category: 'PHARMA', country: 'FR' };
const price = (quantities: UsageQuantities, buyer: QuoteBuyer = PHARMA, tariff: TariffDefinition = billingTariff()) =>
  priceUsage(tariff, { buyer, quantities }, { locale: 'fr' });

describe('lateUsageSupplement', () => {
  it('invoices what the late events add, line by line, in the quantities added', () => {
    const billed = price({ COMPUTE_HOURS: '10', STORAGE_GB_MONTHS: '100' });
    const now = price({ COMPUTE_HOURS: '12.5', STORAGE_GB_MONTHS: '100', API_CALLS: '3000' });
    const s = lateUsageSupplement(now, billed, 'BILL-2026-000042')!;
    expect(s.lines.map((l) => [l.code, l.quantity, l.unitPriceCents, l.amountCents])).toEqual([
      ['SDE.COMPUTE_HOURS', '2.5', 120, 300],
      ['SDE.API_CALLS', '3000', 50, 150],
    ]);
    expect(s.adjustments).toEqual([]);
    expect(s.subtotalCents).toBe(now.subtotalCents - billed.subtotalCents);
    expect(s.vatLines).toEqual([{ rateBp: 2000, baseCents: 450, vatCents: 90, label: now.vatLines[0].label }]);
    expect(s.totalCents).toBe(540);
    expect(s.lines[0].rule).toMatch(/^Usage du mois au total : 12,5 .*, moins 12,00\s€ déjà facturés \(BILL-2026-000042\)$/);
    expect(s.notes.at(-1)).toContain('BILL-2026-000042');
  });

  it('carries the changes of the adjustments, a buyer reduction with its sign', () => {
    const academic: QuoteBuyer = { category: 'ACADEMIC', country: 'FR' };
    const billed = price({ COMPUTE_HOURS: '10' }, academic);
    const now = price({ COMPUTE_HOURS: '20' }, academic);
    const s = lateUsageSupplement(now, billed, 'B-1')!;
    expect(s.lines.map((l) => l.amountCents)).toEqual([1200]);
    expect(s.adjustments.map((a) => [a.code, a.amountCents])).toEqual([[now.adjustments[0].code, -600]]);
    expect(s.subtotalCents).toBe(600);
  });

  it('adds nothing when nothing new is priced, and never lowers what was invoiced', () => {
    const billed = price({ COMPUTE_HOURS: '10', API_CALLS: '1' });
    expect(lateUsageSupplement(billed, billed, 'B-1')).toBeNull();
    // One more API call at 0.50 EUR per 1,000 rounds to nothing yet: it waits for the next.
    expect(lateUsageSupplement(price({ COMPUTE_HOURS: '10', API_CALLS: '2' }), billed, 'B-1')).toBeNull();
    // A month priced lower than its bills (a tariff's rounding, or usage moved to a cheaper line) is a credit note's business.
    expect(lateUsageSupplement(price({ COMPUTE_HOURS: '9' }), billed, 'B-1')).toBeNull();
  });

  it('deducts a line that moved away as "already invoiced"', () => {
    const billed = price({ COMPUTE_HOURS: '10', STORAGE_GB_MONTHS: '100' });
    const now = { ...price({ COMPUTE_HOURS: '30', STORAGE_GB_MONTHS: '100' }) };
    now.lines = now.lines.filter((l) => l.code !== 'SDE.STORAGE_GB_MONTHS');
    now.chargesCents = now.lines.reduce((s, l) => s + l.amountCents, 0);
    now.subtotalCents = now.chargesCents;
    const s = lateUsageSupplement(now, billed, 'B-7')!;
    expect(s.lines.map((l) => [l.code, l.amountCents])).toEqual([['SDE.COMPUTE_HOURS', 2400]]);
    expect(s.adjustments.map((a) => [a.code, a.label.startsWith('Déjà facturé'), a.amountCents])).toEqual([['SDE.STORAGE_GB_MONTHS', true, -900]]);
    expect(s.subtotalCents).toBe(1500);
  });

  it('makes the bills of a month add up to the month priced on all its usage, for any order of late reports', () => {
    const quantity = fc.integer({ min: 0, max: 5_000_000 }).map((milli) => String(milli / 1000));
    const report = fc.record({ COMPUTE_HOURS: quantity, STORAGE_GB_MONTHS: quantity, API_CALLS: fc.integer({ min: 0, max: 200_000 }).map(String) });
    const buyer = fc.constantFrom<QuoteBuyer>(PHARMA, { category: 'ACADEMIC', country: 'FR' }, { category: 'PHARMA', country: 'DE', vatNumber: 'DE129273398' });
    fc.assert(fc.property(buyer, fc.array(report, { minLength: 1, maxLength: 5 }), (b, reports) => {
      const cumulative: Record<string, number> = { COMPUTE_HOURS: 0, STORAGE_GB_MONTHS: 0, API_CALLS: 0 };
      const asQuantities = () => Object.fromEntries(Object.entries(cumulative).map(([k, v]) => [k, String(v / 1000)])) as UsageQuantities;
      const add = (r: Record<string, string>) => { for (const [k, v] of Object.entries(r)) cumulative[k] += Math.round(Number(v) * 1000); };
      add(reports[0]);
      let billedQuantities = asQuantities();
      let invoiced = price(billedQuantities, b).subtotalCents;
      for (const r of reports.slice(1)) {
        add(r);
        const now = price(asQuantities(), b);
        const s = lateUsageSupplement(now, price(billedQuantities, b), 'B-1');
        if (s === null) {
          expect(now.subtotalCents).toBeLessThanOrEqual(invoiced);
          continue;
        }
        expect(s.subtotalCents).toBeGreaterThan(0);
        expect(s.lines.every((l) => l.amountCents > 0)).toBe(true);
        // Split among three contributors, every invoice's lines add up to the supplement.
        const split = splitBill(s, [
          { id: 'a', position: 0, weight: 50, vatRegime: 'STANDARD' },
          { id: 'b', position: 1, weight: 30, vatRegime: 'STANDARD' },
          { id: 'c', position: 2, weight: 20, vatRegime: 'STANDARD' },
        ]);
        expect(split.netCents).toBe(s.subtotalCents);
        invoiced += s.subtotalCents;
        billedQuantities = asQuantities();
      }
      // Usage is priced linearly (rounded per line), so the bills meet the month's price exactly.
      expect(invoiced).toBe(price(asQuantities(), b).subtotalCents);
    }), { numRuns: 300 });
  });
});
