// The one calendar: ISO calendar days (YYYY-MM-DD) and French legal time. Agreements start
// and end, tariffs take effect, quotes are dated and billing periods run on Paris civil
// days, whatever the server's time zone (TZ) or locale. Instants are Date objects; Paris
// wall-clock times come from the time-zone database through Intl, so daylight saving
// (last Sunday of March and of October, at 01:00 UTC) is never hand-coded.
import type { Locale } from './number-format';

export const PARIS_TIME_ZONE = 'Europe/Paris';

/** A calendar day in parts. */
export interface CivilDate {
  year: number;
  /** 1 to 12 */
  month: number;
  /** 1 to 31 */
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 28 to 31 days. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * The parts of a calendar day written YYYY-MM-DD, or null when it is malformed or does
 * not exist (2020-02-30, 2021-02-29, 2027-13-01, 0000-01-01).
 */
export function parseIsoDate(value: unknown): CivilDate | null {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Whether `value` is a real calendar day written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  return parseIsoDate(value) !== null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** { 2027, 3, 1 } -> "2027-03-01". */
export function toIsoDate(d: CivilDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

function required(date: string): CivilDate {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not a YYYY-MM-DD calendar day: ${date}`);
  return d;
}

/** A calendar day plus `days` (may be negative): addDays("2028-02-28", 1) = "2028-02-29". */
export function addDays(date: string, days: number): string {
  const d = required(date);
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  const t = new Date(0);
  t.setUTCFullYear(d.year, d.month - 1, d.day + days);
  return toIsoDate({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/**
 * The same day number `months` later; when that day does not exist, the first day of the
 * following month (2027-01-31 + 1 month = 2027-03-01), so that a period of n months from
 * any start day always covers n whole months. Agreements end on this day.
 */
export function addMonths(date: string, months: number): string {
  const d = required(date);
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (d.day <= daysInMonth(year, month)) return toIsoDate({ year, month, day: d.day });
  return month === 12 ? toIsoDate({ year: year + 1, month: 1, day: 1 }) : toIsoDate({ year, month: month + 1, day: 1 });
}

/** Paris wall-clock time at an instant. */
export interface ParisTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm:ss */
  time: string;
  /** "+01:00" in winter, "+02:00" in summer */
  offset: string;
}

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

// en-CA writes YYYY-MM-DD: the day alone, on the path of every priced request.
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

function validInstant(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError(`not a valid instant: ${String(at)}`);
}

export function parisTime(at: Date): ParisTime {
  validInstant(at);
  const parts = PARIS_PARTS.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}`, offset };
}

/** The Paris calendar day (YYYY-MM-DD) at an instant; give the instant (a clock) explicitly. */
export function parisDay(at: Date): string {
  validInstant(at);
  return PARIS_DAY.format(at);
}

/** Paris minus UTC at an instant, in milliseconds (3,600,000 in winter, 7,200,000 in summer). */
function parisOffsetMs(at: number): number {
  const t = parisTime(new Date(at));
  const [y, mo, d] = t.date.split('-').map(Number);
  const [h, mi, s] = t.time.split(':').map(Number);
  const wall = new Date(0);
  wall.setUTCFullYear(y, mo - 1, d);
  wall.setUTCHours(h, mi, s, 0);
  return wall.getTime() - (at - (((at % 1000) + 1000) % 1000));
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which Paris clocks read `date` `time` (HH:mm or HH:mm:ss, default
 * midnight). During the October change, when 02:00-02:59 happens twice, the first (summer)
 * one; a time skipped by the March change (02:00-02:59) is a RangeError.
 */
export function parisInstant(date: string, time = '00:00:00'): Date {
  const d = required(date);
  const m = TIME.exec(time);
  const [h, mi, s] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [NaN, NaN, NaN];
  if (!m || h > 23 || mi > 59 || s > 59) throw new RangeError(`not a HH:mm[:ss] time: ${time}`);
  const w = new Date(0);
  w.setUTCFullYear(d.year, d.month - 1, d.day);
  w.setUTCHours(h, mi, s, 0);
  const wall = w.getTime();
  // Offsets change at most twice a year: those a day either side are the only candidates.
  const candidates = [...new Set([parisOffsetMs(wall - 86_400_000), parisOffsetMs(wall + 86_400_000)])]
    .map((offset) => wall - offset)
    .filter((t) => parisOffsetMs(t) === wall - t)
    .sort((a, b) => a - b);
  if (!candidates.length) throw new RangeError(`${date} ${time} does not exist in Paris (clocks go forward)`);
  return new Date(candidates[0]);
}

/**
 * A Paris calendar month as UTC instants, `start` included, `end` excluded: midnight in
 * Paris on its first day and on the next month's first day (a billing period). March has
 * 743 hours, October 745.
 */
export function parisMonthBounds(year: number, month: number): { start: Date; end: Date } {
  if (!Number.isSafeInteger(year) || !Number.isSafeInteger(month) || month < 1 || month > 12 || year < 1 || year > 9999) {
    throw new RangeError(`not a calendar month: ${year}-${month}`);
  }
  const first = toIsoDate({ year, month, day: 1 });
  return { start: parisInstant(first), end: parisInstant(addMonths(first, 1)) };
}

const MONTHS: Record<Locale, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "2027-03-01" -> fr "1 mars 2027", en "1 March 2027". */
export function formatDate(date: string, locale: Locale): string {
  const d = required(date);
  return `${d.day} ${MONTHS[locale][d.month - 1]} ${d.year}`;
}

/** "2026-11-22" -> fr "22/11/2026", en "2026-11-22" (tables and headers of quotes). */
export function formatNumericDate(date: string, locale: Locale): string {
  const d = required(date);
  return locale === 'fr' ? `${pad(d.day)}/${pad(d.month)}/${pad(d.year, 4)}` : toIsoDate(d);
}

/** fr "1 mars 2027 à 11:15:30", en "1 March 2027 at 11:15:30", in Paris time. */
export function formatParisDateTime(at: Date, locale: Locale): string {
  const t = parisTime(at);
  return `${formatDate(t.date, locale)} ${locale === 'fr' ? 'à' : 'at'} ${t.time}`;
}
