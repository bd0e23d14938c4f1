import { BadInputError, FieldProblem } from '@app/core';
import { PricingInputError, QuoteBuyer, QuoteRequest, UsageQuantities } from './engine';
import { QuoteRequestInput } from './dto/quote.inputs';

/** Drops absent parameters, so that saved requests hold only what was asked. */
function compact<T extends object>(o: T): T | null {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined && v !== null);
  return entries.length ? (Object.fromEntries(entries) as T) : null;
}

/** The engine's request from the GraphQL input and the buyer (never taken from the client's input). */
export function toEngineRequest(input: QuoteRequestInput, buyer: QuoteBuyer): QuoteRequest {
  const prep = input.preparation;
  const days = prep?.days;
  const usage = input.expectedUsage;
  const w = input.withdrawal;
  return compact({
    buyer: compact(buyer)!,
    purpose: input.purpose,
    patients: input.patients,
    records: input.records,
    months: input.months,
    preparation: prep && compact({
      stages: prep.stages,
      days: days && compact({ EXTRACTION: days.extraction, PSEUDONYMISATION: days.pseudonymisation, ANONYMISATION: days.anonymisation, LINKAGE: days.linkage }),
    }),
    expectedUsage: usage && compact<UsageQuantities>({
      COMPUTE_HOURS: usage.computeHours, STORAGE_GB_MONTHS: usage.storageGbMonths, EXTRACTIONS: usage.extractions, API_CALLS: usage.apiCalls,
    }),
    withdrawal: w && compact({ afterStage: w.afterStage, completedStages: w.completedStages }),
  })!;
}

/** Engine names (upper case) of the GraphQL input fields. */
const INPUT_NAMES: Record<string, string> = {
  EXTRACTION: 'extraction', PSEUDONYMISATION: 'pseudonymisation', ANONYMISATION: 'anonymisation', LINKAGE: 'linkage',
  COMPUTE_HOURS: 'computeHours', STORAGE_GB_MONTHS: 'storageGbMonths', EXTRACTIONS: 'extractions', API_CALLS: 'apiCalls',
};

/** Where the buyer's fields came from: the estimate's arguments or the buyer organisation. */
export type BuyerFields = Record<'category' | 'country' | 'vatNumber' | 'nonProfit', string>;

export const BUYER_ARGUMENTS: BuyerFields = {
  category: 'buyerCategory', country: 'buyerCountry', vatNumber: 'buyerVatNumber', nonProfit: 'buyerCategory',
};
export const BUYER_ORGANIZATION: BuyerFields = {
  category: 'organization.kind', country: 'organization.address.country', vatNumber: 'organization.vatNumber', nonProfit: 'organization.kind',
};

/** An engine path ("preparation.days.LINKAGE", "buyer.country") as the client's field name. */
export function clientField(path: string, buyer: BuyerFields): string {
  if (path.startsWith('buyer.')) return buyer[path.slice(6) as keyof BuyerFields] ?? path;
  if (path === 'buyer') return buyer.category;
  if (path === 'request') return 'request';
  const parts = path.split('.').map((p, i) => (i > 0 && INPUT_NAMES[p]) || p);
  return `request.${parts.join('.')}`;
}

/** PricingInputError -> BAD_USER_INPUT naming each request parameter. */
export function requestProblems(e: PricingInputError, buyer: BuyerFields): BadInputError {
  const problems: FieldProblem[] = e.problems.map((p) => ({ field: clientField(p.path, buyer), message: p.message }));
  return new BadInputError(problems);
}

/** validateTariff problems -> BAD_USER_INPUT on `definition.<path>`. */
export function definitionProblems(problems: { path: string; message: string }[]): BadInputError {
  return new BadInputError(problems.map((p) => ({ field: p.path && p.path !== 'tariff' ? `definition.${p.path}` : 'definition', message: p.message })));
}
