// Running text: paragraphs and "- " lists, headings, notes.
import { PDF_FONTS } from './fonts';
import { contentWidth, ensureSpace, type PdfDoc } from './pdf-doc';
import { PDF_STYLE } from './style';

export type BodyBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/**
 * Splits a body text: paragraphs are separated by blank lines, a line starting with "- " is
 * a list item; other line breaks inside a paragraph are soft (a space).
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

/** Writes a body text (see parseBody) at the left margin, justified. */
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

/** A section heading in the accent colour (a larger one for a section that opens a page). */
export function writeHeading(doc: PdfDoc, text: string, level: 1 | 2 = 1): void {
  const size = level === 1 ? PDF_STYLE.fontSize.heading + 1.5 : PDF_STYLE.fontSize.heading;
  doc.font(PDF_FONTS.bold).fontSize(size).fillColor(PDF_STYLE.color.accent).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), paragraphGap: level === 1 ? 8 : 6 });
}

/** A small heading kept with what follows it (e.g. "Adjustments" above a second table). */
export function writeSubheading(doc: PdfDoc, text: string): void {
  ensureSpace(doc, 80);
  doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.accent).text(text, doc.page.margins.left, doc.y + 6, { paragraphGap: 2 });
}

/** Notes in small italics under a table or a block (VAT mention, estimates...). */
export function writeNotes(doc: PdfDoc, notes: readonly string[]): void {
  if (!notes.length) return;
  const left = doc.page.margins.left;
  doc.moveDown(0.6);
  doc.font(PDF_FONTS.italic).fontSize(PDF_STYLE.fontSize.small + 0.5).fillColor(PDF_STYLE.color.muted);
  for (const note of notes) doc.text(note, left, doc.y, { width: contentWidth(doc), paragraphGap: 3 });
  doc.fillColor(PDF_STYLE.color.text);
}
