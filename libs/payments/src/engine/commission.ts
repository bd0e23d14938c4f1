// The platform's commission: a rate in basis points of each seller's share excl. VAT, frozen
// with the agreement when it is sealed (from the default of the offering's kind, or the rate
// agreed in the contract), with French VAT on it, or none under reverse charge (a seller in
// another EU country) or outside the scope of French VAT (a seller outside the EU).

import { percentOf, type Cents } from '@app/core/kernel';

/** The documented defaults per offering kind (the producer's kind), in basis points; COMMISSION_RATES overrides them. */
export const DEFAULT_COMMISSION_BP: Readonly<Record<string, number>> = {
  HOSPITAL: 1000,
  NETWORK: 800,
  DATA_WAREHOUSE: 1000,
  REGISTRY: 700,
  COHORT: 700,
};
export const FALLBACK_COMMISSION_BP = 1000;
export const FRENCH_VAT_BP = 2000;

/** Parses COMMISSION_RATES, e.g. "HOSPITAL=1000,NETWORK=800" (basis points, 0 to 5000). */
export function commissionRates(setting: string | null | undefined): Record<string, number> {
  const rates: Record<string, number> = { ...DEFAULT_COMMISSION_BP };
  for (const part of (setting ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Z_]+)=(\d{1,4})$/.exec(part);
    if (!m || Number(m[2]) > 5000) throw new Error(`COMMISSION_RATES: "${part}" must read KIND=basis points (0 to 5000), e.g. HOSPITAL=1000`);
    rates[m[1]] = Number(m[2]);
  }
  return rates;
}

export function commissionRateFor(kind: string | null, rates: Readonly<Record<string, number>>): number {
  return kind !== null && Object.hasOwn(rates, kind) ? rates[kind] : FALLBACK_COMMISSION_BP;
}

/** The commission on one seller's share: rounded half-up, its VAT at 20 % for a French seller, 0 otherwise. */
export function commissionOn(netCents: Cents, rateBp: number, sellerCountry: string): { netCents: Cents; vatCents: Cents } {
  const net = percentOf(netCents, rateBp);
  return { netCents: net, vatCents: sellerCountry === 'FR' ? percentOf(net, FRENCH_VAT_BP) : 0 };
}
