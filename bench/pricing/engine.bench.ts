// Tariff engine benchmark: quotes per second on one core and the latency of one quote.
// Run: npx ts-node -r tsconfig-paths/register --transpile-only bench/pricing/engine.bench.ts
// Target: >= 100,000 quotes/s with a compiled 8-component tariff.

import { compileTariff, computeQuote, QuoteRequest, TariffDefinition } from '../../libs/pricing/src/engine';

const label = (fr: string, en: string) => ({ fr, en });

/** 8 components: 3 fixed fees, preparation (3 stages), 2 volumes, duration, usage (4 metrics). */
const tariff: TariffDefinition = {
  key: 'bench-network',
  version: '1.0.0',
  currency: 'EUR',
  components: [
    { kind: 'FIXED_FEE', code: 'APPLICATION', label: label('Instruction de la demande', 'Application handling'), amountCents: 150000, incurredAt: 'APPLICATION' },
    { kind: 'FIXED_FEE', code: 'ACCESS', label: label("Ouverture de l'accès", 'Access opening'), amountCents: 200000, incurredAt: 'ACCESS', nature: 'MARGIN' },
    {
      kind: 'PREPARATION',
      code: 'PREP',
      label: label('Préparation des données', 'Data preparation'),
      stages: [
        { stage: 'EXTRACTION', dayRateCents: 80000, estimatedDays: '3' },
        { stage: 'PSEUDONYMISATION', dayRateCents: 80000, estimatedDays: '2.5' },
        { stage: 'LINKAGE', dayRateCents: 90000, estimatedDays: '1.5', optional: true },
      ],
    },
    {
      kind: 'VOLUME',
      code: 'PATIENTS',
      label: label('Mise à disposition par patient', 'Provision per patient'),
      basis: 'PATIENTS',
      model: 'GRADUATED',
      nature: 'MARGIN',
      tiers: [
        { from: 1, to: 10000, unitPriceCents: 50 },
        { from: 10001, to: 50000, unitPriceCents: 40, flatFeeCents: 10000 },
        { from: 50001, to: 250000, unitPriceCents: 25 },
        { from: 250001, to: null, unitPriceCents: 10 },
      ],
    },
    { kind: 'VOLUME', code: 'RECORDS', label: label('Enregistrements', 'Records'), basis: 'RECORDS', model: 'PACKAGE', packageSize: 1000000, packagePriceCents: 50000 },
    { kind: 'DURATION', code: 'TERM', label: label("Durée d'accès", 'Access term'), monthlyFeeCents: 50000, minimumMonths: 12, maximumMonths: 60 },
    {
      kind: 'USAGE',
      code: 'SDE',
      label: label('Environnement sécurisé', 'Secure environment'),
      rates: [
        { metric: 'COMPUTE_HOURS', unitPriceCents: 120 },
        { metric: 'STORAGE_GB_MONTHS', unitPriceCents: 15 },
        { metric: 'EXTRACTIONS', unitPriceCents: 2500 },
        { metric: 'API_CALLS', unitPriceCents: 50, per: 1000 },
      ],
    },
    { kind: 'FIXED_FEE', code: 'CLOSURE', label: label('Clôture du projet', 'Project closure'), amountCents: 50000, incurredAt: 'CLOSURE' },
  ],
  reductions: [{ categories: ['ACADEMIC', 'PUBLIC_BODY'], reductionBp: 5000 }],
  purposeRules: [{ purpose: 'AI_TRAINING', multiplierBp: 15000, appliesTo: ['VOLUME'] }],
  minimumTotalCents: 500000,
  maximumTotalCents: 50000000,
};

const buyers = [
  { category: 'PHARMA' as const, country: 'FR', vatNumber: 'FR40303265045' },
  { category: 'ACADEMIC' as const, country: 'FR' },
  { category: 'SME' as const, country: 'DE', vatNumber: 'DE123456789' },
  { category: 'STARTUP' as const, country: 'US' },
];

/** A pool of varied requests, so the engine does not see one input over and over. */
const requests: QuoteRequest[] = Array.from({ length: 1024 }, (_, i) => ({
  buyer: buyers[i % buyers.length],
  purpose: i % 3 === 0 ? 'AI_TRAINING' : 'SCIENTIFIC_RESEARCH',
  patients: 1000 + ((i * 7919) % 400000),
  records: 50000 + ((i * 104729) % 20000000),
  months: 6 + (i % 30),
  preparation: i % 2 === 0 ? { stages: ['LINKAGE'] } : { days: { EXTRACTION: '4.5' } },
  expectedUsage: { COMPUTE_HOURS: '120.5', STORAGE_GB_MONTHS: '10.25', EXTRACTIONS: 3, API_CALLS: 250000 + i },
}));

function throughput(name: string, n: number, run: (r: QuoteRequest) => number): void {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += run(requests[i & 1023]);
  const ns = Number(process.hrtime.bigint() - t0);
  const perSec = (n / ns) * 1e9;
  console.log(`${name}: ${n.toLocaleString('en')} quotes in ${(ns / 1e6).toFixed(0)} ms = ${Math.round(perSec).toLocaleString('en')} quotes/s (checksum ${sink})`);
}

function latency(name: string, n: number, run: (r: QuoteRequest) => number): void {
  const samples = new Float64Array(n);
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    sink += run(requests[i & 1023]);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  samples.sort();
  const pct = (p: number) => (samples[Math.min(n - 1, Math.floor(p * n))] / 1000).toFixed(1);
  console.log(`${name}: latency over ${n.toLocaleString('en')} quotes: p50 ${pct(0.5)} µs, p99 ${pct(0.99)} µs, max ${(samples[n - 1] / 1000).toFixed(1)} µs (checksum ${sink})`);
}

const compiled = compileTariff(tariff);
const sample = computeQuote(compiled, requests[0]);
console.log(`tariff: ${tariff.components.length} components; one quote has ${sample.lines.length} lines and ${sample.adjustments.length} adjustments`);

const withCompiled = (r: QuoteRequest) => computeQuote(compiled, r).totalCents;
const withRaw = (r: QuoteRequest) => computeQuote(tariff, r).totalCents;

throughput('warm-up', 50000, withCompiled);
throughput('compiled tariff', 200000, withCompiled);
latency('compiled tariff', 100000, withCompiled);
throughput('raw tariff (compiled once, cache checked by JSON text on every call)', 20000, withRaw);
latency('raw tariff', 20000, withRaw);
