// Checks CII XML files against the three references an approved platform applies: the
// Factur-X EN 16931 XSD (xmllint), the EN 16931 schematron and the French BR-FR
// schematron (both XSLT 2.0, run with Saxon-HE). Compiling a stylesheet takes most of a
// run's 5-15 s, so every file goes through one JVM per stylesheet: Saxon transforms a
// whole directory with one compiled stylesheet. The three checks run side by side.

import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSchemasDir, EN16931_XSD } from '../engine/schemas';

export { defaultSchemasDir, EN16931_XSD };

export interface ConformanceIssue {
  /** The rule's id ("BR-FR-12_BT-49", "FX-SCH-A-000226"). */
  rule: string;
  /** "fatal", "warning", or null when the schematron gives none. */
  flag: string | null;
  /** XPath of the offending node. */
  location: string;
  message: string;
}

export interface ConformanceReport {
  file: string;
  /** xmllint's schema errors. */
  xsd: string[];
  /** Failed asserts of the EN 16931 schematron not flagged as warnings. */
  en16931: ConformanceIssue[];
  /** Failed asserts of the BR-FR schematron not flagged as warnings. */
  brFr: ConformanceIssue[];
  /** Warnings and reports of both schematrons (they do not make a file invalid). */
  warnings: ConformanceIssue[];
  /** xsd + en16931 + brFr. */
  errorCount: number;
}

export interface ConformanceOptions {
  /** Directory holding facturx-en16931/ and fr-ctc-1.4.0.03/; default: the library's schemas/. */
  schemasDir?: string;
  /** Default $SAXON_JAR or /usr/share/java/Saxon-HE.jar (Debian's libsaxonhe-java). */
  saxonJar?: string;
  java?: string;
  xmllint?: string;
}

export const EN16931_SCHEMATRON = 'facturx-en16931/Factur-X_1.09_EN16931.xsl';
export const BR_FR_SCHEMATRON = 'fr-ctc-1.4.0.03/BR-FR-Flux2-Schematron-CII_V1.4.0.03.xslt';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((done, fail) => {
    execFile(cmd, args, { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        return fail(new Error(`cannot run ${cmd}: ${err.message}`));
      }
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
  );
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs);
  return m === null ? null : decode(m[1]);
}

/** Failed asserts and successful reports of an SVRL report (Saxon's output is regular, generated XML). */
export function parseSvrl(svrl: string): { errors: ConformanceIssue[]; warnings: ConformanceIssue[] } {
  const errors: ConformanceIssue[] = [];
  const warnings: ConformanceIssue[] = [];
  const re = /<svrl:(failed-assert|successful-report)\b([^>]*)>([\s\S]*?)<\/svrl:\1>/g;
  for (let m = re.exec(svrl); m !== null; m = re.exec(svrl)) {
    const [, kind, attrs, body] = m;
    const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(body);
    const issue: ConformanceIssue = {
      rule: attr(attrs, 'id') ?? '',
      flag: attr(attrs, 'flag'),
      location: attr(attrs, 'location') ?? '',
      message: decode((text?.[1] ?? '').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim(),
    };
    if (kind === 'failed-assert' && issue.flag !== 'warning') errors.push(issue);
    else warnings.push(issue);
  }
  return { errors, warnings };
}

async function schematron(java: string, jar: string, stylesheet: string, inDir: string, outDir: string): Promise<void> {
  await mkdir(outDir);
  const r = await run(java, ['-cp', jar, 'net.sf.saxon.Transform', `-s:${inDir}`, `-xsl:${stylesheet}`, `-o:${outDir}`]);
  if (r.code !== 0) throw new Error(`Saxon failed on ${stylesheet}: ${r.stderr.trim().slice(0, 2000)}`);
}

/**
 * Validates every file in three runs in all (xmllint, and one Saxon JVM per schematron),
 * whatever the number of files. Reports come back in the order of `files`.
 */
export async function validateFacturX(files: readonly string[], options: ConformanceOptions = {}): Promise<ConformanceReport[]> {
  if (files.length === 0) return [];
  const schemas = options.schemasDir ?? defaultSchemasDir();
  const jar = options.saxonJar ?? process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
  const java = options.java ?? 'java';
  const work = await mkdtemp(join(tmpdir(), 'facturx-'));
  try {
    const inDir = join(work, 'in');
    await mkdir(inDir);
    const names = files.map((_, i) => `${String(i).padStart(6, '0')}.xml`);
    await Promise.all(files.map((f, i) => copyFile(f, join(inDir, names[i]))));
    const copies = names.map((n) => join(inDir, n));
    const [lint] = await Promise.all([
      run(options.xmllint ?? 'xmllint', ['--noout', '--schema', join(schemas, EN16931_XSD), ...copies]),
      schematron(java, jar, join(schemas, EN16931_SCHEMATRON), inDir, join(work, 'en16931')),
      schematron(java, jar, join(schemas, BR_FR_SCHEMATRON), inDir, join(work, 'br-fr')),
    ]);
    const lintLines = lint.stderr.split('\n');
    return Promise.all(
      files.map(async (file, i) => {
        const copy = copies[i];
        const xsd = lintLines.filter((l) => l.startsWith(`${copy}:`)).map((l) => `line ${l.slice(copy.length + 1)}`);
        if (xsd.length === 0 && lintLines.includes(`${copy} fails to validate`)) xsd.push('fails to validate');
        const en = parseSvrl(await readFile(join(work, 'en16931', names[i]), 'utf8'));
        const fr = parseSvrl(await readFile(join(work, 'br-fr', names[i]), 'utf8'));
        return {
          file,
          xsd,
          en16931: en.errors,
          brFr: fr.errors,
          warnings: [...en.warnings, ...fr.warnings],
          errorCount: xsd.length + en.errors.length + fr.errors.length,
        };
      }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** One line per problem, for logs and test failure messages. */
export function formatConformanceReport(r: ConformanceReport): string {
  const lines = [`${r.file}: ${r.errorCount === 0 ? 'valid' : `${r.errorCount} error(s)`}`];
  for (const x of r.xsd) lines.push(`  XSD ${x}`);
  for (const x of r.en16931) lines.push(`  EN16931 ${x.rule}: ${x.message}`);
  for (const x of r.brFr) lines.push(`  BR-FR ${x.rule}: ${x.message}`);
  return lines.join('\n');
}
