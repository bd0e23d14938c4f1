import { BadInputError } from '@app/core';
import { loadValidLicence } from './engine/__fixtures__/helpers';
import { addClause, compareVersions, editClause, nextMinorVersion, removeClause, setVariableDefault } from './definition-edits';

const base = loadValidLicence();
const ids = (d: typeof base) => d.clauses.map((c) => c.id);

function badInput(fn: () => unknown): BadInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BadInputError) return e;
    throw e;
  }
  throw new Error('expected a BadInputError');
}

describe('definition edits', () => {
  it('edits the locales given and leaves the others and the original alone', () => {
    const before = base.clauses.find((c) => c.id === 'publication')!;
    const after = editClause(base, 'publication', { text: { en: 'Results are published within 12 months.' } });
    const edited = after.clauses.find((c) => c.id === 'publication')!;
    expect(edited.text).toEqual({ fr: before.text.fr, en: 'Results are published within 12 months.' });
    expect(edited.title).toEqual(before.title);
    expect(edited.alternatives).toEqual(before.alternatives);
    expect(base.clauses.find((c) => c.id === 'publication')!.text.en).toBe(before.text.en);
  });

  it('adds a clause after another one or at the end, and refuses a duplicate id', () => {
    const clause = { id: 'dpo', mode: 'locked' as const, title: { fr: 'DPO', en: 'DPO' }, text: { fr: 'Texte.', en: 'Text.' } };
    const afterFirst = addClause(base, { ...clause, after: base.clauses[0].id });
    expect(ids(afterFirst).slice(0, 2)).toEqual([base.clauses[0].id, 'dpo']);
    expect(ids(addClause(base, clause)).pop()).toBe('dpo');
    expect(badInput(() => addClause(base, { ...clause, id: 'publication' })).problems).toEqual([
      { field: 'input.id', message: expect.stringContaining("clause 'publication' already exists") },
    ]);
    expect(badInput(() => addClause(base, { ...clause, after: 'nowhere' })).problems[0].field).toBe('input.after');
  });

  it('removes a clause and names an unknown one', () => {
    expect(ids(removeClause(base, 'publication'))).not.toContain('publication');
    expect(badInput(() => removeClause(base, 'nowhere')).message).toMatch(/^clauseId: test-research-licence@1\.2\.0 has no clause 'nowhere' \(clauses: /);
  });

  it('sets and removes a variable default', () => {
    const set = setVariableDefault(base, 'durationMonths', 36);
    expect(set.variables.find((v) => v.name === 'durationMonths')!.default).toBe(36);
    expect(setVariableDefault(set, 'durationMonths', null).variables.find((v) => v.name === 'durationMonths')).not.toHaveProperty('default');
    expect(badInput(() => setVariableDefault(base, 'colour', 'blue')).problems[0].field).toBe('name');
  });

  it('numbers a new edit of a published text with the next minor version after the highest', () => {
    expect(nextMinorVersion(['1.0.0'])).toBe('1.1.0');
    expect(nextMinorVersion(['1.0.0', '1.10.0', '1.9.0'])).toBe('1.11.0');
    expect(nextMinorVersion(['2.0.1', '1.4.0'])).toBe('2.1.0');
    expect(['1.10.0', '1.2.0', '0.9.9'].sort(compareVersions)).toEqual(['0.9.9', '1.2.0', '1.10.0']);
  });
});
