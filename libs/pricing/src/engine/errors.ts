// The one error the engine throws for bad input; the GraphQL layer maps it to BAD_USER_INPUT.

import { PricingProblem } from './types';

export type PricingErrorCode = 'INVALID_TARIFF' | 'INVALID_QUOTE_REQUEST';

export class PricingInputError extends Error {
  constructor(
    readonly code: PricingErrorCode,
    readonly problems: PricingProblem[],
  ) {
    super(
      `${code === 'INVALID_TARIFF' ? 'Invalid tariff' : 'Invalid quote request'}: ` +
        problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    );
    this.name = 'PricingInputError';
  }
}
