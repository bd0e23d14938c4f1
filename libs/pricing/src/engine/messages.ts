// Words of the quote (units, rule texts, notes) in French and English.

import { formatInteger, formatPercent } from '@app/core/kernel';
import { BuyerCategory, FeePhase, Locale, Purpose, PreparationStage, UsageMetric, VolumeBasis } from './types';

/** Legal VAT mentions, printed in French whatever the quote's language (French invoices). */
export const VAT_MENTION_REVERSE_CHARGE = 'Autoliquidation – article 283-2 du CGI / article 196 de la directive 2006/112/CE';
export const VAT_MENTION_OUT_OF_SCOPE = 'TVA non applicable – article 259 B du CGI';

/** [singular, plural] */
export type Noun = readonly [string, string];

export interface Messages {
  locale: Locale;
  nouns: {
    fee: Noun;
    day: Noun;
    month: Noun;
    package: Noun;
    adjustment: Noun;
    basis: Record<VolumeBasis, Noun>;
    metric: Record<UsageMetric, Noun>;
  };
  stage: Record<PreparationStage, string>;
  category: Record<BuyerCategory, string>;
  purpose: Record<Purpose, string>;
  kinds: Record<string, string>;
  /** Column unit when a price is for `per` units: "1,000 API calls". */
  perUnit(per: number, noun: Noun): string;
  tierRange(from: number, to: number | null): string;
  fixedFee(phase: FeePhase, withdrawn: boolean): string;
  preparation(stage: string, days: string, plural: boolean, rate: string, estimate: boolean, withdrawn: boolean): string;
  perUnitPrice(qty: string, noun: string, price: string, per: number, perNoun: string): string;
  graduatedTier(index: number, range: string, noun: string, price: string, per: number, perNoun: string, inTier: string): string;
  tierFlatFee(index: number, range: string, noun: string): string;
  volumeTier(qty: string, noun: string, index: number, range: string, price: string, per: number, perNoun: string): string;
  packages(qty: string, noun: string, size: string, price: string, count: string): string;
  duration(billed: string, requested: string, minimum: number, rate: string): string;
  usage(qty: string, noun: string, price: string, per: number, perNoun: string, estimate: boolean): string;
  purposeFee(purpose: string): string;
  purposeAdjustmentLabel(purpose: string): string;
  purposeAdjustment(purpose: string, multiplier: string, base: string, kinds: string): string;
  reductionLabel(category: string): string;
  reduction(category: string, percent: string, base: string): string;
  waived(category: string, rule: string, wouldHave: string): string;
  minimumLabel: string;
  minimum(min: string, net: string, raise: string): string;
  maximumLabel: string;
  maximum(max: string, net: string, lower: string): string;
  vatShare(rate: string): string;
  vatLabel(rateBp: number): string;
  vatReverseChargeLabel: string;
  vatOutOfScopeLabel: string;
  withdrawalNote(point: string, stages: string): string;
  costsOnlyNote(category: string): string;
  euWithoutVatNumberNote(country: string): string;
  reverseChargeNote(country: string): string;
  outOfScopeNote(country: string): string;
  usageNotEstimatedNote(metrics: string): string;
  preparationEstimateNote: string;
  application: string;
  stagePoint(stage: string): string;
}

const en: Messages = {
  locale: 'en',
  nouns: {
    fee: ['fee', 'fees'],
    day: ['day', 'days'],
    month: ['month', 'months'],
    package: ['package', 'packages'],
    adjustment: ['adjustment', 'adjustments'],
    basis: { PATIENTS: ['patient', 'patients'], RECORDS: ['record', 'records'] },
    metric: {
      COMPUTE_HOURS: ['compute hour', 'compute hours'],
      STORAGE_GB_MONTHS: ['GB-month', 'GB-months'],
      EXTRACTIONS: ['extraction', 'extractions'],
      API_CALLS: ['API call', 'API calls'],
    },
  },
  stage: { EXTRACTION: 'Extraction', PSEUDONYMISATION: 'Pseudonymisation', ANONYMISATION: 'Anonymisation', LINKAGE: 'Linkage' },
  category: { PHARMA: 'pharmaceutical company', STARTUP: 'start-up', SME: 'SME', ACADEMIC: 'academic', PUBLIC_BODY: 'public body' },
  purpose: {
    SCIENTIFIC_RESEARCH: 'scientific research',
    PUBLIC_HEALTH: 'public health',
    EDUCATION: 'education',
    REGULATORY: 'regulatory',
    PRODUCT_DEVELOPMENT: 'product development',
    AI_TRAINING: 'AI training',
    COMMERCIAL: 'commercial use',
  },
  kinds: { FIXED_FEE: 'fixed fees', PREPARATION: 'preparation', VOLUME: 'volume', DURATION: 'duration', USAGE: 'usage' },
  perUnit: (per, noun) => (per === 1 ? noun[0] : `${formatInteger(per, 'en')} ${noun[1]}`),
  tierRange: (from, to) => (to === null ? `from ${formatInteger(from, 'en')}` : `${formatInteger(from, 'en')}–${formatInteger(to, 'en')}`),
  fixedFee: (phase, withdrawn) =>
    `Fixed fee, incurred at ${phase === 'APPLICATION' ? 'application' : phase === 'ACCESS' ? 'access opening' : 'project closure'}` +
    (withdrawn ? '; incurred before withdrawal' : ''),
  preparation: (stage, days, many, rate, estimate, withdrawn) =>
    `${stage}: ${days} ${many ? 'days' : 'day'} × ${rate} per day (${estimate ? 'tariff estimate' : 'quoted days'})` +
    (withdrawn ? '; stage completed before withdrawal' : ''),
  perUnitPrice: (qty, noun, price, per, perNoun) =>
    per === 1 ? `${qty} ${noun} × ${price}` : `${qty} ${noun} at ${price} per ${perNoun}`,
  graduatedTier: (index, range, noun, price, per, perNoun, inTier) =>
    `Tier ${index}: ${range} ${noun} at ${price}${per === 1 ? '' : ` per ${perNoun}`} (${inTier} ${noun} in this tier)`,
  tierFlatFee: (index, range, noun) => `Tier ${index} flat fee (${range} ${noun})`,
  volumeTier: (qty, noun, index, range, price, per, perNoun) =>
    `Volume pricing: ${qty} ${noun} reach tier ${index} (${range}); all ${noun} at ${price}${per === 1 ? '' : ` per ${perNoun}`}`,
  packages: (qty, noun, size, price, count) =>
    `Packages of ${size} ${noun} at ${price}: ${qty} ${noun} need ${count} ${count === '1' ? 'package' : 'packages'}`,
  duration: (billed, requested, minimum, rate) =>
    `${billed} months × ${rate} per month` +
    (minimum > 0
      ? billed === requested
        ? ` (${requested} requested; minimum term ${minimum} months)`
        : ` (minimum term ${minimum} months applies; ${requested} requested)`
      : ''),
  usage: (qty, noun, price, per, perNoun, estimate) =>
    (estimate ? 'Estimate from expected usage: ' : '') +
    (per === 1 ? `${qty} ${noun} × ${price}` : `${qty} ${noun} at ${price} per ${perNoun}`),
  purposeFee: (purpose) => `Additional fee for purpose: ${purpose}`,
  purposeAdjustmentLabel: (purpose) => `Purpose adjustment – ${purpose}`,
  purposeAdjustment: (purpose, multiplier, base, kinds) => `Purpose ${purpose}: ${multiplier} on ${base} (${kinds})`,
  reductionLabel: (category) => `Reduction – ${category}`,
  reduction: (category, percent, base) => `Reduction for ${category} buyers: ${percent} of ${base}`,
  waived: (category, rule, wouldHave) =>
    `Margin waived: costs only for ${category} buyers (Data Act, art. 9); ${rule}; would have been ${wouldHave}`,
  minimumLabel: 'Minimum total adjustment',
  minimum: (min, net, raise) => `Minimum total ${min} excl. VAT: net ${net} raised by ${raise}`,
  maximumLabel: 'Maximum total adjustment',
  maximum: (max, net, lower) => `Maximum total ${max} excl. VAT: net ${net} lowered by ${lower}`,
  vatShare: (rate) => ` (share at VAT ${rate})`,
  vatLabel: (rateBp) => `VAT ${formatPercent(rateBp, 'en')}`,
  vatReverseChargeLabel: `VAT ${formatPercent(0, 'en')} – reverse charge`,
  vatOutOfScopeLabel: 'VAT not applicable',
  withdrawalNote: (point, stages) =>
    `Request withdrawn after ${point}: only costs already incurred are charged (fees incurred at application` +
    (stages ? ` and completed stages: ${stages}` : '') +
    '); access, volume, duration, usage and closure fees and the minimum total are not charged.',
  costsOnlyNote: (category) => `Costs-only pricing for ${category} buyers (Data Act, art. 9): margin lines are waived.`,
  euWithoutVatNumberNote: (country) => `Buyer established in ${country} without a VAT number: French VAT applies.`,
  reverseChargeNote: (country) => `Business buyer established in ${country} (EU) with a VAT number: reverse charge, no French VAT.`,
  outOfScopeNote: (country) => `Buyer established in ${country}, outside the EU: French VAT not applicable.`,
  usageNotEstimatedNote: (metrics) => `Usage (${metrics}) is billed on actual consumption; no expected usage was given.`,
  preparationEstimateNote: "Preparation days marked as estimates come from the tariff; the producer's quote gives the final days.",
  application: 'application handling',
  stagePoint: (stage) => `the ${stage} stage`,
};

const fr: Messages = {
  locale: 'fr',
  nouns: {
    fee: ['forfait', 'forfaits'],
    day: ['jour', 'jours'],
    month: ['mois', 'mois'],
    package: ['lot', 'lots'],
    adjustment: ['ajustement', 'ajustements'],
    basis: { PATIENTS: ['patient', 'patients'], RECORDS: ['enregistrement', 'enregistrements'] },
    metric: {
      COMPUTE_HOURS: ['heure de calcul', 'heures de calcul'],
      STORAGE_GB_MONTHS: ['Go-mois', 'Go-mois'],
      EXTRACTIONS: ['extraction', 'extractions'],
      API_CALLS: ['appel API', 'appels API'],
    },
  },
  stage: { EXTRACTION: 'Extraction', PSEUDONYMISATION: 'Pseudonymisation', ANONYMISATION: 'Anonymisation', LINKAGE: 'Appariement' },
  category: {
    PHARMA: 'industriel pharmaceutique',
    STARTUP: 'start-up',
    SME: 'PME',
    ACADEMIC: 'établissement académique',
    PUBLIC_BODY: 'organisme public',
  },
  purpose: {
    SCIENTIFIC_RESEARCH: 'recherche scientifique',
    PUBLIC_HEALTH: 'santé publique',
    EDUCATION: 'enseignement',
    REGULATORY: 'réglementaire',
    PRODUCT_DEVELOPMENT: 'développement de produits',
    AI_TRAINING: "entraînement d'IA",
    COMMERCIAL: 'usage commercial',
  },
  kinds: { FIXED_FEE: 'forfaits', PREPARATION: 'préparation', VOLUME: 'volume', DURATION: 'durée', USAGE: 'usage' },
  perUnit: (per, noun) => (per === 1 ? noun[0] : `${formatInteger(per, 'fr')} ${noun[1]}`),
  tierRange: (from, to) =>
    to === null ? `à partir de ${formatInteger(from, 'fr')}` : `${formatInteger(from, 'fr')}–${formatInteger(to, 'fr')}`,
  fixedFee: (phase, withdrawn) =>
    `Forfait dû à ${phase === 'APPLICATION' ? "l'instruction de la demande" : phase === 'ACCESS' ? "l'ouverture de l'accès" : 'la clôture du projet'}` +
    (withdrawn ? ' ; engagé avant le retrait' : ''),
  preparation: (stage, days, many, rate, estimate, withdrawn) =>
    `${stage} : ${days} ${many ? 'jours' : 'jour'} × ${rate} par jour (${estimate ? 'estimation du tarif' : 'jours devisés'})` +
    (withdrawn ? ' ; étape réalisée avant le retrait' : ''),
  perUnitPrice: (qty, noun, price, per, perNoun) =>
    per === 1 ? `${qty} ${noun} × ${price}` : `${qty} ${noun} à ${price} les ${perNoun}`,
  graduatedTier: (index, range, noun, price, per, perNoun, inTier) =>
    `Tranche ${index} : ${range} ${noun} à ${price}${per === 1 ? '' : ` les ${perNoun}`} (${inTier} ${noun} dans cette tranche)`,
  tierFlatFee: (index, range, noun) => `Forfait de la tranche ${index} (${range} ${noun})`,
  volumeTier: (qty, noun, index, range, price, per, perNoun) =>
    `Tarif au volume : ${qty} ${noun} atteignent la tranche ${index} (${range}) ; tous les ${noun} à ${price}${per === 1 ? '' : ` les ${perNoun}`}`,
  packages: (qty, noun, size, price, count) =>
    `Lots de ${size} ${noun} à ${price} : ${qty} ${noun} nécessitent ${count} ${count === '1' ? 'lot' : 'lots'}`,
  duration: (billed, requested, minimum, rate) =>
    `${billed} mois × ${rate} par mois` +
    (minimum > 0
      ? billed === requested
        ? ` (${requested} demandés ; durée minimale ${minimum} mois)`
        : ` (durée minimale de ${minimum} mois appliquée ; ${requested} demandés)`
      : ''),
  usage: (qty, noun, price, per, perNoun, estimate) =>
    (estimate ? "Estimation d'après l'usage prévu : " : '') +
    (per === 1 ? `${qty} ${noun} × ${price}` : `${qty} ${noun} à ${price} les ${perNoun}`),
  purposeFee: (purpose) => `Forfait complémentaire pour la finalité : ${purpose}`,
  purposeAdjustmentLabel: (purpose) => `Ajustement de finalité – ${purpose}`,
  purposeAdjustment: (purpose, multiplier, base, kinds) => `Finalité ${purpose} : ${multiplier} sur ${base} (${kinds})`,
  reductionLabel: (category) => `Réduction – ${category}`,
  reduction: (category, percent, base) => `Réduction ${category} : ${percent} de ${base}`,
  waived: (category, rule, wouldHave) =>
    `Marge non facturée : coûts seuls pour ${category} (Data Act, art. 9) ; ${rule} ; montant sans exonération ${wouldHave}`,
  minimumLabel: 'Ajustement au montant minimum',
  minimum: (min, net, raise) => `Montant minimum ${min} HT : net ${net} porté au minimum (+${raise})`,
  maximumLabel: 'Ajustement au montant maximum',
  maximum: (max, net, lower) => `Montant maximum ${max} HT : net ${net} plafonné (-${lower})`,
  vatShare: (rate) => ` (part au taux de TVA ${rate})`,
  vatLabel: (rateBp) => `TVA ${formatPercent(rateBp, 'fr')}`,
  vatReverseChargeLabel: `TVA ${formatPercent(0, 'fr')} – autoliquidation`,
  vatOutOfScopeLabel: 'TVA non applicable',
  withdrawalNote: (point, stages) =>
    `Demande retirée après ${point} : seuls les coûts déjà engagés sont facturés (forfaits dus à l'instruction` +
    (stages ? ` et étapes réalisées : ${stages}` : '') +
    ") ; l'accès, le volume, la durée, l'usage, la clôture et le montant minimum ne sont pas facturés.",
  costsOnlyNote: (category) => `Tarification aux coûts seuls pour ${category} (Data Act, art. 9) : les lignes de marge ne sont pas facturées.`,
  euWithoutVatNumberNote: (country) => `Acheteur établi en ${country} sans numéro de TVA : TVA française applicable.`,
  reverseChargeNote: (country) => `Acheteur assujetti établi en ${country} (UE) avec un numéro de TVA : autoliquidation, pas de TVA française.`,
  outOfScopeNote: (country) => `Acheteur établi en ${country}, hors de l'UE : TVA française non applicable.`,
  usageNotEstimatedNote: (metrics) => `L'usage (${metrics}) est facturé à la consommation réelle ; aucun usage prévu n'a été indiqué.`,
  preparationEstimateNote: 'Les jours de préparation marqués comme estimation viennent du tarif ; le devis du producteur fixe les jours définitifs.',
  application: "l'instruction de la demande",
  stagePoint: (stage) => `l'étape ${stage}`,
};

export const MESSAGES: Record<Locale, Messages> = { en, fr };

/** Plural rule: French plural from 2, English plural unless exactly 1. */
export function isPlural(milli: number, locale: Locale): boolean {
  return locale === 'fr' ? milli >= 2000 : milli !== 1000;
}

export function noun(n: Noun, milli: number, locale: Locale): string {
  return isPlural(milli, locale) ? n[1] : n[0];
}
