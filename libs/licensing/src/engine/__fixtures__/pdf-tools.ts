// Reading PDFs in tests with the real poppler tools (Debian poppler-utils).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'licensing-pdf-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext extracts it. */
export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** Whitespace runs collapsed to one space, so that wrapped lines compare equal. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

/** The fonts listed by pdffonts. */
export function pdfFonts(pdf: Buffer): PdfFont[] {
  const out = withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (may be two words), encoding, emb, sub, uni, object, ID
      const [emb] = cols.slice(-5, -4);
      return { name: cols[0], type: cols.slice(1, -6).join(' '), embedded: emb === 'yes' };
    });
}

/** The page count according to pdfinfo. */
export function pdfPageCount(pdf: Buffer): number {
  const out = withFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return Number(/^Pages:\s+(\d+)/m.exec(out)![1]);
}
