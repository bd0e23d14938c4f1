/**
 * Test/bench fixture only (not exported from the signing index): an agreement-like PDF
 * made with the document kit (@app/documents) like every PDF of the platform — embedded
 * DejaVu fonts (French accents), numbered clauses, a parties block, a tariff table annex, a
 * signature page and page numbers. The real agreement renderer lives elsewhere; this only
 * exercises the sealing layer with realistic input of a chosen length.
 */
import {
  createPdfDocument, decoratePages, labelled, pdfToBuffer, writeBody, writeClauses, writeHeading, writeParties, writeTable, writeTitleBlock, writeTotals,
  type TableColumn,
} from '@app/documents';
import { formatMoney } from '@app/core/kernel';

export interface SampleAgreementOptions {
  /** Total number of pages (>= 3). Default 4. */
  pages?: number;
  /** Stream compression (default true). Uncompressed output makes text tampering easy in tests. */
  compress?: boolean;
  /** Deterministic dates for reproducible output. */
  creationDate?: Date;
  /** Agreement reference printed on every page. */
  reference?: string;
}

export const SAMPLE_TITLE = 'Accord d’accès aux données de santé';
export const SAMPLE_PARTY_SENTENCE = 'Le Producteur met à disposition de l’Acquéreur les données décrites en annexe.';

const CLAUSE_TEXT =
  'Les parties conviennent que l’accès aux données pseudonymisées s’effectue exclusivement au sein ' +
  'de l’espace sécurisé désigné, conformément au référentiel de sécurité applicable et aux ' +
  'dispositions du Règlement général sur la protection des données. L’Acquéreur s’interdit toute ' +
  'tentative de réidentification des personnes concernées, toute extraction de données ' +
  'individuelles et toute réutilisation à des fins autres que la finalité déclarée. Les résultats ' +
  'agrégés ne peuvent être publiés qu’après vérification du respect des seuils de diffusion. ' +
  'Toute violation de données est notifiée au Producteur dans un délai de vingt-quatre heures. ';

const TARIFF_COLUMNS: TableColumn[] = [
  { header: 'Poste', width: 0.46 },
  { header: 'Quantité', width: 0.14, align: 'right' },
  { header: 'Prix unitaire', width: 0.2, align: 'right' },
  { header: 'Montant HT', width: 0.2, align: 'right' },
];

/** Renders the sample agreement and resolves with the finished PDF bytes. */
export function renderSampleAgreementPdf(options: SampleAgreementOptions = {}): Promise<Buffer> {
  const pages = Math.max(3, options.pages ?? 4);
  const reference = options.reference ?? 'ACC-2025-0042';
  const doc = createPdfDocument({
    title: `${SAMPLE_TITLE} ${reference}`,
    author: 'Plateforme de données de santé',
    creationDate: options.creationDate ?? new Date('2025-03-01T09:00:00Z'),
    lang: 'fr-FR',
    pdfVersion: '1.7',
    compress: options.compress ?? true,
  });

  writeTitleBlock(doc, { title: SAMPLE_TITLE, meta: [labelled('Référence', reference, 'fr')], align: 'left' });
  doc.moveDown();
  writeParties(doc, [
    { role: 'Producteur', name: 'Centre hospitalier régional « Hôpital Saint-Éloi »', lines: ['Représenté par Mme Hélène Dupré'] },
    { role: 'Acquéreur', name: 'Laboratoire d’épidémiologie Ça-Va-Mieux SAS', lines: ['Représenté par M. François Lefèvre'] },
  ], 'Entre les parties');
  writeBody(doc, SAMPLE_PARTY_SENTENCE);

  // Numbered clauses until they fill pages - 2 pages (a clause is shorter than a page).
  let clause = 1;
  while (doc.bufferedPageRange().count < pages - 2 || clause === 1) {
    writeClauses(doc, [{ number: String(clause), title: `Obligations relatives au traitement n° ${clause}`, body: CLAUSE_TEXT.repeat(2) }], 'fr');
    clause++;
  }

  // Annex: tariff table.
  doc.addPage();
  writeHeading(doc, 'Annexe 1 — Détail tarifaire');
  const lines = Array.from({ length: 20 }, (_, k) => ({ i: k + 1, unitCents: (121 + k) * 100 }));
  writeTable(doc, TARIFF_COLUMNS, lines.map(({ i, unitCents }) => ({
    cells: [`Extraction du jeu « Séjours ${2000 + i} »`, String(i * 3), formatMoney(unitCents, 'fr'), formatMoney(i * 3 * unitCents, 'fr')],
  })));
  writeTotals(doc, [{ label: 'Total', amount: formatMoney(lines.reduce((s, l) => s + l.i * 3 * l.unitCents, 0), 'fr'), bold: true }]);

  // Signature page.
  doc.addPage();
  writeHeading(doc, 'Signatures');
  writeBody(doc, [
    'Fait à Paris, le 1er mars 2025, en un exemplaire électronique scellé par la plateforme.',
    'Pour le Producteur : Hélène Dupré — signé électroniquement.',
    'Pour l’Acquéreur : François Lefèvre — signé électroniquement.',
  ].join('\n\n'));

  decoratePages(doc, { header: `${SAMPLE_TITLE} ${reference}`, footerLeft: reference });
  return pdfToBuffer(doc);
}
