/**
 * Test/bench fixture only (not exported from the signing index): an agreement-like PDF
 * made with pdfkit — embedded DejaVu fonts (French accents), numbered clauses, a parties
 * block, a tariff table annex, a signature page and page numbers. The real agreement
 * renderer lives elsewhere; this only exercises the sealing layer with realistic input.
 */
import { fontPaths } from '@app/documents';
import PDFDocument from 'pdfkit';
import { formatMoney } from '@app/core/kernel';

export interface SampleAgreementOptions {
  /** Total number of pages (>= 3). Default 4. */
  pages?: number;
  /** pdfkit stream compression (default true). Uncompressed output makes text tampering easy in tests. */
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

/** Renders the sample agreement and resolves with the finished PDF bytes. */
export function renderSampleAgreementPdf(options: SampleAgreementOptions = {}): Promise<Buffer> {
  const pages = Math.max(3, options.pages ?? 4);
  const reference = options.reference ?? 'ACC-2025-0042';
  const { regular, bold } = fontPaths();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 60, bottom: 60, left: 60, right: 60 },
    bufferPages: true,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    info: {
      Title: `${SAMPLE_TITLE} ${reference}`,
      Author: 'Plateforme de données de santé',
      CreationDate: options.creationDate ?? new Date('2025-03-01T09:00:00Z'),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);

  doc.font('bold').fontSize(18).text(SAMPLE_TITLE, { align: 'center' });
  doc.moveDown(0.5).font('body').fontSize(10).text(`Référence : ${reference}`, { align: 'center' });
  doc.moveDown();
  doc.font('bold').fontSize(12).text('Entre les parties');
  doc.font('body').fontSize(10);
  doc.text('Producteur : Centre hospitalier régional « Hôpital Saint-Éloi », représenté par Mme Hélène Dupré.');
  doc.text('Acquéreur : Laboratoire d’épidémiologie Ça-Va-Mieux SAS, représenté par M. François Lefèvre.');
  doc.moveDown().text(SAMPLE_PARTY_SENTENCE);

  // Numbered clauses until the clause part fills pages - 2 pages.
  let clause = 1;
  while (doc.bufferedPageRange().count < pages - 2 || clause === 1) {
    const before = doc.bufferedPageRange().count;
    doc.moveDown().font('bold').fontSize(11).text(`Article ${clause} — Obligations relatives au traitement n° ${clause}`);
    doc.font('body').fontSize(10).text(CLAUSE_TEXT.repeat(2), { align: 'justify' });
    clause++;
    if (doc.bufferedPageRange().count > before && doc.bufferedPageRange().count >= pages - 2) break;
  }

  // Annex: tariff table.
  doc.addPage();
  doc.font('bold').fontSize(13).text('Annexe 1 — Détail tarifaire');
  doc.moveDown(0.5);
  const cols = [60, 250, 340, 420, 535];
  const header = ['Poste', 'Quantité', 'Prix unitaire', 'Montant HT'];
  let y = doc.y;
  const row = (cells: string[], font: string) => {
    doc.font(font).fontSize(9);
    cells.forEach((cell, i) => doc.text(cell, cols[i] + 4, y + 4, { width: cols[i + 1] - cols[i] - 8, lineBreak: false }));
    doc.rect(cols[0], y, cols[cols.length - 1] - cols[0], 18).stroke();
    for (const x of cols.slice(1, -1)) doc.moveTo(x, y).lineTo(x, y + 18).stroke();
    y += 18;
  };
  row(header, 'bold');
  for (let i = 1; i <= 20; i++) {
    row([`Extraction du jeu « Séjours ${2000 + i} »`, String(i * 3), formatMoney((120 + i) * 100, 'fr'), formatMoney(i * 3 * (120 + i) * 100, 'fr')], 'body');
  }
  row(['Total', '', '', formatMoney(6_363_000, 'fr')], 'bold');

  // Signature page.
  doc.addPage();
  doc.x = 60;
  doc.font('bold').fontSize(13).text('Signatures', 60, 60);
  doc.font('body').fontSize(10).moveDown();
  doc.text('Fait à Paris, le 1er mars 2025, en un exemplaire électronique scellé par la plateforme.');
  doc.moveDown().text('Pour le Producteur : Hélène Dupré — signé électroniquement.');
  doc.text('Pour l’Acquéreur : François Lefèvre — signé électroniquement.');

  // Page numbers.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(8).text(`${reference} — page ${i + 1} / ${range.count}`, 60, doc.page.height - 40, {
      width: doc.page.width - 120,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
