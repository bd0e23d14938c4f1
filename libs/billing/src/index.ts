export * from './engine';
export * from './conformance/facturx-conformance';
