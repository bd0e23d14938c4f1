// Validation of the values given for a template's variables. Every problem is reported at
// once, each naming the variable (and the field inside it) and saying what is expected.
import { isIsoDate } from '@app/core/kernel';
import type { TemplateDefinition, VariableDefinition, VariableProblem, VariableProblemCode, VariableValues } from './types';

export const DEFAULT_TEXT_MAX_LENGTH = 2000;

const PARTY_OPTIONAL_FIELDS = ['kind', 'siret', 'siren', 'vatNumber', 'address', 'representative'] as const;
const PARTY_FIELDS = ['name', 'country', ...PARTY_OPTIONAL_FIELDS];
const DATASET_FIELDS = ['id', 'title', 'version', 'producer'];
const MONEY_FIELDS = ['amountCents', 'currency'];

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  let s: string;
  try {
    s = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

class Collector {
  readonly problems: VariableProblem[] = [];
  constructor(private readonly variable: string) {}
  add(path: string, code: VariableProblemCode, problem: string): void {
    this.problems.push({ variable: this.variable, path, code, problem });
  }
  unknownFields(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add(`${path}.${key}`, 'UNKNOWN_FIELD', `unknown field '${key}' (allowed: ${allowed.join(', ')})`);
    }
  }
  requiredString(obj: Record<string, unknown>, field: string, path: string): void {
    const v = obj[field];
    if (isMissing(v) || (typeof v === 'string' && v.trim() === '')) this.add(`${path}.${field}`, 'REQUIRED', `${field} is required`);
    else if (typeof v !== 'string') this.add(`${path}.${field}`, 'WRONG_TYPE', `${field} must be a string (got ${describe(v)})`);
  }
  optionalString(obj: Record<string, unknown>, field: string, path: string): void {
    const v = obj[field];
    if (!isMissing(v) && typeof v !== 'string') this.add(`${path}.${field}`, 'WRONG_TYPE', `${field} must be a string or null (got ${describe(v)})`);
  }
  cents(obj: Record<string, unknown>, field: string, path: string): void {
    const v = obj[field];
    if (isMissing(v)) this.add(`${path}.${field}`, 'REQUIRED', `${field} is required (an integer number of cents)`);
    else if (typeof v !== 'number') this.add(`${path}.${field}`, 'WRONG_TYPE', `${field} must be an integer number of cents (got ${describe(v)})`);
    else if (!Number.isSafeInteger(v)) this.add(`${path}.${field}`, 'NOT_AN_INTEGER', `${field} must be an integer number of cents, not ${v}`);
  }
  currency(obj: Record<string, unknown>, path: string): void {
    const v = obj.currency;
    if (isMissing(v)) this.add(`${path}.currency`, 'REQUIRED', 'currency is required (ISO 4217 code, e.g. EUR)');
    else if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v)) {
      this.add(`${path}.currency`, 'INVALID_FORMAT', `currency must be an ISO 4217 code such as EUR (got ${describe(v)})`);
    }
  }
}

function checkParty(c: Collector, value: unknown, path: string): void {
  if (!isPlainObject(value)) {
    c.add(path, 'WRONG_TYPE', `must be a party { name, country, siret?, siren?, vatNumber?, address?, representative?, kind? } (got ${describe(value)})`);
    return;
  }
  c.unknownFields(value, PARTY_FIELDS, path);
  c.requiredString(value, 'name', path);
  c.requiredString(value, 'country', path);
  for (const f of PARTY_OPTIONAL_FIELDS) c.optionalString(value, f, path);
  const digits = (field: 'siret' | 'siren', n: number) => {
    const v = value[field];
    if (typeof v === 'string' && !new RegExp(`^\\d{${n}}$`).test(v.replace(/\s/g, ''))) {
      c.add(`${path}.${field}`, 'INVALID_FORMAT', `${field} must be ${n} digits (got ${describe(v)})`);
    }
  };
  digits('siret', 14);
  digits('siren', 9);
}

function checkDataset(c: Collector, value: unknown, path: string): void {
  if (!isPlainObject(value)) {
    c.add(path, 'WRONG_TYPE', `must be a dataset reference { id, title, version, producer? } (got ${describe(value)})`);
    return;
  }
  c.unknownFields(value, DATASET_FIELDS, path);
  c.requiredString(value, 'id', path);
  c.requiredString(value, 'title', path);
  const version = value.version;
  if (isMissing(version) || version === '') c.add(`${path}.version`, 'REQUIRED', 'version is required');
  else if (typeof version !== 'string' && !(typeof version === 'number' && Number.isFinite(version))) {
    c.add(`${path}.version`, 'WRONG_TYPE', `version must be a number or a string (got ${describe(version)})`);
  }
  c.optionalString(value, 'producer', path);
}

function checkMoney(c: Collector, value: unknown, path: string): void {
  if (!isPlainObject(value)) {
    c.add(path, 'WRONG_TYPE', `must be an amount { amountCents, currency } (got ${describe(value)})`);
    return;
  }
  c.unknownFields(value, MONEY_FIELDS, path);
  c.cents(value, 'amountCents', path);
  c.currency(value, path);
}

function checkTariff(c: Collector, value: unknown, path: string): void {
  if (!isPlainObject(value)) {
    c.add(path, 'WRONG_TYPE', `must be a tariff breakdown { lines, subtotalCents, vatCents, totalCents, currency, vatMention? } (got ${describe(value)})`);
    return;
  }
  // A tariff breakdown usually comes straight from the pricing engine with more fields
  // (codes, VAT lines...): extra fields are tolerated, only the printed ones are checked.
  const before = c.problems.length;
  if (!Array.isArray(value.lines)) {
    c.add(`${path}.lines`, isMissing(value.lines) ? 'REQUIRED' : 'WRONG_TYPE', `lines must be a list of tariff lines (got ${describe(value.lines)})`);
  } else {
    value.lines.forEach((line, i) => {
      const at = `${path}.lines[${i}]`;
      if (!isPlainObject(line)) {
        c.add(at, 'WRONG_TYPE', `must be a tariff line { label, quantity, unit, unitPriceCents, amountCents, rule } (got ${describe(line)})`);
        return;
      }
      c.requiredString(line, 'label', at);
      c.requiredString(line, 'quantity', at);
      c.requiredString(line, 'unit', at);
      c.requiredString(line, 'rule', at);
      c.cents(line, 'unitPriceCents', at);
      c.cents(line, 'amountCents', at);
    });
  }
  c.cents(value, 'subtotalCents', path);
  c.cents(value, 'vatCents', path);
  c.cents(value, 'totalCents', path);
  c.currency(value, path);
  c.optionalString(value, 'vatMention', path);
  if (c.problems.length > before) return;
  const lines = value.lines as { amountCents: number }[];
  const sum = lines.reduce((s, l) => s + l.amountCents, 0);
  const { subtotalCents, vatCents, totalCents } = value as Record<string, number>;
  if (sum !== subtotalCents) {
    c.add(`${path}.subtotalCents`, 'INCONSISTENT', `subtotalCents (${subtotalCents}) must equal the sum of the lines' amountCents (${sum})`);
  }
  if (subtotalCents + vatCents !== totalCents) {
    c.add(`${path}.totalCents`, 'INCONSISTENT', `totalCents (${totalCents}) must equal subtotalCents + vatCents (${subtotalCents + vatCents})`);
  }
}

/** Problems with one present (non-null) value of a variable. */
export function validateValue(variable: VariableDefinition, value: unknown): VariableProblem[] {
  const c = new Collector(variable.name);
  const path = variable.name;
  switch (variable.type) {
    case 'party':
      checkParty(c, value, path);
      break;
    case 'dataset':
      checkDataset(c, value, path);
      break;
    case 'money':
      checkMoney(c, value, path);
      break;
    case 'tariff':
      checkTariff(c, value, path);
      break;
    case 'enum': {
      const allowed = (variable.values ?? []).map((v) => v.value);
      if (typeof value !== 'string' || !allowed.includes(value)) {
        c.add(path, typeof value === 'string' ? 'NOT_ALLOWED' : 'WRONG_TYPE', `must be one of ${allowed.join(', ')} (got ${describe(value)})`);
      }
      break;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        c.add(path, 'WRONG_TYPE', `must be an integer (got ${describe(value)})`);
      } else if (!Number.isSafeInteger(value)) {
        c.add(path, 'NOT_AN_INTEGER', `must be an integer (got ${value})`);
      } else {
        const { min, max } = variable;
        if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
          const range =
            min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
          c.add(path, 'OUT_OF_RANGE', `must be ${range} (got ${value})`);
        }
      }
      break;
    }
    case 'date':
      if (typeof value !== 'string') c.add(path, 'WRONG_TYPE', `must be a date string YYYY-MM-DD (got ${describe(value)})`);
      else if (!isIsoDate(value)) c.add(path, 'INVALID_DATE', `must be a valid date YYYY-MM-DD (got ${describe(value)})`);
      break;
    case 'text': {
      const maxLength = variable.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if (typeof value !== 'string') c.add(path, 'WRONG_TYPE', `must be a string (got ${describe(value)})`);
      else if (variable.required && value.trim() === '') c.add(path, 'REQUIRED', 'is required and must not be empty');
      else {
        const length = [...value].length;
        if (length > maxLength) c.add(path, 'TOO_LONG', `must be at most ${maxLength} characters (got ${length})`);
      }
      break;
    }
    case 'boolean':
      if (typeof value !== 'boolean') c.add(path, 'WRONG_TYPE', `must be true or false (got ${describe(value)})`);
      break;
  }
  return c.problems;
}

/**
 * The values with every missing (undefined or null) variable that has a `default` filled
 * in. Defaults apply to required variables too: a default is the standard value.
 */
export function withDefaults(def: TemplateDefinition, values: VariableValues): VariableValues {
  const out: VariableValues = { ...values };
  for (const v of def.variables) {
    if (isMissing(out[v.name]) && v.default !== undefined && v.default !== null) out[v.name] = structuredClone(v.default);
  }
  return out;
}

/** Every problem with the values (after defaults): missing, unknown, wrong type, out of bounds... */
export function validateVariables(def: TemplateDefinition, values: VariableValues): VariableProblem[] {
  if (!isPlainObject(values)) {
    return [{ variable: '', code: 'WRONG_TYPE', problem: `variable values must be an object (got ${describe(values)})` }];
  }
  const effective = withDefaults(def, values);
  const problems: VariableProblem[] = [];
  const declared = new Set(def.variables.map((v) => v.name));
  for (const v of def.variables) {
    const value = effective[v.name];
    if (isMissing(value)) {
      if (v.required) problems.push({ variable: v.name, path: v.name, code: 'REQUIRED', problem: `is required (${v.type})` });
      continue;
    }
    problems.push(...validateValue(v, value));
  }
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) {
      problems.push({
        variable: name,
        path: name,
        code: 'UNKNOWN_VARIABLE',
        problem: `is not a variable of ${def.key}@${def.version} (declared: ${[...declared].join(', ')})`,
      });
    }
  }
  return problems;
}
