import fc from 'fast-check';
import {
  divCeil,
  divRoundHalfUp,
  MAX_QUANTITY_UNITS,
  mulDivRoundHalfUp,
  parseQuantity,
  quantityToString,
} from './decimal';

describe('parseQuantity', () => {
  it.each([
    ['2.5', 2500],
    ['10.25', 10250],
    ['0.001', 1],
    ['12000', 12000000],
    ['007', 7000],
    [3, 3000],
    [2.5, 2500],
    [0.1, 100],
    [10.25, 10250],
    [0, 0],
  ])('reads %p as %p thousandths', (q, milli) => {
    expect(parseQuantity(q)).toBe(milli);
  });

  it.each([['-1'], [-1], ['1.2345'], [0.0001], ['1e3'], ['1,5'], [''], ['.5'], ['5.'], [' 5'], [NaN], [Infinity], [1e13], ['10000000000001']])(
    'refuses %p',
    (q) => {
      expect(parseQuantity(q as never)).toBeNull();
    },
  );

  it('accepts the largest quantity', () => {
    expect(parseQuantity(MAX_QUANTITY_UNITS)).toBe(MAX_QUANTITY_UNITS * 1000);
    expect(parseQuantity('1000000000000.001')).toBeNull();
  });

  it('round-trips through quantityToString', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_QUANTITY_UNITS * 1000 }), (milli) => {
        expect(parseQuantity(quantityToString(milli))).toBe(milli);
      }),
    );
  });

  it('writes canonical decimals', () => {
    expect(quantityToString(2500)).toBe('2.5');
    expect(quantityToString(10250)).toBe('10.25');
    expect(quantityToString(3000)).toBe('3');
    expect(quantityToString(1)).toBe('0.001');
  });
});

describe('rounding', () => {
  it('rounds half up', () => {
    expect(divRoundHalfUp(5, 10)).toBe(1);
    expect(divRoundHalfUp(4, 10)).toBe(0);
    expect(divRoundHalfUp(15, 10)).toBe(2);
    expect(divRoundHalfUp(25, 10)).toBe(3);
    expect(divRoundHalfUp(37575, 10)).toBe(3758); // 250.5 GB-months x 0.15 € = 37.575 €
    expect(divCeil(25001, 10000)).toBe(3);
    expect(divCeil(20000, 10000)).toBe(2);
  });

  it('goes through BigInt beyond 2^53 and stays exact', () => {
    // 10^15 thousandths x 9,000,000 cents = 9 x 10^21: not a safe product, exact via BigInt
    expect(mulDivRoundHalfUp(1e15, 9_000_000, 1e6)).toBe(9_000_000_000_000_000);
    expect(mulDivRoundHalfUp(3_000_000_000_000, 3_000_001, 1_000_000)).toBe(9_000_003_000_000);
    expect(() => mulDivRoundHalfUp(1e15, 1e15, 1)).toThrow(RangeError);
  });

  it('matches BigInt arithmetic for all inputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e15 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 1, max: 1e9 }),
        (a, b, d) => {
          const exact = (BigInt(a) * BigInt(b) * 2n + BigInt(d)) / (2n * BigInt(d));
          if (exact > BigInt(Number.MAX_SAFE_INTEGER)) return;
          expect(mulDivRoundHalfUp(a, b, d)).toBe(Number(exact));
        },
      ),
    );
  });
});
