// Exact arithmetic on integer cents for invoices. BigInt where a product may leave the
// safe-integer range (cents x weights up to 10^9), so no binary float touches an amount.

function toSafe(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount exceeds the safe integer range of cents');
  }
  return Number(v);
}

/** round(amount × rateBp / 10000), half away from zero, so a negative base mirrors a positive one. */
export function vatOf(baseCents: number, rateBp: number): number {
  const neg = baseCents < 0;
  const p = BigInt(neg ? -baseCents : baseCents) * BigInt(rateBp);
  let q = p / 10000n;
  if ((p % 10000n) * 2n >= 10000n) q += 1n;
  return toSafe(neg ? -q : q);
}

/** Sum of safe integers, refusing to leave the safe range. */
export function sumCents(values: readonly number[]): number {
  let s = 0;
  for (const v of values) {
    s += v;
    if (!Number.isSafeInteger(s)) throw new RangeError('amount exceeds the safe integer range of cents');
  }
  return s;
}

/**
 * Splits `amountCents` by `weights` in exact cents, largest remainder first; equal
 * remainders go to the earlier weight, so callers pass weights in their tie-break order.
 * A negative amount is split as its magnitude and every part negated. The parts always
 * add up to the amount.
 */
export function allocateByWeights(amountCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError('amount must be a safe integer of cents');
  if (weights.length === 0) throw new RangeError('at least one weight is needed');
  let total = 0n;
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError('weights are non-negative integers');
    total += BigInt(w);
  }
  if (total === 0n) throw new RangeError('the weights add up to zero');
  const neg = amountCents < 0;
  const amount = BigInt(neg ? -amountCents : amountCents);
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  for (const w of weights) {
    const p = amount * BigInt(w);
    parts.push(p / total);
    remainders.push(p % total);
    given += p / total;
  }
  let left = Number(amount - given);
  const order = weights.map((_, i) => i).sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b));
  for (let k = 0; left > 0; k++, left--) parts[order[k]] += 1n;
  return parts.map((p) => toSafe(neg ? -p : p));
}

/** CII decimal of integer cents: 123456 -> "1234.56", -5 -> "-0.05". */
export function centsToDecimal(cents: number): string {
  const neg = cents < 0;
  const abs = neg ? -cents : cents;
  const c = abs % 100;
  return (neg ? '-' : '') + String((abs - c) / 100) + '.' + (c < 10 ? '0' : '') + String(c);
}

/** CII percent of basis points: 2000 -> "20", 550 -> "5.5", 0 -> "0". */
export function basisPointsToPercent(bp: number): string {
  const units = Math.trunc(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return String(units);
  return units + '.' + (frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, '0'));
}
