import { createHash, randomBytes } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { PdfSigningError } from './errors';
import { isPlainAscii, utf16HexToken } from './pdf-strings';

export interface PlaceholderFields {
  reason: string;
  name: string;
  location: string;
  contactInfo?: string;
  signingTime: Date;
}

export interface PlaceholderOptions {
  /** Bytes reserved for the CMS (the hex placeholder is twice as long). */
  signatureLength: number;
  subFilter: string;
}

/**
 * Appends a signature placeholder as an incremental update with
 * @signpdf/placeholder-plain, then repairs the three defects it has on pdfkit 0.17 output
 * (and on its own output when adding a second signature):
 *
 *  1. `startxref` points one byte before the `xref` keyword (qpdf: "extraneous
 *     whitespace seen before xref") -> rewritten to the real offset;
 *  2. the new trailer drops `/ID` -> copied from the previous trailer (second element
 *     refreshed), or created;
 *  3. `/Size` is one too large when an AcroForm already exists (its `ref(…, knownIndex)`
 *     still bumps the object counter) -> recomputed;
 *  4. non-ASCII /Reason, /Name, /Location, /ContactInfo are mangled (it writes UTF-16
 *     bytes through a UTF-8 Buffer.from) -> we pass unique ASCII tokens of exactly the
 *     right length and swap them for `<FEFF…>` hex strings, so no offset moves.
 *
 * All rewriting happens only in the appended tail, before any digest is computed: the
 * original bytes are never touched.
 */
export function addSignaturePlaceholder(pdf: Buffer, fields: PlaceholderFields, options: PlaceholderOptions): Buffer {
  assertClassicXref(pdf);
  const previousTrailer = lastTrailerDictionary(pdf);

  const replacements: Array<{ token: string; value: string }> = [];
  const textField = (value: string | undefined): string => {
    const text = value ?? '';
    if (isPlainAscii(text)) return text; // placeholder-plain escapes ( ) \ itself
    const hex = utf16HexToken(text); // "<FEFF....>"
    // Literal "(token)" has the same length as "<hex>" when token.length === hex.length - 2.
    // Min length is 8 ("<FEFFxxxx>" minus brackets); the field index keeps tokens distinct.
    let token = `T${replacements.length}${randomBytes(16).toString('hex')}`;
    while (token.length < hex.length - 2) token += 'X';
    token = token.slice(0, hex.length - 2);
    replacements.push({ token, value: hex });
    return token;
  };

  let out: Buffer;
  try {
    out = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: textField(fields.reason),
      contactInfo: textField(fields.contactInfo),
      name: textField(fields.name),
      location: textField(fields.location),
      signingTime: fields.signingTime,
      signatureLength: options.signatureLength,
      subFilter: options.subFilter,
    });
  } catch (err) {
    throw new PdfSigningError(`Cannot add a signature placeholder: ${(err as Error).message}`, { cause: err });
  }

  const tailStart = Math.max(0, pdf.length - 2);
  for (const { token, value } of replacements) {
    const needle = Buffer.from(`(${token})`, 'latin1');
    const at = out.indexOf(needle, tailStart);
    if (at < 0 || out.indexOf(needle, at + 1) >= 0) throw new PdfSigningError('Placeholder text token not found exactly once.');
    out.write(value, at, 'latin1');
  }

  return repairTrailer(out, tailStart, previousTrailer);
}

function assertClassicXref(pdf: Buffer): void {
  const sx = pdf.lastIndexOf('startxref');
  if (sx < 0) throw new PdfSigningError('Not a PDF: no startxref.');
  const offset = parseInt(pdf.toString('latin1', sx + 9, sx + 40).trim(), 10);
  if (!Number.isFinite(offset) || pdf.toString('latin1', offset, offset + 4) !== 'xref') {
    throw new PdfSigningError(
      'The PDF uses a cross-reference stream; @signpdf/placeholder-plain only handles classic xref tables (pdfkit output is fine).',
    );
  }
}

interface TrailerInfo {
  size: number;
  id?: [string, string];
}

function lastTrailerDictionary(pdf: Buffer): TrailerInfo {
  const at = pdf.lastIndexOf('trailer');
  if (at < 0) throw new PdfSigningError('No trailer found.');
  const text = pdf.toString('latin1', at, Math.min(pdf.length, at + 2048));
  const size = /\/Size\s+(\d+)/.exec(text);
  const id = /\/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]/.exec(text);
  return { size: size ? parseInt(size[1], 10) : 0, id: id ? [id[1], id[2]] : undefined };
}

function repairTrailer(out: Buffer, tailStart: number, previous: TrailerInfo): Buffer {
  const xrefPos = out.lastIndexOf('\nxref\n') + 1;
  if (xrefPos <= tailStart) throw new PdfSigningError('New xref section not found.');
  const trailerPos = out.indexOf('\ntrailer\n', xrefPos);
  if (trailerPos < 0) throw new PdfSigningError('New trailer not found.');
  const table = out.toString('latin1', xrefPos, trailerPos);
  const trailer = out.toString('latin1', trailerPos);

  // Check every new entry points at "<n> <gen> obj" and compute the highest object number.
  let maxObject = 0;
  const lines = table.split('\n').slice(1);
  for (let i = 0; i < lines.length; i++) {
    const header = /^(\d+) (\d+)$/.exec(lines[i].trim());
    if (!header) continue;
    const first = parseInt(header[1], 10);
    const count = parseInt(header[2], 10);
    for (let k = 0; k < count; k++) {
      const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(lines[i + 1 + k] ?? '');
      if (!entry) throw new PdfSigningError('Malformed xref entry in the new section.');
      const objectNumber = first + k;
      if (entry[3] === 'n') {
        const offset = parseInt(entry[1], 10);
        if (!out.toString('latin1', offset, offset + 24).startsWith(`${objectNumber} 0 obj`)) {
          throw new PdfSigningError(`xref entry for object ${objectNumber} does not point at its definition.`);
        }
        maxObject = Math.max(maxObject, objectNumber);
      }
    }
    i += count;
  }

  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const prev = /\/Prev\s+(\d+)/.exec(trailer)?.[1];
  if (!root || !prev) throw new PdfSigningError('New trailer lacks /Root or /Prev.');
  const size = Math.max(previous.size, maxObject + 1);
  const revisionId = createHash('sha256').update(out.subarray(0, xrefPos)).digest('hex').slice(0, 32).toUpperCase();
  const id = previous.id ? [previous.id[0], revisionId] : [revisionId, revisionId];

  const rebuilt = [
    'trailer',
    '<<',
    `/Size ${size}`,
    `/Root ${root}`,
    ...(info ? [`/Info ${info}`] : []),
    `/ID [<${id[0]}> <${id[1]}>]`,
    `/Prev ${prev}`,
    '>>',
    'startxref',
    String(xrefPos),
    '%%EOF',
  ].join('\n');
  return Buffer.concat([out.subarray(0, trailerPos + 1), Buffer.from(rebuilt, 'latin1')]);
}
