import fc from 'fast-check';
import { formatInteger, formatMoney, formatMoneyEn, formatMoneyFr, formatMultiplier, formatPercent, formatQuantity, NBSP } from './format';

describe('money formatting', () => {
  it.each([
    [1234567, '12 345,67 €'],
    [0, '0,00 €'],
    [5, '0,05 €'],
    [99, '0,99 €'],
    [100, '1,00 €'],
    [100000, '1 000,00 €'],
    [-150, '-1,50 €'],
    [123456789012, '1 234 567 890,12 €'],
    [Number.MAX_SAFE_INTEGER, '90 071 992 547 409,91 €'],
  ])('fr-FR: %p cents -> %p', (cents, text) => {
    expect(formatMoneyFr(cents)).toBe(text);
    expect(formatMoney(cents, 'fr')).toBe(text);
  });

  it('uses no-break spaces on request', () => {
    expect(formatMoneyFr(1234567, { nbsp: true })).toBe(`12${NBSP}345,67${NBSP}€`);
  });

  it('formats English amounts', () => {
    expect(formatMoneyEn(1234567)).toBe('12,345.67 €');
    expect(formatMoney(40, 'en')).toBe('0.40 €');
  });

  it('is exact for every safe amount (the digits read back give the cents)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const text = formatMoneyFr(cents);
        expect(text).toMatch(/^-?\d{1,3}( \d{3})*,\d{2} €$/);
        expect(BigInt(text.replace(/[ ,€]/g, ''))).toBe(BigInt(cents));
      }),
    );
  });
});

describe('other formats', () => {
  it('groups integers and quantities', () => {
    expect(formatInteger(10001, 'fr')).toBe('10 001');
    expect(formatInteger(10001, 'en')).toBe('10,001');
    expect(formatQuantity(2500, 'fr')).toBe('2,5');
    expect(formatQuantity(1234567500, 'en')).toBe('1,234,567.5');
    expect(formatQuantity(10250, 'fr')).toBe('10,25');
  });

  it('formats basis points', () => {
    expect(formatPercent(5000, 'fr')).toBe('50 %');
    expect(formatPercent(1250, 'fr')).toBe('12,5 %');
    expect(formatPercent(550, 'en')).toBe('5.5%');
    expect(formatMultiplier(15000, 'fr')).toBe('×1,5');
    expect(formatMultiplier(12500, 'en')).toBe('×1.25');
    expect(formatMultiplier(20000, 'en')).toBe('×2');
  });
});
