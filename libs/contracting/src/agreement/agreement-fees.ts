// The accepted quote as the value of a licence's `tariff` variable, so that the fees clause
// and Annex 1 print the same lines and totals.
import type { TariffBreakdownValue } from '@app/licensing/engine';
import type { AgreementFees } from './agreement-input';

/** Charge lines then adjustments (their amounts add up to the subtotal, as the template engine checks). */
export function tariffValueFromFees(fees: AgreementFees): TariffBreakdownValue {
  return {
    lines: [...fees.lines, ...fees.adjustments].map((l) => ({
      label: l.label,
      quantity: l.quantity,
      unit: l.unit,
      unitPriceCents: l.unitPriceCents,
      amountCents: l.amountCents,
      rule: l.rule,
    })),
    subtotalCents: fees.subtotalCents,
    vatCents: fees.vatCents,
    totalCents: fees.totalCents,
    currency: fees.currency,
    vatMention: fees.vatMention ?? null,
  };
}
