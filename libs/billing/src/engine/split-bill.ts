// The bill splitter: one billing event of an agreement (a priced quote or usage period)
// becomes one share per contributor. Each priced line is allocated by the contributors'
// weights in exact cents (largest remainder, ties by position then id), so the parts of a
// line always add up to the line; VAT is then computed on each share's own base per
// category and rate, half-up on the rounded bases, as the tariff engine does for a quote.
// The bill's VAT is the sum of its invoices' VAT, which may differ from the quote's single
// computation by at most floor(n / 2) cents per rate for n contributors: each invoice is exact
// on its own.

import type { QuoteLine, QuoteResult } from '@app/pricing/engine';
import { BillingInputError } from './errors';
import { allocate, AllocationShare, MAX_ALLOCATION_WEIGHT, percentOf, sumCents } from '@app/core/kernel';
import { BuyerVatRegime, InvoiceProblem, SellerVatRegime, VatCategory } from './types';

export interface BillContributor {
  /** The producer (organisation) id. */
  id: string;
  /** Its position in the offering's list of contributors: the first tie-break. */
  position: number;
  /** Positive integer weight. */
  weight: number;
  vatRegime: SellerVatRegime;
}

/** What the splitter reads of a tariff engine result. */
export type PricedEvent = Pick<QuoteResult, 'lines' | 'adjustments' | 'vatRegime'>;

export interface LinePart {
  source: QuoteLine;
  amountCents: number;
  vatCategory: VatCategory;
  vatRateBp: number;
}

export interface ShareVatLine {
  category: VatCategory;
  rateBp: number;
  baseCents: number;
  vatCents: number;
}

export interface BillShare {
  contributorId: string;
  position: number;
  weight: number;
  /** One part per charge line of the event, in its order (zero parts included). */
  lines: LinePart[];
  /** One part per adjustment of the event (reductions are negative). */
  adjustments: LinePart[];
  netCents: number;
  vatLines: ShareVatLine[];
  vatCents: number;
  totalCents: number;
}

export interface BillSplit {
  totalWeight: number;
  /** In contributor order: position, then id. */
  shares: BillShare[];
  netCents: number;
  vatCents: number;
  totalCents: number;
}

/** The VAT category of a seller's invoice, from the buyer's regime and the seller's. */
export function vatCategoryFor(buyerRegime: BuyerVatRegime, sellerRegime: SellerVatRegime): VatCategory {
  if (buyerRegime === 'REVERSE_CHARGE_EU') return 'AE';
  if (buyerRegime === 'OUT_OF_SCOPE_NON_EU') return 'O';
  return sellerRegime === 'FRANCHISE' ? 'E' : 'S';
}

/** VAT per category and rate on the rounded bases, in order of first appearance. */
export function vatLinesOf(items: readonly { amountCents: number; vatCategory: VatCategory; vatRateBp: number }[]): ShareVatLine[] {
  const out: ShareVatLine[] = [];
  for (const it of items) {
    let g = out.find((x) => x.category === it.vatCategory && x.rateBp === it.vatRateBp);
    if (g === undefined) out.push((g = { category: it.vatCategory, rateBp: it.vatRateBp, baseCents: 0, vatCents: 0 }));
    g.baseCents = sumCents([g.baseCents, it.amountCents]);
  }
  for (const g of out) g.vatCents = g.category === 'S' ? percentOf(g.baseCents, g.rateBp) : 0;
  return out;
}

function contributorProblems(contributors: readonly BillContributor[]): InvoiceProblem[] {
  const problems: InvoiceProblem[] = [];
  if (contributors.length === 0) problems.push({ path: 'contributors', message: 'a bill needs at least one contributor' });
  const seen = new Set<string>();
  contributors.forEach((c, i) => {
    if (typeof c.id !== 'string' || c.id === '') problems.push({ path: `contributors[${i}].id`, message: 'is required' });
    else if (seen.has(c.id)) problems.push({ path: `contributors[${i}].id`, message: `"${c.id}" is listed twice` });
    else seen.add(c.id);
    if (!Number.isSafeInteger(c.position)) problems.push({ path: `contributors[${i}].position`, message: 'must be an integer' });
    if (!Number.isSafeInteger(c.weight) || c.weight < 1 || c.weight > MAX_ALLOCATION_WEIGHT) {
      problems.push({ path: `contributors[${i}].weight`, message: `must be an integer from 1 to ${MAX_ALLOCATION_WEIGHT}` });
    }
    if (c.vatRegime !== 'STANDARD' && c.vatRegime !== 'FRANCHISE') problems.push({ path: `contributors[${i}].vatRegime`, message: 'must be STANDARD or FRANCHISE' });
  });
  return problems;
}

function lineProblems(event: PricedEvent): InvoiceProblem[] {
  const problems: InvoiceProblem[] = [];
  event.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.amountCents) || l.amountCents < 0) problems.push({ path: `lines[${i}].amountCents`, message: 'a charge line is a non-negative integer of cents' });
  });
  event.adjustments.forEach((l, i) => {
    if (!Number.isSafeInteger(l.amountCents)) problems.push({ path: `adjustments[${i}].amountCents`, message: 'must be an integer of cents' });
  });
  return problems;
}

/** Shares come out in the allocation's tie-break order: position, then id. */
function byTieBreak(a: BillContributor, b: BillContributor): number {
  if (a.position !== b.position) return a.position - b.position;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Splits one priced billing event among its contributors. Pure and deterministic. */
export function splitBill(event: PricedEvent, contributors: readonly BillContributor[]): BillSplit {
  const problems = [...contributorProblems(contributors), ...lineProblems(event)];
  if (problems.length > 0) throw new BillingInputError('INVALID_BILL', problems);
  const ordered = [...contributors].sort(byTieBreak);
  const allocation: AllocationShare[] = ordered.map((c) => ({ id: c.id, weight: c.weight, position: c.position }));
  const shares: BillShare[] = ordered.map((c) => ({
    contributorId: c.id,
    position: c.position,
    weight: c.weight,
    lines: [],
    adjustments: [],
    netCents: 0,
    vatLines: [],
    vatCents: 0,
    totalCents: 0,
  }));
  const categories = ordered.map((c) => vatCategoryFor(event.vatRegime, c.vatRegime));
  const allot = (source: QuoteLine, into: 'lines' | 'adjustments') => {
    const parts = allocate(source.amountCents, allocation);
    parts.forEach((amountCents, i) => {
      const vatCategory = categories[i];
      shares[i][into].push({ source, amountCents, vatCategory, vatRateBp: vatCategory === 'S' ? source.vatRateBp : 0 });
    });
  };
  for (const l of event.lines) allot(l, 'lines');
  for (const a of event.adjustments) allot(a, 'adjustments');
  for (const s of shares) {
    const items = [...s.lines, ...s.adjustments];
    s.netCents = sumCents(items.map((p) => p.amountCents));
    s.vatLines = vatLinesOf(items);
    s.vatCents = sumCents(s.vatLines.map((v) => v.vatCents));
    s.totalCents = sumCents([s.netCents, s.vatCents]);
  }
  return {
    totalWeight: sumCents(ordered.map((c) => c.weight)),
    shares,
    netCents: sumCents(shares.map((s) => s.netCents)),
    vatCents: sumCents(shares.map((s) => s.vatCents)),
    totalCents: sumCents(shares.map((s) => s.totalCents)),
  };
}
