// PDF/A-3b documents (ISO 19005-3, conformance B): what an e-invoice (Factur-X) is made of.
// pdfkit 0.17 does most of it when given `subset: 'PDF/A-3b'` and version 1.7 (sRGB output
// intent, XMP with pdfaid:part 3 and conformance B, /AF on the catalog, file specifications
// with /AFRelationship, embedded files with a MIME /Subtype and /Params dates). What it gets
// wrong is the XMP it derives from the document information: values are written unescaped
// (an "&" in a title makes the packet unparsable), pdf:Producer is copied from /Creator and
// xmp:ModifyDate is missing although /ModDate is set, while PDF/A wants the two to agree.
// So this module writes that part of the XMP itself.
import PDFDocument from 'pdfkit';
import { pdfkitOptions, preparePdfDocument, type CreatePdfOptions, type PdfDoc } from './pdf-doc';

/** How an embedded file relates to the document (ISO 32000-2, table 43). */
export type AfRelationship = 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'EncryptedPayload' | 'FormData' | 'Schema' | 'Unspecified';

export interface PdfAttachment {
  /** file name in the document, e.g. factur-x.xml */
  name: string;
  data: Buffer;
  /** MIME type, e.g. text/xml */
  mimeType: string;
  relationship: AfRelationship;
  description?: string;
  /** explicit dates: the attachment is part of the bytes, so "now" would make them differ at each render */
  creationDate: Date;
  modificationDate: Date;
}

export interface PdfA3Options extends Omit<CreatePdfOptions, 'pdfVersion' | 'compress'> {
  attachments?: readonly PdfAttachment[];
  /**
   * XMP to add to the metadata packet: rdf:Description elements (e.g. a PDF/A extension
   * schema description and the properties it declares).
   */
  extraXmp?: readonly string[];
}

/** Escapes text for XML content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An XMP date (ISO 8601, UTC, to the second), equal to the /Info date pdfkit writes. */
function xmpDate(date: Date): string {
  return `${date.toISOString().split('.')[0]}Z`;
}

/** The XMP counterpart of every /Info entry, which PDF/A requires to agree with it. */
export function xmpForInfo(info: PDFKit.DocumentInfo): string {
  const esc = (v: string | undefined) => escapeXml(v ?? '');
  const created = info.CreationDate ?? new Date();
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    info.Title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(info.Title)}</rdf:li></rdf:Alt></dc:title>` : '',
    info.Author ? `<dc:creator><rdf:Seq><rdf:li>${esc(info.Author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    info.Subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(info.Subject)}</rdf:li></rdf:Alt></dc:description>` : '',
  ];
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${xmpDate(created)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(info.ModDate ?? created)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(info.ModDate ?? created)}</xmp:MetadataDate>`,
    info.Creator ? `<xmp:CreatorTool>${esc(info.Creator)}</xmp:CreatorTool>` : '',
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    ...dc,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    info.Producer ? `<pdf:Producer>${esc(info.Producer)}</pdf:Producer>` : '',
    info.Keywords ? `<pdf:Keywords>${esc(info.Keywords)}</pdf:Keywords>` : '',
    '</rdf:Description>',
  ]
    .filter(Boolean)
    .join('\n');
}

interface PdfkitMetadataInternals {
  _addInfo?: () => void;
  info: PDFKit.DocumentInfo;
}

/**
 * A PDF/A-3b document with the platform's fonts and style, its attachments embedded and
 * linked from the catalog's /AF, and the extra XMP in its metadata. Write the content as in
 * any document, then pdfToBuffer. Only the bundled DejaVu fonts are used, all embedded.
 */
export function createPdfA3(options: PdfA3Options): PdfDoc {
  const base = pdfkitOptions({ ...options, pdfVersion: '1.7' });
  // PDF/A wants /Producer and pdf:Producer to agree; pdfkit fills the XMP one from /Creator.
  base.info = { ...base.info, Producer: base.info?.Creator };
  const doc = new PDFDocument({ ...base, subset: 'PDF/A-3b' });
  const internals = doc as unknown as PdfkitMetadataInternals;
  if (typeof internals._addInfo !== 'function') {
    throw new Error('this pdfkit no longer writes the XMP of the document information in _addInfo: check createPdfA3 against it');
  }
  internals._addInfo = () => doc.appendXML(xmpForInfo(internals.info));
  preparePdfDocument(doc);
  for (const a of options.attachments ?? []) {
    const fileOptions: PDFKit.Mixins.PDFAttachmentOptions & { relationship: AfRelationship } = {
      name: a.name,
      type: a.mimeType,
      relationship: a.relationship,
      creationDate: a.creationDate,
      modifiedDate: a.modificationDate,
    };
    if (a.description) fileOptions.description = a.description;
    doc.file(a.data, fileOptions);
  }
  for (const xml of options.extraXmp ?? []) doc.appendXML(xml);
  return doc;
}
