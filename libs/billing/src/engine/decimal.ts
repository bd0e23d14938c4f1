// The rates of CII XML, written from integers (never through a float). Amounts are written
// by the kernel's centsToDecimal (@app/core/kernel), as every machine format writes them.

/** Basis points as a percent: 2000 -> "20", 550 -> "5.5", 105 -> "1.05", 0 -> "0". */
export function basisPointsToPercent(bp: number): string {
  const units = Math.trunc(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return String(units);
  return units + '.' + (frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, '0'));
}
