export * from './signing';
export * from './agreement';
export * from './negotiation';
