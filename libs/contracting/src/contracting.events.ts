import { domainEvent } from '@app/core';

/** The events contracting publishes, in the transaction of the change. */

/** Who and what an agreement binds; every agreement event carries it. Days are Paris days (YYYY-MM-DD). */
export interface AgreementFacts {
  agreementId: string;
  number: string;
  requestId: string;
  offeringId: string;
  buyerId: string;
  producerId: string;
  /** The first day of access, and the first day without it. */
  startsOn: string;
  endsOn: string;
}

/** Both parties signed and the platform sealed the PDF: the agreement binds them (billing starts from here). */
export const AgreementSealed = domainEvent<AgreementFacts & { sealedAt: string; sealedPdfSha256: string }>('agreement.sealed');

/** The start date of a sealed agreement came: access is granted. */
export const AgreementActivated = domainEvent<AgreementFacts & { activatedAt: string }>('agreement.activated');

/** The end date of an active agreement came: access ends. */
export const AgreementExpired = domainEvent<AgreementFacts & { expiredAt: string }>('agreement.expired');

/** A party ended a signed or active agreement before its end date. */
export const AgreementTerminated = domainEvent<AgreementFacts & { terminatedAt: string; by: 'BUYER' | 'PRODUCER'; reason: string }>('agreement.terminated');

/**
 * The buyer withdrew its request before signature (it is WITHDRAWN). `quoteId` is the quote
 * whose terms it was on: the accepted one, or before acceptance the producer's latest; null
 * when it was withdrawn before any quote. Days are Paris days.
 */
export const AccessRequestWithdrawn = domainEvent<{
  requestId: string;
  number: string;
  offeringId: string;
  offeringVersionId: string;
  buyerId: string;
  producerId: string;
  /** The state it left. */
  fromState: string;
  quoteId: string | null;
  requestedOn: string;
  withdrawnAt: string;
}>('access_request.withdrawn');
