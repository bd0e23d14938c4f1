// Quantities and multipliers in the words of a quote; money, integers and percentages are
// @app/core/kernel's formatters, so every document prints numbers the same way.

import { formatDecimal } from '@app/core/kernel';
import { MILLI } from './decimal';
import { Locale } from './types';

/** A quantity in thousandths: 2500 -> "2,5" (fr) / "2.5" (en); 12000000 -> "12 000". */
export function formatQuantity(milli: number, locale: Locale): string {
  return formatDecimal(milli, MILLI, locale);
}

/** Basis points as a multiplier: 15000 -> "×1,5" (fr) / "×1.5" (en). */
export function formatMultiplier(bp: number, locale: Locale): string {
  return '×' + formatDecimal(bp, 10000, locale);
}
