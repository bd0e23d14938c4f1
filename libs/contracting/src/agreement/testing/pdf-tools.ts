// Test helpers (not exported by the library): pdfinfo, pdffonts and pdftotext -layout from poppler-utils.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(cmd: string, pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'agreement-pdf-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  try {
    const r = spawnSync(cmd, [...args, file, ...(cmd === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
    if (r.error) throw new Error(`${cmd} unavailable (apt-get install -y poppler-utils): ${r.error.message}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fields printed by pdfinfo, e.g. { Pages: '15', 'PDF version': '1.7', Subject: '...' }. */
export function pdfinfo(pdf: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of run('pdfinfo', pdf).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) fields[m[1].trim()] = m[2].trim();
  }
  return fields;
}

/** Font names and whether each is embedded, as listed by pdffonts. */
export function pdffonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  return run('pdffonts', pdf)
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      return { name: cols[0].replace(/^[A-Z]{6}\+/, ''), embedded: cols[cols.length - 5] === 'yes' };
    });
}

/** pdftotext -layout: text in its physical layout, so that a table row reads as one line. */
export function pdftotextLayout(pdf: Buffer): string {
  return run('pdftotext', pdf, ['-layout', '-enc', 'UTF-8']);
}

/** Whitespace runs collapsed to one space, so that wrapped lines compare equal. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
