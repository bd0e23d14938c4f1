// Locale formatting of variable values (money: @app/core/kernel's formatMoney).
import type { Locale } from './types';

const MONTHS: Record<Locale, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** Parses `YYYY-MM-DD` into its parts, or null when malformed or not a calendar date. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth ? { year, month, day } : null;
}

/** `2027-03-01` -> fr `1 mars 2027`, en `1 March 2027`. */
export function formatDate(value: string, locale: Locale): string {
  const d = parseIsoDate(value);
  if (!d) throw new RangeError(`not a YYYY-MM-DD date: ${value}`);
  return `${d.day} ${MONTHS[locale][d.month - 1]} ${d.year}`;
}

export function formatBoolean(value: boolean, locale: Locale): string {
  return locale === 'fr' ? (value ? 'oui' : 'non') : value ? 'yes' : 'no';
}
