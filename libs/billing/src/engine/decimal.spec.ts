import { basisPointsToPercent, centsToDecimal } from './decimal';

describe('CII decimals from integers', () => {
  it('writes cents with two decimals, never through a float', () => {
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(900719925474099)).toBe('9007199254740.99');
    expect(() => centsToDecimal(1.5)).toThrow(RangeError);
  });

  it('writes rates as percents', () => {
    expect(basisPointsToPercent(2000)).toBe('20');
    expect(basisPointsToPercent(550)).toBe('5.5');
    expect(basisPointsToPercent(210)).toBe('2.1');
    expect(basisPointsToPercent(105)).toBe('1.05');
    expect(basisPointsToPercent(0)).toBe('0');
  });
});
