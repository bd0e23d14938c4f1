// The platform's monthly commission invoice to one seller: what the platform charged on the
// seller's invoices, as it stands at the end of the month, less what earlier commission
// invoices already invoiced of each. A bill of the month is a line (its commission, net of
// what refunds and credit notes gave back meanwhile); a commission given back on a bill
// invoiced before is a document allowance naming that bill's invoice. VAT: French 20 % for a
// seller in France, reverse charge (AE) for a seller in another EU country, out of scope (O)
// outside the EU, as the payouts deducted it.
//
// A month whose reversals outweigh its charges is not invoiced: its amounts stay uninvoiced
// and the next month's invoice takes them (CARRY). A credit note would have to name the one
// invoice it corrects (BT-25), while a month's reversals may concern commissions invoiced over
// several earlier months; and the money is settled already (a refund gave the seller its
// commission back through its payout), only the document waits.

import { centsToDecimal, formatNumericDate, sumCents, type Cents } from '@app/core/kernel';
import { basisPointsToPercent } from './decimal';
import type { InvoiceDraft } from './build-invoice';
import { EU_MEMBER_STATES } from './territory';
import type { InvoiceAllowanceCharge, InvoiceBuyer, InvoiceLine, InvoiceSeller, PaymentInstructions, VatCategory } from './types';

/** The platform's own series, separate from every seller's: `<platform SIREN>-C000001`. */
export const COMMISSION_SERIES = 'C';
export const COMMISSION_LINE_CODE = 'COMMISSION';

export function commissionInvoiceNumber(platformSiren: string, sequenceNo: number): string {
  return `${platformSiren}-${COMMISSION_SERIES}${String(sequenceNo).padStart(6, '0')}`;
}

/** One seller invoice the commission was charged on, as the payments library knows it at the month's end. */
export interface CommissionPosition {
  billId: string;
  billNumber: string;
  sellerInvoiceId: string;
  sellerInvoiceNumber: string;
  /** The bill's issue day (Paris). */
  issuedOn: string;
  rateBp: number;
  /** The seller's share excl. VAT the rate applies to. */
  shareNetCents: Cents;
  /** The commission excl. VAT charged at issue. */
  chargedNetCents: Cents;
  /** What refunds and credit notes gave back of it by the end of the month, excl. VAT. */
  reversedNetCents: Cents;
}

/** What this invoice says of one position: its commission still due less what was invoiced before (positive: a line; negative: an allowance). */
export interface CommissionItem extends CommissionPosition {
  amountCents: Cents;
  invoicedBeforeCents: Cents;
}

export type CommissionOutcome =
  | { kind: 'NOTHING' }
  | { kind: 'CARRY'; netCents: Cents }
  | { kind: 'ISSUE'; netCents: Cents };

/** The VAT of the platform's commission as the payouts deducted it: French VAT in France, reverse charge in the EU, none outside. */
export function commissionVat(customerCountry: string): { category: VatCategory; rateBp: number } {
  if (customerCountry === 'FR') return { category: 'S', rateBp: 2000 };
  return EU_MEMBER_STATES.has(customerCountry) ? { category: 'AE', rateBp: 0 } : { category: 'O', rateBp: 0 };
}

/** The positions whose commission differs from what was invoiced of them, oldest bill first. */
export function commissionItems(positions: readonly CommissionPosition[], invoicedBefore: ReadonlyMap<string, Cents>): CommissionItem[] {
  const seen = new Set<string>();
  const items: CommissionItem[] = [];
  for (const p of positions) {
    if (seen.has(p.billId)) throw new RangeError(`bill ${p.billNumber} is listed twice for one seller`);
    seen.add(p.billId);
    for (const k of ['shareNetCents', 'chargedNetCents', 'reversedNetCents'] as const) {
      if (!Number.isSafeInteger(p[k]) || p[k] < 0) throw new RangeError(`${p.billNumber}: ${k} must be whole cents, not negative (got ${p[k]})`);
    }
    if (p.reversedNetCents > p.chargedNetCents) throw new RangeError(`${p.billNumber}: ${p.reversedNetCents} cents reversed of a commission of ${p.chargedNetCents}`);
    const before = invoicedBefore.get(p.billId) ?? 0;
    const amountCents = p.chargedNetCents - p.reversedNetCents - before;
    if (amountCents !== 0) items.push({ ...p, amountCents, invoicedBeforeCents: before });
  }
  return items.sort((a, b) => (a.issuedOn === b.issuedOn ? (a.billNumber < b.billNumber ? -1 : 1) : a.issuedOn < b.issuedOn ? -1 : 1));
}

export function commissionOutcome(items: readonly CommissionItem[]): CommissionOutcome {
  if (!items.length) return { kind: 'NOTHING' };
  const netCents = sumCents(items.map((i) => i.amountCents));
  return netCents > 0 ? { kind: 'ISSUE', netCents } : { kind: 'CARRY', netCents };
}

export interface CommissionInvoiceContext {
  number: string;
  issueDate: string;
  paymentTermsDays: number;
  /** The Paris month invoiced, YYYY-MM. */
  month: string;
  /** Its last day: the service was rendered over the month. */
  lastDay: string;
  /** The platform, as the seller of its service. */
  platform: InvoiceSeller;
  /** The seller invoiced, as the buyer of the platform's service. */
  customer: InvoiceBuyer;
  payment: PaymentInstructions | null;
}

const euros = (cents: Cents) => `${centsToDecimal(cents)} EUR`;

/** The invoice lines (positive items) and allowances (negative ones), each naming the seller's invoice. */
export function commissionLines(items: readonly CommissionItem[], customerCountry: string): { lines: Omit<InvoiceLine, 'id'>[]; allowanceCharges: InvoiceAllowanceCharge[] } {
  const vat = commissionVat(customerCountry);
  const lines: Omit<InvoiceLine, 'id'>[] = [];
  const allowanceCharges: InvoiceAllowanceCharge[] = [];
  for (const i of items) {
    const on = `facture ${i.sellerInvoiceNumber} du ${formatNumericDate(i.issuedOn, 'fr')} (facture groupée ${i.billNumber})`;
    if (i.amountCents > 0) {
      const parts = [`${basisPointsToPercent(i.rateBp)} % de ${euros(i.shareNetCents)} HT = ${euros(i.chargedNetCents)}`];
      if (i.reversedNetCents > 0) parts.push(`moins ${euros(i.reversedNetCents)} rendus (remboursement ou avoir)`);
      if (i.invoicedBeforeCents > 0) parts.push(`moins ${euros(i.invoicedBeforeCents)} déjà facturés`);
      lines.push({
        code: COMMISSION_LINE_CODE, name: `Commission sur la ${on}`.slice(0, 200), description: parts.join(', '),
        quantity: '1', unitCode: 'C62', netPriceCents: i.amountCents, amountCents: i.amountCents, vatCategory: vat.category, vatRateBp: vat.rateBp,
      });
    } else {
      allowanceCharges.push({
        charge: false, amountCents: -i.amountCents, vatCategory: vat.category, vatRateBp: vat.rateBp,
        reason: `Commission rendue sur la ${on}, facturée précédemment`.slice(0, 200),
      });
    }
  }
  return { lines, allowanceCharges };
}

/** The draft of a commission invoice; assembleInvoice adds the VAT breakdown, totals and notes. */
export function commissionInvoiceDraft(ctx: CommissionInvoiceContext, items: readonly CommissionItem[]): InvoiceDraft {
  const { lines, allowanceCharges } = commissionLines(items, ctx.customer.address.country);
  return {
    number: ctx.number, typeCode: '380', issueDate: ctx.issueDate, paymentTermsDays: ctx.paymentTermsDays, deliveryDate: ctx.lastDay,
    billingPeriod: { start: `${ctx.month}-01`, end: ctx.lastDay }, seller: ctx.platform, buyer: ctx.customer, issuer: null,
    contractReference: null, billReference: null, payment: ctx.payment, lines, allowanceCharges, subject: 'PLATFORM_COMMISSION',
  };
}
