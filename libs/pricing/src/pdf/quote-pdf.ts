// Quote PDF: parties, offering, every line with the rule that produced it, totals per VAT
// rate, the VAT mention and the validity date. pdfkit with embedded DejaVu fonts (French
// accents, €, ×, –).

import { existsSync } from 'fs';
import { dirname, join } from 'path';
import PDFDocument from 'pdfkit';
import { formatMoney } from '@app/core/kernel';
import { formatQuantity, Locale, parseQuantity, QuoteLine, QuoteResult } from '../engine';

/** A party's legal identity as printed on the quote. */
export interface QuotePdfParty {
  name: string;
  siret?: string | null;
  vatNumber?: string | null;
  address?: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

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

export interface QuotePdfOptions {
  /** Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf; default: the repository's assets/fonts. */
  fontsDir?: string;
}

const FONT_REGULAR = 'DejaVuSans.ttf';
const FONT_BOLD = 'DejaVuSans-Bold.ttf';

/**
 * The repository's `assets/fonts`: the first one holding DejaVuSans.ttf walking up from
 * this file (source or compiled output), then from the working directory.
 */
export function findFontsDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 10; i++) {
      const candidate = join(dir, 'assets', 'fonts');
      if (existsSync(join(candidate, FONT_REGULAR))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find assets/fonts/${FONT_REGULAR} above ${__dirname} or ${process.cwd()}`);
}

interface Words {
  title: string;
  number: string;
  issued: string;
  validUntil: string;
  seller: string;
  buyer: string;
  siret: string;
  vat: string;
  country: string;
  offering: string;
  tariff: string;
  columns: [string, string, string, string, string];
  adjustments: string;
  charges: string;
  subtotal: string;
  vatOn: (label: string, base: string) => string;
  total: string;
  estimateMark: string;
  notes: string;
  legal: string;
  page: (i: number, n: number) => string;
}

const WORDS: Record<Locale, Words> = {
  fr: {
    title: 'Devis',
    number: 'N°',
    issued: "Date d'émission",
    validUntil: "Valable jusqu'au",
    seller: 'Prestataire (producteur de données)',
    buyer: 'Client',
    siret: 'SIRET',
    vat: 'N° TVA',
    country: 'Pays',
    offering: 'Offre',
    tariff: 'Grille tarifaire',
    columns: ['Désignation', 'Qté', 'Unité', 'PU HT', 'Montant HT'],
    adjustments: 'Ajustements',
    charges: 'Total des prestations HT',
    subtotal: 'Total HT',
    vatOn: (label, base) => `${label} sur ${base}`,
    total: 'Total TTC',
    estimateMark: '* Quantité estimée : le montant définitif dépend des jours réalisés ou de la consommation réelle.',
    notes: 'Notes',
    legal:
      "Les montants rémunèrent la mise à disposition des données (instruction, préparation, accès, hébergement, support), jamais les données elles-mêmes (article L.1111-8 du code de la santé publique).",
    page: (i, n) => `Page ${i}/${n}`,
  },
  en: {
    title: 'Quote',
    number: 'No.',
    issued: 'Issue date',
    validUntil: 'Valid until',
    seller: 'Supplier (data producer)',
    buyer: 'Customer',
    siret: 'SIRET',
    vat: 'VAT no.',
    country: 'Country',
    offering: 'Offering',
    tariff: 'Tariff grid',
    columns: ['Description', 'Qty', 'Unit', 'Unit price', 'Amount'],
    adjustments: 'Adjustments',
    charges: 'Charges excl. VAT',
    subtotal: 'Total excl. VAT',
    vatOn: (label, base) => `${label} on ${base}`,
    total: 'Total incl. VAT',
    estimateMark: '* Estimated quantity: the final amount depends on the days worked or the actual consumption.',
    notes: 'Notes',
    legal:
      'The amounts pay for making the data available (application handling, preparation, access, hosting, support), never for the data itself (French public health code, art. L.1111-8).',
    page: (i, n) => `Page ${i}/${n}`,
  },
};

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 2026-11-22 -> "22/11/2026" (fr) or "2026-11-22" (en). */
export function formatDate(iso: string, locale: Locale): string {
  const m = DATE_RE.exec(iso);
  if (m === null) throw new Error(`invalid date ${JSON.stringify(iso)}: expected YYYY-MM-DD`);
  return locale === 'fr' ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Keeps "1 000" and "0,30 €" together when pdfkit wraps a text. */
function noBreak(text: string): string {
  return text.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/ €/g, '\u00a0€');
}

const PAGE_MARGIN = 50;
const FOOTER_SPACE = 20;
// Table columns: x, width, alignment.
const COLS = [
  { x: 50, w: 215, align: 'left' as const },
  { x: 268, w: 52, align: 'right' as const },
  { x: 326, w: 72, align: 'left' as const },
  { x: 400, w: 68, align: 'right' as const },
  { x: 472, w: 73, align: 'right' as const },
];
const RIGHT = 545;
const RULE_X = COLS[0].x + 8;
const RULE_WIDTH = RIGHT - RULE_X;

/** Renders a quote as a PDF. */
export function renderQuotePdf(input: QuotePdfInput, options: QuotePdfOptions = {}): Promise<Buffer> {
  const locale = input.locale ?? input.quote.locale;
  const w = WORDS[locale];
  const money = (cents: number) => formatMoney(cents, locale);
  const issued = formatDate(input.issueDate, locale);
  const validUntil = formatDate(input.validUntil, locale);
  const fontsDir = options.fontsDir ?? findFontsDir();
  // "Label : value" in French typography, "Label: value" in English
  const field = (label: string, value: string) => (locale === 'fr' ? `${label}\u00a0: ${value}` : `${label}: ${value}`);

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN, right: PAGE_MARGIN },
    bufferPages: true,
    info: {
      Title: `${w.title} ${input.quoteNumber}`,
      Author: input.seller.name,
      Subject: input.offeringTitle,
      CreationDate: new Date(`${input.issueDate}T00:00:00Z`),
    },
  });
  doc.registerFont('regular', join(fontsDir, FONT_REGULAR));
  doc.registerFont('bold', join(fontsDir, FONT_BOLD));

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const bottom = () => doc.page.height - PAGE_MARGIN - FOOTER_SPACE;
  const ensure = (height: number, onNewPage?: () => void) => {
    if (doc.y + height > bottom()) {
      doc.addPage();
      onNewPage?.();
    }
  };

  // Header
  doc.font('bold').fontSize(18).fillColor('black').text(`${w.title} ${w.number} ${input.quoteNumber}`, PAGE_MARGIN, PAGE_MARGIN);
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9).text(`${field(w.issued, issued)}     ${field(w.validUntil, validUntil)}`);
  doc.moveDown(1);

  // Parties, side by side
  const partiesTop = doc.y;
  const partyBlock = (title: string, p: QuotePdfParty, x: number) => {
    doc.font('bold').fontSize(9).text(title, x, partiesTop, { width: 235 });
    doc.font('bold').fontSize(10).text(p.name, x, doc.y, { width: 235 });
    doc.font('regular').fontSize(9);
    const rows = [
      p.address ?? null,
      field(w.country, p.country),
      p.siret ? field(w.siret, p.siret) : null,
      p.vatNumber ? field(w.vat, p.vatNumber) : null,
    ];
    for (const r of rows) if (r !== null) doc.text(r, x, doc.y, { width: 235 });
    return doc.y;
  };
  const leftEnd = partyBlock(w.seller, input.seller, PAGE_MARGIN);
  const rightEnd = partyBlock(w.buyer, input.buyer, 310);
  doc.y = Math.max(leftEnd, rightEnd) + 14;

  doc.font('bold').fontSize(10).text(field(w.offering, input.offeringTitle), PAGE_MARGIN, doc.y, { width: RIGHT - PAGE_MARGIN });
  const tariffRef = input.quote.tariffVersion ? `${input.quote.tariffKey} v${input.quote.tariffVersion}` : input.quote.tariffKey;
  doc.font('regular').fontSize(8).fillColor('#555555').text(field(w.tariff, tariffRef));
  doc.fillColor('black').moveDown(0.8);

  const header = () => {
    const y = doc.y;
    doc.font('bold').fontSize(8.5);
    w.columns.forEach((c, i) => doc.text(c, COLS[i].x, y, { width: COLS[i].w, align: COLS[i].align }));
    doc.moveTo(PAGE_MARGIN, doc.y + 2).lineTo(RIGHT, doc.y + 2).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 5;
  };

  const row = (l: QuoteLine) => {
    doc.font('regular').fontSize(8.5);
    const labelText = l.estimate ? `${l.label} *` : l.label;
    const milli = parseQuantity(l.quantity);
    const cells = [labelText, milli === null ? l.quantity : formatQuantity(milli, locale), l.unit, money(l.unitPriceCents), money(l.amountCents)];
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: COLS[i].w }));
    doc.fontSize(7.5);
    const rule = noBreak(l.rule);
    const ruleHeight = doc.heightOfString(rule, { width: RULE_WIDTH });
    ensure(Math.max(...heights) + ruleHeight + 6, header);
    const y = doc.y;
    doc.fontSize(8.5).fillColor('black');
    cells.forEach((c, i) => doc.font(i === 4 ? 'bold' : 'regular').text(c, COLS[i].x, y, { width: COLS[i].w, align: COLS[i].align }));
    doc.y = y + Math.max(...heights) + 1;
    doc.font('regular').fontSize(7.5).fillColor('#555555').text(rule, RULE_X, doc.y, { width: RULE_WIDTH });
    doc.fillColor('black');
    doc.y += 4;
  };

  header();
  for (const l of input.quote.lines) row(l);

  const totalRow = (labelText: string, cents: number, bold = false) => {
    ensure(16);
    const y = doc.y;
    doc.font(bold ? 'bold' : 'regular').fontSize(bold ? 10 : 9);
    doc.text(labelText, 250, y, { width: 215, align: 'right' });
    doc.text(money(cents), COLS[4].x - 20, y, { width: COLS[4].w + 20, align: 'right' });
    doc.y = Math.max(doc.y, y + 12) + 2;
  };

  doc.moveTo(PAGE_MARGIN, doc.y).lineTo(RIGHT, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
  doc.y += 6;
  totalRow(w.charges, input.quote.chargesCents);

  if (input.quote.adjustments.length > 0) {
    ensure(30);
    doc.moveDown(0.5);
    doc.font('bold').fontSize(9).text(w.adjustments, PAGE_MARGIN, doc.y);
    doc.y += 3;
    for (const a of input.quote.adjustments) row(a);
    doc.moveTo(PAGE_MARGIN, doc.y).lineTo(RIGHT, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 6;
  }

  totalRow(w.subtotal, input.quote.subtotalCents, true);
  for (const v of input.quote.vatLines) totalRow(w.vatOn(v.label, money(v.baseCents)), v.vatCents);
  totalRow(w.total, input.quote.totalCents, true);

  doc.moveDown(0.8);
  if (input.quote.vatMention) {
    ensure(20);
    doc.font('bold').fontSize(9).fillColor('black').text(input.quote.vatMention, PAGE_MARGIN, doc.y, { width: RIGHT - PAGE_MARGIN });
    doc.moveDown(0.5);
  }
  if (input.quote.estimate) {
    ensure(20);
    doc.font('regular').fontSize(8).text(w.estimateMark, PAGE_MARGIN, doc.y, { width: RIGHT - PAGE_MARGIN });
    doc.moveDown(0.5);
  }
  if (input.quote.notes.length > 0) {
    ensure(30);
    doc.font('bold').fontSize(8.5).text(w.notes, PAGE_MARGIN, doc.y);
    doc.font('regular').fontSize(8);
    for (const n of input.quote.notes) {
      const note = `– ${noBreak(n)}`;
      ensure(doc.heightOfString(note, { width: RIGHT - PAGE_MARGIN }) + 2);
      doc.text(note, PAGE_MARGIN, doc.y, { width: RIGHT - PAGE_MARGIN });
    }
    doc.moveDown(0.5);
  }
  ensure(30);
  doc.font('regular').fontSize(7.5).fillColor('#555555').text(w.legal, PAGE_MARGIN, doc.y, { width: RIGHT - PAGE_MARGIN });

  // Page numbers, written with the bottom margin lifted so pdfkit does not add a page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7.5).fillColor('#555555');
    doc.text(`${input.quoteNumber} – ${w.page(i + 1, range.count)}`, PAGE_MARGIN, doc.page.height - PAGE_MARGIN + 10, {
      width: RIGHT - PAGE_MARGIN,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
