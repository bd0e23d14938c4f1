import fc from 'fast-check';
import { loadValidLicence } from './__fixtures__/helpers';
import { templateHash } from './canonical';
import { validateDefinition } from './definition';
import { diffTemplates, redlineText } from './diff';
import { checkFork } from './fork';
import type { ClauseDefinition, RedlineSegment, TemplateDefinition } from './types';

const base = loadValidLicence();

function fork(edit: (f: TemplateDefinition) => void): TemplateDefinition {
  const f: TemplateDefinition = structuredClone(base);
  f.key = 'test-research-licence-chu-valmont';
  f.version = '1.0.0';
  f.basedOn = { key: base.key, version: base.version, hash: templateHash(base) };
  edit(f);
  return f;
}

const clauseOf = (def: TemplateDefinition, id: string): ClauseDefinition => def.clauses.find((c) => c.id === id)!;
const join = (segments: RedlineSegment[] | undefined, ...kinds: RedlineSegment['kind'][]) =>
  (segments ?? []).filter((s) => kinds.includes(s.kind)).map((s) => s.text).join('');

describe('checkFork', () => {
  it('accepts a fork that edits negotiable clauses, adds clauses and changes defaults', () => {
    const f = fork((d) => {
      clauseOf(d, 'publication').text.fr = 'Le Bénéficiaire publie les résultats dans un délai de 12 mois suivant la fin du projet.';
      clauseOf(d, 'publication').title.en = 'Publication';
      clauseOf(d, 'liability').alternatives = [];
      clauseOf(d, 'liability').editable = true;
      clauseOf(d, 'output-checking').mode = 'locked';
      delete clauseOf(d, 'output-checking').alternatives;
      delete clauseOf(d, 'output-checking').editable;
      d.clauses.splice(3, 0, {
        id: 'data-protection-officer',
        mode: 'locked',
        title: { fr: 'Délégué à la protection des données', en: 'Data protection officer' },
        text: { fr: 'Le DPO de {{producer.name}} est joignable.', en: 'The DPO of {{producer.name}} can be reached.' },
      });
      const duration = d.variables.find((v) => v.name === 'durationMonths')!;
      duration.default = 36;
      duration.max = 48;
      duration.label = { fr: 'Durée de la licence (mois)', en: 'Licence term (months)' };
      d.variables.find((v) => v.name === 'purposeCategory')!.values!.splice(2, 1);
      d.variables.push({ name: 'dpoEmail', type: 'text', label: { fr: 'Courriel du DPO', en: 'DPO e-mail' }, required: false });
    });
    expect(validateDefinition(f)).toEqual([]);
    expect(checkFork(base, f)).toEqual([]);
  });

  it('detects an edited locked clause and names it', () => {
    const f = fork((d) => {
      clauseOf(d, 'ban-reidentification').text.fr = "Le Bénéficiaire évite autant que possible la réidentification.";
    });
    expect(checkFork(base, f)).toEqual([
      {
        code: 'TEXT_CHANGED',
        clauseId: 'ban-reidentification',
        message: "clause 'ban-reidentification' is locked: its text cannot be changed (fr)",
      },
    ]);
  });

  it('ignores whitespace-only differences in locked clauses', () => {
    const f = fork((d) => {
      clauseOf(d, 'confidentiality').text.en += '   \n';
    });
    expect(checkFork(base, f)).toEqual([]);
  });

  it('reports every broken rule', () => {
    const f = fork((d) => {
      d.basedOn = { key: base.key, version: '1.1.0', hash: '0'.repeat(64) };
      d.clauses = d.clauses.filter((c) => c.id !== 'destruction' && c.id !== 'audit');
      clauseOf(d, 'governing-law').mode = 'negotiable';
      clauseOf(d, 'language').title.en = 'Languages';
      clauseOf(d, 'ai-models').text.en = 'Models are yours.';
      clauseOf(d, 'commercial-use').when = 'aiTraining';
      clauseOf(d, 'liability').mode = 'conditional';
      d.variables = d.variables.filter((v) => v.name !== 'projectTitle');
      d.variables.find((v) => v.name === 'durationMonths')!.max = 120;
      d.variables.find((v) => v.name === 'startDate')!.type = 'text';
      d.variables.find((v) => v.name === 'buyer')!.required = false;
      const purpose = d.variables.find((v) => v.name === 'purposeCategory')!;
      purpose.values!.push({ value: 'MARKETING', label: { fr: 'Marketing', en: 'Marketing' } });
      purpose.values![0].label = { fr: 'Recherche', en: 'Research' };
      d.locales = ['fr'];
    });
    const violations = checkFork(base, f);
    expect(violations.map((v) => [v.code, v.clauseId ?? v.variable ?? null])).toEqual([
      ['BASED_ON_MISMATCH', null],
      ['LOCALE_REMOVED', null],
      ['TEXT_CHANGED', 'ai-models'],
      ['CONDITION_CHANGED', 'commercial-use'],
      ['CLAUSE_REMOVED', 'audit'],
      ['CLAUSE_REMOVED', 'destruction'],
      ['MODE_CHANGED', 'liability'],
      ['MODE_CHANGED', 'governing-law'],
      ['TITLE_CHANGED', 'language'],
      ['VARIABLE_CHANGED', 'buyer'],
      ['VARIABLE_CHANGED', 'purposeCategory'],
      ['VARIABLE_CHANGED', 'purposeCategory'],
      ['VARIABLE_REMOVED', 'projectTitle'],
      ['VARIABLE_CHANGED', 'durationMonths'],
      ['VARIABLE_CHANGED', 'startDate'],
    ]);
    expect(violations.map((v) => v.message)).toEqual(
      expect.arrayContaining([
        "clause 'destruction' is locked: it cannot be removed",
        "clause 'audit' is negotiable: it may be changed but not removed",
        "clause 'governing-law' is locked: its mode cannot be changed to negotiable",
        "clause 'language' is locked: its title cannot be changed (en)",
        "clause 'ai-models' is conditional: its text cannot be changed (en)",
        "clause 'commercial-use' is conditional: its condition cannot be changed (was 'purposeCategory == COMMERCIAL_RESEARCH', now 'aiTraining')",
        "variable 'durationMonths' cannot have a higher maximum than 60 (now 120)",
        "variable 'purposeCategory' cannot gain enum values (MARKETING)",
        "variable 'purposeCategory' cannot change the printed label of value SCIENTIFIC_RESEARCH (fr, en)",
        "the fork must keep the 'en' locale of test-research-licence",
      ]),
    );
  });
});

describe('diffTemplates', () => {
  it('reports exactly the one edited clause of a fork, with a word-level redline in both languages', () => {
    const f = fork((d) => {
      clauseOf(d, 'publication').text.fr = 'Le Bénéficiaire publie les résultats dans un délai de 12 mois suivant la fin du projet.';
      clauseOf(d, 'publication').text.en = 'The Recipient publishes the results within 12 months after the end of the project.';
    });
    const diff = diffTemplates(base, f);
    expect(diff).toHaveLength(1);
    const [d] = diff;
    expect(d).toMatchObject({
      clauseId: 'publication',
      change: 'CHANGED',
      positionBefore: 10,
      positionAfter: 10,
      modeChanged: false,
      textChanged: true,
      titleChanged: false,
      alternatives: [],
    });
    expect(d.text.fr).toEqual([
      { kind: 'equal', text: 'Le Bénéficiaire publie les résultats dans un délai de ' },
      { kind: 'delete', text: '18' },
      { kind: 'insert', text: '12' },
      { kind: 'equal', text: ' mois suivant la fin du projet.' },
    ]);
    expect(join(d.text.en, 'equal', 'delete')).toBe(clauseOf(base, 'publication').text.en);
    expect(join(d.text.en, 'equal', 'insert')).toBe(clauseOf(f, 'publication').text.en);
    expect(d.title).toEqual({ fr: [{ kind: 'equal', text: 'Publication des résultats' }], en: [{ kind: 'equal', text: 'Publication of results' }] });
  });

  it('reports added, removed and re-moded clauses in document order, and changed alternatives', () => {
    const f = fork((d) => {
      d.clauses = d.clauses.filter((c) => c.id !== 'confidentiality');
      d.clauses.splice(1, 0, {
        id: 'preamble',
        mode: 'locked',
        title: { fr: 'Préambule', en: 'Preamble' },
        text: { fr: 'Préambule.', en: 'Preamble.' },
      });
      const liability = clauseOf(d, 'liability');
      liability.mode = 'locked';
      delete liability.alternatives;
      const publication = clauseOf(d, 'publication');
      publication.alternatives![0].text.fr = publication.alternatives![0].text.fr.replace('24', '36');
      publication.alternatives!.push({ id: 'no-embargo', label: { fr: 'Sans embargo', en: 'No embargo' }, text: { fr: 'Libre.', en: 'Free.' } });
    });
    const diff = diffTemplates(base, f);
    expect(diff.map((d) => [d.clauseId, d.change])).toEqual([
      ['preamble', 'ADDED'],
      ['publication', 'CHANGED'],
      ['confidentiality', 'REMOVED'],
      ['liability', 'CHANGED'],
    ]);
    expect(diff[0].text.fr).toEqual([{ kind: 'insert', text: 'Préambule.' }]);
    expect(diff[0]).toMatchObject({ positionAfter: 2, modeAfter: 'locked' });
    expect(diff[0].positionBefore).toBeUndefined();
    expect(diff[2]).toMatchObject({ positionBefore: 15, text: { en: [{ kind: 'delete', text: clauseOf(base, 'confidentiality').text.en }] } });
    expect(diff[3]).toMatchObject({ modeBefore: 'negotiable', modeAfter: 'locked', modeChanged: true, textChanged: false });
    expect(diff[3].alternatives).toEqual([expect.objectContaining({ id: 'uncapped', change: 'REMOVED' })]);
    expect(diff[1].textChanged).toBe(false);
    expect(diff[1].alternatives.map((a) => [a.id, a.change])).toEqual([
      ['embargo-24-months', 'CHANGED'],
      ['no-embargo', 'ADDED'],
    ]);
    expect(diff[1].alternatives[0].text.fr).toContainEqual({ kind: 'insert', text: '36' });
    expect(diffTemplates(base, f, { includeUnchanged: true })).toHaveLength(21);
    expect(diffTemplates(base, base)).toEqual([]);
  });

  it('redlines rebuild both texts exactly (property)', () => {
    const words = fc.constantFrom('la', 'donnée', 'de', 'santé', ' ', '\n', ', ', 'Bénéficiaire', '18', 'mois', '.', '« ', ' »');
    const text = fc.array(words, { maxLength: 30 }).map((w) => w.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const segments = redlineText(a, b);
        expect(join(segments, 'equal', 'delete')).toBe(a);
        expect(join(segments, 'equal', 'insert')).toBe(b);
        expect(segments.every((s) => s.text.length > 0)).toBe(true);
      }),
    );
  });
});
