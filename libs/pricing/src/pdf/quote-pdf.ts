// Quote PDF: parties, offering, every line with the rule that produced it, totals per VAT
// rate, the VAT mention and the validity date. Built with the document kit
// (@app/documents), like the licence and the agreement.
import { formatMoney, formatNumericDate } from '@app/core/kernel';
import {
  createPdfDocument,
  decoratePages,
  labelled,
  legalIdentityLines,
  pdfToBuffer,
  writeNotes,
  writeParties,
  writeSubheading,
  writeTable,
  writeTitleBlock,
  writeTotals,
  type LegalIdentity,
  type TableColumn,
  type TableRow,
} from '@app/documents';
import { formatQuantity, Locale, parseQuantity, QuoteLine, QuoteResult } from '../engine';

/** A party's legal identity as printed on the quote. */
export type QuotePdfParty = LegalIdentity;

export interface QuotePdfInput {
  quoteNumber: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD: the quote is binding until this date. */
  validUntil: string;
  seller: QuotePdfParty;
  buyer: QuotePdfParty;
  offeringTitle: string;
  /** The computed quote; compute it with the same locale as the document. */
  quote: QuoteResult;
  /** Default: the quote's locale. */
  locale?: Locale;
}

interface Words {
  title: string;
  number: string;
  issued: string;
  validUntil: string;
  seller: string;
  buyer: string;
  offering: string;
  tariff: string;
  columns: [string, string, string, string, string];
  adjustments: string;
  charges: string;
  subtotal: string;
  vatOn: (label: string, base: string) => string;
  total: string;
  estimateMark: string;
  legal: string;
}

const WORDS: Record<Locale, Words> = {
  fr: {
    title: 'Devis',
    number: 'N°',
    issued: "Date d'émission",
    validUntil: "Valable jusqu'au",
    seller: 'Prestataire (producteur de données)',
    buyer: 'Client',
    offering: 'Offre',
    tariff: 'Grille tarifaire',
    columns: ['Désignation', 'Qté', 'Unité', 'PU HT', 'Montant HT'],
    adjustments: 'Ajustements',
    charges: 'Total des prestations HT',
    subtotal: 'Total HT',
    vatOn: (label, base) => `${label} sur ${base}`,
    total: 'Total TTC',
    estimateMark: '* Quantité estimée : le montant définitif dépend des jours réalisés ou de la consommation réelle.',
    legal:
      "Les montants rémunèrent la mise à disposition des données (instruction, préparation, accès, hébergement, support), jamais les données elles-mêmes (article L.1111-8 du code de la santé publique).",
  },
  en: {
    title: 'Quote',
    number: 'No.',
    issued: 'Issue date',
    validUntil: 'Valid until',
    seller: 'Supplier (data producer)',
    buyer: 'Customer',
    offering: 'Offering',
    tariff: 'Tariff grid',
    columns: ['Description', 'Qty', 'Unit', 'Unit price', 'Amount'],
    adjustments: 'Adjustments',
    charges: 'Charges excl. VAT',
    subtotal: 'Total excl. VAT',
    vatOn: (label, base) => `${label} on ${base}`,
    total: 'Total incl. VAT',
    estimateMark: '* Estimated quantity: the final amount depends on the days worked or the actual consumption.',
    legal:
      'The amounts pay for making the data available (application handling, preparation, access, hosting, support), never for the data itself (French public health code, art. L.1111-8).',
  },
};

/** Keeps "1 000" and "0,30 €" together when pdfkit wraps a text. */
function noBreak(text: string): string {
  return text.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/ €/g, '\u00a0€');
}

const COLUMN_WIDTHS = [0.4, 0.1, 0.14, 0.17, 0.19];

/** Renders a quote as a PDF. */
export function renderQuotePdf(input: QuotePdfInput): Promise<Buffer> {
  const locale = input.locale ?? input.quote.locale;
  const w = WORDS[locale];
  const money = (cents: number) => formatMoney(cents, locale);
  const doc = createPdfDocument({
    title: `${w.title} ${input.quoteNumber}`,
    author: input.seller.name,
    subject: input.offeringTitle,
    creator: 'health-data-marketplace pricing',
    creationDate: new Date(`${input.issueDate}T00:00:00Z`),
    lang: locale === 'fr' ? 'fr-FR' : 'en-GB',
  });

  const tariffRef = input.quote.tariffVersion ? `${input.quote.tariffKey} v${input.quote.tariffVersion}` : input.quote.tariffKey;
  writeTitleBlock(doc, {
    title: `${w.title} ${w.number} ${input.quoteNumber}`,
    subtitle: labelled(w.offering, input.offeringTitle, locale),
    meta: [labelled(w.issued, formatNumericDate(input.issueDate, locale), locale), labelled(w.validUntil, formatNumericDate(input.validUntil, locale), locale), labelled(w.tariff, tariffRef, locale)],
    align: 'left',
  });
  doc.moveDown(1);
  writeParties(
    doc,
    [
      { role: w.seller, name: input.seller.name, lines: legalIdentityLines(input.seller, locale) },
      { role: w.buyer, name: input.buyer.name, lines: legalIdentityLines(input.buyer, locale) },
    ],
    null,
  );

  const columns: TableColumn[] = w.columns.map((header, i) => ({ header, width: COLUMN_WIDTHS[i], align: i === 0 || i === 2 ? 'left' : 'right' }));
  const rows = (lines: readonly QuoteLine[]): TableRow[] =>
    lines.map((l) => {
      const milli = parseQuantity(l.quantity);
      return {
        cells: [l.estimate ? `${l.label} *` : l.label, milli === null ? l.quantity : formatQuantity(milli, locale), l.unit, money(l.unitPriceCents), money(l.amountCents)],
        note: noBreak(l.rule),
      };
    });
  writeTable(doc, columns, rows(input.quote.lines));
  writeTotals(doc, [{ label: w.charges, amount: money(input.quote.chargesCents) }]);
  if (input.quote.adjustments.length > 0) {
    writeSubheading(doc, w.adjustments);
    writeTable(doc, columns, rows(input.quote.adjustments));
  }
  writeTotals(doc, [
    { label: w.subtotal, amount: money(input.quote.subtotalCents), bold: true },
    ...input.quote.vatLines.map((v) => ({ label: w.vatOn(v.label, money(v.baseCents)), amount: money(v.vatCents) })),
    { label: w.total, amount: money(input.quote.totalCents), bold: true },
  ]);
  writeNotes(doc, [
    ...(input.quote.vatMention ? [input.quote.vatMention] : []),
    ...(input.quote.estimate ? [w.estimateMark] : []),
    ...input.quote.notes.map((n) => `– ${noBreak(n)}`),
    w.legal,
  ]);
  decoratePages(doc, { header: `${w.title} ${input.quoteNumber}`, footerLeft: input.quoteNumber });
  return pdfToBuffer(doc);
}
