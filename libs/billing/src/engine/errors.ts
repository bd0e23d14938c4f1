// The one error the billing engine throws for bad input, with every problem found.

import { InvoiceProblem } from './types';

export type BillingErrorCode = 'INVALID_BILL' | 'INVALID_INVOICE';

export class BillingInputError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    readonly problems: InvoiceProblem[],
  ) {
    super(`${code === 'INVALID_BILL' ? 'Invalid bill' : 'Invalid invoice'}: ` + problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'BillingInputError';
  }
}
