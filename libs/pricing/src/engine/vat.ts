// VAT regime of a quote. The seller (a producer on the platform) is established in France.
// - buyer in France (or Monaco, which shares the French VAT territory): French VAT;
// - buyer in another EU country with a VAT number (a taxable business): reverse charge,
//   0 % with the mention of art. 283-2 CGI / art. 196 of directive 2006/112/EC;
// - buyer in another EU country without a VAT number (a non-taxable person): French VAT;
// - buyer outside the EU: out of scope of French VAT (art. 259 B CGI: data processing and
//   supply of information to a customer established outside the EU).

import { VAT_MENTION_OUT_OF_SCOPE, VAT_MENTION_REVERSE_CHARGE } from './messages';
import { QuoteBuyer, VatRegime } from './types';

export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** Countries charged French VAT as if in France. */
const FRENCH_VAT_TERRITORY: ReadonlySet<string> = new Set(['FR', 'MC']);

/** The VAT number without spaces, dots or dashes, upper case; null when empty. */
export function normaliseVatNumber(vatNumber: string | null | undefined): string | null {
  if (vatNumber == null) return null;
  const v = vatNumber.replace(/[\s.-]/g, '').toUpperCase();
  return v === '' ? null : v;
}

/** The VAT number prefix of an EU country: its ISO code, except Greece (EL). */
export function vatPrefix(country: string): string {
  return country === 'GR' ? 'EL' : country;
}

/**
 * Why an EU VAT number is malformed for the buyer's country, or null when its shape is
 * right (prefix, length; French numbers: the key computed from the SIREN).
 */
export function vatNumberProblem(country: string, vatNumber: string): string | null {
  if (!EU_COUNTRIES.has(country)) return null;
  const v = normaliseVatNumber(vatNumber);
  if (v === null) return null;
  const prefix = vatPrefix(country);
  if (!v.startsWith(prefix)) return `must start with ${prefix} for a buyer established in ${country}`;
  const body = v.slice(2);
  if (!/^[0-9A-Z+*]{2,12}$/.test(body)) return 'must be the country prefix followed by 2 to 12 letters or digits';
  if (country === 'FR') {
    if (!/^[0-9A-Z]{2}[0-9]{9}$/.test(body)) return 'a French VAT number is FR, a 2-character key and the 9-digit SIREN';
    const key = body.slice(0, 2);
    if (/^[0-9]{2}$/.test(key) && Number(key) !== (12 + 3 * (Number(body.slice(2)) % 97)) % 97) {
      return 'the key does not match the SIREN';
    }
  }
  if (country === 'DE' && !/^[0-9]{9}$/.test(body)) return 'a German VAT number is DE followed by 9 digits';
  return null;
}

export function vatRegimeFor(buyer: QuoteBuyer): VatRegime {
  if (FRENCH_VAT_TERRITORY.has(buyer.country)) return 'FR_STANDARD';
  if (EU_COUNTRIES.has(buyer.country)) {
    return normaliseVatNumber(buyer.vatNumber) === null ? 'FR_STANDARD' : 'REVERSE_CHARGE_EU';
  }
  return 'OUT_OF_SCOPE_NON_EU';
}

export function vatMentionFor(regime: VatRegime): string | null {
  if (regime === 'REVERSE_CHARGE_EU') return VAT_MENTION_REVERSE_CHARGE;
  if (regime === 'OUT_OF_SCOPE_NON_EU') return VAT_MENTION_OUT_OF_SCOPE;
  return null;
}
