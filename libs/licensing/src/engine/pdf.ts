// The licence as PDF, built with the document kit (@app/documents): a title page with the
// template's identity and fingerprints, the numbered clauses, optional extra sections, and
// page decorations. The agreement PDF reuses templateMeta, templateFooter and
// writeLicenceClauses so that a licence reads the same in both.
import {
  createPdfDocument,
  decoratePages,
  documentLabel,
  labelled,
  legalIdentityLines,
  pdfToBuffer,
  writeClauses,
  writeParties,
  writeSection,
  writeTitleBlock,
  type PdfDoc,
  type PdfSection,
} from '@app/documents';
import type { Locale, PartyValue, RenderedClause, RenderedDocument } from './types';

/** The /Creator of licences; agreements keep it too (see renderAgreementPdf). */
export const LICENCE_PDF_CREATOR = 'health-data-marketplace licensing';

const LABELS: Record<Locale, { template: string; templateHash: string; variablesHash: string; deviates: string }> = {
  fr: {
    template: 'Modèle',
    templateHash: 'Empreinte du modèle',
    variablesHash: 'Empreinte des variables',
    deviates: 'Clause négociée : le texte diffère du modèle standard.',
  },
  en: {
    template: 'Template',
    templateHash: 'Template fingerprint',
    variablesHash: 'Variables fingerprint',
    deviates: 'Negotiated clause: the text differs from the standard template.',
  },
};

type TemplateIdentity = Pick<RenderedDocument, 'templateKey' | 'templateVersion' | 'templateHash'>;

/** The title page lines naming the template and both fingerprints. */
export function templateMeta(rendered: TemplateIdentity & Pick<RenderedDocument, 'variablesHash' | 'locale'>): string[] {
  const { locale } = rendered;
  const l = LABELS[locale];
  return [
    labelled(l.template, `${rendered.templateKey}@${rendered.templateVersion}`, locale),
    labelled(l.templateHash, `sha256:${rendered.templateHash}`, locale),
    labelled(l.variablesHash, `sha256:${rendered.variablesHash}`, locale),
  ];
}

/** `key@version · sha256:<first 16 hex of the template hash>`, as printed in footers. */
export function templateFooter(doc: TemplateIdentity): string {
  return `${doc.templateKey}@${doc.templateVersion} · sha256:${doc.templateHash.slice(0, 16)}`;
}

/** The rendered clauses, numbered; those that deviate from the standard text marked unless told otherwise. */
export function writeLicenceClauses(doc: PdfDoc, clauses: readonly RenderedClause[], locale: Locale, options: { markDeviations?: boolean } = {}): void {
  const note = LABELS[locale].deviates;
  writeClauses(
    doc,
    clauses.map((c) => ({ number: c.number, title: c.title, body: c.body, note: c.deviates && options.markDeviations !== false ? note : undefined })),
    locale,
  );
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

/** A rendered licence as PDF: title page, numbered clauses, extra sections, header and footers. */
export async function renderDocumentPdf(rendered: RenderedDocument, options: RenderPdfOptions = {}): Promise<Buffer> {
  const { locale } = rendered;
  const doc = createPdfDocument({
    title: rendered.title,
    subject: `${rendered.templateKey}@${rendered.templateVersion}`,
    keywords: `sha256:${rendered.templateHash}`,
    author: options.author,
    creator: LICENCE_PDF_CREATOR,
    creationDate: options.creationDate,
    lang: locale === 'fr' ? 'fr-FR' : 'en-GB',
  });
  writeTitleBlock(doc, { title: rendered.title, subtitle: options.subtitle, meta: templateMeta(rendered) });
  if (options.parties?.length) {
    doc.moveDown(3);
    writeParties(
      doc,
      options.parties.map((p) => ({ name: p.name, lines: legalIdentityLines(p, locale) })),
      documentLabel(locale, 'parties'),
    );
  }
  doc.addPage();
  writeLicenceClauses(doc, rendered.clauses, locale, { markDeviations: options.markDeviations });
  for (const section of options.extraSections ?? []) writeSection(doc, section);
  decoratePages(doc, { header: rendered.title, footerLeft: templateFooter(rendered), watermark: options.watermark });
  return pdfToBuffer(doc);
}
