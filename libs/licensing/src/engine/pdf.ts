// PDF layout with pdfkit. The building blocks are exported so that other documents (the
// signed agreement with annexes and a signature page) compose the same look:
//   const doc = createPdfDocument({ title, creationDate });
//   writeTitlePage(doc, ...); doc.addPage(); writeClauses(doc, clauses, locale);
//   writeSection(doc, annex); addPageNumbers(doc, { header, footerLeft });
//   const pdf = await pdfToBuffer(doc);
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Locale, PartyValue, RenderedClause, RenderedDocument } from './types';

export type PdfDoc = PDFKit.PDFDocument;

/** Names under which createPdfDocument registers the embedded DejaVu fonts. */
export const PDF_FONTS = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique' } as const;

const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' } as const;

/**
 * The repository's `assets/fonts` folder: LICENSING_FONTS_DIR if set, else the first
 * `assets/fonts` holding DejaVuSans.ttf walking up from this file, then from the cwd.
 */
export function findFontsDir(): string {
  const fromEnv = process.env.LICENSING_FONTS_DIR;
  if (fromEnv && existsSync(join(fromEnv, FONT_FILES.regular))) return fromEnv;
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, 'assets', 'fonts');
      if (existsSync(join(candidate, FONT_FILES.regular))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find assets/fonts/${FONT_FILES.regular} above ${__dirname} or ${process.cwd()} (set LICENSING_FONTS_DIR)`);
}

let fontsDir: string | undefined;
let fontData: Record<keyof typeof FONT_FILES, Buffer> | undefined;

/** Absolute paths of the three embedded fonts. */
export function fontPaths(): Record<keyof typeof FONT_FILES, string> {
  fontsDir ??= findFontsDir();
  return {
    regular: join(fontsDir, FONT_FILES.regular),
    bold: join(fontsDir, FONT_FILES.bold),
    italic: join(fontsDir, FONT_FILES.italic),
  };
}

function fonts(): Record<keyof typeof FONT_FILES, Buffer> {
  if (!fontData) {
    const p = fontPaths();
    fontData = { regular: readFileSync(p.regular), bold: readFileSync(p.bold), italic: readFileSync(p.italic) };
  }
  return fontData;
}

// Parsing a TrueType font (fontkit) and shaping words cost more than the rest of a licence,
// so both are shared between documents: each document gets its own embedded-font object
// (its own glyph subset) over the same parsed font, and the per-word layout cache (pure
// glyph ids and positions) is shared and renewed every LAYOUT_CACHE_DOCS documents.
// This relies on pdfkit internals (_fontFamilies, _fontCount, layoutCache); if they ever
// change, we fall back to plain registerFont.
type FontStyle = keyof typeof FONT_FILES;
type EmbeddedFontLike = { font?: { createSubset?: unknown }; layoutCache?: Record<string, unknown> };
interface SharedFonts {
  EmbeddedFont: new (doc: PdfDoc, font: unknown, id: string) => EmbeddedFontLike;
  parsed: Partial<Record<FontStyle, unknown>>;
  layoutCaches: Partial<Record<FontStyle, Record<string, unknown>>>;
  docs: number;
}
const LAYOUT_CACHE_DOCS = 500;
let shared: SharedFonts | null | undefined;

interface PdfkitInternals {
  _font?: EmbeddedFontLike & { constructor: SharedFonts['EmbeddedFont'] };
  _fontFamilies?: Record<string, unknown>;
  _fontCount?: number;
}

function installFonts(doc: PdfDoc): void {
  const internals = doc as unknown as PdfkitInternals;
  const data = fonts();
  if (shared && ++shared.docs % LAYOUT_CACHE_DOCS === 0) shared.layoutCaches = {};
  for (const style of Object.keys(FONT_FILES) as FontStyle[]) {
    const name = PDF_FONTS[style];
    const parsed = shared?.parsed[style];
    if (shared && parsed && internals._fontFamilies && typeof internals._fontCount === 'number') {
      const font = new shared.EmbeddedFont(doc, parsed, `F${++internals._fontCount}`);
      if (font.layoutCache) font.layoutCache = shared.layoutCaches[style] ??= font.layoutCache;
      internals._fontFamilies[name] = font;
      continue;
    }
    doc.registerFont(name, data[style]);
    doc.font(name);
    const embedded = internals._font;
    if (shared === null || !embedded?.font || typeof embedded.font.createSubset !== 'function' || !internals._fontFamilies) {
      shared = null;
      continue;
    }
    shared ??= { EmbeddedFont: embedded.constructor, parsed: {}, layoutCaches: {}, docs: 0 };
    shared.parsed[style] = embedded.font;
    if (embedded.layoutCache) shared.layoutCaches[style] = embedded.layoutCache;
  }
}

/** Sizes and colours shared by every document of the platform. */
export const PDF_STYLE = {
  size: 'A4',
  margins: { top: 72, bottom: 72, left: 64, right: 64 },
  fontSize: { title: 20, subtitle: 12, heading: 11.5, body: 10, small: 8, tiny: 7 },
  color: { text: '#111111', muted: '#555555', rule: '#999999', accent: '#1f3b6e', watermark: '#c0392b' },
  paragraphGap: 6,
  listIndent: 14,
} as const;

const LABELS: Record<Locale, Record<string, string>> = {
  fr: {
    clause: 'Article',
    template: 'Modèle',
    templateHash: 'Empreinte du modèle',
    variablesHash: 'Empreinte des variables',
    parties: 'Entre les parties',
    siret: 'SIRET',
    siren: 'SIREN',
    vatNumber: 'N° TVA',
    address: 'Adresse',
    country: 'Pays',
    representative: 'Représenté(e) par',
    deviates: 'Clause négociée : le texte diffère du modèle standard.',
  },
  en: {
    clause: 'Clause',
    template: 'Template',
    templateHash: 'Template fingerprint',
    variablesHash: 'Variables fingerprint',
    parties: 'Between the parties',
    siret: 'SIRET',
    siren: 'SIREN',
    vatNumber: 'VAT no.',
    address: 'Address',
    country: 'Country',
    representative: 'Represented by',
    deviates: 'Negotiated clause: the text differs from the standard template.',
  },
};

/** A label of the shared layout in a locale (e.g. 'parties', 'clause'). */
export function pdfLabel(locale: Locale, key: string): string {
  return LABELS[locale][key] ?? key;
}

/** "Article 1 – Title" (fr) / "Clause 1 – Title" (en). */
export function clauseHeading(number: string, title: string, locale: Locale): string {
  return `${LABELS[locale].clause} ${number} – ${title}`;
}

export interface CreatePdfOptions {
  title: string;
  subject?: string;
  author?: string;
  keywords?: string;
  /** fixed creation date, for byte-identical output; defaults to now */
  creationDate?: Date;
  lang?: string;
}

/** An A4 document with buffered pages (for page numbers) and the DejaVu fonts registered. */
export function createPdfDocument(options: CreatePdfOptions): PdfDoc {
  const creationDate = options.creationDate ?? new Date();
  const info: PDFKit.DocumentInfo = { Title: options.title, Creator: 'health-data-marketplace licensing', CreationDate: creationDate, ModDate: creationDate };
  if (options.subject) info.Subject = options.subject;
  if (options.author) info.Author = options.author;
  if (options.keywords) info.Keywords = options.keywords;
  const doc = new PDFDocument({
    size: PDF_STYLE.size,
    margins: { ...PDF_STYLE.margins },
    bufferPages: true,
    autoFirstPage: true,
    lang: options.lang,
    displayTitle: true,
    info,
  });
  installFonts(doc);
  doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text);
  return doc;
}

/** Ends the document and resolves with its bytes. */
export function pdfToBuffer(doc: PdfDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function contentWidth(doc: PdfDoc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page unless `height` points fit below the cursor. */
export function ensureSpace(doc: PdfDoc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export type BodyBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/**
 * Splits a rendered clause body: paragraphs are separated by blank lines, a line starting
 * with "- " is a list item; other line breaks inside a paragraph are soft (a space).
 */
export function parseBody(body: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const chunk of body.split(/\n[ \t]*\n/)) {
    let paragraph: string[] = [];
    let list: string[] | undefined;
    const flushParagraph = () => {
      if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
      paragraph = [];
    };
    for (const rawLine of chunk.split('\n')) {
      const line = rawLine.trim();
      if (!line) continue;
      if (/^- /.test(line)) {
        flushParagraph();
        if (!list) {
          list = [];
          blocks.push({ kind: 'list', items: list });
        }
        list.push(line.slice(2).trim());
      } else if (list && /^\s/.test(rawLine)) {
        list[list.length - 1] += ` ${line}`;
      } else {
        list = undefined;
        paragraph.push(line);
      }
    }
    flushParagraph();
  }
  return blocks;
}

/** Writes a clause body (or any text in the same convention) at the left margin. */
export function writeBody(doc: PdfDoc, body: string): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const { listIndent, paragraphGap } = PDF_STYLE;
  doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text);
  const lineHeight = doc.currentLineHeight(true);
  for (const block of parseBody(body)) {
    if (block.kind === 'paragraph') {
      ensureSpace(doc, lineHeight * 2);
      doc.text(block.text, left, doc.y, { width, align: 'justify', paragraphGap });
    } else {
      block.items.forEach((item, i) => {
        ensureSpace(doc, lineHeight * 1.5);
        const y = doc.y;
        doc.text('–', left + 2, y, { width: listIndent, lineBreak: false });
        doc.text(item, left + listIndent, y, { width: width - listIndent, align: 'left', paragraphGap: i === block.items.length - 1 ? paragraphGap : 2 });
      });
    }
    doc.x = left;
  }
}

export interface WriteClausesOptions {
  /** print a note under the heading of clauses that deviate from the standard text (default true) */
  markDeviations?: boolean;
}

/** Writes numbered clauses: "Article n – Title" (fr) / "Clause n – Title" (en), then the body. */
export function writeClauses(doc: PdfDoc, clauses: readonly RenderedClause[], locale: Locale, options: WriteClausesOptions = {}): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const clause of clauses) {
    doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.heading);
    const heading = clauseHeading(clause.number, clause.title, locale);
    ensureSpace(doc, doc.heightOfString(heading, { width }) + doc.currentLineHeight(true) * 3);
    doc.moveDown(0.4);
    doc.fillColor(PDF_STYLE.color.accent).text(heading, left, doc.y, { width, paragraphGap: 4 });
    if (clause.deviates && options.markDeviations !== false) {
      doc.font(PDF_FONTS.italic).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted);
      doc.text(LABELS[locale].deviates, left, doc.y, { width, paragraphGap: 4 });
    }
    writeBody(doc, clause.body);
    doc.moveDown(0.3);
  }
}

/** "Label : value" (fr typography) / "Label: value" (en). */
export function labelled(label: string, value: string, locale: Locale): string {
  return `${label}${locale === 'fr' ? ' : ' : ': '}${value}`;
}

function partyLines(party: PartyValue, locale: Locale): string[] {
  const l = LABELS[locale];
  const lines: string[] = [];
  if (party.address) lines.push(labelled(l.address, party.address, locale));
  const ids = [
    party.siret ? `${l.siret} ${party.siret}` : party.siren ? `${l.siren} ${party.siren}` : '',
    party.vatNumber ? `${l.vatNumber} ${party.vatNumber}` : '',
    labelled(l.country, party.country, locale),
  ].filter(Boolean);
  lines.push(ids.join(' · '));
  if (party.representative) lines.push(`${l.representative} ${party.representative}`);
  return lines;
}

/** The parties block: each party's name in bold, then its legal identity. */
export function writeParties(doc: PdfDoc, parties: readonly PartyValue[], locale: Locale, heading: string | null = LABELS[locale].parties): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  if (heading) {
    ensureSpace(doc, 60);
    doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.heading).fillColor(PDF_STYLE.color.accent).text(heading, left, doc.y, { width, paragraphGap: 6 });
  }
  for (const party of parties) {
    ensureSpace(doc, 56);
    doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text).text(party.name, left, doc.y, { width, paragraphGap: 1 });
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.small + 1).fillColor(PDF_STYLE.color.muted);
    for (const line of partyLines(party, locale)) doc.text(line, left, doc.y, { width, paragraphGap: 1 });
    doc.moveDown(0.6);
  }
  doc.fillColor(PDF_STYLE.color.text);
}

export interface TitlePageOptions {
  title: string;
  subtitle?: string;
  /** small lines under the title, e.g. "Modèle : academic-research@1.0.0" */
  meta?: string[];
  parties?: readonly PartyValue[];
  locale: Locale;
}

/** A title page on the current page (call doc.addPage() afterwards for the body). */
export function writeTitlePage(doc: PdfDoc, options: TitlePageOptions): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.y = doc.page.margins.top + 90;
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.title).fillColor(PDF_STYLE.color.accent).text(options.title, left, doc.y, { width, align: 'center', paragraphGap: 10 });
  if (options.subtitle) {
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.subtitle).fillColor(PDF_STYLE.color.text).text(options.subtitle, left, doc.y, { width, align: 'center', paragraphGap: 10 });
  }
  if (options.meta?.length) {
    doc.moveDown(0.5);
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted);
    for (const line of options.meta) doc.text(line, left, doc.y, { width, align: 'center', paragraphGap: 2 });
  }
  if (options.parties?.length) {
    doc.moveDown(3);
    writeParties(doc, options.parties, options.locale);
  }
  doc.fillColor(PDF_STYLE.color.text);
}

export interface PdfSection {
  title: string;
  /** text in the clause body convention (paragraphs, "- " list items) */
  body?: string;
  /** a two-column table of label / value rows */
  rows?: readonly (readonly [string, string])[];
  /** start the section on a new page (default true) */
  newPage?: boolean;
}

/** An extra section (an annex, a summary...) with a heading, a body and/or rows. */
export function writeSection(doc: PdfDoc, section: PdfSection): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  if (section.newPage !== false) doc.addPage();
  else ensureSpace(doc, 80);
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.heading + 1.5).fillColor(PDF_STYLE.color.accent).text(section.title, left, doc.y, { width, paragraphGap: 8 });
  if (section.body) writeBody(doc, section.body);
  if (section.rows?.length) {
    const labelWidth = Math.round(width * 0.38);
    doc.fontSize(PDF_STYLE.fontSize.body);
    for (const [label, value] of section.rows) {
      const h = Math.max(doc.font(PDF_FONTS.bold).heightOfString(label, { width: labelWidth - 8 }), doc.font(PDF_FONTS.regular).heightOfString(value, { width: width - labelWidth }));
      ensureSpace(doc, h + 4);
      const y = doc.y;
      doc.font(PDF_FONTS.bold).fillColor(PDF_STYLE.color.text).text(label, left, y, { width: labelWidth - 8 });
      doc.font(PDF_FONTS.regular).text(value, left + labelWidth, y, { width: width - labelWidth });
      doc.y = y + h + 4;
      doc.moveTo(left, doc.y - 2).lineTo(left + width, doc.y - 2).lineWidth(0.3).strokeColor(PDF_STYLE.color.rule).stroke();
    }
    doc.x = left;
  }
}

interface FontkitGlyphRun {
  glyphs: { path: { toSVG(): string } }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}
interface FontkitFontLike {
  unitsPerEm: number;
  layout(text: string): FontkitGlyphRun;
}

/**
 * A diagonal watermark across the page, drawn as glyph outlines rather than text: it marks
 * every page without getting into the text that pdftotext or a screen reader extracts.
 * Falls back to (extractable) text if the parsed font is not reachable.
 */
export function drawWatermark(doc: PdfDoc, text: string, size = 72): void {
  const embedded = (doc as unknown as PdfkitInternals)._fontFamilies?.[PDF_FONTS.bold] as { font?: FontkitFontLike } | undefined;
  const font = embedded?.font;
  const cx = doc.page.width / 2;
  const cy = doc.page.height / 2;
  doc.save();
  doc.fillColor(PDF_STYLE.color.watermark).fillOpacity(0.12);
  doc.rotate(-45, { origin: [cx, cy] });
  if (font && typeof font.layout === 'function') {
    const run = font.layout(text);
    const scale = size / font.unitsPerEm;
    const width = run.positions.reduce((w, p) => w + p.xAdvance, 0) * scale;
    doc.translate(cx - width / 2, cy + size * 0.35);
    doc.scale(scale, -scale);
    let pen = 0;
    run.glyphs.forEach((glyph, i) => {
      const pos = run.positions[i];
      doc.save();
      doc.translate(pen + pos.xOffset, pos.yOffset);
      doc.path(glyph.path.toSVG()).fill();
      doc.restore();
      pen += pos.xAdvance;
    });
  } else {
    doc.font(PDF_FONTS.bold).fontSize(size);
    doc.text(text, cx - 300, cy - size / 2, { width: 600, align: 'center', lineBreak: false });
  }
  doc.restore();
}

export interface PageDecorationOptions {
  /** running header, e.g. the document title (not printed on the first page) */
  header?: string;
  /** footer text on the left, e.g. "academic-research@1.0.0 · sha256:0123456789abcdef" */
  footerLeft?: string;
  /** diagonal watermark on every page, e.g. "PROJET" */
  watermark?: string;
  /** also print the header on the first page (default false) */
  headerOnFirstPage?: boolean;
}

/**
 * Decorates every buffered page: running header, footer "page X / Y" and an optional
 * watermark. Call once, after all content is written and before pdfToBuffer.
 */
export function addPageNumbers(doc: PdfDoc, options: PageDecorationOptions = {}): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const bottomMargin = margins.bottom;
    margins.bottom = 0; // writing in the margin must not open a new page
    const left = margins.left;
    const width = doc.page.width - margins.left - margins.right;
    if (options.watermark) drawWatermark(doc, options.watermark);
    if (options.header && (i > range.start || options.headerOnFirstPage)) {
      doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted);
      doc.text(options.header, left, margins.top - 36, { width, align: 'left', lineBreak: false, ellipsis: true, height: 12 });
      doc.moveTo(left, margins.top - 22).lineTo(left + width, margins.top - 22).lineWidth(0.4).strokeColor(PDF_STYLE.color.rule).stroke();
    }
    const footerY = doc.page.height - bottomMargin + 28;
    doc.moveTo(left, footerY - 8).lineTo(left + width, footerY - 8).lineWidth(0.4).strokeColor(PDF_STYLE.color.rule).stroke();
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.tiny).fillColor(PDF_STYLE.color.muted);
    if (options.footerLeft) doc.text(options.footerLeft, left, footerY, { width: width - 80, align: 'left', lineBreak: false });
    doc.text(`page ${i - range.start + 1} / ${total}`, left + width - 80, footerY, { width: 80, align: 'right', lineBreak: false });
    margins.bottom = bottomMargin;
  }
  doc.fillColor(PDF_STYLE.color.text);
}

export interface RenderPdfOptions {
  subtitle?: string;
  parties?: readonly PartyValue[];
  watermark?: string;
  /** sections after the clauses (annexes...), each on a new page unless newPage is false */
  extraSections?: readonly PdfSection[];
  /** fixed creation date for byte-identical output (defaults to now) */
  creationDate?: Date;
  author?: string;
  /** note under deviating clauses (default true) */
  markDeviations?: boolean;
}

/** `key@version · sha256:<first 16 hex of the template hash>`, as printed in footers. */
export function templateFooter(doc: Pick<RenderedDocument, 'templateKey' | 'templateVersion' | 'templateHash'>): string {
  return `${doc.templateKey}@${doc.templateVersion} · sha256:${doc.templateHash.slice(0, 16)}`;
}

/** A rendered licence as PDF: title page, numbered clauses, extra sections, header and footers. */
export async function renderDocumentPdf(rendered: RenderedDocument, options: RenderPdfOptions = {}): Promise<Buffer> {
  const { locale } = rendered;
  const l = LABELS[locale];
  const doc = createPdfDocument({
    title: rendered.title,
    subject: `${rendered.templateKey}@${rendered.templateVersion}`,
    keywords: `sha256:${rendered.templateHash}`,
    author: options.author,
    creationDate: options.creationDate,
    lang: locale === 'fr' ? 'fr-FR' : 'en-GB',
  });
  writeTitlePage(doc, {
    title: rendered.title,
    subtitle: options.subtitle,
    meta: [
      labelled(l.template, `${rendered.templateKey}@${rendered.templateVersion}`, locale),
      labelled(l.templateHash, `sha256:${rendered.templateHash}`, locale),
      labelled(l.variablesHash, `sha256:${rendered.variablesHash}`, locale),
    ],
    parties: options.parties,
    locale,
  });
  doc.addPage();
  writeClauses(doc, rendered.clauses, locale, { markDeviations: options.markDeviations });
  for (const section of options.extraSections ?? []) writeSection(doc, section);
  addPageNumbers(doc, { header: rendered.title, footerLeft: templateFooter(rendered), watermark: options.watermark });
  return pdfToBuffer(doc);
}
