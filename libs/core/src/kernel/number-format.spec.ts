import fc from 'fast-check';
import { formatDecimal, formatInteger, formatMoney, formatPercent, NARROW_NO_BREAK_SPACE as NNBSP, NO_BREAK_SPACE as NBSP } from './number-format';

/** Cents as an exact decimal string, which Intl formats without going through a float. */
const decimal = (cents: number) => {
  const abs = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
};

describe('money', () => {
  it.each([
    [1234567, `12${NNBSP}345,67${NBSP}€`, '€12,345.67'],
    [0, `0,00${NBSP}€`, '€0.00'],
    [5, `0,05${NBSP}€`, '€0.05'],
    [100000, `1${NNBSP}000,00${NBSP}€`, '€1,000.00'],
    [-150, `-1,50${NBSP}€`, '-€1.50'],
    [Number.MAX_SAFE_INTEGER, `90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`, '€90,071,992,547,409.91'],
  ])('%p cents -> %p / %p', (cents, fr, en) => {
    expect(formatMoney(cents, 'fr')).toBe(fr);
    expect(formatMoney(cents, 'en')).toBe(en);
  });

  it('prints other currencies by symbol or code', () => {
    expect(formatMoney(100000, 'fr', 'CHF')).toBe(`1${NNBSP}000,00${NBSP}CHF`);
    expect(formatMoney(100000, 'en', 'CHF')).toBe(`CHF${NBSP}1,000.00`);
    expect(formatMoney(-100, 'en', 'USD')).toBe('-$1.00');
  });

  it('refuses what is not a safe integer of cents', () => {
    for (const bad of [1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) expect(() => formatMoney(bad, 'fr')).toThrow(RangeError);
  });

  it('equals Intl.NumberFormat (CLDR) for every safe amount (property)', () => {
    const fr = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    const en = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 })), (cents) => {
        // Intl takes a decimal string exactly (Intl.NumberFormat v3)
        expect(formatMoney(cents, 'fr')).toBe(fr.format(decimal(cents) as unknown as number));
        expect(formatMoney(cents, 'en')).toBe(en.format(decimal(cents) as unknown as number));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads back to the same cents (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (cents) => {
        expect(BigInt(formatMoney(cents, 'fr').replace(/[\u202f\u00a0,€]/g, ''))).toBe(BigInt(cents));
        expect(BigInt(formatMoney(cents, 'en').replace(/[,.€]/g, ''))).toBe(BigInt(cents));
      }),
    );
  });
});

describe('numbers', () => {
  it('groups integers and decimals like Intl', () => {
    expect(formatInteger(10001, 'fr')).toBe(`10${NNBSP}001`);
    expect(formatInteger(10001, 'en')).toBe('10,001');
    expect(formatInteger(-999, 'en')).toBe('-999');
    expect(formatDecimal(2500, 1000, 'fr')).toBe('2,5');
    expect(formatDecimal(1234567500, 1000, 'en')).toBe('1,234,567.5');
    expect(formatDecimal(12000000, 1000, 'fr')).toBe(`12${NNBSP}000`);
    const fr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (milli) => {
        const s = String(Math.abs(milli)).padStart(4, '0');
        expect(formatDecimal(milli, 1000, 'fr')).toBe(fr.format(`${milli < 0 ? '-' : ''}${s.slice(0, -3)}.${s.slice(-3)}` as unknown as number));
      }),
    );
  });

  it('prints basis points as percentages', () => {
    expect(formatPercent(2000, 'fr')).toBe(`20${NBSP}%`);
    expect(formatPercent(1250, 'fr')).toBe(`12,5${NBSP}%`);
    expect(formatPercent(550, 'en')).toBe('5.5%');
    expect(formatPercent(2000, 'fr')).toBe(new Intl.NumberFormat('fr-FR', { style: 'percent' }).format(0.2));
  });
});
