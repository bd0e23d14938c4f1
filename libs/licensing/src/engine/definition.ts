// Strict validation of a template definition given as plain data (the parsed YAML, or a
// definition stored as JSON). Every problem carries the path of the offending value, so
// the loader can turn it into a file line.
import { normalizeText } from './canonical';
import { checkMarkupReferences, parseMarkupCached, parseWhen } from './markup';
import {
  LOCALES,
  type ClauseAlternative,
  type ClauseDefinition,
  type ClauseMode,
  type Locale,
  type LocalizedText,
  type TemplateDefinition,
  type TemplateStatus,
  type VariableDefinition,
  type VariableType,
} from './types';
import { validateValue } from './variables';

export type DefinitionPath = (string | number)[];

export interface DefinitionProblem {
  path: DefinitionPath;
  message: string;
  /** the problem is about the key at `path` (an unknown field), not its value */
  atKey?: boolean;
  /** a markup problem: the tag's text and how many identical tags precede it in the string */
  tag?: { text: string; occurrence: number };
}

export const TEMPLATE_FAMILIES = [
  'ACADEMIC_RESEARCH',
  'COMMERCIAL_RESEARCH',
  'AI_TRAINING',
  'PUBLIC_HEALTH',
  'SECURE_ENVIRONMENT',
] as const;
export const VARIABLE_TYPES: readonly VariableType[] = ['party', 'dataset', 'enum', 'integer', 'money', 'date', 'text', 'boolean', 'tariff'];
export const CLAUSE_MODES: readonly ClauseMode[] = ['locked', 'negotiable', 'conditional'];
export const TEMPLATE_STATUSES: readonly TemplateStatus[] = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'DEPRECATED'];

export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const ENUM_VALUE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const TOP_FIELDS = ['key', 'version', 'family', 'locales', 'title', 'description', 'variables', 'clauses', 'basedOn', 'status'];
const VARIABLE_KEYS = ['name', 'type', 'label', 'required', 'values', 'min', 'max', 'maxLength', 'default'];
const CLAUSE_KEYS = ['id', 'mode', 'title', 'text', 'alternatives', 'editable', 'when'];
const ALTERNATIVE_KEYS = ['id', 'label', 'text'];

export function formatPath(path: DefinitionPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return s.length > 50 ? `${s.slice(0, 47)}...` : s;
}

class Checker {
  readonly problems: DefinitionProblem[] = [];
  locales: Locale[] = ['fr'];

  add(path: DefinitionPath, message: string, extra: Partial<DefinitionProblem> = {}): void {
    this.problems.push({ path, message, ...extra });
  }

  map(value: unknown, path: DefinitionPath, what: string): Record<string, unknown> | undefined {
    if (isMap(value)) return value;
    this.add(path, `${what} must be a mapping (got ${show(value)})`);
    return undefined;
  }

  unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: DefinitionPath, what: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add([...path, key], `${what}: unknown field '${key}' (allowed: ${allowed.join(', ')})`, { atKey: true });
    }
  }

  required(obj: Record<string, unknown>, field: string, path: DefinitionPath, what: string): boolean {
    if (obj[field] === undefined || obj[field] === null) {
      this.add(path, `${what}: missing required field '${field}'`);
      return false;
    }
    return true;
  }

  string(obj: Record<string, unknown>, field: string, path: DefinitionPath, what: string, pattern?: { re: RegExp; hint: string }): string | undefined {
    if (!this.required(obj, field, path, what)) return undefined;
    const v = obj[field];
    if (typeof v !== 'string' || v.trim() === '') {
      this.add([...path, field], `${what}: '${field}' must be a non-empty string (got ${show(v)})`);
      return undefined;
    }
    if (pattern && !pattern.re.test(v)) {
      this.add([...path, field], `${what}: '${field}' must be ${pattern.hint} (got ${show(v)})`);
      return undefined;
    }
    return v;
  }

  boolean(obj: Record<string, unknown>, field: string, path: DefinitionPath, what: string): boolean | undefined {
    const v = obj[field];
    if (typeof v === 'boolean') return v;
    this.add([...path, field], `${what}: '${field}' must be true or false (got ${show(v)})`);
    return undefined;
  }

  integer(obj: Record<string, unknown>, field: string, path: DefinitionPath, what: string): number | undefined {
    const v = obj[field];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    this.add([...path, field], `${what}: '${field}' must be an integer (got ${show(v)})`);
    return undefined;
  }

  list(obj: Record<string, unknown>, field: string, path: DefinitionPath, what: string): unknown[] | undefined {
    const v = obj[field];
    if (Array.isArray(v)) return v;
    this.add([...path, field], `${what}: '${field}' must be a list (got ${show(v)})`);
    return undefined;
  }

  /** A text in every declared locale. `plain` texts may not contain markup. */
  localized(obj: Record<string, unknown>, field: string, path: DefinitionPath, what: string, plain: boolean): LocalizedText {
    const out = {} as LocalizedText;
    if (!this.required(obj, field, path, what)) return out;
    const at = [...path, field];
    const m = this.map(obj[field], at, `${what}: '${field}'`);
    if (!m) return out;
    for (const key of Object.keys(m)) {
      if (!this.locales.includes(key as Locale)) {
        this.add([...at, key], `${what}: '${field}' has text in locale '${key}', which is not declared in locales [${this.locales.join(', ')}]`, { atKey: true });
      }
    }
    for (const locale of this.locales) {
      const v = m[locale];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
        this.add(at, `${what}: '${field}' is missing the '${locale}' text`, { atKey: true });
      } else if (typeof v !== 'string') {
        this.add([...at, locale], `${what}: '${field}.${locale}' must be a string (got ${show(v)})`);
      } else {
        if (plain && v.includes('{{')) this.add([...at, locale], `${what}: '${field}.${locale}' is plain text: markup {{...}} is not allowed here`);
        out[locale] = normalizeText(v);
      }
    }
    return out;
  }

  markup(text: LocalizedText, path: DefinitionPath, what: string, variables: ReadonlyMap<string, VariableDefinition>): void {
    for (const locale of this.locales) {
      const src = text[locale];
      if (src === undefined) continue;
      const parsed = parseMarkupCached(src);
      const problems = [...parsed.problems, ...checkMarkupReferences(parsed.nodes, variables)].sort((a, b) => a.offset - b.offset);
      for (const p of problems) {
        let occurrence = 0;
        for (let i = src.indexOf(p.tag); i >= 0 && i < p.offset; i = src.indexOf(p.tag, i + 1)) occurrence++;
        this.add([...path, locale], `${what} (${locale}): ${p.message}`, { tag: { text: p.tag, occurrence } });
      }
    }
  }
}

function checkVariable(c: Checker, raw: unknown, index: number, seen: Map<string, number>): VariableDefinition | undefined {
  const path: DefinitionPath = ['variables', index];
  const m = c.map(raw, path, `variable #${index + 1}`);
  if (!m) return undefined;
  const name = c.string(m, 'name', path, `variable #${index + 1}`, { re: CAMEL_CASE, hint: 'camelCase (e.g. durationMonths)' });
  const what = name ? `variable '${name}'` : `variable #${index + 1}`;
  c.unknownKeys(m, VARIABLE_KEYS, path, what);
  if (name !== undefined) {
    if (name === 'this') c.add([...path, 'name'], `${what}: 'this' is reserved for list items`);
    const first = seen.get(name);
    if (first !== undefined) c.add([...path, 'name'], `duplicate variable name '${name}' (also variable #${first + 1})`);
    else seen.set(name, index);
  }
  let type: VariableType | undefined;
  if (c.required(m, 'type', path, what)) {
    if (VARIABLE_TYPES.includes(m.type as VariableType)) type = m.type as VariableType;
    else c.add([...path, 'type'], `${what}: unknown type ${show(m.type)} (allowed: ${VARIABLE_TYPES.join(', ')})`);
  }
  const label = c.localized(m, 'label', path, what, true);
  const required = c.required(m, 'required', path, what) ? c.boolean(m, 'required', path, what) : undefined;
  const def: VariableDefinition = { name: name ?? '', type: type ?? 'text', label, required: required ?? false };

  const onlyFor = (field: string, types: VariableType[]) => {
    if (m[field] !== undefined && type && !types.includes(type)) {
      c.add([...path, field], `${what}: '${field}' is only allowed for ${types.join('/')} variables, not ${type}`);
      return false;
    }
    return m[field] !== undefined;
  };

  if (type === 'enum' && m.values === undefined) c.add(path, `${what}: an enum variable needs 'values'`);
  if (onlyFor('values', ['enum'])) {
    const list = c.list(m, 'values', path, what);
    if (list) {
      if (list.length === 0) c.add([...path, 'values'], `${what}: 'values' must not be empty`);
      const seenValues = new Set<string>();
      def.values = [];
      list.forEach((rawValue, i) => {
        const at = [...path, 'values', i];
        const vm = c.map(rawValue, at, `${what} value #${i + 1}`);
        if (!vm) return;
        const value = c.string(vm, 'value', at, `${what} value #${i + 1}`, { re: ENUM_VALUE, hint: 'a code such as SCIENTIFIC_RESEARCH' });
        const vWhat = `${what} value ${value ? `'${value}'` : `#${i + 1}`}`;
        c.unknownKeys(vm, ['value', 'label'], at, vWhat);
        if (value !== undefined) {
          if (seenValues.has(value)) c.add([...at, 'value'], `${what}: duplicate enum value '${value}'`);
          seenValues.add(value);
        }
        def.values!.push({ value: value ?? '', label: c.localized(vm, 'label', at, vWhat, true) });
      });
    }
  }
  if (onlyFor('min', ['integer'])) def.min = c.integer(m, 'min', path, what);
  if (onlyFor('max', ['integer'])) def.max = c.integer(m, 'max', path, what);
  if (def.min !== undefined && def.max !== undefined && def.min > def.max) {
    c.add([...path, 'min'], `${what}: min (${def.min}) must not be greater than max (${def.max})`);
  }
  if (onlyFor('maxLength', ['text'])) {
    const maxLength = c.integer(m, 'maxLength', path, what);
    if (maxLength !== undefined && maxLength < 1) c.add([...path, 'maxLength'], `${what}: maxLength must be at least 1`);
    else def.maxLength = maxLength;
  }
  if (m.default === null) {
    c.add([...path, 'default'], `${what}: default must not be null (leave it out instead)`);
  } else if (m.default !== undefined) {
    def.default = m.default;
    if (type && name) {
      for (const p of validateValue({ ...def, required: false }, m.default)) {
        c.add([...path, 'default'], `${what}: invalid default: ${p.path && p.path !== name ? `${p.path.slice(name.length + 1)}: ` : ''}${p.problem}`);
      }
    }
  }
  if (def.min === undefined) delete def.min;
  if (def.max === undefined) delete def.max;
  if (def.maxLength === undefined) delete def.maxLength;
  return name !== undefined && type !== undefined ? def : undefined;
}

function checkClause(
  c: Checker,
  raw: unknown,
  index: number,
  seen: Map<string, number>,
  variables: ReadonlyMap<string, VariableDefinition>,
): ClauseDefinition | undefined {
  const path: DefinitionPath = ['clauses', index];
  const m = c.map(raw, path, `clause #${index + 1}`);
  if (!m) return undefined;
  const id = c.string(m, 'id', path, `clause #${index + 1}`, { re: KEBAB_CASE, hint: 'kebab-case (e.g. purpose-limitation)' });
  const what = id ? `clause '${id}'` : `clause #${index + 1}`;
  c.unknownKeys(m, CLAUSE_KEYS, path, what);
  if (id !== undefined) {
    const first = seen.get(id);
    if (first !== undefined) c.add([...path, 'id'], `duplicate clause id '${id}' (also clause #${first + 1})`);
    else seen.set(id, index);
  }
  let mode: ClauseMode | undefined;
  if (c.required(m, 'mode', path, what)) {
    if (CLAUSE_MODES.includes(m.mode as ClauseMode)) mode = m.mode as ClauseMode;
    else c.add([...path, 'mode'], `${what}: invalid mode ${show(m.mode)} (allowed: ${CLAUSE_MODES.join(', ')})`);
  }
  const title = c.localized(m, 'title', path, what, false);
  const text = c.localized(m, 'text', path, what, false);
  c.markup(title, [...path, 'title'], `${what} title`, variables);
  c.markup(text, [...path, 'text'], `${what} text`, variables);
  const clause: ClauseDefinition = { id: id ?? '', mode: mode ?? 'locked', title, text };

  if (m.editable !== undefined) {
    if (mode && mode !== 'negotiable') c.add([...path, 'editable'], `${what}: 'editable' is only allowed on negotiable clauses (mode is ${mode})`);
    else clause.editable = c.boolean(m, 'editable', path, what);
  }
  if (m.alternatives !== undefined) {
    if (mode && mode !== 'negotiable') c.add([...path, 'alternatives'], `${what}: 'alternatives' are only allowed on negotiable clauses (mode is ${mode})`);
    const list = c.list(m, 'alternatives', path, what);
    if (list) {
      const ids = new Set<string>();
      clause.alternatives = [];
      list.forEach((rawAlt, i) => {
        const at = [...path, 'alternatives', i];
        const am = c.map(rawAlt, at, `${what} alternative #${i + 1}`);
        if (!am) return;
        const altId = c.string(am, 'id', at, `${what} alternative #${i + 1}`, { re: KEBAB_CASE, hint: 'kebab-case' });
        const altWhat = `${what} alternative ${altId ? `'${altId}'` : `#${i + 1}`}`;
        c.unknownKeys(am, ALTERNATIVE_KEYS, at, altWhat);
        if (altId !== undefined) {
          if (ids.has(altId)) c.add([...at, 'id'], `${what}: duplicate alternative id '${altId}'`);
          ids.add(altId);
        }
        const alt: ClauseAlternative = {
          id: altId ?? '',
          label: c.localized(am, 'label', at, altWhat, true),
          text: c.localized(am, 'text', at, altWhat, false),
        };
        c.markup(alt.text, [...at, 'text'], `${altWhat} text`, variables);
        clause.alternatives!.push(alt);
      });
    }
  }
  if (mode === 'negotiable') {
    clause.editable = clause.editable ?? false;
    if (!clause.editable && !(clause.alternatives && clause.alternatives.length > 0)) {
      c.add(path, `${what}: a negotiable clause needs alternatives or 'editable: true'`);
    }
  }
  if (mode === 'conditional' && m.when === undefined) c.add(path, `${what}: a conditional clause needs 'when'`);
  if (m.when !== undefined) {
    if (mode && mode !== 'conditional') {
      c.add([...path, 'when'], `${what}: 'when' is only allowed on conditional clauses (mode is ${mode})`);
    } else if (typeof m.when !== 'string' || !parseWhen(m.when)) {
      c.add([...path, 'when'], `${what}: 'when' must be a boolean variable or 'enumVariable == VALUE' (got ${show(m.when)})`);
    } else {
      const cond = parseWhen(m.when)!;
      const v = variables.get(cond.variable);
      if (!v) c.add([...path, 'when'], `${what}: 'when' refers to unknown variable '${cond.variable}'`);
      else if (cond.equals === undefined && v.type !== 'boolean') {
        c.add([...path, 'when'], `${what}: 'when: ${cond.variable}' needs a boolean variable ('${cond.variable}' is ${v.type}; for an enum write '${cond.variable} == VALUE')`);
      } else if (cond.equals !== undefined && v.type !== 'enum') {
        c.add([...path, 'when'], `${what}: '==' in 'when' needs an enum variable ('${cond.variable}' is ${v.type})`);
      } else if (cond.equals !== undefined && !(v.values ?? []).some((x) => x.value === cond.equals)) {
        c.add([...path, 'when'], `${what}: '${cond.equals}' is not a value of '${cond.variable}' (allowed: ${(v.values ?? []).map((x) => x.value).join(', ')})`);
      }
      clause.when = cond.equals === undefined ? cond.variable : `${cond.variable} == ${cond.equals}`;
    }
  }
  return clause;
}

/**
 * Validates a template given as plain data. Returns the normalised definition (strings NFC,
 * trailing whitespace removed) when there is no problem.
 */
export function checkDefinition(raw: unknown): { definition?: TemplateDefinition; problems: DefinitionProblem[] } {
  const c = new Checker();
  if (!isMap(raw)) {
    c.add([], `a template must be a mapping with key, version, family, locales, title, description, variables, clauses (got ${show(raw)})`);
    return { problems: c.problems };
  }
  c.unknownKeys(raw, TOP_FIELDS, [], 'template');
  const key = c.string(raw, 'key', [], 'template', { re: KEBAB_CASE, hint: 'kebab-case (e.g. academic-research)' });
  const version = c.string(raw, 'version', [], 'template', { re: SEMVER, hint: 'a semantic version such as 1.0.0' });
  const family = c.string(raw, 'family', [], 'template');
  if (family !== undefined && !(TEMPLATE_FAMILIES as readonly string[]).includes(family)) {
    c.add(['family'], `template: unknown family '${family}' (allowed: ${TEMPLATE_FAMILIES.join(', ')})`);
  }

  const locales: Locale[] = [];
  if (c.required(raw, 'locales', [], 'template')) {
    const list = c.list(raw, 'locales', [], 'template') ?? [];
    list.forEach((l, i) => {
      if (!LOCALES.includes(l as Locale)) c.add(['locales', i], `template: unsupported locale ${show(l)} (supported: ${LOCALES.join(', ')})`);
      else if (locales.includes(l as Locale)) c.add(['locales', i], `template: locale '${l}' is listed twice`);
      else locales.push(l as Locale);
    });
    if (Array.isArray(raw.locales) && !locales.includes('fr')) c.add(['locales'], "template: locales must include 'fr' (French is authoritative)");
  }
  c.locales = locales.includes('fr') ? locales : ['fr', ...locales];

  const title = c.localized(raw, 'title', [], 'template', true);
  const description = c.localized(raw, 'description', [], 'template', true);

  const variables: VariableDefinition[] = [];
  const variableMap = new Map<string, VariableDefinition>();
  if (c.required(raw, 'variables', [], 'template')) {
    const seen = new Map<string, number>();
    (c.list(raw, 'variables', [], 'template') ?? []).forEach((v, i) => {
      const def = checkVariable(c, v, i, seen);
      if (def) {
        variables.push(def);
        if (!variableMap.has(def.name)) variableMap.set(def.name, def);
      }
    });
  }

  const clauses: ClauseDefinition[] = [];
  if (c.required(raw, 'clauses', [], 'template')) {
    const list = c.list(raw, 'clauses', [], 'template');
    if (list && list.length === 0) c.add(['clauses'], 'template: clauses must not be empty');
    const seen = new Map<string, number>();
    (list ?? []).forEach((cl, i) => {
      const def = checkClause(c, cl, i, seen, variableMap);
      if (def) clauses.push(def);
    });
  }

  const definition: TemplateDefinition = {
    key: key ?? '',
    version: version ?? '',
    family: family ?? '',
    locales: c.locales,
    title,
    description,
    variables,
    clauses,
  };

  if (raw.basedOn !== undefined) {
    const b = c.map(raw.basedOn, ['basedOn'], 'template: basedOn');
    if (b) {
      c.unknownKeys(b, ['key', 'version', 'hash'], ['basedOn'], 'template: basedOn');
      const bKey = c.string(b, 'key', ['basedOn'], 'template: basedOn', { re: KEBAB_CASE, hint: 'kebab-case' });
      const bVersion = c.string(b, 'version', ['basedOn'], 'template: basedOn', { re: SEMVER, hint: 'a semantic version' });
      const bHash = c.string(b, 'hash', ['basedOn'], 'template: basedOn', { re: /^[0-9a-f]{64}$/, hint: 'a SHA-256 in lowercase hex' });
      definition.basedOn = { key: bKey ?? '', version: bVersion ?? '', hash: bHash ?? '' };
    }
  }
  if (raw.status !== undefined) {
    if (TEMPLATE_STATUSES.includes(raw.status as TemplateStatus)) definition.status = raw.status as TemplateStatus;
    else c.add(['status'], `template: unknown status ${show(raw.status)} (allowed: ${TEMPLATE_STATUSES.join(', ')})`);
  }
  return c.problems.length ? { problems: c.problems } : { definition, problems: [] };
}

const validated = new WeakSet<TemplateDefinition>();

/** Marks a definition produced by the loader as valid, so rendering does not re-check it. */
export function markValidated(def: TemplateDefinition): void {
  validated.add(def);
}

/** Problems of a definition built in code or read back from storage, as `path: message`. */
export function validateDefinition(def: TemplateDefinition): string[] {
  if (validated.has(def)) return [];
  const { problems } = checkDefinition(def);
  if (problems.length === 0) validated.add(def);
  return problems.map((p) => `${formatPath(p.path) || '(template)'}: ${p.message}`);
}
