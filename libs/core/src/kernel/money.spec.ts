import fc from 'fast-check';
import {
  addCents, allocate, assertCents, centsToDecimal, decimalToCents, divCeil, divRoundHalfUp, isCents, MAX_ALLOCATION_WEIGHT, mulDivRoundHalfUp, percentOf, sumCents,
  type AllocationShare,
} from './money';
import { formatMoney } from './number-format';

const MAX = Number.MAX_SAFE_INTEGER;

describe('safe amounts', () => {
  it('accepts safe integers only', () => {
    expect(isCents(0)).toBe(true);
    expect(isCents(-MAX)).toBe(true);
    for (const bad of [0.5, NaN, Infinity, MAX + 1, '100', null]) expect(isCents(bad)).toBe(false);
    expect(() => assertCents(1.5, 'totalCents')).toThrow('totalCents must be a safe integer number of cents, got 1.5');
  });

  it('refuses a sum that leaves the safe range', () => {
    expect(addCents(MAX - 1, 1)).toBe(MAX);
    expect(() => addCents(MAX, 1)).toThrow(RangeError);
    expect(sumCents([1, 2, 3])).toBe(6);
    expect(() => sumCents([MAX, 1, -1])).toThrow(RangeError);
  });
});

describe('decimalToCents', () => {
  it('reads amounts as people and machines write them, exactly', () => {
    expect(decimalToCents('1234.5')).toBe(123450);
    expect(decimalToCents('1 234,50')).toBe(123450);
    expect(decimalToCents('12\u202f345,67\u00a0€')).toBe(1234567);
    expect(decimalToCents('€12,345.67')).toBe(1234567);
    expect(decimalToCents('12.345,67')).toBe(1234567);
    expect(decimalToCents('-0,01')).toBe(-1);
    expect(decimalToCents('-0')).toBe(0);
    expect(Object.is(decimalToCents('-0'), 0)).toBe(true);
    expect(decimalToCents('25000000.01')).toBe(2_500_000_001);
    expect(decimalToCents(12.34)).toBe(1234);
    expect(decimalToCents(0.07)).toBe(7);
    expect(decimalToCents('90071992547409.91')).toBe(MAX);
  });

  it('refuses what is not an amount in cents', () => {
    for (const bad of ['', ' ', 'abc', '1.2.3,4,5', '12,3456', '0.001', '1,234,5', '12.', ',5', '1e3', '--1', '90071992547409.92', 'NaN', '1,000.000', '1,234', '1.005', '1,234.567,89', '1.234.567,8.9']) {
      expect([bad, decimalToCents(bad)]).toEqual([bad, null]);
    }
    expect(decimalToCents(Number.NaN)).toBeNull();
    expect(decimalToCents(Infinity)).toBeNull();
    expect(decimalToCents(1e21)).toBeNull();
  });

  it('reads back every amount centsToDecimal and formatMoney write', () => {
    fc.assert(fc.property(fc.integer({ min: -MAX, max: MAX }), (c) => {
      expect(decimalToCents(centsToDecimal(c))).toBe(c === 0 ? 0 : c);
      expect(decimalToCents(centsToDecimal(c).replace('.', ','))).toBe(c === 0 ? 0 : c);
      expect(decimalToCents(formatMoney(c, 'fr'))).toBe(c === 0 ? 0 : c);
      expect(decimalToCents(formatMoney(c, 'en'))).toBe(c === 0 ? 0 : c);
    }));
  });
});

describe('centsToDecimal', () => {
  it('writes two decimals after a dot, the sign in front', () => {
    expect(centsToDecimal(123450)).toBe('1234.50');
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(10)).toBe('0.10');
    expect(centsToDecimal(100)).toBe('1.00');
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(-0)).toBe('0.00');
    expect(centsToDecimal(-1)).toBe('-0.01');
    expect(centsToDecimal(-123450)).toBe('-1234.50');
  });

  it('is exact at the ends of the safe range and beyond it as a bigint', () => {
    expect(centsToDecimal(MAX)).toBe('90071992547409.91');
    expect(centsToDecimal(-MAX)).toBe('-90071992547409.91');
    // through a float it would not be: (9007199254740990 / 100).toFixed(2) is "90071992547409.91"
    expect(centsToDecimal(MAX - 1)).toBe('90071992547409.90');
    expect(centsToDecimal(900719925474099)).toBe('9007199254740.99');
    expect(centsToDecimal(12345678901234567890123n)).toBe('123456789012345678901.23');
    expect(centsToDecimal(-7n)).toBe('-0.07');
  });

  it('refuses what is not a safe integer', () => {
    for (const bad of [1.5, NaN, Infinity, -Infinity, MAX + 1]) expect(() => centsToDecimal(bad)).toThrow(RangeError);
  });

  it('parses back to the same cents (property)', () => {
    const shape = /^-?(0|[1-9]\d*)\.\d{2}$/;
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 })), (cents) => {
        const s = centsToDecimal(cents);
        if (!shape.test(s)) return false;
        if (s.startsWith('-') !== cents < 0) return false;
        return Number(BigInt(s.replace('.', ''))) === cents + 0;
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (cents) => {
        const s = centsToDecimal(cents);
        return shape.test(s) && BigInt(s.replace('.', '')) === cents;
      }),
    );
  });
});

describe('rounding', () => {
  it('rounds half up, and half away from zero below zero', () => {
    expect(divRoundHalfUp(5, 10)).toBe(1);
    expect(divRoundHalfUp(4, 10)).toBe(0);
    expect(divRoundHalfUp(25, 10)).toBe(3);
    expect(divRoundHalfUp(-25, 10)).toBe(-3);
    expect(divRoundHalfUp(-4, 10)).toBe(0);
    expect(Object.is(divRoundHalfUp(-4, 10), -0)).toBe(false);
    expect(divCeil(25001, 10000)).toBe(3);
    expect(divCeil(20000, 10000)).toBe(2);
    expect(() => divRoundHalfUp(1, 0)).toThrow(RangeError);
  });

  it('takes percentages in basis points', () => {
    expect(percentOf(1_025_900, 2000)).toBe(205_180);
    expect(percentOf(1250, 1000)).toBe(125);
    expect(percentOf(125, 1000)).toBe(13); // 12.5 cents
    expect(percentOf(-125, 1000)).toBe(-13);
  });

  it('goes through BigInt beyond 2^53 and stays exact', () => {
    expect(mulDivRoundHalfUp(1e15, 9_000_000, 1e6)).toBe(9_000_000_000_000_000);
    expect(mulDivRoundHalfUp(-1e15, 9_000_000, 1e6)).toBe(-9_000_000_000_000_000);
    expect(mulDivRoundHalfUp(MAX, MAX, MAX)).toBe(MAX);
    expect(() => mulDivRoundHalfUp(1e15, 1e15, 1)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(0.5, 2, 1)).toThrow(RangeError);
  });

  it('matches BigInt arithmetic for every input (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e12 }), (a, b, d) => {
        const p = BigInt(a) * BigInt(b);
        const abs = p < 0n ? -p : p;
        const q = (abs * 2n + BigInt(d)) / (2n * BigInt(d));
        const exact = p < 0n ? -q : q;
        if (exact <= BigInt(MAX) && exact >= -BigInt(MAX)) return mulDivRoundHalfUp(a, b, d) === Number(exact);
        try {
          mulDivRoundHalfUp(a, b, d);
          return false;
        } catch (e) {
          return e instanceof RangeError;
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('allocate', () => {
  const shares = (...weights: number[]): AllocationShare[] => weights.map((weight, i) => ({ id: `p${i}`, weight }));

  it('splits by largest remainder', () => {
    expect(allocate(100, shares(1, 1, 1))).toEqual([34, 33, 33]);
    expect(allocate(1000, shares(1, 2, 7))).toEqual([100, 200, 700]);
    // 10.01 € by 2:1 -> 667.33 / 333.67: the cent left goes to the larger remainder (0.67)
    expect(allocate(1001, shares(2, 1))).toEqual([667, 334]);
    expect(allocate(0, shares(3, 4))).toEqual([0, 0]);
    expect(allocate(5, shares(0, 1))).toEqual([0, 5]);
  });

  it('breaks ties by position, then id, whatever the list order', () => {
    const tied = [{ id: 'b', weight: 1, position: 2 }, { id: 'a', weight: 1, position: 1 }, { id: 'c', weight: 1, position: 1 }];
    expect(allocate(2, tied)).toEqual([0, 1, 1]); // positions 1 (a, then c) before 2
    expect(allocate(1, tied)).toEqual([0, 1, 0]); // same position: a before c
    expect(allocate(1, [...tied].reverse())).toEqual([0, 1, 0]);
  });

  it('mirrors a negative amount', () => {
    expect(allocate(-100, shares(1, 1, 1))).toEqual([-34, -33, -33]);
  });

  it('handles the extremes without losing a cent', () => {
    const parts = allocate(MAX, shares(MAX_ALLOCATION_WEIGHT, MAX_ALLOCATION_WEIGHT - 1, 1));
    expect(parts.reduce((s, p) => s + BigInt(p), 0n)).toBe(BigInt(MAX));
    // exact shares ...495.5, ...895.87, 4,503,599.63: the two cents left go to .87 and .63
    expect(parts).toEqual([4_503_599_627_370_495, 4_503_599_622_866_896, 4_503_600]);
  });

  it('refuses bad shares', () => {
    expect(() => allocate(100, [])).toThrow(RangeError);
    expect(() => allocate(100, shares(0, 0))).toThrow('positive weight');
    expect(() => allocate(100, shares(MAX_ALLOCATION_WEIGHT + 1))).toThrow('weight of p0');
    expect(() => allocate(100, shares(1.5))).toThrow(RangeError);
    expect(() => allocate(0.5, shares(1))).toThrow(RangeError);
  });

  it('always sums exactly, never negative, within one cent, deterministic (property, 100,000 runs)', () => {
    const share = fc.record({
      id: fc.string({ maxLength: 4 }),
      weight: fc.oneof(fc.integer({ min: 0, max: MAX_ALLOCATION_WEIGHT }), fc.integer({ min: 0, max: 10 })),
      position: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    });
    const input = fc
      .tuple(fc.oneof(fc.maxSafeNat(), fc.nat({ max: 10_000 })), fc.array(share, { minLength: 1, maxLength: 12 }))
      .filter(([, s]) => s.some((x) => x.weight > 0));
    fc.assert(
      // plain booleans rather than expect(): 100,000 runs must stay cheap
      fc.property(input, ([amount, list]) => {
        const parts = allocate(amount, list);
        if (parts.length !== list.length) return false;
        const total = list.reduce((s, x) => s + BigInt(x.weight), 0n);
        let sum = 0n;
        for (let i = 0; i < parts.length; i++) {
          const p = parts[i];
          if (!Number.isSafeInteger(p) || p < 0) return false;
          // |p - amount × w / total| < 1  <=>  |p × total - amount × w| < total
          const diff = BigInt(p) * total - BigInt(amount) * BigInt(list[i].weight);
          if ((diff < 0n ? -diff : diff) >= total) return false;
          sum += BigInt(p);
        }
        const again = allocate(amount, list.map((x) => ({ ...x })));
        return sum === BigInt(amount) && again.every((p, i) => p === parts[i]);
      }),
      { numRuns: 100_000 },
    );
  });
});
