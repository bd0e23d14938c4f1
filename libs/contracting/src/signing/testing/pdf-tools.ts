/** Test helpers wrapping poppler-utils (pdfsig, pdftotext) and qpdf. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

let workDir: string | undefined;
function tmpFile(pdf: Buffer): string {
  workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'signing-tools-'));
  const file = path.join(workDir, `doc-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}

function run(cmd: string, args: string[]): ToolRun {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} unavailable (apt-get install -y poppler-utils qpdf): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** pdfsig text output (it exits 0 even on a digest mismatch, so callers read the text). */
export function pdfsig(pdf: Buffer): string {
  const file = tmpFile(pdf);
  try {
    const r = run('pdfsig', [file]);
    return r.stdout + r.stderr;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function qpdfCheck(pdf: Buffer): ToolRun {
  const file = tmpFile(pdf);
  try {
    return run('qpdf', ['--check', file]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function pdftotext(pdf: Buffer): string {
  const file = tmpFile(pdf);
  try {
    return run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Splits pdfsig output into one block per "Signature #n:". */
export function pdfsigBlocks(output: string): string[] {
  return output.split(/^Signature #\d+:/m).slice(1);
}
