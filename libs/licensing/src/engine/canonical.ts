import { createHash } from 'node:crypto';
import type { TemplateDefinition, VariableValues } from './types';

/** NFC, LF line ends, trailing whitespace removed from every line and from the end. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/u, ''))
    .join('\n')
    .replace(/\s+$/u, '');
}

export interface CanonicalJsonOptions {
  /** apply normalizeText to every string (templates); otherwise strings are only NFC-normalised */
  trimLines?: boolean;
}

/**
 * Deterministic JSON: object keys sorted, undefined properties dropped, strings NFC.
 * Only JSON data is accepted (plus Date, written as an ISO string).
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  const str = options.trimLines ? normalizeText : (s: string) => s.normalize('NFC');
  const write = (v: unknown, at: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(str(v));
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`canonical JSON: ${at} is not a finite number`);
        return JSON.stringify(Object.is(v, -0) ? 0 : v);
      case 'object': {
        if (v instanceof Date) return JSON.stringify(v.toISOString());
        if (Array.isArray(v)) return `[${v.map((item, i) => (item === undefined ? 'null' : write(item, `${at}[${i}]`))).join(',')}]`;
        const entries = Object.entries(v as Record<string, unknown>)
          .filter(([, item]) => item !== undefined)
          .map(([k, item]) => [k.normalize('NFC'), item] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, item]) => `${JSON.stringify(k)}:${write(item, `${at}.${k}`)}`).join(',')}}`;
      }
      default:
        throw new TypeError(`canonical JSON: ${at} has unsupported type ${typeof v}`);
    }
  };
  return write(value, '$');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The canonical form of a template version: its parsed definition as canonical JSON, with
 * every string normalised (NFC, trailing whitespace removed). The lifecycle `status` is left
 * out: publishing a version must not change its identity.
 */
export function canonicalForm(def: TemplateDefinition): string {
  const { status: _status, ...identity } = def;
  return canonicalJson(identity, { trimLines: true });
}

/** SHA-256 (hex) of the template's canonical form: the identity of a template version. */
export function templateHash(def: TemplateDefinition): string {
  return sha256Hex(canonicalForm(def));
}

/** SHA-256 (hex) of the variable values as canonical JSON (keys sorted, strings NFC). */
export function variablesHash(values: VariableValues): string {
  return sha256Hex(canonicalJson(values));
}
