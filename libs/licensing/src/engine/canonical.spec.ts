import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { fixturePath, loadValidLicence } from './__fixtures__/helpers';
import { canonicalForm, canonicalJson, templateHash, variablesHash } from './canonical';
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
