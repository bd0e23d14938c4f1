// The framework-free face of payments: payout accounts, the payout plan, the SEPA file.
export * from './payout-account';
export * from './payout-plan';
export * from './pain001';
export * from './idempotency';
export * from './commission';
export * from './statement';
export * from './decline';
