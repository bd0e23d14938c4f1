import { allocateByWeights, basisPointsToPercent, centsToDecimal, vatOf } from './money';

describe('allocateByWeights', () => {
  it('splits 50/30/20 exactly', () => {
    expect(allocateByWeights(100001, [50, 30, 20])).toEqual([50001, 30000, 20000]);
  });

  it('gives the leftover cents to the largest remainders, the earlier weight first on a tie', () => {
    expect(allocateByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByWeights(2, [1, 1, 1])).toEqual([1, 1, 0]);
    // 10 x 2/7 = 2.857 and 10 x 5/7 = 7.143: the first has the larger remainder.
    expect(allocateByWeights(10, [2, 5])).toEqual([3, 7]);
  });

  it('splits a negative amount as its magnitude, every part negative or zero', () => {
    expect(allocateByWeights(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateByWeights(-1, [1, 1])).toEqual([-1, 0]);
    expect(Object.is(allocateByWeights(-1, [1, 1])[1], 0)).toBe(true);
  });

  it('stays exact where cents x weight leaves the safe integers', () => {
    const parts = allocateByWeights(9_000_000_000_000, [999_999_999, 1, 333_333_333]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(9_000_000_000_000);
    expect(parts[1]).toBe(6750);
  });

  it('refuses bad weights', () => {
    expect(() => allocateByWeights(1, [])).toThrow(RangeError);
    expect(() => allocateByWeights(1, [0, 0])).toThrow('add up to zero');
    expect(() => allocateByWeights(1, [1.5])).toThrow(RangeError);
  });
});

describe('decimals from integers', () => {
  it('writes cents with two decimals, never through a float', () => {
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(900719925474099)).toBe('9007199254740.99');
  });

  it('writes rates as percents', () => {
    expect(basisPointsToPercent(2000)).toBe('20');
    expect(basisPointsToPercent(550)).toBe('5.5');
    expect(basisPointsToPercent(210)).toBe('2.1');
    expect(basisPointsToPercent(105)).toBe('1.05');
    expect(basisPointsToPercent(0)).toBe('0');
  });

  it('rounds VAT half away from zero', () => {
    expect(vatOf(2, 2500)).toBe(1);
    expect(vatOf(1, 2000)).toBe(0);
    expect(vatOf(3, 2000)).toBe(1);
    expect(vatOf(-3, 2000)).toBe(-1);
    expect(vatOf(123456789, 2000)).toBe(24691358);
  });
});
