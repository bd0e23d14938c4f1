export * from './engine';
export * from './grids/standard-grids';
export * from './pdf/quote-pdf';
