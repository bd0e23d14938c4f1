// The legal wording of invoices, read from fr.yaml (data, not code) and chosen by the
// invoice's issue date.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export type LegalLocale = 'fr' | 'en';

export type LegalTextKey =
  | 'mandate'
  | 'dataMadeAvailable'
  | 'commissionService'
  | 'paymentTermsCommission'
  | 'latePenaltyBusiness'
  | 'latePenaltyPublic'
  | 'recoveryIndemnityBusiness'
  | 'recoveryIndemnityPublic'
  | 'earlyPaymentDiscount'
  | 'paymentTermsInvoice'
  | 'paymentTermsCreditNote'
  | 'creditNoteReference'
  | 'lineShare'
  | 'sellerVatNumber'
  | 'exemptionReverseCharge'
  | 'exemptionOutOfScope'
  | 'exemptionFranchise';

/** Every text the engine uses; a legal-texts file must give each one. */
export const LEGAL_TEXT_KEYS: readonly LegalTextKey[] = [
  'mandate',
  'dataMadeAvailable',
  'commissionService',
  'paymentTermsCommission',
  'latePenaltyBusiness',
  'latePenaltyPublic',
  'recoveryIndemnityBusiness',
  'recoveryIndemnityPublic',
  'earlyPaymentDiscount',
  'paymentTermsInvoice',
  'paymentTermsCreditNote',
  'creditNoteReference',
  'lineShare',
  'sellerVatNumber',
  'exemptionReverseCharge',
  'exemptionOutOfScope',
  'exemptionFranchise',
];

export interface LegalTextVariant {
  from: string;
  until: string | null;
  fr: string;
  en: string | null;
}

export type LegalTexts = Readonly<Record<LegalTextKey, readonly LegalTextVariant[]>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and checks a legal-texts document; every problem is reported at once with its path. */
export function parseLegalTexts(source: string, file = 'fr.yaml'): LegalTexts {
  const doc = parse(source) as { texts?: Record<string, unknown> } | null;
  const problems: string[] = [];
  const texts = doc?.texts;
  if (texts == null || typeof texts !== 'object') throw new Error(`${file}: a top-level "texts" map is required`);
  const out: Partial<Record<LegalTextKey, LegalTextVariant[]>> = {};
  for (const key of Object.keys(texts)) {
    if (!(LEGAL_TEXT_KEYS as readonly string[]).includes(key)) problems.push(`texts.${key}: unknown text (known: ${LEGAL_TEXT_KEYS.join(', ')})`);
  }
  for (const key of LEGAL_TEXT_KEYS) {
    const raw = texts[key];
    if (!Array.isArray(raw) || raw.length === 0) {
      problems.push(`texts.${key}: a list of dated variants is required`);
      continue;
    }
    out[key] = raw.map((v: Record<string, unknown>, i: number) => {
      const at = `texts.${key}[${i}]`;
      const from = v?.from;
      const until = v?.until ?? null;
      if (typeof from !== 'string' || !DATE.test(from)) problems.push(`${at}.from: a date "YYYY-MM-DD" is required`);
      if (until !== null && (typeof until !== 'string' || !DATE.test(until))) problems.push(`${at}.until: must be a date "YYYY-MM-DD"`);
      if (typeof from === 'string' && typeof until === 'string' && until < from) problems.push(`${at}: until is before from`);
      if (typeof v?.fr !== 'string' || v.fr.trim() === '') problems.push(`${at}.fr: the French text is required`);
      if (v?.en != null && typeof v.en !== 'string') problems.push(`${at}.en: must be a text`);
      return { from: String(from), until: until === null ? null : String(until), fr: String(v?.fr), en: v?.en == null ? null : String(v.en) };
    });
  }
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return out as LegalTexts;
}

function findDefaultFile(): string {
  const candidates = [join(__dirname, 'fr.yaml'), resolve(process.cwd(), 'libs/billing/src/engine/legal/fr.yaml')];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) throw new Error(`legal texts not found (looked for ${candidates.join(', ')})`);
  return found;
}

let defaultTexts: LegalTexts | null = null;

/** The shipped French legal texts, read once. */
export function frenchLegalTexts(): LegalTexts {
  if (defaultTexts === null) {
    const file = findDefaultFile();
    defaultTexts = parseLegalTexts(readFileSync(file, 'utf8'), file);
  }
  return defaultTexts;
}

/** The variant of `key` in force on `date` (the latest started one), or an error naming what to add. */
export function legalVariant(texts: LegalTexts, key: LegalTextKey, date: string): LegalTextVariant {
  let best: LegalTextVariant | null = null;
  for (const v of texts[key]) {
    if (v.from <= date && (v.until === null || date <= v.until) && (best === null || v.from > best.from)) best = v;
  }
  if (best === null) throw new Error(`no legal text "${key}" is in force on ${date}: add a variant to the legal texts`);
  return best;
}

/** The text of `key` in force on `date`, placeholders filled; English falls back to French. */
export function legalText(
  texts: LegalTexts,
  key: LegalTextKey,
  date: string,
  params: Readonly<Record<string, string | number>> = {},
  locale: LegalLocale = 'fr',
): string {
  const v = legalVariant(texts, key, date);
  const template = locale === 'en' && v.en !== null ? v.en : v.fr;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`legal text "${key}" needs {${name}}`);
    return String(value);
  });
}
