// The decimals of CII XML, written from integers (never through a float): amounts with two
// decimals and a '.' separator, rates as percents.

/** 123456 -> "1234.56", -5 -> "-0.05". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be a safe integer of cents, got ${cents}`);
  const neg = cents < 0;
  const abs = neg ? -cents : cents;
  const c = abs % 100;
  return (neg ? '-' : '') + String((abs - c) / 100) + '.' + (c < 10 ? '0' : '') + String(c);
}

/** Basis points as a percent: 2000 -> "20", 550 -> "5.5", 105 -> "1.05", 0 -> "0". */
export function basisPointsToPercent(bp: number): string {
  const units = Math.trunc(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return String(units);
  return units + '.' + (frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, '0'));
}
