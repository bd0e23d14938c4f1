// Every licence shipped in contracts-templates/ must load, accept example values and render
// to a PDF in each of its locales.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pdfText, squash } from '@app/documents';
import { templateHash } from './canonical';
import { exampleValues } from './examples';
import { loadTemplatesDir } from './loader';
import { renderDocumentPdf } from './pdf';
import { renderTemplate } from './render';
import type { PartyValue, TemplateDefinition, VariableValues } from './types';
import { validateVariables } from './variables';

function templatesDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'contracts-templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('contracts-templates/ not found');
    dir = parent;
  }
  return join(dir, 'contracts-templates');
}

const templates: TemplateDefinition[] = loadTemplatesDir(templatesDir());

/** Values that make a conditional clause apply: its boolean set, or its enum value chosen. */
function enabling(def: TemplateDefinition, when: string): VariableValues {
  const [name, value] = when.split('==').map((s) => s.trim());
  return { ...exampleValues(def), [name]: value ?? true };
}

describe('shipped licence templates', () => {
  it('load without problems, with unique key@version', () => {
    const ids = templates.map((t) => `${t.key}@${t.version}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of templates) expect(templateHash(t)).toMatch(/^[0-9a-f]{64}$/);
  });

  if (templates.length === 0) return;

  describe.each(templates.map((t) => [`${t.key}@${t.version}`, t] as const))('%s', (_id, def) => {
    const values = exampleValues(def);
    const parties = def.variables.filter((v) => v.type === 'party').map((v) => values[v.name] as PartyValue);

    it('accepts the example values', () => {
      expect(validateVariables(def, values)).toEqual([]);
      expect(parties.length).toBeGreaterThanOrEqual(2);
    });

    it.each(def.locales.map((l) => [l]))('renders to PDF in %s with the parties and every locked clause', async (locale) => {
      const doc = renderTemplate(def, values, locale);
      const text = squash(pdfText(await renderDocumentPdf(doc, { parties, creationDate: new Date('2027-03-01T00:00:00Z') })));
      for (const party of parties) expect(text).toContain(squash(party.name));
      const locked = doc.clauses.filter((c) => c.mode === 'locked');
      expect(locked.length).toBe(def.clauses.filter((c) => c.mode === 'locked').length);
      for (const c of locked) {
        expect(text).toContain(squash(`${locale === 'fr' ? 'Article' : 'Clause'} ${c.number} – ${c.title}`));
      }
      // a party a clause refers to is printed inside the clauses too
      const bodies = doc.clauses.map((c) => c.body).join('\n');
      def.variables
        .filter((v) => v.type === 'party' && def.clauses.some((c) => c.text[locale].includes(`{{${v.name}.name}}`)))
        .forEach((v) => expect(bodies).toContain((values[v.name] as PartyValue).name));
      expect(text).toMatch(/page 1 \/ \d+/);
      expect(bodies).not.toMatch(/\{\{|\}\}/);
    });

    const conditionals = def.clauses.filter((c) => c.mode === 'conditional');
    if (conditionals.length) {
      it.each(conditionals.map((c) => [c.id, c.when!]))('includes conditional clause %s when %s', (id, when) => {
        for (const locale of def.locales) {
          const doc = renderTemplate(def, enabling(def, when), locale);
          expect(doc.clauses.map((c) => c.id)).toContain(id);
        }
      });
    }
  });
});
