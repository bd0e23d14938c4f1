import { declareErrorReasons } from '@app/core';

/** Why payments refuse, where a client must tell cases of one code apart: `extensions.reason` beside the code. */
export enum PaymentsReason {
  /** CONFLICT: the bill is paid in full; a bill is paid once. */
  ALREADY_PAID = 'ALREADY_PAID',
  /** CONFLICT: part of the bill was paid by bank transfer: the rest is paid the same way. */
  PARTLY_PAID_BY_TRANSFER = 'PARTLY_PAID_BY_TRANSFER',
  /** CONFLICT: this bank transfer (its bank reference) is already recorded on the bill. */
  ALREADY_RECORDED = 'ALREADY_RECORDED',
  /** CONFLICT: the SEPA file was already confirmed executed. */
  ALREADY_EXECUTED = 'ALREADY_EXECUTED',
  /** CONFLICT: card and SEPA Debit payments (or Stripe webhooks) are off on this platform: pay by bank transfer. */
  STRIPE_DISABLED = 'STRIPE_DISABLED',
  /** CONFLICT: Stripe refused a request of the platform (not a decline of the buyer's payment). */
  STRIPE_REFUSED = 'STRIPE_REFUSED',
  /** CONFLICT: the card issuer or bank declined the buyer's payment; `declineCode` says why; pay with another method. */
  PAYMENT_DECLINED = 'PAYMENT_DECLINED',
  /** BAD_USER_INPUT (webhook): the Stripe-Signature header does not verify. */
  SIGNATURE = 'SIGNATURE',
  /** BAD_USER_INPUT (webhook): webhooks are off (no STRIPE_WEBHOOK_SECRET). */
  WEBHOOKS_DISABLED = 'WEBHOOKS_DISABLED',
  /** BAD_USER_INPUT (webhook): no body. */
  BODY = 'BODY',
}
declareErrorReasons('payments', PaymentsReason);
