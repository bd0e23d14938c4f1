// Types shared by the template engine (loader, renderer, diff, PDF) and by the agreement
// generator. Pure data: no framework import.

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** Text in each locale; French is authoritative. */
export type LocalizedText = Record<Locale, string>;

export type TemplateStatus = 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'DEPRECATED';

export type VariableType =
  | 'party'
  | 'dataset'
  | 'enum'
  | 'integer'
  | 'money'
  | 'date'
  | 'text'
  | 'boolean'
  | 'tariff';

export interface VariableDefinition {
  name: string;
  type: VariableType;
  label: LocalizedText;
  required: boolean;
  /** enum only: allowed values, with a label per locale */
  values?: { value: string; label: LocalizedText }[];
  /** integer only */
  min?: number;
  max?: number;
  /** text only */
  maxLength?: number;
  default?: unknown;
}

export type ClauseMode = 'locked' | 'negotiable' | 'conditional';

export interface ClauseAlternative {
  id: string;
  label: LocalizedText;
  text: LocalizedText;
}

export interface ClauseDefinition {
  id: string;
  mode: ClauseMode;
  title: LocalizedText;
  /** locked and conditional clauses; a negotiable clause's default text */
  text: LocalizedText;
  /** negotiable only: named alternatives a party may choose instead of the default text */
  alternatives?: ClauseAlternative[];
  /** negotiable only: whether free text edits are allowed (otherwise alternatives only) */
  editable?: boolean;
  /** conditional only: a boolean variable name, or `name == VALUE` for an enum */
  when?: string;
}

export interface TemplateDefinition {
  key: string;
  version: string; // semver
  family: string;
  locales: Locale[]; // always includes 'fr'
  title: LocalizedText;
  description: LocalizedText;
  variables: VariableDefinition[];
  clauses: ClauseDefinition[];
  /** set on a fork: the standard template it derives from */
  basedOn?: { key: string; version: string; hash: string };
  /** lifecycle status when given in the file; not part of the canonical form or hash */
  status?: TemplateStatus;
}

/** A party's legal identity as printed in a contract. */
export interface PartyValue {
  name: string;
  kind?: string;
  siret?: string | null;
  siren?: string | null;
  vatNumber?: string | null;
  address?: string | null;
  country: string;
  representative?: string | null;
}

export interface DatasetValue {
  id: string;
  title: string;
  version: number | string;
  producer?: string;
}

export interface MoneyValue {
  amountCents: number;
  currency: string; // 'EUR'
}

export interface TariffLineValue {
  label: string;
  quantity: string;
  unit: string;
  unitPriceCents: number;
  amountCents: number;
  rule: string;
}

export interface TariffBreakdownValue {
  lines: TariffLineValue[];
  subtotalCents: number;
  vatCents: number;
  totalCents: number;
  currency: string;
  vatMention?: string | null;
}

export type VariableValues = Record<string, unknown>;

/** What a party changed in a negotiable clause: an alternative or an edited text. */
export interface ClauseOverride {
  clauseId: string;
  alternativeId?: string;
  text?: Partial<LocalizedText>;
}

export interface RenderedClause {
  number: string; // "1", "2", ...
  id: string;
  mode: ClauseMode;
  title: string;
  /** Paragraphs separated by a blank line; list items start with "- ". */
  body: string;
  /** true when the text differs from the template's default (an alternative or an edit) */
  deviates: boolean;
  /** the alternative chosen by an override, if any */
  alternativeId?: string;
  /** true when an override supplied free text for this locale */
  edited?: boolean;
}

export interface RenderedDocument {
  templateKey: string;
  templateVersion: string;
  templateHash: string;
  variablesHash: string;
  locale: Locale;
  title: string;
  clauses: RenderedClause[];
}

export interface VariableProblem {
  variable: string;
  problem: string; // human readable: "is required", "must be between 1 and 60", ...
  /** stable machine code, e.g. for GraphQL error extensions */
  code?: VariableProblemCode;
  /** where inside the value, e.g. "buyer.country" or "tariff.lines[0].amountCents" */
  path?: string;
}

export type VariableProblemCode =
  | 'REQUIRED'
  | 'UNKNOWN_VARIABLE'
  | 'UNKNOWN_FIELD'
  | 'WRONG_TYPE'
  | 'OUT_OF_RANGE'
  | 'NOT_AN_INTEGER'
  | 'NOT_ALLOWED'
  | 'INVALID_DATE'
  | 'TOO_LONG'
  | 'INVALID_FORMAT'
  | 'INCONSISTENT';

/** A rule of the fork policy broken by an organisation's version of a standard template. */
export interface ForkViolation {
  code: ForkViolationCode;
  /** the clause concerned, when the violation is about a clause */
  clauseId?: string;
  /** the variable concerned, when the violation is about a variable */
  variable?: string;
  message: string;
}

export type ForkViolationCode =
  | 'BASED_ON_MISMATCH'
  | 'LOCALE_REMOVED'
  | 'CLAUSE_REMOVED'
  | 'MODE_CHANGED'
  | 'TITLE_CHANGED'
  | 'TEXT_CHANGED'
  | 'CONDITION_CHANGED'
  | 'VARIABLE_REMOVED'
  | 'VARIABLE_CHANGED';

/** One piece of a word-level redline. */
export interface RedlineSegment {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

export type Redline = Partial<Record<Locale, RedlineSegment[]>>;

export type ClauseChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED' | 'UNCHANGED';

export interface AlternativeDiff {
  id: string;
  change: ClauseChangeKind;
  label: Redline;
  text: Redline;
}

export interface ClauseDiff {
  clauseId: string;
  change: ClauseChangeKind;
  /** 1-based position in each version (absent where the clause does not exist) */
  positionBefore?: number;
  positionAfter?: number;
  modeBefore?: ClauseMode;
  modeAfter?: ClauseMode;
  /** true when the mode differs */
  modeChanged: boolean;
  whenBefore?: string;
  whenAfter?: string;
  editableBefore?: boolean;
  editableAfter?: boolean;
  /** word-level redline per locale (for ADDED everything is inserted, for REMOVED deleted) */
  title: Redline;
  text: Redline;
  titleChanged: boolean;
  textChanged: boolean;
  /** alternatives that were added, removed or changed (unchanged ones omitted) */
  alternatives: AlternativeDiff[];
}
