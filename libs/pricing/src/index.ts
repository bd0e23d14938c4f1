export * from './engine';
export * from './grids/standard-grids';
export * from './pdf/quote-pdf';
export * from './pricing.module';
export * from './pricing.errors';
// Entities are types to others: they read pricing's tables through its services.
export { TariffVersionStatus } from './tariff.entities';
export type { TariffEntity, TariffVersionEntity } from './tariff.entities';
export * from './tariff.models';
export * from './tariff.service';
export type { QuoteEntity } from './quote.entities';
export * from './quote.models';
export * from './quote.service';
export * from './pricing.events';
export * from './negotiated-quote.service';
export * from './usage-pricing.service';
export { QuoteRequestInput } from './dto/quote.inputs';
export { toPriceModel, toQuoteModel } from './pricing.mappers';
export { QuantityScalar } from './quantity.scalar';
