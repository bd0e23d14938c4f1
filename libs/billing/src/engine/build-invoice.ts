// Assembles complete invoices and credit notes: lines in, VAT breakdown, totals, due date,
// payment terms and every mandatory note out, the wording taken from the legal texts in
// force on the issue date.

import type { QuoteLine } from '@app/pricing/engine';
import { frenchLegalTexts, LegalTexts, legalText } from './legal/legal-texts';
import { addDays, formatNumericDate, sumCents } from '@app/core/kernel';
import { BillShare, BillSplit, vatLinesOf } from './split-bill';
import { FRENCH_VAT_TERRITORY } from './territory';
import {
  BILLING_FRAMEWORK_SERVICES,
  BillingTreatment,
  Invoice,
  InvoiceAllowanceCharge,
  InvoiceBuyer,
  InvoiceIssuer,
  InvoiceLine,
  InvoiceNote,
  InvoiceSeller,
  InvoiceTypeCode,
  PaymentInstructions,
  Period,
  VatBreakdownLine,
  VatCategory,
} from './types';

/** What the invoicing service knows before assembly. */
export interface InvoiceDraft {
  number: string;
  typeCode?: InvoiceTypeCode;
  issueDate: string;
  /** Days from the issue date to the due date (ignored by a credit note). */
  paymentTermsDays: number;
  deliveryDate: string;
  billingPeriod?: Period | null;
  seller: InvoiceSeller;
  buyer: InvoiceBuyer;
  issuer?: InvoiceIssuer | null;
  precedingInvoice?: { number: string; issueDate: string } | null;
  contractReference?: string | null;
  billReference?: string | null;
  payment?: PaymentInstructions | null;
  /** Line ids default to their position, from "1". */
  lines: (Omit<InvoiceLine, 'id'> & { id?: string })[];
  allowanceCharges?: InvoiceAllowanceCharge[];
  /**
   * What is invoiced: fees for making data available (the sellers' invoices, the default), or
   * the platform's own commission to a seller, settled by deduction from its payouts.
   */
  subject?: 'DATA_ACCESS' | 'PLATFORM_COMMISSION';
}

/** The draft's parties and references for one contributor's invoice of a split bill. */
export type ShareInvoiceContext = Omit<InvoiceDraft, 'lines' | 'allowanceCharges' | 'typeCode' | 'precedingInvoice'>;

const EXEMPTION_CODES: Readonly<Record<Exclude<VatCategory, 'S'>, string>> = {
  AE: 'VATEX-EU-AE',
  O: 'VATEX-EU-O',
  E: 'VATEX-FR-FRANCHISE',
};
const EXEMPTION_TEXTS = { AE: 'exemptionReverseCharge', O: 'exemptionOutOfScope', E: 'exemptionFranchise' } as const;

/** A buyer in the French VAT territory is e-invoiced (B2B); one abroad is e-reported (B2BINT). */
export function billingTreatmentFor(buyer: InvoiceBuyer): BillingTreatment {
  return FRENCH_VAT_TERRITORY.has(buyer.address.country) ? 'B2B' : 'B2BINT';
}

function notesFor(draft: InvoiceDraft, typeCode: InvoiceTypeCode, texts: LegalTexts): InvoiceNote[] {
  const at = draft.issueDate;
  const isPublic = draft.buyer.publicSector != null;
  const notes: InvoiceNote[] = [];
  if (draft.issuer != null) {
    notes.push({ subject: 'REG', content: legalText(texts, 'mandate', at, { platform: draft.issuer.name, seller: draft.seller.name }) });
  }
  notes.push({ subject: 'AAI', content: legalText(texts, draft.subject === 'PLATFORM_COMMISSION' ? 'commissionService' : 'dataMadeAvailable', at) });
  if (typeCode === '381' && draft.precedingInvoice != null) {
    const p = draft.precedingInvoice;
    notes.push({ subject: 'AAI', content: legalText(texts, 'creditNoteReference', at, { number: p.number, date: formatNumericDate(p.issueDate, 'fr') }) });
  }
  notes.push({ subject: 'PMD', content: legalText(texts, isPublic ? 'latePenaltyPublic' : 'latePenaltyBusiness', at) });
  notes.push({ subject: 'PMT', content: legalText(texts, isPublic ? 'recoveryIndemnityPublic' : 'recoveryIndemnityBusiness', at) });
  notes.push({ subject: 'AAB', content: legalText(texts, 'earlyPaymentDiscount', at) });
  notes.push({ subject: 'BAR', content: billingTreatmentFor(draft.buyer) });
  return notes;
}

/** VAT breakdown of lines and document allowances and charges, with the exemption of each category. */
export function vatBreakdownOf(lines: readonly InvoiceLine[], allowanceCharges: readonly InvoiceAllowanceCharge[], issueDate: string, texts: LegalTexts): VatBreakdownLine[] {
  const items = [
    ...lines,
    ...allowanceCharges.map((a) => ({ amountCents: a.charge ? a.amountCents : -a.amountCents, vatCategory: a.vatCategory, vatRateBp: a.vatRateBp })),
  ];
  return vatLinesOf(items).map((v) => ({
    category: v.category,
    rateBp: v.rateBp,
    baseCents: v.baseCents,
    vatCents: v.vatCents,
    exemptionReasonCode: v.category === 'S' ? null : EXEMPTION_CODES[v.category],
    exemptionReason: v.category === 'S' ? null : legalText(texts, EXEMPTION_TEXTS[v.category], issueDate),
  }));
}

/** Builds the complete invoice (or credit note) of a draft. Pure: nothing is read but the legal texts. */
export function assembleInvoice(draft: InvoiceDraft, texts: LegalTexts = frenchLegalTexts()): Invoice {
  const typeCode = draft.typeCode ?? '380';
  const lines: InvoiceLine[] = draft.lines.map((l, i) => ({ ...l, id: l.id ?? String(i + 1) }));
  const allowanceCharges = draft.allowanceCharges ?? [];
  const vatBreakdown = vatBreakdownOf(lines, allowanceCharges, draft.issueDate, texts);
  const lineTotalCents = sumCents(lines.map((l) => l.amountCents));
  const allowanceTotalCents = sumCents(allowanceCharges.filter((a) => !a.charge).map((a) => a.amountCents));
  const chargeTotalCents = sumCents(allowanceCharges.filter((a) => a.charge).map((a) => a.amountCents));
  const taxBasisCents = sumCents([lineTotalCents, -allowanceTotalCents, chargeTotalCents]);
  const vatCents = sumCents(vatBreakdown.map((v) => v.vatCents));
  const grandTotalCents = sumCents([taxBasisCents, vatCents]);
  const creditNote = typeCode === '381';
  const dueDate = creditNote ? draft.issueDate : addDays(draft.issueDate, draft.paymentTermsDays);
  const paymentTerms = creditNote
    ? legalText(texts, 'paymentTermsCreditNote', draft.issueDate)
    : draft.subject === 'PLATFORM_COMMISSION'
      ? legalText(texts, 'paymentTermsCommission', draft.issueDate, { dueDate: formatNumericDate(dueDate, 'fr') })
      : legalText(texts, 'paymentTermsInvoice', draft.issueDate, { days: draft.paymentTermsDays, dueDate: formatNumericDate(dueDate, 'fr') });
  const outOfScope = vatBreakdown.some((v) => v.category === 'O');
  const sellerVatMention =
    outOfScope && draft.seller.vatNumber != null ? legalText(texts, 'sellerVatNumber', draft.issueDate, { vatNumber: draft.seller.vatNumber }) : null;
  return {
    number: draft.number,
    typeCode,
    issueDate: draft.issueDate,
    dueDate,
    paymentTerms,
    deliveryDate: draft.deliveryDate,
    billingPeriod: draft.billingPeriod ?? null,
    currency: 'EUR',
    billingFramework: BILLING_FRAMEWORK_SERVICES,
    seller: draft.seller,
    sellerVatMention,
    buyer: draft.buyer,
    issuer: draft.issuer ?? null,
    precedingInvoice: draft.precedingInvoice ?? null,
    contractReference: draft.contractReference ?? null,
    billReference: draft.billReference ?? null,
    lines,
    allowanceCharges,
    vatBreakdown,
    totals: { lineTotalCents, allowanceTotalCents, chargeTotalCents, taxBasisCents, vatCents, grandTotalCents, duePayableCents: grandTotalCents },
    notes: notesFor(draft, typeCode, texts),
    payment: draft.payment ?? null,
  };
}

/** UN/ECE rec. 20 unit of a tariff line billed with its own quantity. */
function unitCodeOf(line: QuoteLine): string {
  if (line.kind === 'PREPARATION') return 'DAY';
  if (line.kind === 'DURATION') return 'MON';
  if (line.kind === 'USAGE' && line.code.endsWith('.COMPUTE_HOURS')) return 'HUR';
  return 'C62';
}

/** Whether quantity x unit price gives the amount exactly (a price per N units or a rounded product does not). */
function exactProduct(line: QuoteLine): boolean {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(line.quantity);
  if (m === null) return false;
  const milli = BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0') || '0');
  return milli * BigInt(line.unitPriceCents) === BigInt(line.amountCents) * 1000n;
}

/**
 * The invoice lines and document allowances/charges of one contributor's share. A line the
 * share holds whole keeps its quantity, unit and unit price when they give its amount
 * exactly; a partial share (or a price per N units) is one unit at the share's amount, its
 * description saying which share of which line it is. Zero parts are left out.
 */
export function shareItems(share: BillShare, split: BillSplit, issueDate: string, texts: LegalTexts = frenchLegalTexts()) {
  const whole = share.weight === split.totalWeight;
  const shareText = whole ? null : legalText(texts, 'lineShare', issueDate, { weight: share.weight, totalWeight: split.totalWeight });
  const lines: Omit<InvoiceLine, 'id'>[] = [];
  for (const p of share.lines) {
    if (p.amountCents === 0) continue;
    const keep = p.amountCents === p.source.amountCents && exactProduct(p.source);
    lines.push({
      code: p.source.code,
      name: p.source.label,
      description: shareText === null ? p.source.rule : `${shareText} ${p.source.rule}`,
      quantity: keep ? p.source.quantity : '1',
      unitCode: keep ? unitCodeOf(p.source) : 'C62',
      netPriceCents: keep ? p.source.unitPriceCents : p.amountCents,
      amountCents: p.amountCents,
      vatCategory: p.vatCategory,
      vatRateBp: p.vatRateBp,
    });
  }
  const allowanceCharges: InvoiceAllowanceCharge[] = [];
  for (const p of share.adjustments) {
    if (p.amountCents === 0) continue;
    allowanceCharges.push({
      charge: p.amountCents > 0,
      amountCents: Math.abs(p.amountCents),
      reason: shareText === null ? p.source.label : `${p.source.label} – ${shareText}`,
      vatCategory: p.vatCategory,
      vatRateBp: p.vatRateBp,
    });
  }
  return { lines, allowanceCharges };
}

/** One contributor's invoice of a split bill. */
export function invoiceForShare(share: BillShare, split: BillSplit, context: ShareInvoiceContext, texts: LegalTexts = frenchLegalTexts()): Invoice {
  const items = shareItems(share, split, context.issueDate, texts);
  return assembleInvoice({ ...context, typeCode: '380', ...items }, texts);
}

export interface CreditNoteRequest {
  number: string;
  issueDate: string;
  /** Lines credited and by how much (at most the line's amount); absent: the whole invoice. */
  lines?: { lineId: string; amountCents: number }[] | null;
}

/**
 * A credit note (381) referencing `invoice` (BT-25, BT-26). Without `lines` it cancels the
 * whole invoice, allowances and charges included; with them it credits those amounts.
 */
export function assembleCreditNote(invoice: Invoice, request: CreditNoteRequest, texts: LegalTexts = frenchLegalTexts()): Invoice {
  let lines: Omit<InvoiceLine, 'id'>[] = invoice.lines.map(({ id: _id, ...l }) => l);
  let allowanceCharges = invoice.allowanceCharges;
  if (request.lines != null) {
    allowanceCharges = [];
    lines = request.lines.map((r) => {
      const original = invoice.lines.find((l) => l.id === r.lineId);
      if (original === undefined) throw new RangeError(`invoice ${invoice.number} has no line "${r.lineId}"`);
      if (!Number.isSafeInteger(r.amountCents) || r.amountCents <= 0 || r.amountCents > original.amountCents) {
        throw new RangeError(`line "${r.lineId}" can be credited by 1 to ${original.amountCents} cents (got ${r.amountCents})`);
      }
      const { id: _id, ...rest } = original;
      return r.amountCents === original.amountCents ? rest : { ...rest, quantity: '1', unitCode: 'C62', netPriceCents: r.amountCents, amountCents: r.amountCents };
    });
  }
  return assembleInvoice(
    {
      number: request.number,
      typeCode: '381',
      issueDate: request.issueDate,
      paymentTermsDays: 0,
      deliveryDate: invoice.deliveryDate,
      billingPeriod: invoice.billingPeriod,
      seller: invoice.seller,
      buyer: invoice.buyer,
      issuer: invoice.issuer,
      precedingInvoice: { number: invoice.number, issueDate: invoice.issueDate },
      contractReference: invoice.contractReference,
      billReference: invoice.billReference,
      payment: invoice.payment,
      lines,
      allowanceCharges,
    },
    texts,
  );
}
