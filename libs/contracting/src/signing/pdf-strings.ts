/**
 * PDF text-string helpers (ISO 32000-1 §7.3.4 and §7.9.2.2): encoding for the signature
 * dictionary entries (/Reason, /Name, /Location, /ContactInfo) and decoding when reading
 * them back.
 */

/** True when the string can be written as a plain literal (printable ASCII only). */
export function isPlainAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/** UTF-16BE with BOM, as a PDF hex string token `<FEFF...>`. */
export function utf16HexToken(value: string): string {
  const le = Buffer.from(value, 'utf16le');
  return `<FEFF${Buffer.from(le).swap16().toString('hex').toUpperCase()}>`;
}

/** Encodes a text string as a PDF token: literal for printable ASCII, UTF-16BE hex otherwise. */
export function encodePdfTextString(value: string): string {
  if (isPlainAscii(value)) return `(${value.replace(/[()\\]/g, (c) => `\\${c}`)})`;
  return utf16HexToken(value);
}

/** Decodes the bytes of a PDF text string (UTF-16BE BOM, UTF-8 BOM, else PDFDocEncoding≈Latin-1). */
export function decodePdfTextBytes(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  return bytes.toString('latin1');
}

/**
 * Parses a PDF string object (literal `( ... )` or hex `< ... >`) starting at `pos` in a
 * latin1 view of the file. Returns the raw bytes and the index just after the token, or
 * undefined when no string starts there.
 */
export function parsePdfStringAt(src: string, pos: number): { bytes: Buffer; end: number } | undefined {
  if (src[pos] === '<' && src[pos + 1] !== '<') {
    const close = src.indexOf('>', pos);
    if (close < 0) return undefined;
    let hex = src.slice(pos + 1, close).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) return undefined;
    if (hex.length % 2) hex += '0';
    return { bytes: Buffer.from(hex, 'hex'), end: close + 1 };
  }
  if (src[pos] !== '(') return undefined;
  const out: number[] = [];
  let depth = 1;
  let i = pos + 1;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (next in simple) {
        out.push(simple[next]);
        i += 2;
      } else if (next >= '0' && next <= '7') {
        let digits = '';
        let j = i + 1;
        while (j < src.length && digits.length < 3 && src[j] >= '0' && src[j] <= '7') digits += src[j++];
        out.push(parseInt(digits, 8) & 0xff);
        i = j;
      } else if (next === '\r') {
        i += src[i + 2] === '\n' ? 3 : 2; // line continuation
      } else if (next === '\n') {
        i += 2;
      } else {
        i += 1; // backslash ignored
      }
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')' && --depth === 0) return { bytes: Buffer.from(out), end: i + 1 };
    out.push(ch.charCodeAt(0) & 0xff);
    i++;
  }
  return undefined;
}
