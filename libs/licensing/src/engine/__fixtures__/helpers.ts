import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplateFile } from '../loader';
import type { TemplateDefinition } from '../types';

export const FIXTURES_DIR = __dirname;

export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}

/** 1-based line of the first line containing `needle` (after the `from`-th match of `after`, if given). */
export function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const i = lines.findIndex((l, idx) => idx >= start && l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' not found`);
  return i + 1;
}

export function fixtureLine(name: string, needle: string, after?: string): number {
  return lineOf(readFileSync(fixturePath(name), 'utf8'), needle, after);
}

/** The complete bilingual fixture licence (20 clauses, every variable type and clause mode). */
export function loadValidLicence(): TemplateDefinition {
  return loadTemplateFile(fixturePath('valid-licence.yaml'));
}
