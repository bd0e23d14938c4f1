import fc from 'fast-check';
import {
  addDays, addMonths, formatDate, formatNumericDate, formatParisDateTime, isIsoDate, parisDay, parisInstant, parisMonthBounds, parisTime, parseIsoDate, toIsoDate,
} from './calendar';

const at = (iso: string) => new Date(iso);

describe('ISO calendar days', () => {
  it('parses real days only', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const bad of ['2020-02-30', '2021-02-29', '1900-02-29', '2027-04-31', '2027-13-01', '2027-00-10', '2027-03-00', '0000-01-01',
      '2027-1-01', '27-01-01', '01/03/2027', '2027-03-01T00:00:00Z', ' 2027-03-01', '', 20270301, null]) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('adds days and months', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addMonths('2027-03-01', 24)).toBe('2029-03-01');
    expect(addMonths('2027-01-31', 1)).toBe('2027-03-01');
    expect(addMonths('2028-01-29', 1)).toBe('2028-02-29');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
    expect(addMonths('2027-12-31', -1)).toBe('2027-12-01');
    expect(addMonths('2027-10-31', 1)).toBe('2027-12-01');
    expect(() => addDays('2027-02-30', 1)).toThrow(RangeError);
  });

  it('agrees with the proleptic calendar of Date for every day (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: at('1900-01-01T00:00:00Z'), max: at('2199-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -1000, max: 1000 }), (d, n) => {
        const iso = d.toISOString().slice(0, 10);
        const parts = parseIsoDate(iso)!;
        expect(toIsoDate(parts)).toBe(iso);
        expect(addDays(iso, n)).toBe(new Date(Date.UTC(parts.year, parts.month - 1, parts.day + n)).toISOString().slice(0, 10));
      }),
    );
  });

  it('writes the long form as Intl does, for every day (property)', () => {
    const fr = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const en = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(fc.date({ min: at('1900-01-01T00:00:00Z'), max: at('2199-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(formatDate(iso, 'fr')).toBe(fr.format(d));
        expect(formatDate(iso, 'en')).toBe(en.format(d));
      }),
    );
  });

  it('formats days in both languages', () => {
    expect(formatDate('2027-03-01', 'fr')).toBe('1 mars 2027');
    expect(formatDate('2028-08-15', 'en')).toBe('15 August 2028');
    expect(formatNumericDate('2026-01-05', 'fr')).toBe('05/01/2026');
    expect(formatNumericDate('2026-01-05', 'en')).toBe('2026-01-05');
    expect(() => formatNumericDate('05/01/2026', 'fr')).toThrow('not a YYYY-MM-DD calendar day');
  });
});

// 2027: clocks go forward on Sunday 28 March at 01:00 UTC (02:00 -> 03:00 in Paris) and
// back on Sunday 31 October at 01:00 UTC (03:00 -> 02:00).
describe('Paris time across both daylight-saving changes', () => {
  it.each([
    ['2027-03-28T00:59:59Z', '2027-03-28', '01:59:59', '+01:00'],
    ['2027-03-28T01:00:00Z', '2027-03-28', '03:00:00', '+02:00'],
    ['2027-03-28T02:30:00Z', '2027-03-28', '04:30:00', '+02:00'],
    ['2027-10-31T00:59:59Z', '2027-10-31', '02:59:59', '+02:00'],
    ['2027-10-31T01:00:00Z', '2027-10-31', '02:00:00', '+01:00'],
    ['2027-10-31T02:30:00Z', '2027-10-31', '03:30:00', '+01:00'],
    ['2027-07-14T21:59:59Z', '2027-07-14', '23:59:59', '+02:00'],
    ['2027-07-14T22:00:00Z', '2027-07-15', '00:00:00', '+02:00'],
    ['2027-01-14T22:59:59Z', '2027-01-14', '23:59:59', '+01:00'],
    ['2027-01-14T23:00:00Z', '2027-01-15', '00:00:00', '+01:00'],
  ])('%s is %s %s (UTC%s)', (instant, date, time, offset) => {
    expect(parisTime(at(instant))).toEqual({ date, time, offset });
    expect(parisDay(at(instant))).toBe(date);
  });

  it('finds the instant of a Paris wall-clock time', () => {
    expect(parisInstant('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(parisInstant('2027-03-29').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(parisInstant('2027-03-28', '01:59:59').toISOString()).toBe('2027-03-28T00:59:59.000Z');
    expect(parisInstant('2027-03-28', '03:00').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(() => parisInstant('2027-03-28', '02:30')).toThrow('does not exist in Paris');
    // 02:30 happens twice on 31 October: the first time, still in summer time
    expect(parisInstant('2027-10-31', '02:30').toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(parisInstant('2027-10-31', '03:00').toISOString()).toBe('2027-10-31T02:00:00.000Z');
    expect(parisInstant('2027-10-31').toISOString()).toBe('2027-10-30T22:00:00.000Z');
    expect(parisInstant('2027-11-01').toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(() => parisInstant('2027-10-31', '24:00')).toThrow(RangeError);
  });

  it('gives the bounds of a Paris month as UTC instants', () => {
    const hours = (b: { start: Date; end: Date }) => (b.end.getTime() - b.start.getTime()) / 3_600_000;
    const march = parisMonthBounds(2027, 3);
    expect([march.start.toISOString(), march.end.toISOString(), hours(march)]).toEqual(['2027-02-28T23:00:00.000Z', '2027-03-31T22:00:00.000Z', 743]);
    const october = parisMonthBounds(2027, 10);
    expect([october.start.toISOString(), october.end.toISOString(), hours(october)]).toEqual(['2027-09-30T22:00:00.000Z', '2027-10-31T23:00:00.000Z', 745]);
    const july = parisMonthBounds(2027, 7);
    expect([july.start.toISOString(), hours(july)]).toEqual(['2027-06-30T22:00:00.000Z', 744]);
    expect(parisMonthBounds(2027, 12).end.toISOString()).toBe('2027-12-31T23:00:00.000Z');
    expect(() => parisMonthBounds(2027, 13)).toThrow(RangeError);
  });

  it('midnight in Paris starts the Paris day, for every day (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: at('1980-01-01T00:00:00Z'), max: at('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = parisDay(d);
        const midnight = parisInstant(day);
        expect(midnight.getTime()).toBeLessThanOrEqual(d.getTime());
        expect(parisDay(midnight)).toBe(day);
        expect(parisDay(new Date(midnight.getTime() - 1))).toBe(addDays(day, -1));
        expect(parisInstant(addDays(day, 1)).getTime()).toBeGreaterThan(d.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('prints a Paris date-time in both languages', () => {
    expect(formatParisDateTime(at('2027-02-16T08:12:45Z'), 'fr')).toBe('16 février 2027 à 09:12:45');
    expect(formatParisDateTime(at('2027-07-16T08:12:45Z'), 'en')).toBe('16 July 2027 at 10:12:45');
    expect(() => parisDay(new Date('nope'))).toThrow(RangeError);
  });
});
