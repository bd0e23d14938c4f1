import { BadInputError } from '@app/core/kernel';
import { exampleValues, renderTemplate, type RedlineSegment, type TemplateDefinition } from '@app/licensing/engine';
import { loadShippedTemplate } from '../agreement/testing/shipped-templates';
import { clauseDeviation, mergeProposals, validateProposal } from './deviation';

const def: TemplateDefinition = loadShippedTemplate('academic-research');

const joined = (segments: RedlineSegment[] | undefined, keep: 'insert' | 'delete') =>
  (segments ?? []).filter((s) => s.kind === 'equal' || s.kind === keep).map((s) => s.text).join('');

const editedAcknowledgement = {
  fr: 'Toute publication mentionne {{producer.name}} et le jeu {{dataset.title}}, ainsi que la référence {{cnilFormalityReference}}.',
  en: 'Every publication acknowledges {{producer.name}} and the {{dataset.title}} dataset, and the reference {{cnilFormalityReference}}.',
};

describe('validateProposal', () => {
  it('accepts alternatives and edits of negotiable clauses', () => {
    expect(
      validateProposal(def, [
        { clauseId: 'publication', alternativeId: 'open-science' },
        { clauseId: 'acknowledgement', text: editedAcknowledgement },
        { clauseId: 'audit', revertToStandard: true },
      ]),
    ).toEqual([]);
  });

  it('refuses a locked clause, naming it', () => {
    expect(validateProposal(def, [{ clauseId: 're-identification-ban', text: { fr: 'Rien', en: 'Nothing' } }])).toEqual([
      { clauseId: 're-identification-ban', code: 'CLAUSE_LOCKED', path: 'changes[0].clauseId', message: "Clause 're-identification-ban' is locked and cannot be negotiated" },
    ]);
  });

  it('says what is wrong with each change', () => {
    const problems = validateProposal(def, [
      { clauseId: 'no-such-clause', alternativeId: 'x' },
      { clauseId: 'ai-models', alternativeId: 'x' },
      { clauseId: 'publication', alternativeId: 'embargo-36-months' },
      { clauseId: 'audit', text: { fr: 'Audit libre', en: 'Free audit' } },
      { clauseId: 'acknowledgement', text: { fr: 'Seulement en français' } },
      { clauseId: 'data-destruction' },
      { clauseId: 'publication', revertToStandard: true },
    ]);
    expect(problems.map((p) => [p.clauseId, p.code, p.path])).toEqual([
      ['no-such-clause', 'UNKNOWN_CLAUSE', 'changes[0].clauseId'],
      ['ai-models', 'CLAUSE_CONDITIONAL', 'changes[1].clauseId'],
      ['publication', 'UNKNOWN_ALTERNATIVE', 'changes[2].alternativeId'],
      ['audit', 'TEXT_NOT_EDITABLE', 'changes[3].text'],
      ['acknowledgement', 'MISSING_LOCALE', 'changes[4].text'],
      ['data-destruction', 'EMPTY_CHANGE', 'changes[5]'],
      ['publication', 'DUPLICATE_CLAUSE', 'changes[6].clauseId'],
    ]);
    expect(problems[0].message).toBe("Clause 'no-such-clause' does not exist in academic-research@1.0.0; negotiable clauses: publication, acknowledgement, audit, data-destruction");
    expect(problems[2].message).toBe("Clause 'publication' has no alternative 'embargo-36-months'; available: co-publication, open-science");
    expect(problems[3].message).toBe("Clause 'audit' cannot be edited freely; choose one of its alternatives: audit-on-suspicion, audit-twice-yearly");
    expect(problems[4].message).toContain('missing: en');
  });

  it('checks the markup of edited texts with the template engine', () => {
    const problems = validateProposal(def, [{ clauseId: 'acknowledgement', text: { fr: 'Merci à {{sponsor.name}}', en: 'Thanks to {{#if x}}' } }]);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.every((p) => p.code === 'INVALID_TEXT' && p.message.startsWith("Clause 'acknowledgement': edited text"))).toBe(true);
  });

  it('refuses a revert combined with a change, and text in an unknown language', () => {
    expect(validateProposal(def, [{ clauseId: 'publication', alternativeId: 'open-science', revertToStandard: true }])[0].code).toBe('REVERT_WITH_CHANGE');
    const codes = validateProposal(def, [{ clauseId: 'acknowledgement', text: { ...editedAcknowledgement, de: 'Danke' } as never }]).map((p) => p.code);
    expect(codes).toEqual(['UNKNOWN_LOCALE']);
  });
});

describe('clauseDeviation', () => {
  it('redlines an alternative against the standard text in every locale', () => {
    const d = clauseDeviation(def, { clauseId: 'publication', alternativeId: 'co-publication' })!;
    const clause = def.clauses.find((c) => c.id === 'publication')!;
    const alternative = clause.alternatives!.find((a) => a.id === 'co-publication')!;
    expect(d).toMatchObject({ clauseId: 'publication', kind: 'ALTERNATIVE', alternativeId: 'co-publication', title: clause.title });
    for (const l of ['fr', 'en'] as const) {
      expect(joined(d.redline[l], 'delete')).toBe(clause.text[l].trimEnd());
      expect(joined(d.redline[l], 'insert')).toBe(alternative.text[l].trimEnd());
      expect(d.redline[l]!.some((s) => s.kind === 'insert')).toBe(true);
    }
    expect(d.redline.fr!.find((s) => s.kind === 'insert')!.text).toMatch(/coauteurs|quarante-cinq|privilégiant/);
  });

  it('is null when an edit restores the standard text', () => {
    const clause = def.clauses.find((c) => c.id === 'acknowledgement')!;
    expect(clauseDeviation(def, { clauseId: 'acknowledgement', text: { fr: clause.text.fr + '\n', en: clause.text.en } })).toBeNull();
  });
});

describe('mergeProposals', () => {
  it('keeps the latest proposal per clause and lets a proposal revert a clause', () => {
    const merged = mergeProposals(def, [
      { by: 'BUYER', changes: [{ clauseId: 'publication', alternativeId: 'open-science' }, { clauseId: 'audit', alternativeId: 'audit-on-suspicion' }] },
      { by: 'PRODUCER', changes: [{ clauseId: 'publication', alternativeId: 'co-publication' }, { clauseId: 'data-destruction', alternativeId: 'return-to-producer' }] },
      { by: 'BUYER', changes: [{ clauseId: 'audit', revertToStandard: true }, { clauseId: 'acknowledgement', text: editedAcknowledgement }] },
    ]);
    expect(merged.overrides).toEqual([
      { clauseId: 'publication', alternativeId: 'co-publication' },
      { clauseId: 'acknowledgement', text: editedAcknowledgement },
      { clauseId: 'data-destruction', alternativeId: 'return-to-producer' },
    ]);
    expect(merged.deviations.map((d) => [d.clauseId, d.kind, d.proposedBy, d.proposalIndex])).toEqual([
      ['publication', 'ALTERNATIVE', 'PRODUCER', 1],
      ['acknowledgement', 'EDITED_TEXT', 'BUYER', 2],
      ['data-destruction', 'ALTERNATIVE', 'PRODUCER', 1],
    ]);
    expect(joined(merged.deviations[1].redline.en, 'insert')).toBe(editedAcknowledgement.en);

    // the overrides render: the negotiated clauses are marked, the others are not
    const doc = renderTemplate(def, exampleValues(def), 'fr', merged.overrides);
    expect(doc.clauses.filter((c) => c.deviates).map((c) => c.id)).toEqual(['publication', 'acknowledgement', 'data-destruction']);
  });

  it('returns no deviation when everything was reverted', () => {
    expect(
      mergeProposals(def, [
        { by: 'BUYER', changes: [{ clauseId: 'publication', alternativeId: 'open-science' }] },
        { by: 'PRODUCER', changes: [{ clauseId: 'publication', revertToStandard: true }] },
      ]),
    ).toEqual({ overrides: [], deviations: [] });
  });

  it('throws BadInputError with the path of every problem in the history', () => {
    let error: unknown;
    try {
      mergeProposals(def, [{ changes: [{ clauseId: 'publication', alternativeId: 'open-science' }] }, { changes: [{ clauseId: 'governing-law', alternativeId: 'x' }] }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).code).toBe('BAD_USER_INPUT');
    expect((error as BadInputError).problems).toEqual([
      { field: 'proposals[1].changes[0].clauseId', message: "Clause 'governing-law' is locked and cannot be negotiated" },
    ]);
  });
});
