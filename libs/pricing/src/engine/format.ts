// Exact formatting of cents, quantities and basis points (no float division of cents).
// fr-FR: "12 345,67 €", "2,5", "50 %"; en: "12,345.67 €", "2.5", "50%".

import { MILLI } from './decimal';
import { Locale } from './types';

export const NBSP = '\u00a0';

export interface FrenchFormatOptions {
  /** Use no-break spaces (U+00A0) instead of plain spaces, e.g. in a PDF. */
  nbsp?: boolean;
}

/** Groups the digits of a non-negative safe integer by three: 1234567 -> "1 234 567". */
export function groupDigits(n: number, separator: string): string {
  const s = String(n);
  if (s.length <= 3) return s;
  const head = s.length % 3 || 3;
  let out = s.slice(0, head);
  for (let i = head; i < s.length; i += 3) out += separator + s.slice(i, i + 3);
  return out;
}

function twoDigits(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function money(cents: number, group: string, decimal: string, space: string): string {
  const neg = cents < 0;
  const abs = neg ? -cents : cents;
  const c = abs % 100;
  const euros = (abs - c) / 100;
  return (neg ? '-' : '') + groupDigits(euros, group) + decimal + twoDigits(c) + space + '€';
}

/** fr-FR money from integer cents: 1234567 -> "12 345,67 €", -50 -> "-0,50 €". */
export function formatMoneyFr(cents: number, options?: FrenchFormatOptions): string {
  const sp = options?.nbsp ? NBSP : ' ';
  return money(cents, sp, ',', sp);
}

/** English money from integer cents: 1234567 -> "12,345.67 €". */
export function formatMoneyEn(cents: number): string {
  return money(cents, ',', '.', ' ');
}

export function formatMoney(cents: number, locale: Locale): string {
  return locale === 'fr' ? money(cents, ' ', ',', ' ') : money(cents, ',', '.', ' ');
}

/** A whole number with grouped digits: 10001 -> "10 001" (fr) / "10,001" (en). */
export function formatInteger(n: number, locale: Locale): string {
  return groupDigits(n, locale === 'fr' ? ' ' : ',');
}

/** A quantity in thousandths: 2500 -> "2,5" (fr) / "2.5" (en); 12000000 -> "12 000". */
export function formatQuantity(milli: number, locale: Locale): string {
  const units = (milli - (milli % MILLI)) / MILLI;
  const frac = milli % MILLI;
  const head = groupDigits(units, locale === 'fr' ? ' ' : ',');
  if (frac === 0) return head;
  let f = String(frac + MILLI).slice(1);
  while (f.endsWith('0')) f = f.slice(0, -1);
  return head + (locale === 'fr' ? ',' : '.') + f;
}

function bpDecimal(bp: number, scale: number, locale: Locale): string {
  const whole = Math.floor(bp / scale);
  const frac = bp - whole * scale;
  if (frac === 0) return String(whole);
  let f = String(frac + scale).slice(1);
  while (f.endsWith('0')) f = f.slice(0, -1);
  return whole + (locale === 'fr' ? ',' : '.') + f;
}

/** Basis points as a percentage: 5000 -> "50 %" (fr) / "50%" (en); 1250 -> "12,5 %". */
export function formatPercent(bp: number, locale: Locale): string {
  return bpDecimal(bp, 100, locale) + (locale === 'fr' ? ' %' : '%');
}

/** Basis points as a multiplier: 15000 -> "×1,5" (fr) / "×1.5" (en). */
export function formatMultiplier(bp: number, locale: Locale): string {
  return '×' + bpDecimal(bp, 10000, locale);
}
