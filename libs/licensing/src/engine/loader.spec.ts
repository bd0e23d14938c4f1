import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureLine, fixturePath, lineOf, loadValidLicence } from './__fixtures__/helpers';
import { validateDefinition } from './definition';
import { TemplateLoadError } from './errors';
import { loadTemplateFile, loadTemplatesDir, parseTemplate } from './loader';

function loadError(fn: () => unknown): TemplateLoadError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateLoadError) return e;
    throw e;
  }
  throw new Error('expected a TemplateLoadError');
}

describe('loading template files', () => {
  it('loads the complete fixture licence', () => {
    const def = loadValidLicence();
    expect(def.key).toBe('test-research-licence');
    expect(def.version).toBe('1.2.0');
    expect(def.locales).toEqual(['fr', 'en']);
    expect(def.clauses).toHaveLength(20);
    expect(def.variables.map((v) => v.type)).toEqual(
      expect.arrayContaining(['party', 'dataset', 'enum', 'integer', 'money', 'date', 'text', 'boolean', 'tariff']),
    );
    const publication = def.clauses.find((c) => c.id === 'publication')!;
    expect(publication).toMatchObject({ mode: 'negotiable', editable: true, alternatives: [{ id: 'embargo-24-months' }] });
    expect(def.clauses.find((c) => c.id === 'output-checking')!.editable).toBe(false);
    expect(def.clauses.find((c) => c.id === 'commercial-use')!.when).toBe('purposeCategory == COMMERCIAL_RESEARCH');
    // block scalars lose their trailing newline: the definition is normalised
    expect(def.clauses[0].text.fr.endsWith('\n')).toBe(false);
  });

  const cases: [string, string, string][] = [
    ['unknown-variable.yaml', '{{buyr.name}}', "clause 'acknowledgement' text (fr): unknown variable 'buyr'"],
    ['bad-mode.yaml', 'mode: optional', "clause 'audit': invalid mode 'optional' (allowed: locked, negotiable, conditional)"],
    ['missing-locale.yaml', 'text:', "clause 'audit': 'text' is missing the 'en' text"],
    ['duplicate-clause.yaml', 'id: purpose-limitation', "duplicate clause id 'purpose-limitation' (also clause #1)"],
    ['unbalanced-if.yaml', '{{#if aiTraining}}', "clause 'ai-models' text (fr): {{#if aiTraining}} is never closed with {{/if}}"],
  ];

  it.each(cases)('%s: reports the problem with its file and line', (name, marker, message) => {
    const file = fixturePath(`invalid/${name}`);
    // the duplicate is the second occurrence; missing-locale's text is that of the last clause
    const after = name === 'duplicate-clause.yaml' ? 'Purpose limitation' : name === 'missing-locale.yaml' ? 'id: audit' : undefined;
    const line = fixtureLine(`invalid/${name}`, marker, after);
    const error = loadError(() => loadTemplateFile(file));
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.problems).toEqual([expect.objectContaining({ file, line, message })]);
    expect(error.message).toContain(`${file}:${line}: ${message}`);
  });

  it('lists the problems of every file of a folder in one error', () => {
    const dir = fixturePath('invalid');
    const error = loadError(() => loadTemplatesDir(dir));
    expect(error.problems.map((p) => p.file.split('/').pop())).toEqual([
      'bad-mode.yaml',
      'duplicate-clause.yaml',
      'missing-locale.yaml',
      'unbalanced-if.yaml',
      'unknown-variable.yaml',
    ]);
    expect(error.message.split('\n')).toHaveLength(6);
  });

  it('reports every problem of a file at once, each at its line', () => {
    const source = `key: Bad_Key
version: "1.0"
family: LEISURE
locales: [fr, en, de]
title: { fr: "Titre {{buyer.name}}", en: Title }
description: { fr: Description }
variables:
  - name: buyer
    type: party
    label: { fr: Bénéficiaire, en: Recipient }
    required: true
  - name: buyer
    type: party
    label: { fr: Doublon, en: Duplicate }
    required: true
  - name: Duration_months
    type: integer
    label: { fr: Durée, en: Duration }
    required: yes
    min: 10
    max: 5
  - name: durationMonths
    type: integer
    label: { fr: Durée, en: Duration }
    required: true
    min: 1
    max: 60
    default: 75
  - name: purpose
    type: enum
    label: { fr: Finalité, en: Purpose }
    required: true
    default: LEISURE
    values:
      - value: RESEARCH
        label: { fr: Recherche, en: Research }
  - name: note
    type: text
    label: { fr: Note, en: Note }
    required: false
    colour: blue
clauses:
  - id: purpose-limitation
    mode: locked
    title: { fr: Finalité, en: Purpose }
    text:
      fr: "{{buyer.email}} {{#each buyer}}x{{/each}} {{this.label}} {{> partial}}"
      en: "{{#if purpose == LEISURE}}x{{/if}} {{#if buyer}}a{{else}}b{{else}}c{{/if}} {{/each}}"
  - id: ai
    mode: conditional
    when: durationMonths
    title: { fr: IA, en: AI }
    text: { fr: Texte, en: Text }
  - id: commercial
    mode: conditional
    when: purpose == COMMERCIAL
    title: { fr: Commercial, en: Commercial }
    text: { fr: Texte, en: Text }
  - id: publication
    mode: negotiable
    title: { fr: Publication, en: Publication }
    text: { fr: Texte, en: Text }
    alternatives:
      - id: a
        label: { fr: A, en: A }
        text: { fr: A, en: A }
      - id: a
        label: { fr: A bis }
        text: { fr: A bis, en: A bis }
  - id: audit
    mode: locked
    editable: true
    title: { fr: Audit, en: Audit }
    text: { fr: Texte, en: Text }
`;
    const error = loadError(() => parseTemplate(source, 'inline.yaml'));
    const at = (needle: string, after?: string) => `inline.yaml:${lineOf(source, needle, after)}: `;
    const msg = error.message;
    const lines = [
      [`${at('key: Bad_Key')}`, "'key' must be kebab-case"],
      [`${at('version:')}`, "'version' must be a semantic version such as 1.0.0 (got '1.0')"],
      [`${at('family:')}`, "unknown family 'LEISURE'"],
      [`${at('locales:')}`, "unsupported locale 'de'"],
      [`${at('title:')}`, "'title.fr' is plain text: markup {{...}} is not allowed here"],
      [`${at('description:')}`, "'description' is missing the 'en' text"],
      [`inline.yaml:${lineOf(source, '- name: buyer', 'Recipient')}: `, "duplicate variable name 'buyer' (also variable #1)"],
      [`${at('name: Duration_months')}`, "'name' must be camelCase"],
      [`${at('required: yes')}`, "'required' must be true or false (got 'yes')"],
      [`${at('min: 10')}`, 'min (10) must not be greater than max (5)'],
      [`${at('default: 75')}`, "variable 'durationMonths': invalid default: must be between 1 and 60 (got 75)"],
      [`${at('default: LEISURE')}`, "variable 'purpose': invalid default: must be one of RESEARCH (got 'LEISURE')"],
      [`${at('colour: blue')}`, "variable 'note': unknown field 'colour'"],
      [`${at('{{buyer.email}}')}`, "'buyer.email': a party variable has the fields name, kind, siret"],
      [`${at('{{buyer.email}}')}`, "{{#each}} needs a list ('buyer' is not one; e.g. tariff.lines)"],
      [`${at('{{buyer.email}}')}`, "'this.label' is only allowed inside {{#each}}"],
      [`${at('{{buyer.email}}')}`, 'unsupported markup {{> partial}}'],
      [`${at('{{#if purpose == LEISURE}}')}`, "second {{else}} in {{#if buyer}}"],
      [`${at('{{#if purpose == LEISURE}}')}`, '{{/each}} has no matching {{#each ...}}'],
      [`${at('when: durationMonths')}`, "'when: durationMonths' needs a boolean variable ('durationMonths' is integer"],
      [`${at('when: purpose == COMMERCIAL')}`, "'COMMERCIAL' is not a value of 'purpose' (allowed: RESEARCH)"],
      [`inline.yaml:${lineOf(source, '- id: a', 'A, en: A }') }: `, "clause 'publication': duplicate alternative id 'a'"],
      [`inline.yaml:${lineOf(source, 'label: { fr: A bis }')}: `, "clause 'publication' alternative 'a': 'label' is missing the 'en' text"],
      [`${at('editable: true', 'id: audit')}`, "clause 'audit': 'editable' is only allowed on negotiable clauses (mode is locked)"],
    ];
    for (const [prefix, text] of lines) {
      expect({ prefix, text, found: msg.split('\n').some((l) => l.startsWith(prefix) && l.includes(text)) }).toEqual({ prefix, text, found: true });
    }
    expect(error.problems.length).toBeGreaterThanOrEqual(lines.length);
  });

  it('reports YAML syntax errors with their line', () => {
    const source = 'key: a\nversion: 1.0.0\ntitle: { fr: "unterminated\n';
    const error = loadError(() => parseTemplate(source, 'broken.yaml'));
    expect(error.problems[0]).toMatchObject({ file: 'broken.yaml', line: expect.any(Number) });
    expect(error.message).toMatch(/^broken\.yaml:\d+: YAML syntax: /m);
  });

  it('reports duplicate mapping keys as YAML errors', () => {
    const error = loadError(() => parseTemplate('key: a\nkey: b\n', 'dup.yaml'));
    expect(error.message).toContain('dup.yaml:2: YAML syntax: Map keys must be unique');
  });

  it('refuses two files of a folder with the same key@version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'licensing-'));
    const source = readFileSync(fixturePath('valid-licence.yaml'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), source);
    writeFileSync(join(dir, 'b.yaml'), `# copy\n${source}`);
    writeFileSync(join(dir, 'c.yaml'), source.replace('version: 1.2.0', 'version: 1.3.0'));
    const error = loadError(() => loadTemplatesDir(dir));
    expect(error.message).toContain(`${join(dir, 'b.yaml')}:${lineOf(source, 'key:') + 1}: duplicate template test-research-licence@1.2.0 (also defined in ${join(dir, 'a.yaml')})`);
    expect(error.problems).toHaveLength(1);
  });

  it('validates definitions built in code, without lines', () => {
    const def = loadValidLicence();
    expect(validateDefinition(def)).toEqual([]);
    const broken = structuredClone(def);
    broken.clauses[2].text.en = 'Uses {{unknownThing}}.';
    broken.clauses.push(structuredClone(broken.clauses[0]));
    expect(validateDefinition(broken)).toEqual([
      "clauses[2].text.en: clause 'purpose-limitation' text (en): unknown variable 'unknownThing'",
      "clauses[20].id: duplicate clause id 'object' (also clause #1)",
    ]);
  });
});
