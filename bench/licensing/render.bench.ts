// Renders a 20-clause licence (template -> text -> PDF) N times after a warm-up and prints
// the median and p99 in milliseconds. Target: median < 100 ms.
// Run: npx ts-node --transpile-only bench/licensing/render.bench.ts [N]
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exampleValues, loadTemplateFile, renderDocumentPdf, renderTemplate, type PartyValue, type VariableValues } from '../../libs/licensing/src/engine';

const FIXTURE = join(__dirname, '../../libs/licensing/src/engine/__fixtures__/valid-licence.yaml');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const def = loadTemplateFile(FIXTURE);
  const values: VariableValues = { ...exampleValues(def, { booleans: true }), purposeCategory: 'COMMERCIAL_RESEARCH' };
  const parties = [values.producer, values.buyer] as PartyValue[];
  const creationDate = new Date('2027-03-01T00:00:00Z');
  const once = async (locale: 'fr' | 'en') => {
    const doc = renderTemplate(def, values, locale, [{ clauseId: 'publication', alternativeId: 'embargo-24-months' }]);
    return { doc, pdf: await renderDocumentPdf(doc, { parties, creationDate, watermark: 'PROJET' }) };
  };
  const { doc, pdf } = await once('fr');
  for (let i = 0; i < 20; i++) await once(i % 2 ? 'en' : 'fr');

  const timings: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await once(i % 2 ? 'en' : 'fr');
    timings.push(performance.now() - t0);
  }
  timings.sort((a, b) => a - b);
  const median = percentile(timings, 50);
  console.log(`licence ${doc.templateKey}@${doc.templateVersion}: ${doc.clauses.length} clauses, PDF ${(pdf.length / 1024).toFixed(1)} KiB`);
  console.log(`render + PDF, N=${n}: median ${median.toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms, min ${timings[0].toFixed(1)} ms, max ${timings[timings.length - 1].toFixed(1)} ms`);
  console.log(median < 100 ? 'target met: median < 100 ms' : 'TARGET MISSED: median >= 100 ms');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
