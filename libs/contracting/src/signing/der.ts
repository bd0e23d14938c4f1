import forge from 'node-forge';

/**
 * Minimal DER/BER TLV walker. Used only where exact original bytes matter (the signed
 * attributes of a SignerInfo must be verified over the bytes the signer produced, not
 * over a re-encoding). Everything else is parsed with node-forge.
 */
export interface Tlv {
  /** First identifier octet (class + constructed bit + tag number for low tags). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just after the content (excludes end-of-contents octets of indefinite form). */
  contentEnd: number;
  /** Offset just after the whole element (includes EOC octets of indefinite form). */
  end: number;
  constructed: boolean;
}

export function readTlv(buf: Buffer, offset: number): Tlv {
  const start = offset;
  if (offset >= buf.length) throw new Error('DER: unexpected end of data');
  const tag = buf[offset++];
  if ((tag & 0x1f) === 0x1f) {
    // high tag number form
    while (offset < buf.length && buf[offset] & 0x80) offset++;
    offset++;
  }
  if (offset >= buf.length) throw new Error('DER: truncated length');
  const constructed = (tag & 0x20) !== 0;
  const first = buf[offset++];
  if (first === 0x80) {
    if (!constructed) throw new Error('DER: indefinite length on primitive element');
    const contentStart = offset;
    let cursor = offset;
    for (;;) {
      if (cursor + 1 >= buf.length) throw new Error('DER: missing end-of-contents');
      if (buf[cursor] === 0 && buf[cursor + 1] === 0) {
        return { tag, start, contentStart, contentEnd: cursor, end: cursor + 2, constructed };
      }
      cursor = readTlv(buf, cursor).end;
    }
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new Error('DER: length too large');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset++];
  }
  const contentStart = offset;
  const contentEnd = contentStart + length;
  if (contentEnd > buf.length) throw new Error('DER: element overruns buffer');
  return { tag, start, contentStart, contentEnd, end: contentEnd, constructed };
}

export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let cursor = parent.contentStart;
  while (cursor < parent.contentEnd) {
    const child = readTlv(buf, cursor);
    out.push(child);
    cursor = child.end;
  }
  return out;
}

type ForgeFromDer = (bytes: forge.util.ByteStringBuffer, options: { decodeBitStrings?: boolean; strict?: boolean }) => forge.asn1.Asn1;

/**
 * node-forge DER parse that keeps BIT STRING contents opaque (so re-encoding is
 * byte-identical). @types/node-forge only declares the boolean overload.
 */
export function forgeFromDer(binary: string): forge.asn1.Asn1 {
  return (forge.asn1.fromDer as unknown as ForgeFromDer)(forge.util.createBuffer(binary), { decodeBitStrings: false });
}
