import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { fixturePath, loadValidLicence } from './__fixtures__/helpers';
import { canonicalForm, canonicalJson, templateHash, variablesHash } from './canonical';
import { formatDate, parseIsoDate } from './format';
import { parseTemplate } from './loader';

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

/** Trailing spaces on every line of every localized text (the fr/en values). */
function addTrailingSpaces(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key === 'fr' || key === 'en' ? `${value.replace(/\n/g, '  \n')} \t` : value;
  if (Array.isArray(value)) return value.map((v) => addTrailingSpaces(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, addTrailingSpaces(v, k)]));
  return value;
}

describe('template hash', () => {
  const source = readFileSync(fixturePath('valid-licence.yaml'), 'utf8');
  const def = loadValidLicence();
  const hash = templateHash(def);

  it('is a SHA-256 of the canonical form, with sorted keys', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const canonical = canonicalForm(def);
    expect(canonical.startsWith('{"clauses":[{"id":"object","mode":"locked","text":{"en":')).toBe(true);
    expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(def)));
  });

  it('does not depend on key order, indentation, trailing whitespace, line ends or Unicode normal form', () => {
    const reordered = stringify(addTrailingSpaces(reverseKeys(parse(source))), { indent: 4, lineWidth: 0 });
    expect(reordered).not.toBe(source);
    expect(templateHash(parseTemplate(reordered, 'reordered.yaml'))).toBe(hash);
    expect(templateHash(parseTemplate(source.replace(/\n/g, '\r\n'), 'crlf.yaml'))).toBe(hash);
    const nfd = source.normalize('NFD');
    expect(nfd).not.toBe(source);
    expect(templateHash(parseTemplate(nfd, 'nfd.yaml'))).toBe(hash);
    // a definition built in code (not normalised) hashes the same as its normalised self
    const raw = structuredClone(def);
    raw.clauses[0].text.fr = `${raw.clauses[0].text.fr.normalize('NFD')}   \n\n`;
    expect(templateHash(raw)).toBe(hash);
  });

  it('changes with any word of any clause, and ignores the lifecycle status', () => {
    const edited = parseTemplate(source.replace('une fois par an', 'deux fois par an'), 'edited.yaml');
    expect(templateHash(edited)).not.toBe(hash);
    expect(templateHash({ ...def, status: 'PUBLISHED' })).toBe(hash);
    expect(templateHash({ ...def, version: '1.2.1' })).not.toBe(hash);
  });

  it('hashes variable values independently of key order, NFC', () => {
    const a = { buyer: { name: 'Épidémio', country: 'FR' }, durationMonths: 24 };
    const b = { durationMonths: 24, buyer: { country: 'FR', name: 'Épidémio'.normalize('NFD') } };
    expect(variablesHash(a)).toBe(variablesHash(b));
    expect(variablesHash(a)).not.toBe(variablesHash({ ...a, durationMonths: 25 }));
    expect(canonicalJson({ b: [1, undefined, 'x'], a: undefined, c: -0 })).toBe('{"b":[1,null,"x"],"c":0}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('$.x is not a finite number');
  });
});

describe('formatting', () => {
  it('formats dates in both locales and rejects impossible ones', () => {
    expect(formatDate('2027-03-01', 'fr')).toBe('1 mars 2027');
    expect(formatDate('2027-03-01', 'en')).toBe('1 March 2027');
    expect(formatDate('2028-08-15', 'fr')).toBe('15 août 2028');
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2027-02-29', '1900-02-29', '2027-13-01', '2027-04-31', '2027-1-01', '01/03/2027', '2027-03-00']) {
      expect(parseIsoDate(bad)).toBeNull();
    }
    expect(parseIsoDate('2000-02-29')).not.toBeNull();
  });

  it('agrees with Intl for every date (property)', () => {
    const fr = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const en = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(parseIsoDate(iso)).not.toBeNull();
        expect(formatDate(iso, 'fr')).toBe(fr.format(d));
        expect(formatDate(iso, 'en')).toBe(en.format(d));
      }),
    );
  });
});
