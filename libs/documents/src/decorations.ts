// What every page carries, drawn once all content is written: running header, footer with
// "page X / Y", and an optional diagonal watermark (DRAFT, PREVIEW...).
import { PDF_FONTS, type PdfkitInternals } from './fonts';
import { contentWidth, drawRule, type PdfDoc } from './pdf-doc';
import { PDF_STYLE } from './style';

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
  /** footer text on the left, e.g. a document number or a template fingerprint */
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
export function decoratePages(doc: PdfDoc, options: PageDecorationOptions = {}): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const bottomMargin = margins.bottom;
    margins.bottom = 0; // writing in the margin must not open a new page
    const left = margins.left;
    const width = contentWidth(doc);
    if (options.watermark) drawWatermark(doc, options.watermark);
    if (options.header && (i > range.start || options.headerOnFirstPage)) {
      doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.muted);
      doc.text(options.header, left, margins.top - 36, { width, align: 'left', lineBreak: false, ellipsis: true, height: 12 });
      drawRule(doc, margins.top - 22, 0.4);
    }
    const footerY = doc.page.height - bottomMargin + 28;
    drawRule(doc, footerY - 8, 0.4);
    doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.tiny).fillColor(PDF_STYLE.color.muted);
    if (options.footerLeft) doc.text(options.footerLeft, left, footerY, { width: width - 80, align: 'left', lineBreak: false });
    doc.text(`page ${i - range.start + 1} / ${total}`, left + width - 80, footerY, { width: 80, align: 'right', lineBreak: false });
    margins.bottom = bottomMargin;
  }
  doc.fillColor(PDF_STYLE.color.text);
}
