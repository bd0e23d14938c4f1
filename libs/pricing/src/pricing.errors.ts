import { declareErrorReasons } from '@app/core';

/** Why pricing (and whoever acts on a quote or tariff) refuses: `extensions.reason` beside the code. */
export enum PricingReason {
  /** NOT_FOUND: no published tariff version of the offering (or of the tariff named) applies on the day priced. */
  TARIFF_NOT_IN_EFFECT = 'TARIFF_NOT_IN_EFFECT',
  /** CONFLICT: the quote is past its validUntil; the producer quotes again. */
  QUOTE_EXPIRED = 'QUOTE_EXPIRED',
}
declareErrorReasons('pricing', PricingReason);
