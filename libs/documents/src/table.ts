// A ruled table: a header repeated after each page break, cells that wrap, and an optional
// note under a row (e.g. the rule that produced a price) spanning the text columns, carried
// over to the next pages when it is longer than a page; then right-aligned totals.
import { PDF_FONTS } from './fonts';
import { contentWidth, drawRule, type PdfDoc } from './pdf-doc';
import { PDF_STYLE } from './style';

export interface TableColumn {
  header: string;
  /** a second header line in small type, e.g. the English label under the French one */
  subheader?: string;
  /** share of the content width; the shares add up to 1 */
  width: number;
  align?: 'left' | 'right';
}

export interface TableRow {
  cells: readonly string[];
  /** small text under the row, across every column but the last */
  note?: string;
  bold?: boolean;
}

const CELL_PAD = 4;
const FONT_SIZE = 8.5;
const NOTE_SIZE = 7.5;
const SUBHEADER_SIZE = 6.5;

function layout(doc: PdfDoc, columns: readonly TableColumn[]) {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  let x = left;
  const cols = columns.map((c) => {
    const col = { ...c, x, w: c.width * width };
    x += col.w;
    return col;
  });
  return { left, width, cols };
}

function writeHeader(doc: PdfDoc, columns: readonly TableColumn[]): void {
  const { cols } = layout(doc, columns);
  const cell = (c: (typeof cols)[number]) => ({ width: c.w - 2 * CELL_PAD, align: c.align ?? 'left' });
  doc.font(PDF_FONTS.bold).fontSize(FONT_SIZE).fillColor(PDF_STYLE.color.accent);
  const h = Math.max(...cols.map((c) => doc.heightOfString(c.header, cell(c))));
  const y = doc.y;
  for (const c of cols) doc.text(c.header, c.x + CELL_PAD, y + CELL_PAD, cell(c));
  let bottom = y + h;
  if (cols.some((c) => c.subheader)) {
    doc.font(PDF_FONTS.regular).fontSize(SUBHEADER_SIZE).fillColor(PDF_STYLE.color.muted);
    const sub = Math.max(...cols.map((c) => doc.heightOfString(c.subheader ?? '', cell(c))));
    for (const c of cols) if (c.subheader) doc.text(c.subheader, c.x + CELL_PAD, y + CELL_PAD + h, cell(c));
    bottom += sub;
  }
  doc.y = bottom + 2 * CELL_PAD;
  drawRule(doc, doc.y, 0.8);
}

function rowHeight(doc: PdfDoc, cols: ReturnType<typeof layout>['cols'], row: TableRow): { cells: number; note: number } {
  doc.font(row.bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(FONT_SIZE);
  const cells = Math.max(...cols.map((c, i) => doc.heightOfString(row.cells[i] ?? '', { width: c.w - 2 * CELL_PAD })));
  if (!row.note) return { cells, note: 0 };
  const noteWidth = cols.slice(0, -1).reduce((w, c) => w + c.w, 0) - 2 * CELL_PAD;
  return { cells, note: doc.font(PDF_FONTS.italic).fontSize(NOTE_SIZE).heightOfString(row.note, { width: noteWidth }) + 2 };
}

/**
 * The longest run of whole words starting `text` that fits in `height` at the current font,
 * and the rest; at least one word, so that the text always moves on.
 */
function splitToHeight(doc: PdfDoc, text: string, width: number, height: number): [string, string] {
  const words = text.split(/(?<=\s)/);
  let lo = 1;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.heightOfString(words.slice(0, mid).join('').trimEnd(), { width }) <= height) lo = mid;
    else hi = mid - 1;
  }
  return [words.slice(0, lo).join('').trimEnd(), words.slice(lo).join('')];
}

/** Writes the table at the cursor, starting a new page (with the header again) when a row does not fit. */
export function writeTable(doc: PdfDoc, columns: readonly TableColumn[], rows: readonly TableRow[]): void {
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const { cols } = layout(doc, columns);
  const headerHeight = 3 * FONT_SIZE + 2 * CELL_PAD + (columns.some((c) => c.subheader) ? SUBHEADER_SIZE * 1.2 : 0);
  const noteWidth = cols.slice(0, -1).reduce((w, c) => w + c.w, 0) - 2 * CELL_PAD;
  if (doc.y + headerHeight + 2 * FONT_SIZE > bottom()) doc.addPage();
  writeHeader(doc, columns);
  for (const row of rows) {
    const h = rowHeight(doc, cols, row);
    const total = h.cells + h.note + 2 * CELL_PAD;
    const pageRoom = bottom() - doc.page.margins.top - headerHeight;
    // A row longer than a page starts where its cells and a few lines of its note fit, and
    // its note goes on over the next pages.
    const needed = total <= pageRoom ? total : h.cells + 2 * CELL_PAD + 3 * NOTE_SIZE * 1.2;
    if (doc.y + needed > bottom()) {
      doc.addPage();
      writeHeader(doc, columns);
    }
    const { left } = layout(doc, columns);
    const y = doc.y;
    doc.font(row.bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(FONT_SIZE).fillColor(PDF_STYLE.color.text);
    cols.forEach((c, i) => doc.text(row.cells[i] ?? '', c.x + CELL_PAD, y + CELL_PAD, { width: c.w - 2 * CELL_PAD, align: c.align ?? 'left' }));
    if (row.note && total > pageRoom) {
      let rest = row.note;
      let noteY = y + CELL_PAD + h.cells + 2;
      for (;;) {
        doc.font(PDF_FONTS.italic).fontSize(NOTE_SIZE).fillColor(PDF_STYLE.color.muted);
        const [part, more] = splitToHeight(doc, rest, noteWidth, bottom() - CELL_PAD - noteY);
        doc.text(part, left + CELL_PAD, noteY, { width: noteWidth });
        rest = more;
        if (!rest) break;
        doc.addPage();
        writeHeader(doc, columns);
        noteY = doc.y + CELL_PAD;
      }
      doc.y += CELL_PAD;
    } else {
      if (row.note) {
        doc.font(PDF_FONTS.italic).fontSize(NOTE_SIZE).fillColor(PDF_STYLE.color.muted);
        doc.text(row.note, left + CELL_PAD, y + CELL_PAD + h.cells + 2, { width: noteWidth });
      }
      doc.y = y + total;
    }
    drawRule(doc, doc.y, 0.3);
  }
  doc.x = doc.page.margins.left;
  doc.fillColor(PDF_STYLE.color.text);
}

export interface TotalRow {
  label: string;
  amount: string;
  bold?: boolean;
}

/**
 * Label / amount lines aligned right under a table (subtotal, VAT, total). With
 * `keepTogether` the lines start on a new page unless they all fit on this one (off by
 * default: documents already issued must keep their layout).
 */
export function writeTotals(doc: PdfDoc, rows: readonly TotalRow[], options: { keepTogether?: boolean } = {}): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const amountWidth = width * 0.2;
  const labelWidth = width * 0.55;
  const labelX = left + width - amountWidth - labelWidth;
  const fontOf = (row: TotalRow) => doc.font(row.bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(row.bold ? PDF_STYLE.fontSize.body : FONT_SIZE + 0.5);
  doc.moveDown(0.4);
  if (options.keepTogether) {
    const height = rows.reduce((h, row) => h + fontOf(row).heightOfString(row.label, { width: labelWidth - CELL_PAD }) + 3, 0);
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  }
  for (const row of rows) {
    fontOf(row).fillColor(PDF_STYLE.color.text);
    const h = doc.heightOfString(row.label, { width: labelWidth - CELL_PAD });
    if (doc.y + h + CELL_PAD > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    doc.text(row.label, labelX, y, { width: labelWidth - CELL_PAD, align: 'right' });
    doc.text(row.amount, left + width - amountWidth, y, { width: amountWidth - CELL_PAD, align: 'right' });
    doc.y = y + h + 3;
  }
  doc.x = left;
}
