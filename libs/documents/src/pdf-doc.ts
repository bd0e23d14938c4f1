// A document of the platform: A4, buffered pages (for "page X / Y"), the DejaVu fonts, the
// shared style, and fixed dates when asked so that the same input gives the same bytes.
import PDFDocument from 'pdfkit';
import { installFonts, PDF_FONTS } from './fonts';
import { PDF_STYLE } from './style';

export type PdfDoc = PDFKit.PDFDocument;

export interface CreatePdfOptions {
  title: string;
  subject?: string;
  author?: string;
  keywords?: string;
  /** the /Creator (and /Producer) of the document, e.g. "health-data-marketplace pricing" */
  creator?: string;
  /**
   * Fixed creation (and modification) date, for byte-identical output; defaults to now.
   * The file identifier (/ID) is derived from the document information, so a fixed date
   * also fixes it.
   */
  creationDate?: Date;
  /** BCP 47 language of the text, e.g. fr-FR */
  lang?: string;
  /** pdfkit writes 1.3 by default; 1.4 and later add an XMP metadata stream */
  pdfVersion?: '1.4' | '1.5' | '1.6' | '1.7';
  /** page margins, default PDF_STYLE.margins */
  margins?: { top: number; bottom: number; left: number; right: number };
  /** deflate content streams (default true); off only to inspect or tamper with a file in tests */
  compress?: boolean;
}

export const DEFAULT_CREATOR = 'health-data-marketplace';

/** The pdfkit constructor options of a document of the platform; PDF/A documents add a subset. */
export function pdfkitOptions(options: CreatePdfOptions): PDFKit.PDFDocumentOptions {
  const creationDate = options.creationDate ?? new Date();
  const info: PDFKit.DocumentInfo = { Title: options.title, Creator: options.creator ?? DEFAULT_CREATOR, CreationDate: creationDate, ModDate: creationDate };
  if (options.subject) info.Subject = options.subject;
  if (options.author) info.Author = options.author;
  if (options.keywords) info.Keywords = options.keywords;
  return {
    size: PDF_STYLE.size,
    margins: { ...(options.margins ?? PDF_STYLE.margins) },
    bufferPages: true,
    autoFirstPage: true,
    lang: options.lang,
    displayTitle: true,
    info,
    ...(options.pdfVersion ? { pdfVersion: options.pdfVersion } : {}),
    ...(options.compress === false ? { compress: false } : {}),
  };
}

/** Gives a new pdfkit document the platform's fonts and default text style. */
export function preparePdfDocument(doc: PdfDoc): PdfDoc {
  installFonts(doc);
  doc.font(PDF_FONTS.regular).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text);
  return doc;
}

/** An A4 document with buffered pages (for page numbers) and the DejaVu fonts registered. */
export function createPdfDocument(options: CreatePdfOptions): PdfDoc {
  return preparePdfDocument(new PDFDocument(pdfkitOptions(options)));
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

/** Width between the left and right margins of the current page. */
export function contentWidth(doc: PdfDoc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page unless `height` points fit below the cursor. */
export function ensureSpace(doc: PdfDoc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A horizontal rule across the content width at `y`. */
export function drawRule(doc: PdfDoc, y: number, weight: number): void {
  const left = doc.page.margins.left;
  doc.moveTo(left, y).lineTo(left + contentWidth(doc), y).lineWidth(weight).strokeColor(PDF_STYLE.color.rule).stroke();
}
