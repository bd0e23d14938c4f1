/** Why one usage event of a batch was refused; the others of the batch are kept. */
export enum UsageRefusalCode {
  /** Not an object, or a missing or malformed eventId, agreementId or occurredAt. */
  INVALID_EVENT = 'INVALID_EVENT',
  /** Negative, not finite, more than 3 decimals, or above the per-event maximum. */
  INVALID_QUANTITY = 'INVALID_QUANTITY',
  /** Not a meter, or one the agreement's tariff does not price. */
  UNKNOWN_METER = 'UNKNOWN_METER',
  /** Before the agreement's start or on/after its end. */
  OUTSIDE_PERIOD = 'OUTSIDE_PERIOD',
  IN_THE_FUTURE = 'IN_THE_FUTURE',
  /** The agreement is signed but not started, expired or terminated. */
  AGREEMENT_NOT_ACTIVE = 'AGREEMENT_NOT_ACTIVE',
  /** No such agreement, or not one your organisation is party to. */
  NOT_FOUND = 'NOT_FOUND',
  /** Your organisation is the agreement's buyer: only its producer (or the platform) reports usage. */
  FORBIDDEN = 'FORBIDDEN',
  /** This eventId was already recorded for the agreement with another meter, quantity or time. */
  EVENT_ID_REUSED = 'EVENT_ID_REUSED',
}
