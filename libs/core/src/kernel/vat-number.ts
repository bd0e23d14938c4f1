// The one VAT-number rule, used at sign-up and by the pricing engine: the shape of a VAT
// number per EU member state (and XI, Northern Ireland, which keeps EU VAT rules for goods),
// the French key computed from the SIREN, and the SIREN the number must carry.

/** EU member states (ISO codes; Greece is GR here, EL in VAT numbers). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** The shape of a VAT number per prefix, and how to say it. */
const VAT_SHAPES: Record<string, { pattern: RegExp; says: string }> = {
  AT: { pattern: /^ATU\d{8}$/, says: 'ATU followed by 8 digits' },
  BE: { pattern: /^BE[01]\d{9}$/, says: 'BE followed by 10 digits, the first 0 or 1' },
  BG: { pattern: /^BG\d{9,10}$/, says: 'BG followed by 9 or 10 digits' },
  CY: { pattern: /^CY\d{8}[A-Z]$/, says: 'CY followed by 8 digits and a letter' },
  CZ: { pattern: /^CZ\d{8,10}$/, says: 'CZ followed by 8 to 10 digits' },
  DE: { pattern: /^DE\d{9}$/, says: 'DE followed by 9 digits' },
  DK: { pattern: /^DK\d{8}$/, says: 'DK followed by 8 digits' },
  EE: { pattern: /^EE\d{9}$/, says: 'EE followed by 9 digits' },
  EL: { pattern: /^EL\d{9}$/, says: 'EL followed by 9 digits' },
  ES: { pattern: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, says: 'ES followed by 9 characters: a letter or digit, 7 digits, a letter or digit' },
  FI: { pattern: /^FI\d{8}$/, says: 'FI followed by 8 digits' },
  FR: { pattern: /^FR[0-9A-HJ-NP-Z]{2}\d{9}$/, says: 'FR, a 2-character key and the 9-digit SIREN' },
  HR: { pattern: /^HR\d{11}$/, says: 'HR followed by 11 digits' },
  HU: { pattern: /^HU\d{8}$/, says: 'HU followed by 8 digits' },
  IE: { pattern: /^IE\d[A-Z0-9+*]\d{5}[A-Z]{1,2}$/, says: 'IE followed by 8 or 9 characters (digit, letter or digit, 5 digits, 1 or 2 letters)' },
  IT: { pattern: /^IT\d{11}$/, says: 'IT followed by 11 digits' },
  LT: { pattern: /^LT(\d{9}|\d{12})$/, says: 'LT followed by 9 or 12 digits' },
  LU: { pattern: /^LU\d{8}$/, says: 'LU followed by 8 digits' },
  LV: { pattern: /^LV\d{11}$/, says: 'LV followed by 11 digits' },
  MT: { pattern: /^MT\d{8}$/, says: 'MT followed by 8 digits' },
  NL: { pattern: /^NL\d{9}B\d{2}$/, says: 'NL, 9 digits, B and 2 digits' },
  PL: { pattern: /^PL\d{10}$/, says: 'PL followed by 10 digits' },
  PT: { pattern: /^PT\d{9}$/, says: 'PT followed by 9 digits' },
  RO: { pattern: /^RO\d{2,10}$/, says: 'RO followed by 2 to 10 digits' },
  SE: { pattern: /^SE\d{12}$/, says: 'SE followed by 12 digits' },
  SI: { pattern: /^SI\d{8}$/, says: 'SI followed by 8 digits' },
  SK: { pattern: /^SK\d{10}$/, says: 'SK followed by 10 digits' },
  XI: { pattern: /^XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, says: 'XI followed by 9 or 12 digits, GD and 3 digits, or HA and 3 digits' },
};

/** The VAT number without spaces, dots or dashes, upper case; null when empty. */
export function normaliseVatNumber(vatNumber: string | null | undefined): string | null {
  if (vatNumber == null) return null;
  const v = vatNumber.replace(/[\s.-]/g, '').toUpperCase();
  return v === '' ? null : v;
}

/**
 * The VAT prefix of a country: its ISO code, except Greece (EL) and Monaco, whose businesses
 * hold French numbers; null outside the EU (and Monaco).
 */
export function vatPrefix(country: string): string | null {
  if (country === 'GR') return 'EL';
  if (country === 'MC') return 'FR';
  return EU_COUNTRIES.has(country) ? country : null;
}

/** The French VAT key of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97, on two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

/** The French VAT number of a SIREN. */
export function frenchVatNumber(siren: string): string {
  return `FR${frenchVatKey(siren)}${siren}`;
}

/**
 * Why `vatNumber` is not a VAT number of an organisation established in `country`, or null
 * when it is well formed: the prefix and shape of the country (XI accepted for GB, Northern
 * Ireland); a French number's numeric key must be the one computed from its SIREN, and that
 * SIREN must be `siren` when the organisation's is known. Outside the EU any identifier is
 * accepted. Spaces, dots and dashes are ignored, as `normaliseVatNumber` does.
 */
export function vatNumberProblem(country: string, vatNumber: string, siren?: string | null): string | null {
  const v = normaliseVatNumber(vatNumber);
  if (v === null) return null;
  const prefix = country === 'GB' && v.startsWith('XI') ? 'XI' : vatPrefix(country);
  if (prefix === null) return null;
  if (!v.startsWith(prefix)) return `must start with ${prefix} for an organisation established in ${country}`;
  const shape = VAT_SHAPES[prefix];
  if (!shape.pattern.test(v)) return `is not a well-formed ${prefix} VAT number (${shape.says})`;
  if (prefix === 'FR') {
    const key = v.slice(2, 4);
    const numberSiren = v.slice(4);
    if (siren && numberSiren !== siren) return `must end with the organisation's SIREN ${siren} (the number given carries ${numberSiren})`;
    if (/^\d{2}$/.test(key) && key !== frenchVatKey(numberSiren)) {
      return `the key ${key} does not match the SIREN ${numberSiren}: its key is ${frenchVatKey(numberSiren)} (${frenchVatNumber(numberSiren)})`;
    }
  }
  return null;
}
