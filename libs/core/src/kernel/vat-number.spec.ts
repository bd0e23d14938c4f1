import { EU_COUNTRIES, frenchVatKey, frenchVatNumber, normaliseVatNumber, vatNumberProblem, vatPrefix } from './vat-number';

/** One well-formed number per EU member state, and a wrong one (one character too many). */
const EXAMPLES: [country: string, good: string, bad: string][] = [
  ['AT', 'ATU12345678', 'ATU123456789'], ['BE', 'BE0123456789', 'BE2123456789'], ['BG', 'BG1234567890', 'BG12345678901'],
  ['CY', 'CY12345678L', 'CY123456789'], ['CZ', 'CZ12345678', 'CZ12345678901'], ['DE', 'DE123456789', 'DE1234567890'],
  ['DK', 'DK12345678', 'DK123456789'], ['EE', 'EE123456789', 'EE1234567890'], ['GR', 'EL123456789', 'EL1234567890'],
  ['ES', 'ESX1234567Z', 'ESX12345678Z'], ['FI', 'FI12345678', 'FI123456789'], ['FR', 'FR25437145119', 'FR254371451190'],
  ['HR', 'HR12345678901', 'HR123456789012'], ['HU', 'HU12345678', 'HU123456789'], ['IE', 'IE1234567WA', 'IE1234567WAB'],
  ['IT', 'IT12345678901', 'IT123456789012'], ['LT', 'LT123456789012', 'LT1234567890'], ['LU', 'LU12345678', 'LU123456789'],
  ['LV', 'LV12345678901', 'LV123456789012'], ['MT', 'MT12345678', 'MT123456789'], ['NL', 'NL123456789B01', 'NL123456789B012'],
  ['PL', 'PL1234567890', 'PL12345678901'], ['PT', 'PT123456789', 'PT1234567890'], ['RO', 'RO1234567890', 'RO12345678901'],
  ['SE', 'SE123456789001', 'SE1234567890012'], ['SI', 'SI12345678', 'SI123456789'], ['SK', 'SK1234567890', 'SK12345678901'],
];

describe('VAT numbers', () => {
  it('covers every EU member state', () => {
    expect(new Set(EXAMPLES.map(([c]) => c))).toEqual(EU_COUNTRIES);
    expect(EU_COUNTRIES.size).toBe(27);
  });

  it.each(EXAMPLES)('%s: accepts %s, refuses %s saying the shape', (country, good, bad) => {
    expect(vatNumberProblem(country, good)).toBeNull();
    expect(vatNumberProblem(country, bad)).toMatch(new RegExp(`^is not a well-formed ${vatPrefix(country)} VAT number \\(${vatPrefix(country)}`));
  });

  it('accepts Northern Ireland (XI) numbers for a GB organisation, and anything outside the EU', () => {
    expect(vatNumberProblem('GB', 'XI123456789')).toBeNull();
    expect(vatNumberProblem('GB', 'XIGD123')).toBeNull();
    expect(vatNumberProblem('GB', 'XI12345')).toMatch(/^is not a well-formed XI VAT number/);
    expect(vatNumberProblem('GB', 'GB123456789')).toBeNull();
    expect(vatNumberProblem('CH', 'CHE-123.456.789')).toBeNull();
    expect(vatNumberProblem('US', 'anything')).toBeNull();
  });

  it('wants the prefix of the country (EL for Greece, FR for Monaco)', () => {
    expect(vatNumberProblem('DE', 'FR25437145119')).toBe('must start with DE for an organisation established in DE');
    expect(vatNumberProblem('GR', 'GR123456789')).toBe('must start with EL for an organisation established in GR');
    expect(vatNumberProblem('MC', 'FR25437145119')).toBeNull();
  });

  it('ignores spaces, dots, dashes and case, as normaliseVatNumber', () => {
    expect(normaliseVatNumber(' fr 25.437-145 119 ')).toBe('FR25437145119');
    expect(normaliseVatNumber('  ')).toBeNull();
    expect(vatNumberProblem('FR', 'FR 25 437 145 119')).toBeNull();
  });

  it('computes the French key from the SIREN: (12 + 3 × (SIREN mod 97)) mod 97', () => {
    expect(frenchVatKey('437145119')).toBe('25');
    expect(frenchVatNumber('437145119')).toBe('FR25437145119');
    // A key below 10 keeps its leading zero.
    const siren = Array.from({ length: 2000 }, (_, i) => String(100000000 + i)).find((s) => Number(frenchVatKey(s)) < 10)!;
    expect(frenchVatKey(siren)).toMatch(/^0\d$/);
    for (const s of ['267500452', '404833048', '552100554', '000000000']) {
      expect(Number(frenchVatKey(s))).toBe((12 + 3 * (Number(s) % 97)) % 97);
      expect(vatNumberProblem('FR', frenchVatNumber(s))).toBeNull();
    }
  });

  it('refuses a French number whose key does not match its SIREN, saying the right one', () => {
    expect(vatNumberProblem('FR', 'FR26437145119')).toBe('the key 26 does not match the SIREN 437145119: its key is 25 (FR25437145119)');
    // Letter keys (numbers issued without the SIREN formula) are checked for shape only.
    expect(vatNumberProblem('FR', 'FRAB437145119')).toBeNull();
    expect(vatNumberProblem('FR', 'FRIO437145119')).toMatch(/^is not a well-formed FR VAT number/);
  });

  it("refuses a French number that carries another SIREN than the organisation's", () => {
    expect(vatNumberProblem('FR', 'FR25437145119', '437145119')).toBeNull();
    expect(vatNumberProblem('FR', 'FR83404833048', '437145119')).toBe("must end with the organisation's SIREN 437145119 (the number given carries 404833048)");
    expect(vatNumberProblem('DE', 'DE123456789', '437145119')).toBeNull();
  });
});
