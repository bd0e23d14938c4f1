import { checkMarkupReferences, parseMarkup, parseWhen, renderMarkup, type MarkupScope } from './markup';
import type { VariableDefinition } from './types';

const scope = (values: Record<string, unknown>): MarkupScope => ({
  print: (path, item) => String(path[0] === 'this' ? (item as Record<string, unknown>)[path[1]] : values[path.join('.')] ?? ''),
  truthy: (path) => !!values[path.join('.')],
  equals: (path, v) => values[path[0]] === v,
  list: (path) => (values[path.join('.')] as unknown[]) ?? [],
});

const render = (src: string, values: Record<string, unknown>) => {
  const parsed = parseMarkup(src);
  expect(parsed.problems).toEqual([]);
  return renderMarkup(parsed.nodes, scope(values));
};

const variables = new Map<string, VariableDefinition>([
  ['buyer', { name: 'buyer', type: 'party', label: { fr: 'B', en: 'B' }, required: true }],
  ['fees', { name: 'fees', type: 'tariff', label: { fr: 'T', en: 'T' }, required: true }],
  ['flag', { name: 'flag', type: 'boolean', label: { fr: 'F', en: 'F' }, required: false }],
  ['purpose', { name: 'purpose', type: 'enum', label: { fr: 'P', en: 'P' }, required: true, values: [{ value: 'AI', label: { fr: 'IA', en: 'AI' } }] }],
]);

describe('markup', () => {
  it('removes the lines of standalone block tags and keeps inline ones', () => {
    const src = 'Intro:\n  {{#each fees.lines}}\n- {{this.label}}\n  {{/each}}\nEnd {{#if flag}}yes{{else}}no{{/if}}.\n{{#unless flag}}\nNot flagged.\n{{/unless}}';
    expect(render(src, { 'fees.lines': [{ label: 'a' }, { label: 'b' }], flag: false })).toBe('Intro:\n- a\n- b\nEnd no.\nNot flagged.\n');
    expect(render(src, { 'fees.lines': [], flag: true })).toBe('Intro:\nEnd yes.\n');
  });

  it('compares enums with ==', () => {
    expect(render('{{#if purpose == AI}}AI clause{{/if}}', { purpose: 'AI' })).toBe('AI clause');
    expect(render('{{#if purpose == AI}}AI clause{{/if}}', { purpose: 'OTHER' })).toBe('');
    expect(render('{{ buyer.name }}', { 'buyer.name': 'ACME' })).toBe('ACME');
  });

  it('reports malformed markup with the offending tag and offset', () => {
    expect(parseMarkup('a {{b').problems).toEqual([{ message: "'{{' is never closed with '}}'", tag: '{{b', offset: 2 }]);
    expect(parseMarkup('a }} b').problems).toEqual([{ message: "'}}' without an opening '{{'", tag: '}}', offset: 2 }]);
    expect(parseMarkup('{{{raw}}}').problems[0].message).toMatch(/^triple braces are not allowed/);
    expect(parseMarkup('{{!comment}} {{}}').problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^unsupported markup \{\{!comment\}\}/),
      'empty tag {{}}',
    ]);
    expect(parseMarkup('{{#if a}}{{#each b.lines}}x{{/if}}').problems).toEqual([
      { message: '{{#each b.lines}} is not closed (expected {{/each}} before {{/if}})', tag: '{{#each b.lines}}', offset: 9 },
    ]);
    expect(parseMarkup('{{#each b.lines}}{{else}}{{/each}}').problems[0].message).toBe('{{else}} is only allowed inside {{#if}} or {{#unless}}');
    expect(parseMarkup('{{#if a != B}}x{{/if}}').problems[0].message).toMatch(/^unsupported markup/);
  });

  it('checks references against the declared variables and their fields', () => {
    const messages = (src: string) => checkMarkupReferences(parseMarkup(src).nodes, variables).map((p) => p.message);
    expect(messages('{{buyer.name}} {{buyer}} {{fees}} {{fees.totalCents}} {{#each fees.lines}}{{this.amountCents}} {{buyer.country}}{{/each}}')).toEqual([]);
    expect(messages('{{buyer.name.first}}')).toEqual(["'buyer.name.first': a party variable has the fields name, kind, siret, siren, vatNumber, address, country, representative"]);
    expect(messages('{{flag.x}}')).toEqual(["'flag.x': a boolean variable has no fields"]);
    expect(messages('{{fees.lines}}')).toEqual(["'fees.lines' is a list: iterate over it with {{#each fees.lines}}"]);
    expect(messages('{{#each fees.lines}}{{this.price}}{{#each fees.lines}}{{/each}}{{/each}}')).toEqual([
      "unknown field 'price' of a tariff line (allowed: label, quantity, unit, unitPriceCents, amountCents, rule)",
      'nested {{#each}} is not supported',
    ]);
    expect(messages('{{#if flag == AI}}{{/if}}')).toEqual(["'==' compares an enum variable with one of its values; 'flag' is not an enum variable"]);
  });

  it('parses conditions of conditional clauses', () => {
    expect(parseWhen('aiTraining')).toEqual({ variable: 'aiTraining', equals: undefined });
    expect(parseWhen(' purposeCategory ==  AI_TRAINING ')).toEqual({ variable: 'purposeCategory', equals: 'AI_TRAINING' });
    expect(parseWhen('a && b')).toBeNull();
    expect(parseWhen('a == ')).toBeNull();
  });
});
