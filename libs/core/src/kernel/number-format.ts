// Numbers and money as every document and message prints them, from integers only (no
// float division of cents). For numbers and euro amounts the output equals
// Intl.NumberFormat's (CLDR) for fr-FR and en-GB, character for character:
//   fr  12 345,67 €   digits grouped by U+202F (narrow no-break space), U+00A0 (no-break
//                     space) before the currency symbol and before %: "20 %", "1 000"
//   en  €12,345.67    "-€1.00", "20%", "1,000"
// Both spaces are no-break, so a wrapped line never separates a number from its digits or
// its unit; DejaVu Sans (the fonts embedded in our PDFs) has both glyphs.

export type Locale = 'fr' | 'en';

/** U+202F, the French digit group separator. */
export const NARROW_NO_BREAK_SPACE = '\u202f';
/** U+00A0, between a French amount and its currency symbol or a percent sign. */
export const NO_BREAK_SPACE = '\u00a0';

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

function groupSeparator(locale: Locale): string {
  return locale === 'fr' ? NARROW_NO_BREAK_SPACE : ',';
}

function group(digits: string, separator: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += separator + digits.slice(i, i + 3);
  return out;
}

function checkSafe(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer, got ${n}`);
}

/** A whole number with grouped digits: 10001 -> fr "10 001", en "10,001". */
export function formatInteger(n: number, locale: Locale): string {
  checkSafe(n, 'number');
  const sign = n < 0 ? '-' : '';
  return sign + group(String(Math.abs(n)), groupSeparator(locale));
}

/**
 * A decimal held as an integer count of 1/scale (scale a power of ten), trailing zeros
 * dropped: (2500, 1000) -> fr "2,5", en "2.5"; (12000000, 1000) -> "12 000".
 */
export function formatDecimal(scaled: number, scale: number, locale: Locale): string {
  checkSafe(scaled, 'number');
  const abs = Math.abs(scaled);
  const frac = abs % scale;
  const head = (scaled < 0 ? '-' : '') + group(String((abs - frac) / scale), groupSeparator(locale));
  if (frac === 0) return head;
  let f = String(frac + scale).slice(1);
  while (f.endsWith('0')) f = f.slice(0, -1);
  return head + (locale === 'fr' ? ',' : '.') + f;
}

/** Basis points as a percentage: 2000 -> fr "20 %", en "20%"; 1250 -> fr "12,5 %". */
export function formatPercent(bp: number, locale: Locale): string {
  return formatDecimal(bp, 100, locale) + (locale === 'fr' ? NO_BREAK_SPACE + '%' : '%');
}

/**
 * Integer cents as money: 1234567 -> fr "12 345,67 €", en "€12,345.67"; -100 -> fr
 * "-1,00 €", en "-€1.00". EUR, USD and GBP print their symbol; another currency prints
 * its ISO code: fr "1 000,00 CHF", en "CHF 1,000.00".
 */
export function formatMoney(cents: number, locale: Locale, currency = 'EUR'): string {
  checkSafe(cents, 'amount in cents');
  const sign = cents < 0 ? '-' : '';
  const digits = String(Math.abs(cents)).padStart(3, '0');
  const number = group(digits.slice(0, -2), groupSeparator(locale)) + (locale === 'fr' ? ',' : '.') + digits.slice(-2);
  const symbol = SYMBOLS[currency];
  if (locale === 'fr') return `${sign}${number}${NO_BREAK_SPACE}${symbol ?? currency}`;
  return symbol ? `${sign}${symbol}${number}` : `${sign}${currency}${NO_BREAK_SPACE}${number}`;
}
