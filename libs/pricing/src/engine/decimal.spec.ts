import fc from 'fast-check';
import { MAX_QUANTITY_UNITS, parseQuantity, quantityToString } from './decimal';

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
