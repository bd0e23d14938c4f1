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
}
