// Types of the tariff engine: a tariff (what a producer publishes), a quote request (what a
// buyer asks for) and a quote (the exact, explained price). Pure data, no framework import.
//
// Units used everywhere:
// - money: integer euro cents (safe integers), suffix `Cents`;
// - rates, reductions, multipliers: basis points, suffix `Bp` (10000 = 100 %, 15000 = x1.5);
// - quantities: `Quantity`, a decimal string ("2.5") or a number with at most 3 decimals,
//   held internally as integer thousandths, never as binary floats in money math.

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** A label in both languages; French is authoritative. */
export interface LocalizedLabel {
  fr: string;
  en: string;
}

/** A decimal quantity: "2.5", "10.25", 12000 (at most 3 decimals). */
export type Quantity = number | string;

export type Currency = 'EUR';

/** French standard VAT rate, the default of every line. */
export const DEFAULT_VAT_RATE_BP = 2000;

/** Whether a line recovers a cost or carries a margin (the Data Act forbids margins for some buyers). */
export type Nature = 'COST' | 'MARGIN';
export const NATURES: readonly Nature[] = ['COST', 'MARGIN'];

export type ComponentKind = 'FIXED_FEE' | 'PREPARATION' | 'VOLUME' | 'DURATION' | 'USAGE';
export const COMPONENT_KINDS: readonly ComponentKind[] = ['FIXED_FEE', 'PREPARATION', 'VOLUME', 'DURATION', 'USAGE'];

/** When a fixed fee is incurred; decides what a withdrawn request still pays. */
export type FeePhase = 'APPLICATION' | 'ACCESS' | 'CLOSURE';
export const FEE_PHASES: readonly FeePhase[] = ['APPLICATION', 'ACCESS', 'CLOSURE'];

export type PreparationStage = 'EXTRACTION' | 'PSEUDONYMISATION' | 'ANONYMISATION' | 'LINKAGE';
export const PREPARATION_STAGES: readonly PreparationStage[] = ['EXTRACTION', 'PSEUDONYMISATION', 'ANONYMISATION', 'LINKAGE'];

/** Positions of stages and metrics, for the engine's bit masks and arrays. */
export const STAGE_INDEX: Readonly<Record<PreparationStage, number>> = { EXTRACTION: 0, PSEUDONYMISATION: 1, ANONYMISATION: 2, LINKAGE: 3 };
export const STAGE_BIT: Readonly<Record<PreparationStage, number>> = { EXTRACTION: 1, PSEUDONYMISATION: 2, ANONYMISATION: 4, LINKAGE: 8 };

export type VolumeBasis = 'PATIENTS' | 'RECORDS';
export const VOLUME_BASES: readonly VolumeBasis[] = ['PATIENTS', 'RECORDS'];

/**
 * PER_UNIT: every unit at one price. GRADUATED: each unit at the price of the tier it falls in.
 * VOLUME: all units at the price of the tier the total reaches. PACKAGE: blocks of N units,
 * a started block is billed whole.
 */
export type VolumeModel = 'PER_UNIT' | 'GRADUATED' | 'VOLUME' | 'PACKAGE';
export const VOLUME_MODELS: readonly VolumeModel[] = ['PER_UNIT', 'GRADUATED', 'VOLUME', 'PACKAGE'];

export type UsageMetric = 'COMPUTE_HOURS' | 'STORAGE_GB_MONTHS' | 'EXTRACTIONS' | 'API_CALLS';
export const USAGE_METRICS: readonly UsageMetric[] = ['COMPUTE_HOURS', 'STORAGE_GB_MONTHS', 'EXTRACTIONS', 'API_CALLS'];

export const METRIC_INDEX: Readonly<Record<UsageMetric, number>> = { COMPUTE_HOURS: 0, STORAGE_GB_MONTHS: 1, EXTRACTIONS: 2, API_CALLS: 3 };

export type BuyerCategory = 'PHARMA' | 'STARTUP' | 'SME' | 'ACADEMIC' | 'PUBLIC_BODY';
export const BUYER_CATEGORIES: readonly BuyerCategory[] = ['PHARMA', 'STARTUP', 'SME', 'ACADEMIC', 'PUBLIC_BODY'];

export type Purpose =
  | 'SCIENTIFIC_RESEARCH'
  | 'PUBLIC_HEALTH'
  | 'EDUCATION'
  | 'REGULATORY'
  | 'PRODUCT_DEVELOPMENT'
  | 'AI_TRAINING'
  | 'COMMERCIAL';
export const PURPOSES: readonly Purpose[] = [
  'SCIENTIFIC_RESEARCH',
  'PUBLIC_HEALTH',
  'EDUCATION',
  'REGULATORY',
  'PRODUCT_DEVELOPMENT',
  'AI_TRAINING',
  'COMMERCIAL',
];

// ---------------------------------------------------------------------------------------
// Tariff definition
// ---------------------------------------------------------------------------------------

interface ComponentBase {
  /** Unique within the tariff; line codes derive from it. Letters, digits, `_`, `-`, `.`. */
  code: string;
  label: LocalizedLabel;
  /** Default COST. MARGIN lines are waived for costs-only buyers. */
  nature?: Nature;
  /** VAT rate of this component's lines when French VAT applies; default: the tariff's rate. */
  vatRateBp?: number;
}

/** Application handling, access, project closure... charged once. */
export interface FixedFeeComponent extends ComponentBase {
  kind: 'FIXED_FEE';
  amountCents: number;
  incurredAt: FeePhase;
}

export interface PreparationStageRate {
  stage: PreparationStage;
  dayRateCents: number;
  /** Days used for the estimate when the request does not give the quoted days. */
  estimatedDays: Quantity;
  /** An optional stage is charged only when the request asks for it. */
  optional?: boolean;
  label?: LocalizedLabel;
}

/** Data preparation: days x day rate per stage. Stages are performed in the listed order. */
export interface PreparationComponent extends ComponentBase {
  kind: 'PREPARATION';
  stages: PreparationStageRate[];
}

/** A tier covers units `from`..`to` inclusive (`to: null` = no upper bound). */
export interface VolumeTier {
  from: number;
  to: number | null;
  /** Price of `per` units (see VolumeComponent.per). */
  unitPriceCents: number;
  /** Charged once when the tier is reached (GRADUATED: each tier touched; VOLUME: the tier reached). */
  flatFeeCents?: number;
}

/** Volume by patients or records. */
export interface VolumeComponent extends ComponentBase {
  kind: 'VOLUME';
  basis: VolumeBasis;
  model: VolumeModel;
  /** PER_UNIT: price of `per` units. */
  unitPriceCents?: number;
  /** GRADUATED and VOLUME: contiguous tiers starting at 1. */
  tiers?: VolumeTier[];
  /** PACKAGE: block size and block price. */
  packageSize?: number;
  packagePriceCents?: number;
  /** Prices are for `per` units (default 1), e.g. 250 cents per 1000 records. */
  per?: number;
}

/** Monthly access fee x months, months billed = max(requested, minimum). */
export interface DurationComponent extends ComponentBase {
  kind: 'DURATION';
  monthlyFeeCents: number;
  minimumMonths?: number;
  maximumMonths?: number;
}

export interface UsageRate {
  metric: UsageMetric;
  /** Price of `per` units of the metric (default per 1). */
  unitPriceCents: number;
  per?: number;
}

/** Secure-environment usage: compute hours, storage GB-months, extractions, API calls. */
export interface UsageComponent extends ComponentBase {
  kind: 'USAGE';
  rates: UsageRate[];
}

export type TariffComponent =
  | FixedFeeComponent
  | PreparationComponent
  | VolumeComponent
  | DurationComponent
  | UsageComponent;

/** EHDS reduced fees: a reduction for some buyer categories. */
export interface BuyerReductionRule {
  categories: BuyerCategory[];
  reductionBp: number;
  label?: LocalizedLabel;
}

/**
 * Data Act: no margin for these buyers. `nonProfitOnly` restricts the rule to non-profit
 * buyers of that category (see QuoteBuyer.nonProfit).
 */
export interface CostsOnlyRule {
  category: BuyerCategory;
  nonProfitOnly?: boolean;
}

export interface PurposeExtraFee {
  code: string;
  label: LocalizedLabel;
  amountCents: number;
  /** Default MARGIN. */
  nature?: Nature;
  vatRateBp?: number;
}

/** A purpose multiplies some lines (an adjustment line shows the difference) and/or adds a fee. */
export interface PurposeRule {
  purpose: Purpose;
  /** 15000 = x1.5 (a surcharge, which is margin), 8000 = x0.8 (a reduction). */
  multiplierBp?: number;
  /** Component kinds the multiplier applies to; default all. */
  appliesTo?: ComponentKind[];
  extraFee?: PurposeExtraFee;
}

export interface TariffDefinition {
  key: string;
  version?: string;
  currency: Currency;
  /** Default French VAT rate of every line, default 2000 (20 %). */
  vatRateBp?: number;
  /** Ordered: lines come out in this order. */
  components: TariffComponent[];
  reductions?: BuyerReductionRule[];
  /** Absent: DEFAULT_COSTS_ONLY (SME, STARTUP, non-profit ACADEMIC). [] disables it. */
  costsOnly?: CostsOnlyRule[];
  purposeRules?: PurposeRule[];
  /** Net total (excl. VAT) floor and cap. The floor is not applied to a withdrawn request. */
  minimumTotalCents?: number | null;
  maximumTotalCents?: number | null;
}

// ---------------------------------------------------------------------------------------
// Quote request
// ---------------------------------------------------------------------------------------

export interface QuoteBuyer {
  category: BuyerCategory;
  /** ISO 3166-1 alpha-2 (GR for Greece, GB for the United Kingdom). */
  country: string;
  vatNumber?: string | null;
  /** Default: true for ACADEMIC and PUBLIC_BODY, false otherwise. */
  nonProfit?: boolean | null;
}

export type WithdrawalPoint = 'APPLICATION' | PreparationStage;

/**
 * A withdrawn request pays only what was incurred: give either the last finished step
 * (`afterStage`, in the tariff's stage order) or the exact list of completed stages.
 */
export interface QuoteWithdrawal {
  afterStage?: WithdrawalPoint | null;
  completedStages?: PreparationStage[] | null;
}

export interface QuotePreparationRequest {
  /** Optional stages wanted; mandatory stages are always included. */
  stages?: PreparationStage[] | null;
  /** Quoted days per stage; absent stages use the tariff's estimate. */
  days?: Partial<Record<PreparationStage, Quantity>> | null;
}

export type UsageQuantities = Partial<Record<UsageMetric, Quantity>>;

export interface QuoteRequest {
  buyer: QuoteBuyer;
  purpose?: Purpose | null;
  patients?: Quantity | null;
  records?: Quantity | null;
  /** Whole months of access requested. */
  months?: Quantity | null;
  preparation?: QuotePreparationRequest | null;
  /** Up-front usage estimate. */
  expectedUsage?: UsageQuantities | null;
  withdrawal?: QuoteWithdrawal | null;
}

/** Actual usage of one period, priced by priceUsage (usage invoices). */
export interface UsagePricingRequest {
  buyer: QuoteBuyer;
  purpose?: Purpose | null;
  quantities: UsageQuantities;
}

export interface QuoteOptions {
  /** Language of labels and rule texts; default 'en'. */
  locale?: Locale;
}

// ---------------------------------------------------------------------------------------
// Quote result
// ---------------------------------------------------------------------------------------

export type AdjustmentKind = 'PURPOSE_ADJUSTMENT' | 'REDUCTION' | 'MINIMUM' | 'MAXIMUM';
export type LineKind = ComponentKind | 'PURPOSE_FEE' | AdjustmentKind;

export interface QuoteLine {
  /** Component code, with a suffix for stages, tiers and metrics: "PREP.EXTRACTION", "VOL.T2". */
  code: string;
  componentCode: string;
  label: string;
  kind: LineKind;
  nature: Nature;
  /** Canonical decimal string with '.' ("2.5", "12000"). */
  quantity: string;
  unit: string;
  unitPriceCents: number;
  amountCents: number;
  /** VAT rate applied to this line (0 under reverse charge or out of scope). */
  vatRateBp: number;
  /** Which rule produced the amount, in words. */
  rule: string;
  /** Quantity comes from the tariff's estimate or the buyer's expected usage. */
  estimate: boolean;
  /** Margin line zeroed for a costs-only buyer. */
  waived: boolean;
}

export type VatRegime = 'FR_STANDARD' | 'REVERSE_CHARGE_EU' | 'OUT_OF_SCOPE_NON_EU';

export interface VatLine {
  rateBp: number;
  baseCents: number;
  vatCents: number;
  label: string;
}

export interface QuoteResult {
  tariffKey: string;
  tariffVersion: string | null;
  currency: Currency;
  locale: Locale;
  /** Charge lines, never negative. */
  lines: QuoteLine[];
  /** Sum of charge lines. */
  chargesCents: number;
  /** Reductions, purpose multipliers, minimum and maximum: may be negative. */
  adjustments: QuoteLine[];
  /** Net total excl. VAT = chargesCents + sum of adjustments, never negative. */
  subtotalCents: number;
  vatRegime: VatRegime;
  vatLines: VatLine[];
  vatCents: number;
  totalCents: number;
  /** Legal mention to print (reverse charge, out of scope), null for French VAT. */
  vatMention: string | null;
  /** Some quantity is an estimate. */
  estimate: boolean;
  withdrawn: boolean;
  costsOnly: boolean;
  /** Explanations that are not lines (withdrawal rule, costs-only rule, VAT regime...). */
  notes: string[];
}

/** A problem in a tariff or a request; `path` names the field ("components[2].tiers[1].from"). */
export interface PricingProblem {
  path: string;
  message: string;
}
