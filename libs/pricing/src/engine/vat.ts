// VAT regime of a quote. The seller (a producer on the platform) is established in France.
// - buyer in France (or Monaco, which shares the French VAT territory): French VAT;
// - buyer in another EU country with a VAT number (a taxable business): reverse charge,
//   0 % with the mention of art. 283-2 CGI / art. 196 of directive 2006/112/EC;
// - buyer in another EU country without a VAT number (a non-taxable person): French VAT;
// - buyer outside the EU: out of scope of French VAT (art. 259 B CGI: data processing and
//   supply of information to a customer established outside the EU).
// Whether a VAT number is well formed is the kernel's rule (`vatNumberProblem`).

import { EU_COUNTRIES, normaliseVatNumber } from '@app/core/kernel';
import { VAT_MENTION_OUT_OF_SCOPE, VAT_MENTION_REVERSE_CHARGE } from './messages';
import { QuoteBuyer, VatRegime } from './types';

/** Countries charged French VAT as if in France. */
const FRENCH_VAT_TERRITORY: ReadonlySet<string> = new Set(['FR', 'MC']);

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
