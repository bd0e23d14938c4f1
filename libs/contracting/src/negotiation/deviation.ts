// Negotiated clauses: what a party may change in a licence (negotiable clauses only, by a
// listed alternative or, where allowed, an edited text) and the tracked deviation of each
// changed clause from the standard text. Successive proposals merge clause by clause.
import { BadInputError, type FieldProblem } from '@app/core/kernel';
import {
  ClauseOverrideError,
  LOCALES,
  normalizeText,
  redlineText,
  resolveOverrides,
  type ClauseDefinition,
  type ClauseOverride,
  type Locale,
  type LocalizedText,
  type Redline,
  type TemplateDefinition,
} from '@app/licensing/engine';
import type { SigningSide } from './access-request-machine';

/** One clause of a proposal: choose an alternative, edit the text, or go back to the standard text. */
export interface ProposedClauseChange extends ClauseOverride {
  /** drop any earlier change to this clause: the standard text applies again */
  revertToStandard?: boolean;
}

/** A proposal made by one side during the negotiation (a quote or a counter-proposal). */
export interface ClauseProposal {
  by?: SigningSide;
  changes: readonly ProposedClauseChange[];
}

export type ProposalProblemCode =
  | 'UNKNOWN_CLAUSE'
  | 'CLAUSE_LOCKED'
  | 'CLAUSE_CONDITIONAL'
  | 'DUPLICATE_CLAUSE'
  | 'EMPTY_CHANGE'
  | 'REVERT_WITH_CHANGE'
  | 'UNKNOWN_ALTERNATIVE'
  | 'TEXT_NOT_EDITABLE'
  | 'UNKNOWN_LOCALE'
  | 'MISSING_LOCALE'
  | 'INVALID_TEXT';

export interface ProposalProblem {
  clauseId: string;
  code: ProposalProblemCode;
  /** where in the proposal, e.g. "changes[1].alternativeId" */
  path: string;
  message: string;
}

export type DeviationKind = 'ALTERNATIVE' | 'EDITED_TEXT';

/** How one negotiated clause differs from the template's standard text. */
export interface ClauseDeviation {
  clauseId: string;
  /** the clause title in each locale of the template */
  title: Partial<LocalizedText>;
  kind: DeviationKind;
  /** the chosen alternative (with EDITED_TEXT: the alternative the edit started from, if any) */
  alternativeId?: string;
  /** word-level redline from the standard text to the negotiated text, per locale */
  redline: Redline;
  /** the side whose proposal set this clause, when known */
  proposedBy?: SigningSide;
  /** 0-based position of that proposal in the history */
  proposalIndex?: number;
}

export interface NegotiatedClauses {
  /** what to pass to renderTemplate, in template order */
  overrides: ClauseOverride[];
  deviations: ClauseDeviation[];
}

function negotiableIds(def: TemplateDefinition): string {
  return def.clauses.filter((c) => c.mode === 'negotiable').map((c) => c.id).join(', ') || 'none';
}

function hasText(change: ClauseOverride): boolean {
  return change.text !== undefined && change.text !== null && Object.keys(change.text).length > 0;
}

function checkChange(def: TemplateDefinition, clause: ClauseDefinition, change: ProposedClauseChange, at: string, add: (p: Omit<ProposalProblem, 'clauseId'>) => void): void {
  const id = clause.id;
  const withText = hasText(change);
  const withAlternative = change.alternativeId !== undefined && change.alternativeId !== null;
  if (change.revertToStandard) {
    if (withText || withAlternative) add({ code: 'REVERT_WITH_CHANGE', path: at, message: `Clause '${id}': revertToStandard cannot be combined with an alternative or a text` });
    return;
  }
  if (!withText && !withAlternative) {
    add({ code: 'EMPTY_CHANGE', path: at, message: `Clause '${id}': give an alternativeId, a text, or revertToStandard` });
    return;
  }
  const alternatives = clause.alternatives ?? [];
  if (withAlternative && !alternatives.some((a) => a.id === change.alternativeId)) {
    const available = alternatives.length ? `available: ${alternatives.map((a) => a.id).join(', ')}` : 'it has none';
    add({ code: 'UNKNOWN_ALTERNATIVE', path: `${at}.alternativeId`, message: `Clause '${id}' has no alternative '${change.alternativeId}'; ${available}` });
  }
  if (!withText) return;
  if (!clause.editable) {
    const choose = alternatives.length ? `choose one of its alternatives: ${alternatives.map((a) => a.id).join(', ')}` : 'it has no alternatives either';
    add({ code: 'TEXT_NOT_EDITABLE', path: `${at}.text`, message: `Clause '${id}' cannot be edited freely; ${choose}` });
    return;
  }
  const given = Object.keys(change.text!);
  const unknown = given.filter((l) => !def.locales.includes(l as Locale));
  for (const l of unknown) {
    add({ code: 'UNKNOWN_LOCALE', path: `${at}.text.${l}`, message: `Clause '${id}': the template has no '${l}' text (languages: ${def.locales.join(', ')})` });
  }
  // Every language is edited together, so that a translation never contradicts the French text.
  const missing = def.locales.filter((l) => typeof change.text![l] !== 'string' || change.text![l]!.trim() === '');
  if (missing.length) {
    add({
      code: 'MISSING_LOCALE',
      path: `${at}.text`,
      message: `Clause '${id}': an edited text must be given in every language of the template (${def.locales.join(', ')}); missing: ${missing.join(', ')}`,
    });
  }
  if (unknown.length || missing.length) return;
  try {
    resolveOverrides(def, [{ clauseId: id, text: change.text }]);
  } catch (err) {
    if (!(err instanceof ClauseOverrideError)) throw err;
    for (const p of err.problems) add({ code: 'INVALID_TEXT', path: `${at}.text`, message: `Clause '${id}': ${p.reason}` });
  }
}

/**
 * Every problem with one proposal, or [] when it may be recorded: only negotiable clauses,
 * each at most once; an alternative must exist; free text only where the clause is
 * editable, in every language of the template, with valid markup.
 */
export function validateProposal(def: TemplateDefinition, changes: readonly ProposedClauseChange[]): ProposalProblem[] {
  const problems: ProposalProblem[] = [];
  const clauses = new Map(def.clauses.map((c) => [c.id, c]));
  const seen = new Set<string>();
  changes.forEach((change, i) => {
    const at = `changes[${i}]`;
    const id = change.clauseId;
    const add = (p: Omit<ProposalProblem, 'clauseId'>) => problems.push({ clauseId: id, ...p });
    const clause = clauses.get(id);
    if (!clause) {
      add({ code: 'UNKNOWN_CLAUSE', path: `${at}.clauseId`, message: `Clause '${id}' does not exist in ${def.key}@${def.version}; negotiable clauses: ${negotiableIds(def)}` });
      return;
    }
    if (clause.mode === 'locked') {
      add({ code: 'CLAUSE_LOCKED', path: `${at}.clauseId`, message: `Clause '${id}' is locked and cannot be negotiated` });
      return;
    }
    if (clause.mode === 'conditional') {
      add({ code: 'CLAUSE_CONDITIONAL', path: `${at}.clauseId`, message: `Clause '${id}' is conditional (included when ${clause.when}) and cannot be negotiated` });
      return;
    }
    if (seen.has(id)) {
      add({ code: 'DUPLICATE_CLAUSE', path: `${at}.clauseId`, message: `Clause '${id}' appears more than once in the proposal` });
      return;
    }
    seen.add(id);
    checkChange(def, clause, change, at, add);
  });
  return problems;
}

/** The text of a clause in a locale once an override applies (an edit wins over an alternative). */
function effectiveText(clause: ClauseDefinition, override: ClauseOverride, locale: Locale): string {
  const alternative = clause.alternatives?.find((a) => a.id === override.alternativeId);
  return override.text?.[locale] ?? alternative?.text[locale] ?? clause.text[locale];
}

function locales(def: TemplateDefinition): Locale[] {
  return LOCALES.filter((l) => def.locales.includes(l));
}

/**
 * The deviation of one overridden clause from the standard text, or null when the result
 * is the standard text after all (e.g. an edit that restores it word for word).
 */
export function clauseDeviation(def: TemplateDefinition, override: ClauseOverride): ClauseDeviation | null {
  const clause = def.clauses.find((c) => c.id === override.clauseId);
  if (!clause) return null;
  const redline: Redline = {};
  const title: Partial<LocalizedText> = {};
  let differs = false;
  for (const l of locales(def)) {
    const before = normalizeText(clause.text[l]);
    const after = normalizeText(effectiveText(clause, override, l));
    if (before !== after) differs = true;
    redline[l] = redlineText(before, after);
    title[l] = clause.title[l];
  }
  if (!differs) return null;
  const deviation: ClauseDeviation = { clauseId: clause.id, title, kind: hasText(override) ? 'EDITED_TEXT' : 'ALTERNATIVE', redline };
  if (override.alternativeId) deviation.alternativeId = override.alternativeId;
  return deviation;
}

/**
 * Folds the proposals of a negotiation, oldest first, into the clauses that now differ
 * from the standard: for each clause the latest proposal that mentions it wins, and
 * `revertToStandard` drops it. Throws BadInputError (every problem, with its path in the
 * history) when a proposal is invalid; call validateProposal first to refuse it early.
 */
export function mergeProposals(def: TemplateDefinition, proposals: readonly ClauseProposal[]): NegotiatedClauses {
  const problems: FieldProblem[] = [];
  proposals.forEach((p, i) => {
    for (const problem of validateProposal(def, p.changes)) problems.push({ field: `proposals[${i}].${problem.path}`, message: problem.message });
  });
  if (problems.length) throw new BadInputError(problems);

  const latest = new Map<string, { override: ClauseOverride; by?: SigningSide; index: number }>();
  proposals.forEach((p, index) => {
    for (const change of p.changes) {
      if (change.revertToStandard) {
        latest.delete(change.clauseId);
        continue;
      }
      const override: ClauseOverride = { clauseId: change.clauseId };
      if (change.alternativeId) override.alternativeId = change.alternativeId;
      if (hasText(change)) override.text = { ...change.text };
      latest.set(change.clauseId, { override, by: p.by, index });
    }
  });

  const result: NegotiatedClauses = { overrides: [], deviations: [] };
  for (const clause of def.clauses) {
    const entry = latest.get(clause.id);
    if (!entry) continue;
    const deviation = clauseDeviation(def, entry.override);
    if (!deviation) continue;
    if (entry.by) deviation.proposedBy = entry.by;
    deviation.proposalIndex = entry.index;
    result.overrides.push(entry.override);
    result.deviations.push(deviation);
  }
  return result;
}
