// A seller's monthly statement: what it sold (its invoices in the platform's bills), what the
// buyers paid, the platform's commission, what refunds took back, what it was paid out and its
// balances at the month's end; as CSV (one row per movement, amounts in cents) and as a PDF
// with the document kit, whose chart shows the month's revenue by offering (vector bars).

import { contentWidth, createPdfDocument, decoratePages, ensureSpace, PDF_FONTS, PDF_STYLE, pdfToBuffer, writeKeyValues, writeTable, writeTitleBlock, type PdfDoc } from '@app/documents';
import { formatMoney, sumCents, type Cents } from '@app/core/kernel';

export interface StatementInvoice {
  billNumber: string;
  invoiceNumber: string;
  agreementNumber: string;
  offering: string;
  issuedOn: string;
  netCents: Cents;
  vatCents: Cents;
  commissionNetCents: Cents;
  commissionVatCents: Cents;
  commissionBp: number;
}

export interface StatementPayment { billNumber: string; method: string; receivedOn: string; amountCents: Cents }
export interface StatementPayout {
  billNumber: string; method: string; sentOn: string; amountCents: Cents; reference: string;
  /** Held back for what the seller owed (a refund or credit note after an earlier payout); NETTED: held back whole. */
  nettedCents?: Cents;
}
export interface StatementRefund { billNumber: string; on: string; netCents: Cents; vatCents: Cents; commissionCents: Cents }
/** The platform's commission invoice for the month (issued after it ends; absent until then). */
export interface StatementCommissionInvoice { number: string; issueDate: string; netCents: Cents; vatCents: Cents; totalCents: Cents }

export interface SellerStatement {
  month: string;
  seller: { id: string; name: string };
  platformName: string;
  invoices: StatementInvoice[];
  payments: StatementPayment[];
  refunds: StatementRefund[];
  payouts: StatementPayout[];
  commissionInvoices?: StatementCommissionInvoice[];
  /** What the seller still owes back at the month's end (refunds and credit notes after a payout), carried to its next payouts. */
  carriedCents?: Cents;
  /** At the month's end, on each account's normal side. */
  balances: { account: string; balanceCents: Cents }[];
  generatedAt: Date;
}

export interface StatementTotals {
  netCents: Cents;
  vatCents: Cents;
  commissionCents: Cents;
  refundedCents: Cents;
  paidOutCents: Cents;
  /** What the platform owes the seller at the month's end (payable and VAT collected). */
  owedCents: Cents;
}

export function statementTotals(s: SellerStatement): StatementTotals {
  const bal = (a: string) => s.balances.find((b) => b.account === a)?.balanceCents ?? 0;
  return {
    netCents: sumCents(s.invoices.map((i) => i.netCents)),
    vatCents: sumCents(s.invoices.map((i) => i.vatCents)),
    commissionCents: sumCents(s.invoices.flatMap((i) => [i.commissionNetCents, i.commissionVatCents])),
    refundedCents: sumCents(s.refunds.flatMap((r) => [r.netCents, r.vatCents])),
    paidOutCents: sumCents(s.payouts.map((p) => p.amountCents)),
    owedCents: bal('SELLER_PAYABLE') + bal('SELLER_VAT_COLLECTED'),
  };
}

/** The month's revenue excl. VAT per offering, largest first (ties by name). */
export function revenueByOffering(s: SellerStatement): { offering: string; netCents: Cents }[] {
  const by = new Map<string, Cents>();
  for (const i of s.invoices) by.set(i.offering, (by.get(i.offering) ?? 0) + i.netCents);
  return [...by].map(([offering, netCents]) => ({ offering, netCents })).sort((a, b) => b.netCents - a.netCents || (a.offering < b.offering ? -1 : 1));
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per movement: section, date, bill, document, description, and amounts in cents (excl. VAT, VAT, commission incl. VAT, total). */
export function statementCsv(s: SellerStatement): string {
  const rows: (string | number)[][] = [['section', 'date', 'bill', 'document', 'description', 'net_cents', 'vat_cents', 'commission_cents', 'amount_cents']];
  for (const i of s.invoices) {
    rows.push(['invoice', i.issuedOn, i.billNumber, i.invoiceNumber, `${i.offering} (${i.agreementNumber})`, i.netCents, i.vatCents, i.commissionNetCents + i.commissionVatCents, i.netCents + i.vatCents]);
    rows.push(['commission', i.issuedOn, i.billNumber, i.invoiceNumber, `${i.commissionBp / 100} % of ${i.netCents} cents`, i.commissionNetCents, i.commissionVatCents, i.commissionNetCents + i.commissionVatCents, -(i.commissionNetCents + i.commissionVatCents)]);
  }
  for (const p of s.payments) rows.push(['payment', p.receivedOn, p.billNumber, '', `paid by the buyer (${p.method})`, '', '', '', p.amountCents]);
  for (const r of s.refunds) rows.push(['refund', r.on, r.billNumber, '', 'refund to the buyer', -r.netCents, -r.vatCents, -r.commissionCents, -(r.netCents + r.vatCents - r.commissionCents)]);
  for (const p of s.payouts) rows.push(['payout', p.sentOn, p.billNumber, p.reference, p.nettedCents ? `${p.method} less ${p.nettedCents} cents owed back` : p.method, '', '', '', p.amountCents]);
  if (s.carriedCents) rows.push(['carried', `${s.month}-end`, '', '', 'owed back (deducted from the next payouts)', '', '', '', -s.carriedCents]);
  for (const c of s.commissionInvoices ?? []) rows.push(['commission_invoice', c.issueDate, '', c.number, `the platform's commission invoice for ${s.month}`, c.netCents, c.vatCents, c.totalCents, '']);
  for (const b of s.balances) rows.push(['balance', `${s.month}-end`, '', '', b.account, '', '', '', b.balanceCents]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Horizontal bars of the month's revenue by offering, drawn with pdfkit's vector paths. */
export function drawRevenueChart(doc: PdfDoc, data: readonly { offering: string; netCents: Cents }[], locale: 'fr' | 'en' = 'fr'): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelWidth = Math.round(width * 0.35);
  const valueWidth = 80;
  const barMax = width - labelWidth - valueWidth - 8;
  const bar = 14;
  const gap = 8;
  ensureSpace(doc, data.length * (bar + gap) + 30);
  const max = Math.max(1, ...data.map((d) => d.netCents));
  let y = doc.y + 4;
  doc.fontSize(PDF_STYLE.fontSize.small);
  for (const d of data) {
    const w = Math.max(1, Math.round((barMax * d.netCents) / max));
    doc.font(PDF_FONTS.regular).fillColor(PDF_STYLE.color.text).text(d.offering, left, y + 2, { width: labelWidth - 6, height: bar, ellipsis: true, lineBreak: false });
    doc.rect(left + labelWidth, y, w, bar).fillColor(PDF_STYLE.color.accent).fill();
    doc.fillColor(PDF_STYLE.color.text).text(formatMoney(d.netCents, locale), left + labelWidth + w + 6, y + 2, { width: valueWidth, lineBreak: false });
    y += bar + gap;
  }
  doc.moveTo(left + labelWidth, doc.y + 2).lineTo(left + labelWidth, y - gap + 2).lineWidth(0.5).strokeColor(PDF_STYLE.color.rule).stroke();
  doc.fillColor(PDF_STYLE.color.text);
  doc.x = left;
  doc.y = y + 6;
}

/** The statement as a PDF of the document kit (DejaVu fonts, page numbers). */
export async function statementPdf(s: SellerStatement): Promise<Buffer> {
  const t = statementTotals(s);
  const money = (c: Cents) => formatMoney(c, 'fr');
  const doc = createPdfDocument({ title: `Relevé ${s.month} – ${s.seller.name}`, creator: 'health-data-marketplace payments', creationDate: s.generatedAt, lang: 'fr-FR', pdfVersion: '1.7' });
  writeTitleBlock(doc, { title: `Relevé vendeur ${s.month}`, subtitle: s.seller.name, meta: [`Émis par ${s.platformName}`, `Seller statement, ${s.month}`], align: 'left' });
  doc.moveDown(1);
  writeKeyValues(doc, [
    ['Ventes HT', money(t.netCents), 'Sales excl. VAT'],
    ['TVA facturée pour votre compte', money(t.vatCents), 'VAT invoiced in your name'],
    ['Commission de la plateforme TTC', money(t.commissionCents), "Platform's commission incl. VAT"],
    ['Remboursements', money(t.refundedCents), 'Refunds'],
    ['Reversé', money(t.paidOutCents), 'Paid out'],
    ['Solde dû par la plateforme en fin de mois', money(t.owedCents), 'Owed to you at the end of the month'],
    ...(s.carriedCents ? [['Trop-perçu déduit des prochains reversements', money(s.carriedCents), 'Owed back, deducted from your next payouts'] as [string, string, string]] : []),
  ]);
  doc.moveDown(1);
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).text('Chiffre d’affaires du mois par offre (HT)');
  drawRevenueChart(doc, revenueByOffering(s));
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).text('Factures et commission');
  writeTable(doc, [
    { header: 'Facture', subheader: 'Invoice', width: 0.22 }, { header: 'Contrat', subheader: 'Agreement', width: 0.17 }, { header: 'Date', width: 0.15 },
    { header: 'HT', width: 0.14, align: 'right' }, { header: 'TVA', width: 0.14, align: 'right' }, { header: 'Commission TTC', width: 0.18, align: 'right' },
  ], s.invoices.map((i) => ({ cells: [i.invoiceNumber, i.agreementNumber, i.issuedOn, money(i.netCents), money(i.vatCents), money(i.commissionNetCents + i.commissionVatCents)], note: `${i.offering} – facture groupée ${i.billNumber}, commission ${i.commissionBp / 100} %` })));
  if (s.payments.length) {
    doc.moveDown(1).font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).text('Paiements des acheteurs');
    writeTable(doc, [{ header: 'Facture groupée', width: 0.4 }, { header: 'Moyen', width: 0.2 }, { header: 'Date', width: 0.2 }, { header: 'Montant', width: 0.2, align: 'right' }],
      s.payments.map((p) => ({ cells: [p.billNumber, p.method, p.receivedOn, money(p.amountCents)] })));
  }
  if (s.refunds.length) {
    doc.moveDown(1).font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).text('Remboursements');
    writeTable(doc, [{ header: 'Facture groupée', width: 0.34 }, { header: 'Date', width: 0.18 }, { header: 'HT', width: 0.16, align: 'right' }, { header: 'TVA', width: 0.16, align: 'right' }, { header: 'Commission rendue', width: 0.16, align: 'right' }],
      s.refunds.map((r) => ({ cells: [r.billNumber, r.on, money(-r.netCents), money(-r.vatCents), money(r.commissionCents)] })));
  }
  if (s.commissionInvoices?.length) {
    doc.moveDown(1).font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).text('Facture de commission de la plateforme');
    writeTable(doc, [{ header: 'Facture', subheader: 'Commission invoice', width: 0.34 }, { header: 'Date', width: 0.18 }, { header: 'HT', width: 0.16, align: 'right' }, { header: 'TVA', width: 0.16, align: 'right' }, { header: 'TTC', width: 0.16, align: 'right' }],
      s.commissionInvoices.map((c) => ({ cells: [c.number, c.issueDate, money(c.netCents), money(c.vatCents), money(c.totalCents)] })));
  }
  doc.moveDown(1).font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).text('Reversements');
  writeTable(doc, [{ header: 'Facture groupée', width: 0.3 }, { header: 'Moyen', width: 0.24 }, { header: 'Date', width: 0.16 }, { header: 'Référence', width: 0.14 }, { header: 'Montant', width: 0.16, align: 'right' }],
    s.payouts.map((p) => ({ cells: [p.billNumber, p.method === 'STRIPE_TRANSFER' ? 'Virement Stripe' : 'Virement SEPA', p.sentOn, p.reference, money(p.amountCents)] })));
  decoratePages(doc, { header: `Relevé ${s.month} – ${s.seller.name}`, footerLeft: s.platformName });
  return pdfToBuffer(doc);
}
