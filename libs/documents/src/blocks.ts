// The blocks documents are made of: title block, parties, label / value rows, sections and
// numbered clauses.
import { PDF_FONTS } from './fonts';
import { clauseHeading, documentLabel, labelled, type DocumentLocale } from './labels';
import { contentWidth, drawRule, ensureSpace, type PdfDoc } from './pdf-doc';
import { PDF_STYLE } from './style';
import { writeBody, writeHeading } from './text';

export interface TitleBlockOptions {
  title: string;
  subtitle?: string;
  /** small lines under the title, e.g. "Modèle : academic-research@1.0.0" or an issue date */
  meta?: readonly string[];
  /** centred on a title page (default), or left at the top of a one-page document */
  align?: 'center' | 'left';
}

/** The document's title, subtitle and meta lines: a title page when centred (then doc.addPage() for the body). */
export function writeTitleBlock(doc: PdfDoc, options: TitleBlockOptions): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const align = options.align ?? 'center';
  doc.y = doc.page.margins.top + (align === 'center' ? 90 : 0);
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.title).fillColor(PDF_STYLE.color.accent).text(options.title, left, doc.y, { width, align, paragraphGap: 10 });
  if (options.subtitle) {
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.subtitle).fillColor(PDF_STYLE.color.text).text(options.subtitle, left, doc.y, { width, align, paragraphGap: 10 });
  }
  if (options.meta?.length) {
    doc.moveDown(0.5);
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted);
    for (const line of options.meta) doc.text(line, left, doc.y, { width, align, paragraphGap: 2 });
  }
  doc.fillColor(PDF_STYLE.color.text);
}

/** A party's legal identity, as every document prints it. */
export interface LegalIdentity {
  name: string;
  address?: string | null;
  siret?: string | null;
  siren?: string | null;
  vatNumber?: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
  representative?: string | null;
}

/** The lines under a party's name: address; SIRET (or SIREN) · VAT number · country; representative. */
export function legalIdentityLines(party: LegalIdentity, locale: DocumentLocale): string[] {
  const label = (key: Parameters<typeof documentLabel>[1]) => documentLabel(locale, key);
  const lines: string[] = [];
  if (party.address) lines.push(labelled(label('address'), party.address, locale));
  const ids = [
    party.siret ? `${label('siret')} ${party.siret}` : party.siren ? `${label('siren')} ${party.siren}` : '',
    party.vatNumber ? `${label('vatNumber')} ${party.vatNumber}` : '',
    labelled(label('country'), party.country, locale),
  ].filter(Boolean);
  lines.push(ids.join(' · '));
  if (party.representative) lines.push(`${label('representative')} ${party.representative}`);
  return lines;
}

export interface PartyBlock {
  /** printed in small capitals above the name, e.g. "Producteur" */
  role?: string;
  name: string;
  /** e.g. legalIdentityLines(party, locale), plus any line of the document's own */
  lines: readonly string[];
}

function writeParty(doc: PdfDoc, party: PartyBlock, x: number, width: number): void {
  const opts = { width, paragraphGap: 1 };
  if (party.role) doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted).text(party.role.toUpperCase(), x, doc.y, opts);
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text).text(party.name, x, doc.y, opts);
  doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.small + 1).fillColor(PDF_STYLE.color.muted);
  for (const line of party.lines) doc.text(line, x, doc.y, opts);
}

/** The parties block, one under the other: each party's role, its name in bold, then its lines; `heading` null for none. */
export function writeParties(doc: PdfDoc, parties: readonly PartyBlock[], heading: string | null): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  if (heading) {
    ensureSpace(doc, 60);
    writeHeading(doc, heading, 2);
  }
  for (const party of parties) {
    ensureSpace(doc, 56);
    writeParty(doc, party, left, width);
    doc.moveDown(0.8);
  }
  doc.fillColor(PDF_STYLE.color.text);
}

/** A label, its value and, optionally, the label again in small type under it (e.g. in English). */
export type KeyValueRow = readonly [label: string, value: string, hint?: string];

/** Label / value rows in two columns, each row ruled. */
export function writeKeyValues(doc: PdfDoc, rows: readonly KeyValueRow[]): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelWidth = Math.round(width * 0.38);
  doc.fontSize(PDF_STYLE.fontSize.body);
  for (const [label, value, hint] of rows) {
    const labelHeight = doc.font(PDF_FONTS.bold).heightOfString(label, { width: labelWidth - 8 });
    const hintHeight = hint ? doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.tiny).heightOfString(hint, { width: labelWidth - 8 }) : 0;
    doc.fontSize(PDF_STYLE.fontSize.body);
    const h = Math.max(labelHeight + hintHeight, doc.font(PDF_FONTS.regular).heightOfString(value, { width: width - labelWidth }));
    ensureSpace(doc, h + 4);
    const y = doc.y;
    doc.font(PDF_FONTS.bold).fillColor(PDF_STYLE.color.text).text(label, left, y, { width: labelWidth - 8 });
    if (hint) {
      doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.tiny).fillColor(PDF_STYLE.color.muted).text(hint, left, y + labelHeight, { width: labelWidth - 8 });
      doc.fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text);
    }
    doc.font(PDF_FONTS.regular).text(value, left + labelWidth, y, { width: width - labelWidth });
    doc.y = y + h + 4;
    drawRule(doc, doc.y - 2, 0.3);
  }
  doc.x = left;
}

export interface PdfSection {
  title: string;
  /** text in the body convention (paragraphs, "- " list items) */
  body?: string;
  /** label / value rows */
  rows?: readonly KeyValueRow[];
  /** start the section on a new page (default true) */
  newPage?: boolean;
}

/** A section (an annex, a summary...) with a heading, a body and/or rows. */
export function writeSection(doc: PdfDoc, section: PdfSection): void {
  if (section.newPage !== false) doc.addPage();
  else ensureSpace(doc, 80);
  writeHeading(doc, section.title, 1);
  if (section.body) writeBody(doc, section.body);
  if (section.rows?.length) writeKeyValues(doc, section.rows);
}

export interface NumberedClause {
  number: string;
  title: string;
  /** a small italic line under the heading, e.g. that the clause was negotiated */
  note?: string;
  /** text in the body convention */
  body: string;
}

/** Numbered clauses: "Article n – Title" (fr) / "Clause n – Title" (en), an optional note, then the body. */
export function writeClauses(doc: PdfDoc, clauses: readonly NumberedClause[], locale: DocumentLocale): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const clause of clauses) {
    doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.heading);
    const heading = clauseHeading(clause.number, clause.title, locale);
    ensureSpace(doc, doc.heightOfString(heading, { width }) + doc.currentLineHeight(true) * 3);
    doc.moveDown(0.4);
    doc.fillColor(PDF_STYLE.color.accent).text(heading, left, doc.y, { width, paragraphGap: 4 });
    if (clause.note) {
      doc.font(PDF_FONTS.italic).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted);
      doc.text(clause.note, left, doc.y, { width, paragraphGap: 4 });
    }
    writeBody(doc, clause.body);
    doc.moveDown(0.3);
  }
}
