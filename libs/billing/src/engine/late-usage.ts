// Late usage: what a month's usage recorded after its bill adds. The month is priced again on
// the agreement's frozen tariff with everything recorded now (`now`), and with the quantities
// its bills already priced (`billed`); the supplement is the difference, line by line:
//
// - a charge line that grew is a charge line of the difference (its quantity the difference
//   of the quantities when both are quantities of one unit price);
// - a charge line that shrank or disappeared (usage moved to another tier, say) is a negative
//   adjustment "already invoiced", and so is every change of an adjustment (minimum, maximum,
//   reduction, purpose), with its sign;
// - nothing to add (no difference, or a month now priced at most what was invoiced, as under a
//   maximum already reached) gives null: a supplement never lowers an invoice, a credit note does.
//
// So the bills of a month always add up to the month priced on all its usage, to the cent.

import type { QuoteLine, QuoteResult, VatLine } from '@app/pricing/engine';
import { parseQuantity, quantityToString } from '@app/pricing/engine';
import { formatMoney, percentOf, subtractCents, sumCents } from '@app/core/kernel';

/** The supplement of a month's usage: `now` less `billed`, or null when it adds nothing. */
export function lateUsageSupplement(now: QuoteResult, billed: QuoteResult, alreadyBilled: string): QuoteResult | null {
  if (now.currency !== billed.currency) throw new RangeError(`late usage priced in ${now.currency}, the month was billed in ${billed.currency}`);
  const lines: QuoteLine[] = [];
  const adjustments: QuoteLine[] = [];
  const before = new Map(billed.lines.map((l) => [l.code, l]));
  for (const line of now.lines) {
    const old = before.get(line.code);
    before.delete(line.code);
    const delta = subtractCents(line.amountCents, old?.amountCents ?? 0);
    if (delta > 0) lines.push(grown(line, old, delta, alreadyBilled));
    else if (delta < 0) adjustments.push(deduction(line, delta, alreadyBilled));
  }
  for (const old of before.values()) if (old.amountCents !== 0) adjustments.push(deduction(old, -old.amountCents, alreadyBilled));

  const oldAdjustments = new Map(billed.adjustments.map((a) => [a.code, a]));
  for (const a of now.adjustments) {
    const old = oldAdjustments.get(a.code);
    oldAdjustments.delete(a.code);
    const delta = subtractCents(a.amountCents, old?.amountCents ?? 0);
    if (delta !== 0) adjustments.push({ ...a, amountCents: delta, unitPriceCents: delta, quantity: '1', rule: `${a.rule} (${alreadyBilled})` });
  }
  for (const old of oldAdjustments.values()) if (old.amountCents !== 0) adjustments.push(deduction(old, -old.amountCents, alreadyBilled));

  const chargesCents = sumCents(lines.map((l) => l.amountCents));
  const subtotalCents = sumCents([chargesCents, ...adjustments.map((a) => a.amountCents)]);
  if (subtotalCents <= 0 || lines.length === 0) return null;
  const vatLines = supplementVatLines([...lines, ...adjustments], now);
  const vatCents = sumCents(vatLines.map((v) => v.vatCents));
  return {
    ...now,
    lines,
    chargesCents,
    adjustments,
    subtotalCents,
    vatLines,
    vatCents,
    totalCents: sumCents([subtotalCents, vatCents]),
    notes: [...now.notes, `Complément de l’usage du mois : usage enregistré après ${alreadyBilled}, hors ce qui y est déjà facturé.`],
  };
}

/** The growth of a charge line. */
function grown(line: QuoteLine, old: QuoteLine | undefined, delta: number, alreadyBilled: string): QuoteLine {
  if (old === undefined) return { ...line, rule: `${line.rule} (après ${alreadyBilled})` };
  const nowQ = parseQuantity(line.quantity);
  const oldQ = parseQuantity(old.quantity);
  const sameUnit = old.unitPriceCents === line.unitPriceCents && old.unit === line.unit && nowQ !== null && oldQ !== null && nowQ > oldQ;
  return {
    ...line,
    amountCents: delta,
    quantity: sameUnit ? quantityToString(nowQ - oldQ) : '1',
    unitPriceCents: sameUnit ? line.unitPriceCents : delta,
    rule: `Usage du mois au total : ${line.rule}, moins ${formatMoney(old.amountCents, 'fr')} déjà facturés (${alreadyBilled})`,
  };
}

/** A negative adjustment: what `line` was invoiced for and no longer is. */
function deduction(line: QuoteLine, delta: number, alreadyBilled: string): QuoteLine {
  return {
    ...line,
    label: `Déjà facturé : ${line.label}`,
    amountCents: delta,
    quantity: '1',
    unitPriceCents: delta,
    rule: `Facturé sur ${alreadyBilled}, remplacé par l’usage du mois au total`,
  };
}

/** One VAT line per rate of the items, half-up on the base (0 outside French VAT), with `now`'s labels. */
function supplementVatLines(items: readonly QuoteLine[], now: QuoteResult): VatLine[] {
  const bases = new Map<number, number>();
  for (const i of items) bases.set(i.vatRateBp, sumCents([bases.get(i.vatRateBp) ?? 0, i.amountCents]));
  return [...bases].sort(([a], [b]) => a - b).map(([rateBp, baseCents]) => ({
    rateBp,
    baseCents,
    vatCents: now.vatRegime === 'FR_STANDARD' && baseCents > 0 ? percentOf(baseCents, rateBp) : 0,
    label: now.vatLines.find((v) => v.rateBp === rateBp)?.label ?? now.vatLines[0]?.label ?? '',
  }));
}
