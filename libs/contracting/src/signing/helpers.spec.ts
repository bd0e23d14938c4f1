import { children, readTlv } from './der';
import { decodePdfTextBytes, encodePdfTextString, parsePdfStringAt } from './pdf-strings';
import { parsePdfDate } from './verify';

describe('PDF text strings', () => {
  it('encodes ASCII as an escaped literal and anything else as UTF-16BE hex', () => {
    expect(encodePdfTextString('Paris (75)\\x')).toBe('(Paris \\(75\\)\\\\x)');
    expect(encodePdfTextString('é')).toBe('<FEFF00E9>');
  });

  it('parses literal strings with escapes, nesting, octal and line continuations', () => {
    const src = '/Reason (a\\(b\\) (nested) \\101\\n\\\ncont) /X';
    const parsed = parsePdfStringAt(src, src.indexOf('('));
    expect(parsed?.bytes.toString('latin1')).toBe('a(b) (nested) A\ncont');
    expect(src.slice(parsed!.end)).toBe(' /X');
  });

  it('parses hex strings and decodes UTF-16BE / UTF-8 BOM / PDFDocEncoding', () => {
    const hex = '<FEFF00C9006C006F00EF0073 0065>';
    expect(decodePdfTextBytes(parsePdfStringAt(hex, 0)!.bytes)).toBe('Éloïse');
    expect(decodePdfTextBytes(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('Dupré')]))).toBe('Dupré');
    expect(decodePdfTextBytes(Buffer.from('Caf\xe9', 'latin1'))).toBe('Café');
    expect(parsePdfStringAt('<<', 0)).toBeUndefined();
  });
});

describe('parsePdfDate', () => {
  it('handles Z, offsets and partial dates', () => {
    expect(parsePdfDate('D:20250301101530Z')?.toISOString()).toBe('2025-03-01T10:15:30.000Z');
    expect(parsePdfDate("D:20250301111530+01'00'")?.toISOString()).toBe('2025-03-01T10:15:30.000Z');
    expect(parsePdfDate("D:20250301051530-05'00")?.toISOString()).toBe('2025-03-01T10:15:30.000Z');
    expect(parsePdfDate('D:2025')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parsePdfDate('garbage')).toBeUndefined();
  });
});

describe('DER walker', () => {
  it('reads definite and indefinite lengths', () => {
    // SEQUENCE { INTEGER 5, OCTET STRING 'ab' } with long-form length, then trailing zero padding.
    const der = Buffer.from([0x30, 0x81, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, 0x61, 0x62, 0, 0, 0]);
    const top = readTlv(der, 0);
    expect(top.end).toBe(10);
    expect(children(der, top).map((t) => t.tag)).toEqual([0x02, 0x04]);
    const ber = Buffer.from([0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00]);
    const indef = readTlv(ber, 0);
    expect(indef.end).toBe(7);
    expect(children(ber, indef)).toHaveLength(1);
    expect(() => readTlv(Buffer.from([0x30, 0x05, 0x01]), 0)).toThrow(/overruns/);
  });
});
