import { domainEvent } from '@app/core';

/** The events pricing publishes, in the transaction of the change. */

/** A tariff version was published: it prices the offering from `effectiveFrom` (a Paris day, YYYY-MM-DD). */
export const TariffPublished = domainEvent<{
  tariffId: string;
  offeringId: string;
  producerId: string;
  versionId: string;
  versionNo: number;
  effectiveFrom: string;
}>('tariff.published');
