import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillingService, formatConformanceReport, validateFacturX } from '@app/billing';
import { pdfFonts, pdfText, qpdfAttachment, squash } from '@app/documents';
import type { TestApp } from './test-app';

/**
 * Checks invoices and credit notes as a receiver gets them: from each stored Factur-X PDF, the
 * XML qpdf extracts must be the stored one byte for byte, every font embedded, the mandatory
 * mentions printed; then all the XML files together against the XSD, the EN 16931 schematron
 * and the French BR-FR rules (libs/billing's `validateFacturX`). Returns the failures, formatted
 * (an empty list when every document passes), and how many documents were checked.
 */
export async function facturXFailures(t: TestApp, invoiceIds: Iterable<string>): Promise<{ failures: string[]; checked: number }> {
  const billing = t.app.get(BillingService);
  const dir = mkdtempSync(join(tmpdir(), 'facturx-e2e-'));
  try {
    const failures: string[] = [];
    const files: string[] = [];
    for (const id of invoiceIds) {
      const pdf = await billing.renderedPdf(id);
      const [{ xml, number }] = await t.db.query(`SELECT xml, number FROM invoices WHERE id = $1`, [id]);
      const extracted = qpdfAttachment(pdf, 'factur-x.xml');
      if (!extracted.equals(Buffer.from(xml, 'utf8'))) failures.push(`${number}: the XML in the PDF is not the stored one`);
      if (!pdfFonts(pdf).every((f) => f.embedded)) failures.push(`${number}: a font is not embedded`);
      const text = squash(pdfText(pdf));
      for (const mention of ['au nom et pour le compte de', '40 EUR', 'escompte', number]) {
        if (!text.includes(mention)) failures.push(`${number}: the PDF does not print "${mention}"`);
      }
      files.push(join(dir, `${number}.xml`));
      writeFileSync(files[files.length - 1], extracted);
    }
    const reports = await validateFacturX(files);
    if (reports.length !== files.length) failures.push(`${files.length} files validated, ${reports.length} reports`);
    failures.push(...reports.filter((r) => r.errorCount > 0).map(formatConformanceReport));
    return { failures, checked: files.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
