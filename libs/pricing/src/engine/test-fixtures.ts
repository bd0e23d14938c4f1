// Tariffs and requests shared by the engine's specs (not exported by the library).

import { QuoteRequest, TariffDefinition } from './types';

const label = (fr: string, en: string) => ({ fr, en });

/** Every component kind, one rule of each sort. A fresh object on every call. */
export function sampleTariff(): TariffDefinition {
  return {
    key: 'sample',
    version: '1.0.0',
    currency: 'EUR',
    components: [
      { kind: 'FIXED_FEE', code: 'APP', label: label('Instruction', 'Application handling'), amountCents: 150000, incurredAt: 'APPLICATION' },
      {
        kind: 'PREPARATION',
        code: 'PREP',
        label: label('Préparation', 'Preparation'),
        stages: [
          { stage: 'EXTRACTION', dayRateCents: 80000, estimatedDays: '3' },
          { stage: 'PSEUDONYMISATION', dayRateCents: 80000, estimatedDays: '2.5' },
          { stage: 'LINKAGE', dayRateCents: 90000, estimatedDays: '1.5', optional: true },
        ],
      },
      {
        kind: 'VOLUME',
        code: 'VOL',
        label: label('Volume', 'Volume'),
        basis: 'PATIENTS',
        model: 'GRADUATED',
        nature: 'MARGIN',
        tiers: [
          { from: 1, to: 10000, unitPriceCents: 50 },
          { from: 10001, to: 50000, unitPriceCents: 40 },
          { from: 50001, to: null, unitPriceCents: 25 },
        ],
      },
      { kind: 'DURATION', code: 'TERM', label: label('Accès', 'Access'), monthlyFeeCents: 50000, minimumMonths: 12, maximumMonths: 48 },
      {
        kind: 'USAGE',
        code: 'SDE',
        label: label('Espace sécurisé', 'Secure environment'),
        rates: [
          { metric: 'COMPUTE_HOURS', unitPriceCents: 120 },
          { metric: 'API_CALLS', unitPriceCents: 50, per: 1000 },
        ],
      },
      { kind: 'FIXED_FEE', code: 'CLOSE', label: label('Clôture', 'Closure'), amountCents: 50000, incurredAt: 'CLOSURE' },
    ],
    reductions: [{ categories: ['ACADEMIC', 'PUBLIC_BODY'], reductionBp: 5000 }],
    purposeRules: [{ purpose: 'AI_TRAINING', multiplierBp: 15000, appliesTo: ['VOLUME'] }],
    minimumTotalCents: 500000,
    maximumTotalCents: 10000000,
  };
}

export function sampleRequest(): QuoteRequest {
  return { buyer: { category: 'PHARMA', country: 'FR', vatNumber: 'FR83404833048' }, patients: 35000, months: 12 };
}
