// npm run validate:invoices -- <files or directories>: checks Factur-X CII XML files against
// the EN 16931 XSD, the EN 16931 schematron and the French BR-FR schematron, all files in
// one run per check. Exit code 1 when any file has an error.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatConformanceReport, validateFacturX } from '@app/billing';

function isCii(path: string): boolean {
  return readFileSync(path, 'utf8').slice(0, 2000).includes('CrossIndustryInvoice');
}

function xmlFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (statSync(a).isDirectory()) {
      // a folder's CII invoices and credit notes only: demo-output/ also holds the SEPA file (pain.001)
      for (const f of readdirSync(a).sort()) if (f.endsWith('.xml') && isCii(join(a, f))) out.push(join(a, f));
    } else out.push(a);
  }
  return out;
}

async function main(): Promise<void> {
  const files = xmlFiles(process.argv.slice(2));
  if (files.length === 0) {
    console.error('usage: npm run validate:invoices -- <file.xml | directory>...');
    process.exit(2);
  }
  const reports = await validateFacturX(files);
  for (const r of reports) console.log(formatConformanceReport(r));
  const failed = reports.filter((r) => r.errorCount > 0).length;
  console.log(`${reports.length - failed} valid, ${failed} invalid`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
