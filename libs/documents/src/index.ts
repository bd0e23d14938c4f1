// The document kit: every PDF of the platform (licence, quote, agreement, invoice) is made
// with these blocks, so they share fonts, style and layout. No framework, pdfkit only.
export * from './blocks';
export * from './decorations';
export { findFontsDir, fontPaths, PDF_FONTS, type FontStyle } from './fonts';
export * from './labels';
export * from './pdf-doc';
export * from './pdfa';
export * from './style';
export * from './table';
export * from './text';
// for tests: reading PDFs with poppler-utils and qpdf
export * from './testing/pdf-tools';
