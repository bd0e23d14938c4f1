// Reading PDFs in tests with the real tools: poppler-utils (pdftotext, pdffonts, pdfinfo,
// pdfsig) and qpdf. Each call writes the PDF to a temporary file, runs the tool, removes
// the file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runOn(pdf: Buffer, cmd: string, args: (file: string) => string[]): ToolRun & { stdoutBytes: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-tools-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  try {
    const r = spawnSync(cmd, args(file), { maxBuffer: 256 * 1024 * 1024 });
    if (r.error) throw new Error(`${cmd} unavailable (apt-get install -y poppler-utils qpdf): ${r.error.message}`);
    return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), stdoutBytes: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function output(pdf: Buffer, cmd: string, args: (file: string) => string[]): string {
  const r = runOn(pdf, cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** The text as pdftotext extracts it; `layout` keeps the physical layout, so that a table row reads as one line. */
export function pdfText(pdf: Buffer, options: { layout?: boolean } = {}): string {
  return output(pdf, 'pdftotext', (file) => [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']);
}

/** Whitespace runs (no-break spaces too) collapsed to one space, so that wrapped lines compare equal. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface PdfFontRow {
  /** without the subset prefix (ABCDEF+) */
  name: string;
  type: string;
  encoding: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** The fonts pdffonts lists, one row each. */
export function pdfFonts(pdf: Buffer): PdfFontRow[] {
  return output(pdf, 'pdffonts', (file) => [file])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      // name, type (may be several words), encoding, emb, sub, uni, object number, generation
      const cols = l.trim().split(/\s+/);
      const [encoding, emb, sub, uni] = cols.slice(-6, -2);
      return { name: cols[0].replace(/^[A-Z]{6}\+/, ''), type: cols.slice(1, -6).join(' '), encoding, embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
}

/** The fields pdfinfo prints, e.g. { Pages: '15', 'PDF version': '1.7', Subject: '...' }. */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of output(pdf, 'pdfinfo', (file) => ['-enc', 'UTF-8', file]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) fields[m[1].trim()] = m[2].trim();
  }
  return fields;
}

/** pdfsig's report (it exits 0 even on a digest mismatch, so callers read the text). */
export function pdfSig(pdf: Buffer): string {
  const r = runOn(pdf, 'pdfsig', (file) => [file]);
  return r.stdout + r.stderr;
}

/** pdfsig's report split into one block per "Signature #n:". */
export function pdfSigBlocks(report: string): string[] {
  return report.split(/^Signature #\d+:/m).slice(1);
}

/** qpdf --check: the problems it reports, none for a structurally sound file. */
export function qpdfProblems(pdf: Buffer): string[] {
  const r = runOn(pdf, 'qpdf', (file) => ['--check', file]);
  const problems = r.stderr.split('\n').filter((l) => /WARNING|ERROR/i.test(l));
  if (!r.stdout.includes('No syntax or stream encoding errors found')) problems.push(`qpdf --check did not pass: ${r.stdout.trim()}`);
  if (r.status !== 0 && !problems.length) problems.push(`qpdf --check exited with ${r.status}`);
  return problems;
}

/** qpdf's JSON view of the file (format version 2): `objects` by "obj:n 0 R" or "trailer". */
export function qpdfJson(pdf: Buffer): { objects: Record<string, { value?: unknown; stream?: { dict: Record<string, unknown> } }> } {
  const json = JSON.parse(output(pdf, 'qpdf', (file) => ['--json=2', '--json-key=qpdf', file])) as { qpdf: [unknown, Record<string, never>] };
  return { objects: json.qpdf[1] };
}

/** The names of the embedded files (qpdf --list-attachments). */
export function qpdfAttachments(pdf: Buffer): string[] {
  const out = output(pdf, 'qpdf', (file) => ['--list-attachments', file]);
  if (/has no embedded files/.test(out)) return [];
  return out
    .split('\n')
    .map((l) => /^(\S.*?) -> \d+,\d+$/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

/** The bytes of an embedded file (qpdf --show-attachment). */
export function qpdfAttachment(pdf: Buffer, name: string): Buffer {
  const r = runOn(pdf, 'qpdf', (file) => [`--show-attachment=${name}`, file]);
  if (r.status !== 0) throw new Error(`qpdf --show-attachment=${name} failed: ${r.stderr.trim()}`);
  return r.stdoutBytes;
}

/** The bytes of an object's stream, decoded (qpdf --show-object --filtered-stream-data), e.g. ref "12 0 R". */
export function qpdfStream(pdf: Buffer, ref: string): Buffer {
  const id = /^(\d+) (\d+) R$/.exec(ref);
  if (!id) throw new Error(`not an object reference: ${ref}`);
  const r = runOn(pdf, 'qpdf', (file) => [`--show-object=${id[1]},${id[2]}`, '--filtered-stream-data', file]);
  if (r.status !== 0) throw new Error(`qpdf --show-object=${ref} failed: ${r.stderr.trim()}`);
  return r.stdoutBytes;
}

type PdfObjects = ReturnType<typeof qpdfJson>['objects'];

function resolved(objects: PdfObjects, value: unknown): Record<string, unknown> {
  if (typeof value === 'string' && / R$/.test(value)) {
    const o = objects[`obj:${value}`];
    return ((o?.value ?? o?.stream?.dict) ?? {}) as Record<string, unknown>;
  }
  return (value ?? {}) as Record<string, unknown>;
}

/** A ToUnicode CMap: each character code (hex, as in the content stream) to its text. */
function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const text = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  const width = (hex: string) => hex.length;
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, dst] of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(code.toLowerCase(), text(dst));
  }
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(lo, 16);
      const to = parseInt(hi, 16);
      // An entry may be empty (<>: a glyph with no text) or hold several characters (<0066 0069>: a ligature).
      const dsts = rest.startsWith('[') ? [...rest.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((d) => d[1].replace(/\s/g, '')) : null;
      for (let c = from; c <= to; c++) {
        const code = c.toString(16).padStart(width(lo), '0');
        if (dsts) map.set(code, text(dsts[c - from] ?? ''));
        else {
          const base = rest.slice(1, -1);
          map.set(code, text((parseInt(base, 16) + c - from).toString(16).padStart(base.length, '0')));
        }
      }
    }
  }
  return map;
}

/**
 * The text each page draws, one line per text-showing operator, decoded through each font's
 * ToUnicode map with every character as it is: unlike pdftotext, which prints U+202F and
 * U+00A0 as plain spaces, it shows that a French amount is drawn with no-break spaces.
 * For the 2-byte (Identity-H) fonts our documents embed.
 */
export function pdfDrawnText(pdf: Buffer): string {
  const { objects } = qpdfJson(pdf);
  const lines: string[] = [];
  const pages = Object.entries(objects).filter(([, o]) => (o.value as Record<string, unknown> | undefined)?.['/Type'] === '/Page');
  for (const [, page] of pages) {
    const dict = page.value as Record<string, unknown>;
    const fonts = resolved(objects, resolved(objects, dict['/Resources'])['/Font']);
    const maps = new Map<string, Map<string, string>>();
    for (const [name, ref] of Object.entries(fonts)) {
      const toUnicode = resolved(objects, ref)['/ToUnicode'];
      if (typeof toUnicode === 'string') maps.set(name, toUnicodeMap(qpdfStream(pdf, toUnicode).toString('latin1')));
    }
    const contents = Array.isArray(dict['/Contents']) ? (dict['/Contents'] as string[]) : [dict['/Contents'] as string];
    const stream = contents.map((ref) => qpdfStream(pdf, ref).toString('latin1')).join('\n');
    let map: Map<string, string> | undefined;
    for (const [, font, shown] of stream.matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)) {
      if (font) map = maps.get(font);
      else if (map) {
        const codes = [...shown.matchAll(/<([0-9a-fA-F]*)>/g)].flatMap((h) => h[1].toLowerCase().match(/.{4}/g) ?? []);
        lines.push(codes.map((c) => map!.get(c) ?? '\ufffd').join(''));
      }
    }
  }
  return lines.join('\n');
}

/** The catalog's XMP metadata packet, as text. */
export function pdfXmp(pdf: Buffer): string {
  const { objects } = qpdfJson(pdf);
  const root = (objects.trailer.value as { '/Root': string })['/Root'];
  const metadata = (objects[`obj:${root}`].value as { '/Metadata'?: string })['/Metadata'];
  if (!metadata) throw new Error('the catalog has no /Metadata');
  return qpdfStream(pdf, metadata).toString('utf8');
}

/** Evaluates an XPath 1.0 expression over an XML text with xmllint; throws when the text is not well-formed XML. */
export function xpath(xml: string, expression: string): string {
  const r = spawnSync('xmllint', ['--xpath', expression, '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint unavailable (apt-get install -y libxml2-utils): ${r.error.message}`);
  if (/parser error/.test(r.stderr)) throw new Error(`not well-formed XML: ${r.stderr.trim()}`);
  return r.stdout.replace(/\n$/, '');
}
