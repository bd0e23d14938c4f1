// Quantities as integer thousandths, so no binary-float rounding ever reaches an amount
// (the arithmetic on cents is @app/core/kernel's money module).

import { Quantity } from './types';

/** Quantities are held as integer thousandths. */
export const MILLI = 1000;
/** Largest accepted quantity (10^12 units), so thousandths stay far below 2^53. */
export const MAX_QUANTITY_UNITS = 1e12;

/**
 * A quantity in thousandths, or null when it is not a non-negative decimal with at most
 * three decimals and at most MAX_QUANTITY_UNITS. Numbers are read through their shortest
 * decimal representation (2.5 -> "2.5"), so 0.1 means exactly one tenth.
 */
export function parseQuantity(q: Quantity | null | undefined): number | null {
  if (typeof q === 'number') {
    if (Number.isInteger(q)) return q >= 0 && q <= MAX_QUANTITY_UNITS ? q * MILLI : null;
    if (!Number.isFinite(q)) return null;
    return parseQuantity(String(q));
  }
  if (typeof q !== 'string') return null;
  // Hand-written scan of /^\d{1,13}(\.\d{1,3})?$/: this runs on every quote.
  const n = q.length;
  let units = 0;
  let i = 0;
  for (; i < n; i++) {
    const d = q.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    units = units * 10 + d;
  }
  if (i === 0 || i > 13 || units > MAX_QUANTITY_UNITS) return null;
  if (i === n) return units * MILLI;
  if (q.charCodeAt(i) !== 46 || n - i - 1 < 1 || n - i - 1 > 3) return null;
  let frac = 0;
  let scale = 100;
  for (i++; i < n; i++, scale /= 10) {
    const d = q.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    frac += d * scale;
  }
  const milli = units * MILLI + frac;
  return milli <= MAX_QUANTITY_UNITS * MILLI ? milli : null;
}

/** True when the raw value is a negative number or a string starting with '-'. */
export function isNegativeQuantity(q: unknown): boolean {
  return (typeof q === 'number' && q < 0) || (typeof q === 'string' && q.trimStart().startsWith('-'));
}

/** Canonical decimal string of a quantity in thousandths: 2500 -> "2.5", 3000 -> "3". */
export function quantityToString(milli: number): string {
  const units = Math.floor(milli / MILLI);
  const frac = milli - units * MILLI;
  if (frac === 0) return String(units);
  let f = String(frac + MILLI).slice(1);
  while (f.endsWith('0')) f = f.slice(0, -1);
  return units + '.' + f;
}
