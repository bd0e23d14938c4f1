// Times printed in agreements: French legal time (Europe/Paris) with its UTC offset, built
// from Intl parts so the output does not depend on the server's time zone or locale data.
import { formatDate, type Locale } from '@app/licensing/engine';

export interface ParisTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm:ss */
  time: string;
  /** "+01:00" (winter) or "+02:00" (summer) */
  offset: string;
}

const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export function parisTime(at: Date): ParisTime {
  const parts = FORMAT.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}`, offset };
}

/** fr "1 mars 2027 à 11:15:30", en "1 March 2027 at 11:15:30" (Paris time). */
export function formatParisDateTime(at: Date, locale: Locale): string {
  const t = parisTime(at);
  return `${formatDate(t.date, locale)} ${locale === 'fr' ? 'à' : 'at'} ${t.time}`;
}
