// Integer-cent arithmetic. An amount is a JavaScript safe integer of euro cents; products
// and quotients go through BigInt whenever a plain product could leave the safe range, so
// no binary-float rounding ever reaches an amount. Functions throw a RangeError when an
// input is not a safe integer or a result would not be one.

/** An integer number of cents (a safe integer). */
export type Cents = number;

/** Basis points in one whole: 10,000 bp = 100 %. */
export const BP = 10_000;

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

function outOfRange(what: string): RangeError {
  return new RangeError(`${what} exceeds the safe integer range of cents`);
}

/** Whether `value` is a usable amount: a number that is a safe integer. */
export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** `value` itself when it is a safe integer, else a RangeError naming `what`. */
export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer number of cents, got ${value}`);
  return value;
}

/** -x without a negative zero. */
function negate(x: number): number {
  return x === 0 ? 0 : -x;
}

function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

function toSafe(value: bigint, what = 'amount'): number {
  if (value > MAX || value < -MAX) throw outOfRange(what);
  return Number(value);
}

/**
 * Cents as a decimal with two digits after a dot, as machine formats (CII XML, pain.001,
 * a bank's remittance text) want it: 123450 -> "1234.50", -1 -> "-0.01", 0 -> "0.00". Written
 * from the integer's digits, never through a float, so every safe integer (and any bigint)
 * comes out exact. For people, formatMoney prints the localised amount with its currency.
 */
export function centsToDecimal(cents: Cents | bigint): string {
  if (typeof cents === 'number' && !Number.isSafeInteger(cents)) throw new RangeError(`amount must be a safe integer number of cents, got ${cents}`);
  const negative = cents < 0;
  const digits = String(negative ? -cents : cents).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * An amount in euros typed by a person or written by a machine, as cents, read from its
 * digits (never through a float): "1234.5", "1 234,50", "1234,50 €", "-0,01", "€12,345.67".
 * A comma or a dot is the decimal separator when at most two digits follow it and it is the
 * last separator; spaces (also no-break spaces) group thousands, and so does the other
 * separator when the amount has decimals ("1,234" and "1.005" are ambiguous and refused).
 * null when the text is not an amount, has more than two decimals or leaves the safe range.
 */
export function decimalToCents(text: string | number): Cents | null {
  const raw = typeof text === 'number' ? (Number.isFinite(text) ? String(text) : '') : text;
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^€|€$/g, '').replace(/^(-?)€/, '$1');
  const m = /^(-?)(\d+(?:[.,]\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const [, sign, whole, separator, decimals = ''] = m;
  const groupings = new Set(whole.match(/[.,]/g) ?? []);
  // "1,234" or "1.005" could be either: without decimals, or with one separator for both, refuse.
  if (groupings.size > 1 || (groupings.size === 1 && (!separator || groupings.has(separator)))) return null;
  const units = BigInt(whole.replace(/[.,]/g, '')) * 100n + BigInt(decimals.padEnd(2, '0') || '0');
  if (units > MAX) return null;
  return sign ? negate(Number(units)) : Number(units);
}

/** a + b, refusing a sum outside the safe range. */
export function addCents(a: Cents, b: Cents): Cents {
  assertInteger(a, 'a');
  assertInteger(b, 'b');
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw outOfRange('sum');
  return s;
}

/** a - b, refusing a difference outside the safe range. */
export function subtractCents(a: Cents, b: Cents): Cents {
  return addCents(a, -b);
}

/** The sum of `amounts`, refusing any partial sum outside the safe range. */
export function sumCents(amounts: Iterable<Cents>): Cents {
  let total = 0;
  for (const a of amounts) total = addCents(total, a);
  return total;
}

/**
 * round(n / d) half-up for integers, d > 0. Negative values round half away from zero, so
 * that -x always rounds to -(round x): -12.5 -> -13, as a credit mirrors its invoice.
 */
export function divRoundHalfUp(n: number, d: number): number {
  assertInteger(n, 'dividend');
  assertInteger(d, 'divisor');
  if (d <= 0) throw new RangeError(`divisor must be positive, got ${d}`);
  if (n < 0) return negate(divRoundHalfUp(-n, d));
  const r = n % d;
  const q = (n - r) / d;
  return r * 2 >= d ? q + 1 : q;
}

/** ceil(n / d) for n >= 0 and d > 0 safe integers. */
export function divCeil(n: number, d: number): number {
  assertInteger(n, 'dividend');
  assertInteger(d, 'divisor');
  if (n < 0 || d <= 0) throw new RangeError(`divCeil needs n >= 0 and d > 0, got ${n} / ${d}`);
  const r = n % d;
  return r === 0 ? n / d : (n - r) / d + 1;
}

/**
 * round(a × b / d) half-up (half away from zero for a negative product), exact for any safe
 * integers a, b and d > 0: the product goes through BigInt when it is not a safe integer.
 */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  assertInteger(a, 'a');
  assertInteger(b, 'b');
  assertInteger(d, 'divisor');
  if (d <= 0) throw new RangeError(`divisor must be positive, got ${d}`);
  const p = a * b;
  if (Number.isSafeInteger(p)) {
    const abs = p < 0 ? -p : p;
    const r = abs % d;
    const q = (abs - r) / d + (r * 2 >= d ? 1 : 0);
    return p < 0 ? negate(q) : q;
  }
  const bp = BigInt(a) * BigInt(b);
  const neg = bp < 0n;
  const abs = neg ? -bp : bp;
  const bd = BigInt(d);
  let q = abs / bd;
  if ((abs % bd) * 2n >= bd) q += 1n;
  return neg ? negate(toSafe(q)) : toSafe(q);
}

/** `amount` × `bp` / 10,000, rounded half-up: percentOf(10_259_00, 2000) = 2_051_80 (20 %). */
export function percentOf(amount: Cents, bp: number): Cents {
  return mulDivRoundHalfUp(amount, bp, BP);
}

/** One part of an allocation: who receives it, its weight and its place in the stable order. */
export interface AllocationShare {
  id: string;
  /** A non-negative safe integer, at most 10^9 (weights are relative, e.g. patients contributed). */
  weight: number;
  /** Orders the parts for ties; default: the share's index in the list. */
  position?: number;
}

export const MAX_ALLOCATION_WEIGHT = 1_000_000_000;

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits `amount` among `shares` in proportion to their weights, by largest remainder:
 * each share first gets floor(amount × weight / total), then the cents left go one by one
 * to the largest remainders, ties broken by position, then id (then list order). The parts
 * (in the order of `shares`) always add up to `amount`, none is negative (for a
 * non-negative amount; a negative amount is split as the mirror of its opposite), each is
 * within one cent of its exact proportion, and the same input gives the same parts.
 */
export function allocate(amount: Cents, shares: readonly AllocationShare[]): Cents[] {
  assertCents(amount);
  if (amount < 0) return allocate(-amount, shares).map(negate);
  if (shares.length === 0) throw new RangeError('allocate needs at least one share');
  let total = 0n;
  for (const s of shares) {
    if (!Number.isSafeInteger(s.weight) || s.weight < 0 || s.weight > MAX_ALLOCATION_WEIGHT) {
      throw new RangeError(`weight of ${s.id} must be an integer from 0 to ${MAX_ALLOCATION_WEIGHT}, got ${s.weight}`);
    }
    if (s.position !== undefined && !Number.isSafeInteger(s.position)) {
      throw new RangeError(`position of ${s.id} must be an integer, got ${s.position}`);
    }
    total += BigInt(s.weight);
  }
  if (total === 0n) throw new RangeError('allocate needs at least one share with a positive weight');
  const a = BigInt(amount);
  const parts: number[] = [];
  const remainders: bigint[] = [];
  let given = 0;
  for (const s of shares) {
    const p = a * BigInt(s.weight);
    const q = Number(p / total);
    parts.push(q);
    remainders.push(p % total);
    given += q;
  }
  const left = amount - given; // < shares.length: each floor lost less than one cent
  if (left > 0) {
    const order = shares.map((_, i) => i).sort((i, j) => {
      if (remainders[i] !== remainders[j]) return remainders[i] > remainders[j] ? -1 : 1;
      const pi = shares[i].position ?? i;
      const pj = shares[j].position ?? j;
      if (pi !== pj) return pi - pj;
      return compareIds(shares[i].id, shares[j].id) || i - j;
    });
    for (let k = 0; k < left; k++) parts[order[k]] += 1;
  }
  return parts;
}
