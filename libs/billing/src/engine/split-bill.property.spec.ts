import fc from 'fast-check';
import type { QuoteLine } from '@app/pricing/engine';
import { percentOf } from '@app/core/kernel';
import { BillContributor, PricedEvent, splitBill, vatLinesOf } from './split-bill';

function quoteLine(code: string, amountCents: number, vatRateBp: number, kind: QuoteLine['kind'] = 'FIXED_FEE'): QuoteLine {
  return {
    code,
    componentCode: code,
    label: code,
    kind,
    nature: 'COST',
    quantity: '1',
    unit: 'forfait',
    unitPriceCents: Math.abs(amountCents),
    amountCents,
    vatRateBp,
    rule: code,
    estimate: false,
    waived: false,
  };
}

const rate = fc.constantFrom(2000, 1000, 550);
const regime = fc.constantFrom<PricedEvent['vatRegime']>('FR_STANDARD', 'REVERSE_CHARGE_EU', 'OUT_OF_SCOPE_NON_EU');

const event: fc.Arbitrary<PricedEvent> = fc.record({
  lines: fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000_000 }), rate), { minLength: 1, maxLength: 8 }).map((ls) =>
    ls.map(([a, r], i) => quoteLine(`L${i}`, a, r)),
  ),
  adjustments: fc.array(fc.tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), rate), { maxLength: 3 }).map((ls) =>
    ls.map(([a, r], i) => quoteLine(`A${i}`, a, r, a < 0 ? 'REDUCTION' : 'PURPOSE_ADJUSTMENT')),
  ),
  vatRegime: regime,
});

const contributors: fc.Arbitrary<BillContributor[]> = fc
  .array(
    fc.record({
      position: fc.integer({ min: 0, max: 3 }),
      weight: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1_000_000_000 })),
      franchise: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((cs) => cs.map((c, i) => ({ id: `org-${(i * 7919) % 13}-${i}`, position: c.position, weight: c.weight, vatRegime: c.franchise ? 'FRANCHISE' : 'STANDARD' })));

describe('splitBill (properties)', () => {
  it('the parts of every line add up to the line, and the shares to the event', () => {
    fc.assert(
      fc.property(event, contributors, (e, cs) => {
        const split = splitBill(e, cs);
        e.lines.forEach((l, i) => expect(split.shares.reduce((s, sh) => s + sh.lines[i].amountCents, 0)).toBe(l.amountCents));
        e.adjustments.forEach((l, i) => expect(split.shares.reduce((s, sh) => s + sh.adjustments[i].amountCents, 0)).toBe(l.amountCents));
        const net = [...e.lines, ...e.adjustments].reduce((s, l) => s + l.amountCents, 0);
        expect(split.netCents).toBe(net);
        expect(split.shares.reduce((s, sh) => s + sh.netCents, 0)).toBe(net);
        expect(split.totalCents).toBe(split.netCents + split.vatCents);
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a negative part of a non-negative line, nor a positive part of a negative one', () => {
    fc.assert(
      fc.property(event, contributors, (e, cs) => {
        const split = splitBill(e, cs);
        for (const sh of split.shares) {
          for (const p of sh.lines) expect(p.amountCents).toBeGreaterThanOrEqual(0);
          for (const p of sh.adjustments) expect(Math.sign(p.amountCents) * Math.sign(p.source.amountCents)).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a part is within one cent of the exact proportional share', () => {
    fc.assert(
      fc.property(event, contributors, (e, cs) => {
        const split = splitBill(e, cs);
        const total = BigInt(split.totalWeight);
        for (const sh of split.shares) {
          for (const p of sh.lines) {
            const exact = BigInt(p.source.amountCents) * BigInt(sh.weight);
            const diff = BigInt(p.amountCents) * total - exact;
            expect(diff > -total && diff < total).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('computes each share VAT on its own base per category and rate, half-up', () => {
    fc.assert(
      fc.property(event, contributors, (e, cs) => {
        const split = splitBill(e, cs);
        for (const sh of split.shares) {
          for (const v of sh.vatLines) {
            const base = [...sh.lines, ...sh.adjustments]
              .filter((p) => p.vatCategory === v.category && p.vatRateBp === v.rateBp)
              .reduce((s, p) => s + p.amountCents, 0);
            expect(v.baseCents).toBe(base);
            expect(v.vatCents).toBe(v.category === 'S' ? percentOf(base, v.rateBp) : 0);
          }
          expect(sh.totalCents).toBe(sh.netCents + sh.vatCents);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the shares\' VAT together is within floor(n / 2) cents per rate of one computation over the event (what the fee annex tells the buyer)', () => {
    const subjectToVat = contributors.map((cs) => cs.map((c) => ({ ...c, vatRegime: 'STANDARD' as const })));
    fc.assert(
      fc.property(event.map((e) => ({ ...e, vatRegime: 'FR_STANDARD' as const })), subjectToVat, (e, cs) => {
        const split = splitBill(e, cs);
        const items = [...e.lines, ...e.adjustments].map((l) => ({ amountCents: l.amountCents, vatCategory: 'S' as const, vatRateBp: l.vatRateBp }));
        const once = vatLinesOf(items);
        const rates = once.length;
        expect(Math.abs(split.vatCents - once.reduce((s, v) => s + v.vatCents, 0))).toBeLessThanOrEqual(Math.floor(cs.length / 2) * rates);
        for (const v of once) {
          const perShare = split.shares.reduce((s, sh) => s + (sh.vatLines.find((x) => x.rateBp === v.rateBp)?.vatCents ?? 0), 0);
          expect(Math.abs(perShare - v.vatCents)).toBeLessThanOrEqual(Math.floor(cs.length / 2));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the order contributors are given in changes nothing', () => {
    fc.assert(
      fc.property(event, contributors, fc.integer(), (e, cs, seed) => {
        const shuffled = [...cs].sort((a, b) => ((a.weight * 31 + seed) % 7) - ((b.weight * 31 + seed) % 7));
        expect(splitBill(e, shuffled)).toEqual(splitBill(e, cs));
      }),
      { numRuns: 200 },
    );
  });
});
