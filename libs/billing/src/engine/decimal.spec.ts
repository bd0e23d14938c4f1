import { basisPointsToPercent } from './decimal';

describe('CII decimals from integers', () => {
  it('writes rates as percents', () => {
    expect(basisPointsToPercent(2000)).toBe('20');
    expect(basisPointsToPercent(550)).toBe('5.5');
    expect(basisPointsToPercent(210)).toBe('2.1');
    expect(basisPointsToPercent(105)).toBe('1.05');
    expect(basisPointsToPercent(0)).toBe('0');
  });
});
