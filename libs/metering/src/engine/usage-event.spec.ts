import fc from 'fast-check';
import { checkEvent, FUTURE_TOLERANCE_MS, MAX_EVENT_QUANTITY, milliToDecimal, quantityMilli, timestamp, UnreadableEvent } from './usage-event';
import { UsageRefusalCode } from './usage-refusal';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const valid = { agreementId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301', meter: 'COMPUTE_HOURS', quantity: '2.5', occurredAt: '2026-11-05T15:30:00+01:00', eventId: 'job-42/step-1' };

describe('quantityMilli', () => {
  it('reads numbers and decimal strings exactly, in thousandths', () => {
    expect(quantityMilli(-0)).toBe(0);
    expect([quantityMilli('2.5'), quantityMilli(2.5), quantityMilli(0), quantityMilli('0.001'), quantityMilli(' 7 '), quantityMilli('007.250')])
      .toEqual([2500, 2500, 0, 1, 7000, 7250]);
    expect(quantityMilli(MAX_EVENT_QUANTITY)).toBe(MAX_EVENT_QUANTITY * 1000);
  });

  it('refuses what is negative, not finite, too precise or too big, saying which', () => {
    expect(quantityMilli(-1)).toBe('must not be negative');
    expect(quantityMilli('-0.5')).toBe('must not be negative');
    for (const q of [NaN, Infinity, -Infinity, 'NaN', 'Infinity', '+inf']) expect(quantityMilli(q)).toBe('must be a finite number');
    for (const q of [0.1 + 0.2, '1.2345', 1e-7]) expect(quantityMilli(q)).toMatch(/more than 3 decimals/);
    for (const q of [MAX_EVENT_QUANTITY + 0.001, '1000000000.001', 1e21, '99999999999']) expect(quantityMilli(q)).toMatch(/exceeds 1,000,000,000 units/);
    for (const q of ['abc', '1,5', '12e3', '', '.5', '5.']) expect(quantityMilli(q)).toMatch(/non-negative decimal/);
    for (const q of [true, null, undefined, {}, [1]]) expect(quantityMilli(q)).toMatch(/number or a decimal string/);
  });

  it('round-trips every quantity through its decimal text', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_EVENT_QUANTITY * 1000 }), (milli) => quantityMilli(milliToDecimal(milli)) === milli));
  });
});

describe('milliToDecimal', () => {
  it('writes sums of any size exactly', () => {
    expect(['0', '1', '2500', '3000', '123456789012345678901'].map(milliToDecimal)).toEqual(['0', '0.001', '2.5', '3', '123456789012345678.901']);
  });
});

describe('timestamp', () => {
  it('reads ISO 8601 instants with their offset, to the millisecond', () => {
    expect(timestamp('2026-11-05T14:30:00Z')).toBe(Date.UTC(2026, 10, 5, 14, 30));
    expect(timestamp('2026-11-05T15:30:00+01:00')).toBe(Date.UTC(2026, 10, 5, 14, 30));
    expect(timestamp('2026-07-05T16:30:00.123456+02:00')).toBe(Date.UTC(2026, 6, 5, 14, 30, 0, 123));
    expect(timestamp('2026-11-05T09:30-05:00')).toBe(Date.UTC(2026, 10, 5, 14, 30));
    expect(timestamp('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
  });

  it('reads every instant back, whatever the offset it is written with', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -14 * 4, max: 14 * 4 }), (ms, quarters) => {
      const offset = quarters * 15;
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
      const sign = offset < 0 ? '-' : '+';
      const written = `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      return timestamp(written) === ms && timestamp(new Date(ms).toISOString()) === ms;
    }));
  });

  it('refuses what is not a real instant (no calendar rollover) or has no offset', () => {
    for (const v of ['2026-02-29T00:00:00Z', '2026-11-05T14:30:00.Z', '2026-11-05T14:30:00.1234567890Z', '2026-11-05T14:30:00Z ', '2026-11-05T14:3a:00Z', '2026-11-05T14:30:60Z', '2026-02-30T00:00:00Z', '2026-11-05T24:00:00Z', '2026-13-01T00:00:00Z', '2026-11-05T14:30:00',
      '2026-11-05', '2026-11-05T14:30:00+15:00', 'yesterday', 1793889000000, null]) {
      expect(timestamp(v)).toBeNull();
    }
  });
});

describe('checkEvent', () => {
  const code = (raw: unknown) => {
    const r = checkEvent(raw, 3, NOW);
    return 'code' in r ? r.code : 'OK';
  };

  it('gives a valid event its position, a lower-case agreement id and exact values', () => {
    expect(checkEvent(valid, 3, NOW)).toEqual({
      index: 3, agreementId: valid.agreementId.toLowerCase(), eventId: 'job-42/step-1', meter: 'COMPUTE_HOURS', quantityMilli: 2500,
      occurredAt: Date.UTC(2026, 10, 5, 14, 30),
    });
  });

  it('refuses each kind of problem with its code, its position and its id', () => {
    expect(checkEvent({ ...valid, quantity: -2 }, 7, NOW)).toEqual({ index: 7, eventId: 'job-42/step-1', code: UsageRefusalCode.INVALID_QUANTITY, message: 'quantity must not be negative' });
    expect(code('not an object')).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code(new UnreadableEvent('line 4 is not JSON'))).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code({ ...valid, eventId: '' })).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code({ ...valid, eventId: 'has space' })).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code({ ...valid, eventId: 'x'.repeat(129) })).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code({ ...valid, agreementId: 'AGR-2026-000001' })).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code({ ...valid, meter: '' })).toBe(UsageRefusalCode.UNKNOWN_METER);
    expect(code({ ...valid, meter: 42 })).toBe(UsageRefusalCode.UNKNOWN_METER);
    expect(code({ ...valid, quantity: '1.2345' })).toBe(UsageRefusalCode.INVALID_QUANTITY);
    expect(code({ ...valid, occurredAt: '2026-11-05 14:30' })).toBe(UsageRefusalCode.INVALID_EVENT);
    expect(code({ ...valid, occurredAt: new Date(NOW + FUTURE_TOLERANCE_MS + 1000).toISOString() })).toBe(UsageRefusalCode.IN_THE_FUTURE);
    expect(code({ ...valid, occurredAt: new Date(NOW + FUTURE_TOLERANCE_MS - 1000).toISOString() })).toBe('OK');
  });
});
