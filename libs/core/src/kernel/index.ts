// The framework-free face of core: plain functions and types (money, number formatting,
// the calendar, coded errors), no Nest, TypeORM or GraphQL import, so pure engines may import
// `@app/core/kernel`.
export * from './money';
export * from './number-format';
export * from './calendar';
export * from '../errors/domain-error';
export * from './vat-number';
