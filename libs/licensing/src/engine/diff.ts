// Clause-level comparison of two template versions (e.g. a standard and its fork), with a
// word-level redline of titles, texts and alternatives in every locale.
import { diffWordsWithSpace } from 'diff';
import { normalizeText } from './canonical';
import {
  LOCALES,
  type AlternativeDiff,
  type ClauseAlternative,
  type ClauseDefinition,
  type ClauseDiff,
  type Locale,
  type LocalizedText,
  type Redline,
  type RedlineSegment,
  type TemplateDefinition,
} from './types';

/** Word-level redline of two texts; joining equal+delete gives `before`, equal+insert gives `after`. */
export function redlineText(before: string, after: string): RedlineSegment[] {
  if (before === after) return before ? [{ kind: 'equal', text: before }] : [];
  const segments: RedlineSegment[] = [];
  for (const change of diffWordsWithSpace(before, after)) {
    const kind: RedlineSegment['kind'] = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else if (change.value) segments.push({ kind, text: change.value });
  }
  return segments;
}

function redline(before: Partial<LocalizedText> | undefined, after: Partial<LocalizedText> | undefined, locales: Locale[]): Redline {
  const out: Redline = {};
  for (const l of locales) out[l] = redlineText(normalizeText(before?.[l] ?? ''), normalizeText(after?.[l] ?? ''));
  return out;
}

function sameText(a: Partial<LocalizedText> | undefined, b: Partial<LocalizedText> | undefined, locales: Locale[]): boolean {
  return locales.every((l) => normalizeText(a?.[l] ?? '') === normalizeText(b?.[l] ?? ''));
}

function diffAlternatives(a: ClauseAlternative[] = [], b: ClauseAlternative[] = [], locales: Locale[]): AlternativeDiff[] {
  const out: AlternativeDiff[] = [];
  const inB = new Map(b.map((x) => [x.id, x]));
  const inA = new Map(a.map((x) => [x.id, x]));
  for (const alt of a) {
    const other = inB.get(alt.id);
    if (!other) out.push({ id: alt.id, change: 'REMOVED', label: redline(alt.label, undefined, locales), text: redline(alt.text, undefined, locales) });
    else if (!sameText(alt.label, other.label, locales) || !sameText(alt.text, other.text, locales)) {
      out.push({ id: alt.id, change: 'CHANGED', label: redline(alt.label, other.label, locales), text: redline(alt.text, other.text, locales) });
    }
  }
  for (const alt of b) {
    if (!inA.has(alt.id)) out.push({ id: alt.id, change: 'ADDED', label: redline(undefined, alt.label, locales), text: redline(undefined, alt.text, locales) });
  }
  return out;
}

function compareClause(
  a: ClauseDefinition | undefined,
  b: ClauseDefinition | undefined,
  positions: { before?: number; after?: number },
  locales: Locale[],
): ClauseDiff {
  const id = (a ?? b)!.id;
  const titleChanged = !sameText(a?.title, b?.title, locales);
  const textChanged = !sameText(a?.text, b?.text, locales);
  const alternatives = diffAlternatives(a?.alternatives, b?.alternatives, locales);
  const modeChanged = !!a && !!b && a.mode !== b.mode;
  const otherChange = !!a && !!b && ((a.when ?? '') !== (b.when ?? '') || (a.editable ?? false) !== (b.editable ?? false));
  const change = !a ? 'ADDED' : !b ? 'REMOVED' : titleChanged || textChanged || modeChanged || otherChange || alternatives.length ? 'CHANGED' : 'UNCHANGED';
  const d: ClauseDiff = {
    clauseId: id,
    change,
    positionBefore: positions.before,
    positionAfter: positions.after,
    modeBefore: a?.mode,
    modeAfter: b?.mode,
    modeChanged,
    whenBefore: a?.when,
    whenAfter: b?.when,
    editableBefore: a?.editable,
    editableAfter: b?.editable,
    title: redline(a?.title, b?.title, locales),
    text: redline(a?.text, b?.text, locales),
    titleChanged,
    textChanged,
    alternatives,
  };
  for (const k of Object.keys(d) as (keyof ClauseDiff)[]) if (d[k] === undefined) delete d[k];
  return d;
}

export interface DiffOptions {
  /** also list clauses that did not change (change: 'UNCHANGED'); default false */
  includeUnchanged?: boolean;
}

/**
 * Clause-level diff from `a` to `b`, in document order (b's order, removed clauses near
 * their former neighbours). Redlines cover every locale of either version.
 */
export function diffTemplates(a: TemplateDefinition, b: TemplateDefinition, options: DiffOptions = {}): ClauseDiff[] {
  const locales = LOCALES.filter((l) => a.locales.includes(l) || b.locales.includes(l));
  const aIndex = new Map(a.clauses.map((c, i) => [c.id, i]));
  const bIds = new Set(b.clauses.map((c) => c.id));
  const out: ClauseDiff[] = [];
  const removed = (i: number) => out.push(compareClause(a.clauses[i], undefined, { before: i + 1 }, locales));
  let i = 0;
  b.clauses.forEach((clause, j) => {
    const ia = aIndex.get(clause.id);
    if (ia !== undefined) {
      for (; i < ia; i++) if (!bIds.has(a.clauses[i].id)) removed(i);
      i = Math.max(i, ia + 1);
    }
    out.push(compareClause(ia === undefined ? undefined : a.clauses[ia], clause, { before: ia === undefined ? undefined : ia + 1, after: j + 1 }, locales));
  });
  for (; i < a.clauses.length; i++) if (!bIds.has(a.clauses[i].id)) removed(i);
  return options.includeUnchanged ? out : out.filter((d) => d.change !== 'UNCHANGED');
}
