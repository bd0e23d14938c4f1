// A tariff checked once and prepared for fast pricing: defaults resolved, tiers and stage
// order indexed, the fixed texts (labels, prices, tier ranges) formatted in both languages.
// compileTariff copies the tariff, so later changes to the caller's object cannot leak in.

import { parseQuantity } from './decimal';
import { PricingInputError } from './errors';
import { formatInteger, formatMoney } from '@app/core/kernel';
import { formatMultiplier } from './format';
import { MESSAGES } from './messages';
import {
  BuyerCategory,
  BuyerReductionRule,
  ComponentKind,
  CostsOnlyRule,
  DEFAULT_VAT_RATE_BP,
  FeePhase,
  LocalizedLabel,
  METRIC_INDEX,
  Nature,
  PreparationStage,
  Purpose,
  PurposeRule,
  STAGE_BIT,
  STAGE_INDEX,
  TariffDefinition,
  UsageMetric,
  VolumeBasis,
  VolumeModel,
} from './types';
import { validateTariff } from './validate-tariff';

/** Data Act: SMEs (start-ups included) and non-profit research bodies pay costs only. */
export const DEFAULT_COSTS_ONLY: readonly CostsOnlyRule[] = Object.freeze([
  Object.freeze({ category: 'SME' as const }),
  Object.freeze({ category: 'STARTUP' as const }),
  Object.freeze({ category: 'ACADEMIC' as const, nonProfitOnly: true }),
]);

/** A text in both languages, indexed by locale. */
export type Texts = LocalizedLabel;

interface CBase {
  code: string;
  label: LocalizedLabel;
  nature: Nature;
  vatRateBp: number;
}

export interface CFixedFee extends CBase {
  kind: 'FIXED_FEE';
  amountCents: number;
  incurredAt: FeePhase;
  priceText: Texts;
}

export interface CStage {
  stage: PreparationStage;
  bit: number;
  index: number;
  order: number;
  dayRateCents: number;
  estimatedDaysMilli: number;
  optional: boolean;
  /** The stage's name in rule texts. */
  label: LocalizedLabel;
  /** The line label: the stage's own label, or "<component> – <stage>". */
  lineLabel: LocalizedLabel;
  rateText: Texts;
}

export interface CPreparation extends CBase {
  kind: 'PREPARATION';
  stages: CStage[];
}

export interface CTier {
  index: number;
  from: number;
  /** Infinity for the open last tier. */
  to: number;
  unitPriceCents: number;
  flatFeeCents: number;
  range: Texts;
  priceText: Texts;
  flatText: Texts;
}

export interface CVolume extends CBase {
  kind: 'VOLUME';
  basis: VolumeBasis;
  model: VolumeModel;
  per: number;
  unitPriceCents: number;
  tiers: CTier[];
  packageSize: number;
  packagePriceCents: number;
  priceText: Texts;
  /** Column unit: "patient" or "1,000 records". */
  unitText: Texts;
  packageUnitText: Texts;
  sizeText: Texts;
}

export interface CDuration extends CBase {
  kind: 'DURATION';
  monthlyFeeCents: number;
  minimumMonths: number;
  maximumMonths: number | null;
  priceText: Texts;
}

export interface CRate {
  metric: UsageMetric;
  index: number;
  unitPriceCents: number;
  per: number;
  priceText: Texts;
  unitText: Texts;
}

export interface CUsage extends CBase {
  kind: 'USAGE';
  rates: CRate[];
}

export type CComponent = CFixedFee | CPreparation | CVolume | CDuration | CUsage;

export interface CPurposeRule {
  purpose: Purpose;
  multiplierBp: number | null;
  appliesTo: ReadonlySet<ComponentKind>;
  kindsText: Texts;
  multiplierText: Texts;
  extraFee: { code: string; label: LocalizedLabel; amountCents: number; nature: Nature; vatRateBp: number; priceText: Texts } | null;
}

export class CompiledTariff {
  private constructor(
    readonly tariff: Readonly<TariffDefinition>,
    readonly key: string,
    readonly version: string | null,
    readonly defaultVatRateBp: number,
    readonly components: readonly CComponent[],
    /** Every stage of the tariff, in the order they are performed. */
    readonly stages: ReadonlyMap<PreparationStage, CStage>,
    /** Bit mask (STAGE_BIT) of the stages that are not optional. */
    readonly mandatoryStages: number,
    readonly volumeBases: ReadonlySet<VolumeBasis>,
    /** Largest count a bounded last tier accepts, per basis. */
    readonly volumeLimits: ReadonlyMap<VolumeBasis, number>,
    readonly hasDuration: boolean,
    readonly maximumMonths: number | null,
    readonly usageMetrics: ReadonlySet<UsageMetric>,
    readonly reductions: ReadonlyMap<BuyerCategory, BuyerReductionRule>,
    readonly costsOnly: readonly CostsOnlyRule[],
    readonly purposeRules: ReadonlyMap<Purpose, CPurposeRule>,
    readonly minimumTotalCents: number | null,
    readonly maximumTotalCents: number | null,
  ) {}

  /** Checks the tariff (throws PricingInputError INVALID_TARIFF) and prepares it. */
  static compile(input: TariffDefinition): CompiledTariff {
    const problems = validateTariff(input);
    if (problems.length > 0) throw new PricingInputError('INVALID_TARIFF', problems);
    const t = deepFreeze(structuredClone(input));
    const defaultVat = t.vatRateBp ?? DEFAULT_VAT_RATE_BP;
    const both = (f: (m: (typeof MESSAGES)['fr']) => string): Texts => ({ fr: f(MESSAGES.fr), en: f(MESSAGES.en) });
    const money = (cents: number): Texts => ({ fr: formatMoney(cents, 'fr'), en: formatMoney(cents, 'en') });

    const stages = new Map<PreparationStage, CStage>();
    const volumeBases = new Set<VolumeBasis>();
    const volumeLimits = new Map<VolumeBasis, number>();
    const usageMetrics = new Set<UsageMetric>();
    let hasDuration = false;
    let maximumMonths: number | null = null;

    const components: CComponent[] = t.components.map((c): CComponent => {
      const base = { code: c.code, label: c.label, nature: c.nature ?? 'COST', vatRateBp: c.vatRateBp ?? defaultVat };
      switch (c.kind) {
        case 'FIXED_FEE':
          return { ...base, kind: c.kind, amountCents: c.amountCents, incurredAt: c.incurredAt, priceText: money(c.amountCents) };
        case 'PREPARATION':
          return {
            ...base,
            kind: c.kind,
            stages: c.stages.map((s) => {
              const cs: CStage = {
                stage: s.stage,
                bit: STAGE_BIT[s.stage],
                index: STAGE_INDEX[s.stage],
                order: stages.size,
                dayRateCents: s.dayRateCents,
                estimatedDaysMilli: parseQuantity(s.estimatedDays) as number,
                optional: s.optional === true,
                label: s.label ?? { fr: MESSAGES.fr.stage[s.stage], en: MESSAGES.en.stage[s.stage] },
                lineLabel: s.label ?? { fr: `${c.label.fr} – ${MESSAGES.fr.stage[s.stage]}`, en: `${c.label.en} – ${MESSAGES.en.stage[s.stage]}` },
                rateText: money(s.dayRateCents),
              };
              stages.set(s.stage, cs);
              return cs;
            }),
          };
        case 'VOLUME': {
          volumeBases.add(c.basis);
          const per = c.per ?? 1;
          const tiers: CTier[] = (c.tiers ?? []).map((tier, i) => ({
            index: i + 1,
            from: tier.from,
            to: tier.to === null ? Infinity : tier.to,
            unitPriceCents: tier.unitPriceCents,
            flatFeeCents: tier.flatFeeCents ?? 0,
            range: both((m) => m.tierRange(tier.from, tier.to)),
            priceText: money(tier.unitPriceCents),
            flatText: money(tier.flatFeeCents ?? 0),
          }));
          const last = tiers[tiers.length - 1];
          if (last !== undefined && last.to !== Infinity) {
            volumeLimits.set(c.basis, Math.min(volumeLimits.get(c.basis) ?? Infinity, last.to));
          }
          const size = c.packageSize ?? 1;
          return {
            ...base,
            kind: c.kind,
            basis: c.basis,
            model: c.model,
            per,
            unitPriceCents: c.unitPriceCents ?? 0,
            tiers,
            packageSize: size,
            packagePriceCents: c.packagePriceCents ?? 0,
            priceText: money(c.model === 'PACKAGE' ? (c.packagePriceCents ?? 0) : (c.unitPriceCents ?? 0)),
            unitText: both((m) => m.perUnit(per, m.nouns.basis[c.basis])),
            packageUnitText: both((m) => `${m.nouns.package[0]} (${m.perUnit(size, m.nouns.basis[c.basis])})`),
            sizeText: both((m) => formatInteger(size, m.locale)),
          };
        }
        case 'DURATION':
          hasDuration = true;
          if (c.maximumMonths != null) maximumMonths = Math.min(maximumMonths ?? Infinity, c.maximumMonths);
          return {
            ...base,
            kind: c.kind,
            monthlyFeeCents: c.monthlyFeeCents,
            minimumMonths: c.minimumMonths ?? 0,
            maximumMonths: c.maximumMonths ?? null,
            priceText: money(c.monthlyFeeCents),
          };
        case 'USAGE':
          return {
            ...base,
            kind: c.kind,
            rates: c.rates.map((r) => {
              usageMetrics.add(r.metric);
              const per = r.per ?? 1;
              return {
                metric: r.metric,
                index: METRIC_INDEX[r.metric],
                unitPriceCents: r.unitPriceCents,
                per,
                priceText: money(r.unitPriceCents),
                unitText: both((m) => m.perUnit(per, m.nouns.metric[r.metric])),
              };
            }),
          };
      }
    });

    const reductions = new Map<BuyerCategory, BuyerReductionRule>();
    for (const r of t.reductions ?? []) for (const cat of r.categories) reductions.set(cat, r);

    const purposeRules = new Map<Purpose, CPurposeRule>();
    for (const r of t.purposeRules ?? []) purposeRules.set(r.purpose, compilePurposeRule(r, defaultVat, both, money));

    return new CompiledTariff(
      t,
      t.key,
      t.version ?? null,
      defaultVat,
      components,
      stages,
      [...stages.values()].reduce((mask, s) => (s.optional ? mask : mask | s.bit), 0),
      volumeBases,
      volumeLimits,
      hasDuration,
      maximumMonths,
      usageMetrics,
      reductions,
      t.costsOnly ?? DEFAULT_COSTS_ONLY,
      purposeRules,
      t.minimumTotalCents ?? null,
      t.maximumTotalCents ?? null,
    );
  }
}

function compilePurposeRule(
  r: PurposeRule,
  defaultVat: number,
  both: (f: (m: (typeof MESSAGES)['fr']) => string) => Texts,
  money: (cents: number) => Texts,
): CPurposeRule {
  const kinds: ComponentKind[] = r.appliesTo ?? ['FIXED_FEE', 'PREPARATION', 'VOLUME', 'DURATION', 'USAGE'];
  const multiplier = r.multiplierBp ?? null;
  return {
    purpose: r.purpose,
    multiplierBp: multiplier,
    appliesTo: new Set(kinds),
    kindsText: both((m) => kinds.map((k) => m.kinds[k]).join(', ')),
    multiplierText: both((m) => (multiplier === null ? '' : formatMultiplier(multiplier, m.locale))),
    extraFee: r.extraFee
      ? {
          code: r.extraFee.code,
          label: r.extraFee.label,
          amountCents: r.extraFee.amountCents,
          nature: r.extraFee.nature ?? 'MARGIN',
          vatRateBp: r.extraFee.vatRateBp ?? defaultVat,
          priceText: money(r.extraFee.amountCents),
        }
      : null,
  };
}

/** Freezes an object graph in place and returns it. */
export function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Prepares a tariff for repeated pricing (throws PricingInputError INVALID_TARIFF). */
export function compileTariff(tariff: TariffDefinition): CompiledTariff {
  return CompiledTariff.compile(tariff);
}
