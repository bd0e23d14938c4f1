import { declareErrorReasons } from '@app/core';

/** Why the catalog (and whoever acts on an offering) refuses: `extensions.reason` beside the code. */
export enum CatalogReason {
  /** CONFLICT: the offering is retired; it is no longer edited, priced, requested or licensed. */
  OFFERING_RETIRED = 'OFFERING_RETIRED',
}
declareErrorReasons('catalog', CatalogReason);
