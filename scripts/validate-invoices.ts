// npm run validate:invoices -- <files or directories>: checks Factur-X CII XML files against
// the EN 16931 XSD, the EN 16931 schematron and the French BR-FR schematron, all files in
// one run per check. Exit code 1 when any file has an error.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatConformanceReport, validateFacturX } from '@app/billing';

function xmlFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (statSync(a).isDirectory()) {
      for (const f of readdirSync(a).sort()) if (f.endsWith('.xml')) out.push(join(a, f));
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
