// Pure edits of a template definition, as a legal team makes them on its organisation's
// version. Each returns a changed copy or throws BadInputError naming the field; whether the
// result respects the fork policy and is a valid template is checked afterwards by the caller.
import { BadInputError } from '@app/core';
import { SEMVER } from './engine/definition';
import type { ClauseAlternative, ClauseDefinition, ClauseMode, LocalizedText, TemplateDefinition } from './engine';

export interface ClausePatch {
  title?: Partial<LocalizedText>;
  text?: Partial<LocalizedText>;
  alternatives?: ClauseAlternative[];
  editable?: boolean;
}

export interface NewClause {
  id: string;
  mode: ClauseMode;
  title: LocalizedText;
  text: LocalizedText;
  alternatives?: ClauseAlternative[];
  editable?: boolean;
  when?: string;
  /** insert after this clause; at the end when absent */
  after?: string;
}

function clauseIndex(def: TemplateDefinition, clauseId: string, field: string): number {
  const i = def.clauses.findIndex((c) => c.id === clauseId);
  if (i < 0) {
    throw BadInputError.field(field, `${def.key}@${def.version} has no clause '${clauseId}' (clauses: ${def.clauses.map((c) => c.id).join(', ')})`);
  }
  return i;
}

/** Only the locales given are replaced: a patch may fix the English text alone. */
function merge(current: LocalizedText, patch: Partial<LocalizedText> | undefined): LocalizedText {
  if (!patch) return current;
  const out = { ...current };
  for (const [locale, text] of Object.entries(patch)) if (text !== undefined && text !== null) out[locale as keyof LocalizedText] = text;
  return out;
}

export function editClause(def: TemplateDefinition, clauseId: string, patch: ClausePatch): TemplateDefinition {
  const out = structuredClone(def);
  const i = clauseIndex(out, clauseId, 'clauseId');
  const clause: ClauseDefinition = { ...out.clauses[i], title: merge(out.clauses[i].title, patch.title), text: merge(out.clauses[i].text, patch.text) };
  if (patch.alternatives != null) clause.alternatives = patch.alternatives;
  if (patch.editable != null) clause.editable = patch.editable;
  out.clauses[i] = clause;
  return out;
}

export function addClause(def: TemplateDefinition, input: NewClause): TemplateDefinition {
  const out = structuredClone(def);
  if (out.clauses.some((c) => c.id === input.id)) {
    throw BadInputError.field('input.id', `clause '${input.id}' already exists in ${def.key}@${def.version}: choose another id or edit it`);
  }
  const at = input.after == null ? out.clauses.length : clauseIndex(out, input.after, 'input.after') + 1;
  const clause: ClauseDefinition = { id: input.id, mode: input.mode, title: input.title, text: input.text };
  if (input.alternatives != null) clause.alternatives = input.alternatives;
  if (input.editable != null) clause.editable = input.editable;
  if (input.when != null) clause.when = input.when;
  out.clauses.splice(at, 0, clause);
  return out;
}

export function removeClause(def: TemplateDefinition, clauseId: string): TemplateDefinition {
  const out = structuredClone(def);
  out.clauses.splice(clauseIndex(out, clauseId, 'clauseId'), 1);
  return out;
}

/** `value` null or undefined removes the default. */
export function setVariableDefault(def: TemplateDefinition, name: string, value: unknown): TemplateDefinition {
  const out = structuredClone(def);
  const variable = out.variables.find((v) => v.name === name);
  if (!variable) {
    throw BadInputError.field('name', `${def.key}@${def.version} has no variable '${name}' (variables: ${out.variables.map((v) => v.name).join(', ')})`);
  }
  if (value === undefined || value === null) delete variable.default;
  else variable.default = structuredClone(value);
  return out;
}

function parts(version: string): [number, number, number] {
  if (!SEMVER.test(version)) throw new Error(`'${version}' is not a semantic version`);
  const [major, minor, patch] = version.split(/[.+-]/).map(Number);
  return [major, minor, patch];
}

/** Orders semantic versions by major, minor, patch (pre-release tags are not used here). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The version a new edit of a published text gets: the next minor after the highest one. */
export function nextMinorVersion(versions: readonly string[]): string {
  const highest = [...versions].sort(compareVersions).pop() ?? '0.0.0';
  const [major, minor] = parts(highest);
  return `${major}.${minor + 1}.0`;
}
