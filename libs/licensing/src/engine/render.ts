// Rendering a template version with variable values (and negotiated overrides) into the
// text of a document: conditionals resolved, clauses numbered, values formatted per locale.
import { formatDate, formatMoney } from '@app/core/kernel';
import { normalizeText, templateHash, variablesHash } from './canonical';
import { validateDefinition } from './definition';
import { ClauseOverrideError, TemplateLoadError, TemplateRenderError, type ClauseOverrideProblem } from './errors';
import { formatBoolean } from './format';
import { checkMarkupReferences, parseMarkupCached, parseWhen, renderMarkup, type MarkupScope } from './markup';
import type {
  ClauseAlternative,
  ClauseDefinition,
  ClauseOverride,
  Locale,
  LocalizedText,
  MoneyValue,
  RenderedClause,
  RenderedDocument,
  TariffBreakdownValue,
  TemplateDefinition,
  VariableDefinition,
  VariableValues,
} from './types';
import { validateVariables, withDefaults } from './variables';

interface ResolvedOverride {
  alternative?: ClauseAlternative;
  text?: Partial<LocalizedText>;
}

interface LineItem {
  line: Record<string, unknown>;
  currency: string;
}

function isLineItem(item: unknown): item is LineItem {
  return typeof item === 'object' && item !== null && 'line' in item && 'currency' in item;
}

function markupProblems(text: string, variables: ReadonlyMap<string, VariableDefinition>): string[] {
  const parsed = parseMarkupCached(text);
  const problems = [...parsed.problems, ...checkMarkupReferences(parsed.nodes, variables)];
  return problems.map((p) => p.message);
}

/** Checks overrides against the template; throws ClauseOverrideError listing every refusal. */
export function resolveOverrides(def: TemplateDefinition, overrides: readonly ClauseOverride[]): Map<string, ResolvedOverride> {
  const problems: ClauseOverrideProblem[] = [];
  const resolved = new Map<string, ResolvedOverride>();
  const clauses = new Map(def.clauses.map((c) => [c.id, c]));
  const variables = new Map(def.variables.map((v) => [v.name, v]));
  for (const o of overrides) {
    const refuse = (reason: string) => problems.push({ clauseId: o.clauseId, reason });
    const clause = clauses.get(o.clauseId);
    if (!clause) {
      refuse(`no such clause in ${def.key}@${def.version}`);
      continue;
    }
    if (clause.mode === 'locked') {
      refuse('is locked: its text cannot be changed');
      continue;
    }
    if (clause.mode === 'conditional') {
      refuse(`is conditional (when: ${clause.when}): it is included or left out by its condition and its text cannot be changed`);
      continue;
    }
    if (resolved.has(o.clauseId)) {
      refuse('is overridden more than once');
      continue;
    }
    const hasText = o.text !== undefined && o.text !== null && Object.keys(o.text).length > 0;
    if (o.alternativeId === undefined && !hasText) {
      refuse('an override needs an alternativeId or a text');
      continue;
    }
    const r: ResolvedOverride = {};
    let ok = true;
    if (o.alternativeId !== undefined) {
      const alternative = clause.alternatives?.find((a) => a.id === o.alternativeId);
      if (!alternative) {
        const ids = (clause.alternatives ?? []).map((a) => a.id);
        refuse(`has no alternative '${o.alternativeId}' (${ids.length ? `available: ${ids.join(', ')}` : 'it has no alternatives'})`);
        ok = false;
      }
      r.alternative = alternative;
    }
    if (hasText) {
      if (!clause.editable) {
        refuse('can only be changed by choosing one of its alternatives: free text edits are not allowed');
        ok = false;
      } else {
        for (const [locale, text] of Object.entries(o.text!)) {
          if (!def.locales.includes(locale as Locale)) {
            refuse(`edited text in locale '${locale}', which ${def.key}@${def.version} does not declare`);
            ok = false;
          } else if (typeof text !== 'string' || text.trim() === '') {
            refuse(`edited text (${locale}) must be a non-empty string`);
            ok = false;
          } else {
            for (const m of markupProblems(text, variables)) {
              refuse(`edited text (${locale}): ${m}`);
              ok = false;
            }
          }
        }
        r.text = o.text;
      }
    }
    if (ok) resolved.set(o.clauseId, r);
  }
  if (problems.length) throw new ClauseOverrideError(problems);
  return resolved;
}

/** Whether a conditional clause applies with these (defaulted) values; other clauses always do. */
export function clauseApplies(clause: ClauseDefinition, values: VariableValues): boolean {
  if (clause.mode !== 'conditional' || !clause.when) return true;
  const cond = parseWhen(clause.when);
  if (!cond) return false;
  const value = values[cond.variable];
  return cond.equals === undefined ? value === true : value === cond.equals;
}

/** Blank-line runs collapsed, trailing spaces removed, no leading or trailing blank lines. */
function tidy(text: string): string {
  return normalizeText(text)
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '');
}

function createScope(def: TemplateDefinition, values: VariableValues, locale: Locale): MarkupScope {
  const variables = new Map(def.variables.map((v) => [v.name, v]));
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const raw = (path: string[], item: unknown): unknown => {
    if (path[0] === 'this') return isLineItem(item) ? item.line[path[1]] : undefined;
    const value = values[path[0]];
    if (path.length === 1 || value === undefined || value === null) return value;
    return (value as Record<string, unknown>)[path[1]];
  };
  return {
    print(path, item) {
      if (path[0] === 'this') {
        if (!isLineItem(item)) return '';
        const v = item.line[path[1]];
        return path[1] === 'unitPriceCents' || path[1] === 'amountCents' ? formatMoney(v as number, locale, item.currency) : str(v);
      }
      const variable = variables.get(path[0]);
      const value = values[path[0]];
      if (!variable || value === undefined || value === null) return '';
      const field = path[1];
      switch (variable.type) {
        case 'party':
          return str((value as Record<string, unknown>)[field ?? 'name']);
        case 'dataset':
          return str((value as Record<string, unknown>)[field ?? 'title']);
        case 'enum': {
          if (field === 'value') return str(value);
          return variable.values?.find((x) => x.value === value)?.label[locale] ?? str(value);
        }
        case 'money': {
          const m = value as MoneyValue;
          return field ? str(m[field as keyof MoneyValue]) : formatMoney(m.amountCents, locale, m.currency);
        }
        case 'tariff': {
          const t = value as TariffBreakdownValue;
          if (field === 'currency' || field === 'vatMention') return str(t[field]);
          const cents = field ? (t[field as keyof TariffBreakdownValue] as number) : t.totalCents;
          return formatMoney(cents, locale, t.currency);
        }
        case 'date':
          return formatDate(value as string, locale);
        case 'boolean':
          return formatBoolean(value as boolean, locale);
        default:
          return str(value);
      }
    },
    truthy(path, item) {
      const v = raw(path, item);
      if (Array.isArray(v)) return v.length > 0;
      return v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
    },
    equals(path, value) {
      return raw(path, undefined) === value;
    },
    list(path) {
      const v = values[path[0]] as TariffBreakdownValue | undefined;
      const lines = v ? (v as unknown as Record<string, unknown>)[path[1]] : undefined;
      return Array.isArray(lines) ? lines.map((line) => ({ line, currency: v!.currency })) : [];
    },
  };
}

/**
 * Renders a template in one locale. Validates the values first (TemplateRenderError with
 * every problem), then the overrides (ClauseOverrideError), resolves conditional clauses,
 * numbers the included clauses 1..n and formats every value for the locale.
 */
export function renderTemplate(
  def: TemplateDefinition,
  values: VariableValues,
  locale: Locale,
  overrides: readonly ClauseOverride[] = [],
): RenderedDocument {
  const definitionProblems = validateDefinition(def);
  if (definitionProblems.length) {
    throw new TemplateLoadError(definitionProblems.map((message) => ({ file: `${def.key}@${def.version}`, line: 0, message })));
  }
  if (!def.locales.includes(locale)) {
    throw new TemplateRenderError([], {
      code: 'TEMPLATE_LOCALE_MISSING',
      message: `${def.key}@${def.version} has no '${locale}' text (locales: ${def.locales.join(', ')})`,
    });
  }
  const problems = validateVariables(def, values);
  if (problems.length) throw new TemplateRenderError(problems);
  const effective = withDefaults(def, values);
  const resolved = resolveOverrides(def, overrides);
  const scope = createScope(def, effective, locale);

  const clauses: RenderedClause[] = [];
  for (const clause of def.clauses) {
    if (!clauseApplies(clause, effective)) continue;
    const o = resolved.get(clause.id);
    const editedText = o?.text?.[locale];
    const source = editedText ?? o?.alternative?.text[locale] ?? clause.text[locale];
    const rendered: RenderedClause = {
      number: String(clauses.length + 1),
      id: clause.id,
      mode: clause.mode,
      title: tidy(renderMarkup(parseMarkupCached(clause.title[locale]).nodes, scope)).replace(/\s*\n\s*/g, ' '),
      body: tidy(renderMarkup(parseMarkupCached(source).nodes, scope)),
      deviates: normalizeText(source) !== normalizeText(clause.text[locale]),
    };
    if (o?.alternative) rendered.alternativeId = o.alternative.id;
    if (editedText !== undefined) rendered.edited = true;
    clauses.push(rendered);
  }
  return {
    templateKey: def.key,
    templateVersion: def.version,
    templateHash: templateHash(def),
    variablesHash: variablesHash(effective),
    locale,
    title: def.title[locale],
    clauses,
  };
}
