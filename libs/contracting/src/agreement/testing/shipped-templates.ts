// Test and bench fixture (not exported by the library): the standard licences shipped in
// contracts-templates/, loaded once.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadTemplatesDir, type TemplateDefinition } from '@app/licensing/engine';

function templatesDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'contracts-templates'))) return join(dir, 'contracts-templates');
    if (dirname(dir) === dir) throw new Error(`contracts-templates/ not found above ${__dirname}`);
  }
}

let shipped: TemplateDefinition[] | undefined;

/** The shipped template with this key (its only version). */
export function loadShippedTemplate(key: string): TemplateDefinition {
  shipped ??= loadTemplatesDir(templatesDir());
  const def = shipped.find((t) => t.key === key);
  if (!def) throw new Error(`no shipped template '${key}' (have: ${shipped.map((t) => t.key).join(', ')})`);
  return def;
}
