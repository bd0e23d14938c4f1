// Public face of the tariff engine: pure functions and types, no framework import.

export * from './types';
export { computeQuote, priceUsage, validateQuoteRequest, validateUsagePricingRequest } from './compute-quote';
export { compileTariff, CompiledTariff, DEFAULT_COSTS_ONLY, deepFreeze } from './compile';
export { validateTariff } from './validate-tariff';
export { PricingInputError } from './errors';
export type { PricingErrorCode } from './errors';
export { parseQuantity, quantityToString, MAX_QUANTITY_UNITS } from './decimal';
export { formatMultiplier, formatQuantity } from './format';
export { VAT_MENTION_OUT_OF_SCOPE, VAT_MENTION_REVERSE_CHARGE } from './messages';
export { vatMentionFor, vatRegimeFor } from './vat';
