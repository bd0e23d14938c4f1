// A usage event as a secure environment reports it, checked on its own (shape, quantity,
// time): pure functions, no framework import. What needs the agreement (who may send, its
// meters, its period, its state) is checked by the service.
import { parseQuantity, type UsageMetric } from '@app/pricing/engine';
import { UsageRefusalCode } from './usage-refusal';

/** Quantities are stored as integer thousandths (the tariff engine's precision), never floats. */
export const MILLI = 1000;
/** The largest quantity one event may carry, in units. */
export const MAX_EVENT_QUANTITY = 1_000_000_000;
export const MAX_EVENT_ID_LENGTH = 128;
/** Clocks of secure environments drift: an event this far ahead of the server is still "now". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** An event that passed its own checks. */
export interface CheckedEvent {
  index: number;
  agreementId: string;
  eventId: string;
  meter: UsageMetric;
  quantityMilli: number;
  /** Epoch milliseconds (events are kept to the millisecond). */
  occurredAt: number;
}

export interface UsageRefusal {
  index: number;
  eventId: string | null;
  code: UsageRefusalCode;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Printable ASCII without spaces: ids are compared byte for byte.
const EVENT_ID = /^[\x21-\x7e]+$/;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** What stands in a batch for an entry that could not even be read (an NDJSON line that is not JSON). */
export class UnreadableEvent {
  constructor(readonly reason: string) {}
}

export function refusal(index: number, eventId: string | null, code: UsageRefusalCode, message: string): UsageRefusal {
  return { index, eventId, code, message };
}

/** Checks one raw event (anything a client sent) at position `index` of its batch. */
export function checkEvent(raw: unknown, index: number, now: number): CheckedEvent | UsageRefusal {
  if (raw instanceof UnreadableEvent) return refusal(index, null, UsageRefusalCode.INVALID_EVENT, raw.reason);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refusal(index, null, UsageRefusalCode.INVALID_EVENT, 'must be an object { agreementId, meter, quantity, occurredAt, eventId }');
  }
  const e = raw as Record<string, unknown>;
  const eventId = typeof e.eventId === 'string' ? e.eventId : null;
  const bad = (code: UsageRefusalCode, message: string) => refusal(index, eventId, code, message);
  if (eventId === null || eventId.length === 0 || eventId.length > MAX_EVENT_ID_LENGTH || !EVENT_ID.test(eventId)) {
    return bad(UsageRefusalCode.INVALID_EVENT, `eventId must be 1 to ${MAX_EVENT_ID_LENGTH} printable characters without spaces, unique per agreement`);
  }
  if (typeof e.agreementId !== 'string' || !UUID.test(e.agreementId)) return bad(UsageRefusalCode.INVALID_EVENT, 'agreementId must be an agreement id (a UUID)');
  // Which meters exist is the agreement's tariff's business: checked with it.
  if (typeof e.meter !== 'string' || e.meter.length === 0 || e.meter.length > 40) return bad(UsageRefusalCode.UNKNOWN_METER, 'meter must name one of the meters of the agreement\'s tariff');
  const quantity = quantityMilli(e.quantity);
  if (typeof quantity === 'string') return bad(UsageRefusalCode.INVALID_QUANTITY, `quantity ${quantity}`);
  const occurredAt = timestamp(e.occurredAt);
  if (occurredAt === null) {
    return bad(UsageRefusalCode.INVALID_EVENT, 'occurredAt must be an ISO 8601 date and time with its offset, e.g. 2026-11-05T14:30:00Z or 2026-11-05T15:30:00+01:00');
  }
  if (occurredAt > now + FUTURE_TOLERANCE_MS) return bad(UsageRefusalCode.IN_THE_FUTURE, 'occurredAt is in the future: report usage once it has happened');
  return { index, agreementId: e.agreementId.toLowerCase(), eventId, meter: e.meter as UsageMetric, quantityMilli: quantity, occurredAt };
}

const TOO_BIG = `exceeds ${MAX_EVENT_QUANTITY.toLocaleString('en')} units per event`;
const TOO_PRECISE = 'has more than 3 decimals (quantities are kept to the thousandth)';

/**
 * A quantity in thousandths, or why it is refused. Numbers are read through their shortest
 * decimal form (2.5 is "2.5"), so 0.1 + 0.2 is refused for its 17 decimals, not rounded. The
 * tariff engine's reader takes the common case; what it refuses is read again for the reason.
 */
export function quantityMilli(q: unknown): number | string {
  const fast = typeof q === 'number' || typeof q === 'string' ? parseQuantity(q) : null;
  if (fast !== null && fast <= MAX_EVENT_QUANTITY * MILLI) return fast + 0; // -0 is 0
  let text: string;
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) return 'must be a finite number';
    if (q < 0) return 'must not be negative';
    if (q >= 1e21) return TOO_BIG;
    text = String(q);
    if (text.includes('e-')) return TOO_PRECISE;
  } else if (typeof q === 'string') {
    text = q.trim();
    if (text.startsWith('-')) return 'must not be negative';
    if (/^\+?(nan|inf(inity)?)$/i.test(text)) return 'must be a finite number';
  } else return 'must be a number or a decimal string, e.g. 2.5 or "2.5"';
  const m = DECIMAL.exec(text);
  if (!m) return 'must be a non-negative decimal written with digits and a dot, at most 3 decimals, e.g. 2.5';
  const [, units, frac = ''] = m;
  if (frac.length > 3) return TOO_PRECISE;
  const whole = units.replace(/^0+(?=\d)/, '');
  if (whole.length > 10) return TOO_BIG;
  const milli = Number(whole) * MILLI + Number(frac.padEnd(3, '0'));
  return milli > MAX_EVENT_QUANTITY * MILLI ? TOO_BIG : milli;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the digits v[from..to), or -1 if one is not a digit. */
function digits(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch milliseconds of an ISO 8601 instant with an explicit offset (YYYY-MM-DDTHH:MM[:SS[.fff…]]
 * then Z or ±HH:MM), or null. No calendar rollover: 30 February is refused. Scanned by hand:
 * it runs for every event.
 */
export function timestamp(v: unknown): number | null {
  if (typeof v !== 'string' || v.length < 17 || v.length > 35) return null;
  if (v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':') return null;
  const y = digits(v, 0, 4);
  const mo = digits(v, 5, 7);
  const d = digits(v, 8, 10);
  const h = digits(v, 11, 13);
  const mi = digits(v, 14, 16);
  let i = 16;
  let s = 0;
  let ms = 0;
  if (v[i] === ':') {
    s = digits(v, i + 1, i + 3);
    i += 3;
    if (v[i] === '.') {
      let end = i + 1;
      while (end < v.length && v.charCodeAt(end) >= 48 && v.charCodeAt(end) <= 57) end++;
      if (end === i + 1 || end - i - 1 > 9) return null;
      ms = digits((v.slice(i + 1, Math.min(end, i + 4)) + '00').slice(0, 3), 0, 3);
      i = end;
    }
  }
  let offsetMin = 0;
  if (v[i] === 'Z' && i + 1 === v.length) offsetMin = 0;
  else if ((v[i] === '+' || v[i] === '-') && i + 6 === v.length && v[i + 3] === ':') {
    const oh = digits(v, i + 1, i + 3);
    const om = digits(v, i + 4, i + 6);
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return null;
    offsetMin = (v[i] === '-' ? -1 : 1) * (oh * 60 + om);
  } else return null;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1])) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
}

/** A quantity in thousandths as the engine's decimal string; exact for any size (sums come from SQL as text). */
export function milliToDecimal(milli: string | number | bigint): string {
  const digits = BigInt(milli).toString().padStart(4, '0');
  const units = digits.slice(0, -3).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(-3).replace(/0+$/, '');
  return frac ? `${units}.${frac}` : units;
}
