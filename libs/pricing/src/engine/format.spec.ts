import { formatMultiplier, formatQuantity } from './format';

describe('quantities and multipliers', () => {
  it('formats quantities in thousandths', () => {
    expect(formatQuantity(2500, 'fr')).toBe('2,5');
    expect(formatQuantity(1234567500, 'en')).toBe('1,234,567.5');
    expect(formatQuantity(10250, 'fr')).toBe('10,25');
    expect(formatQuantity(12000000, 'fr')).toBe('12\u202f000');
  });

  it('formats multipliers in basis points', () => {
    expect(formatMultiplier(15000, 'fr')).toBe('×1,5');
    expect(formatMultiplier(12500, 'en')).toBe('×1.25');
    expect(formatMultiplier(20000, 'en')).toBe('×2');
  });
});
