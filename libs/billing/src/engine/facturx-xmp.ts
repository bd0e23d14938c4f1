// The Factur-X part of an invoice PDF's XMP: the fx: properties (which file is the
// invoice, which profile) and the PDF/A extension-schema description that declares them,
// without which a PDF/A-3 validator rejects the unknown fx: namespace. The description is
// read from the copy of the Factur-X distribution in schemas/, not retyped.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSchemasDir } from './schemas';

export const FACTURX_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';
export const FACTURX_FILE_NAME = 'factur-x.xml';
export const FACTURX_EXTENSION_SCHEMA = 'facturx-en16931/Factur-X_extension_schema.xmp';

/**
 * The fx: values of our invoices. DocumentType is INVOICE for credit notes too: Factur-X 1.0
 * knows no other value for an invoice document, the CII type code (380, 381) says which.
 */
export const FACTURX_XMP = { documentType: 'INVOICE', documentFileName: FACTURX_FILE_NAME, version: '1.0', conformanceLevel: 'EN 16931' } as const;

let extensionSchema: string | null = null;

/** The rdf:Description of the PDF/A extension schema for fx:, from schemas/ (read once). */
export function facturxExtensionSchemaXmp(): string {
  if (extensionSchema === null) {
    const file = join(defaultSchemasDir(), FACTURX_EXTENSION_SCHEMA);
    const found = /<rdf:Description\b[^>]*xmlns:pdfaExtension=[\s\S]*?<\/rdf:Description>/.exec(readFileSync(file, 'utf8'));
    if (found === null || !found[0].includes(FACTURX_NAMESPACE)) throw new Error(`${file}: no PDF/A extension schema description for ${FACTURX_NAMESPACE}`);
    extensionSchema = found[0];
  }
  return extensionSchema;
}

/** The rdf:Description with the fx: properties. */
export function facturxPropertiesXmp(): string {
  const x = FACTURX_XMP;
  return [
    `<rdf:Description rdf:about="" xmlns:fx="${FACTURX_NAMESPACE}">`,
    `<fx:DocumentType>${x.documentType}</fx:DocumentType>`,
    `<fx:DocumentFileName>${x.documentFileName}</fx:DocumentFileName>`,
    `<fx:Version>${x.version}</fx:Version>`,
    `<fx:ConformanceLevel>${x.conformanceLevel}</fx:ConformanceLevel>`,
    '</rdf:Description>',
  ].join('\n');
}
