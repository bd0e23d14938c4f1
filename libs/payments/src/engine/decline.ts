// What a buyer is told when its card issuer or bank declines a payment. Stripe's own message
// is never passed on (it may carry ids, parameters or text meant for the platform): the
// decline code, a stable Stripe value, chooses one of our messages, each saying what to do.

const DECLINES: Readonly<Record<string, string>> = {
  insufficient_funds: 'the card has insufficient funds',
  expired_card: 'the card has expired',
  incorrect_cvc: 'the security code (CVC) is incorrect',
  incorrect_number: 'the card number is incorrect',
  invalid_expiry_month: 'the expiry date is invalid',
  invalid_expiry_year: 'the expiry date is invalid',
  lost_card: 'the card was reported lost',
  stolen_card: 'the card was reported stolen',
  card_velocity_exceeded: "the card's spending limit was reached",
  withdrawal_count_limit_exceeded: "the card's spending limit was reached",
  do_not_honor: 'the card issuer refused it without giving a reason',
  generic_decline: 'the card issuer refused it without giving a reason',
  card_not_supported: 'the card does not support this payment',
  currency_not_supported: 'the card does not support payments in this currency',
  fraudulent: 'the card issuer refused it',
  authentication_required: 'the bank requires the buyer to authenticate (3-D Secure): confirm the payment in the browser with Stripe.js',
  processing_error: 'the card issuer could not process it: try again in a few minutes',
  insufficient_funds_sepa: 'the account has insufficient funds',
  debit_not_authorized: 'the account holder did not authorise the SEPA Debit',
  account_closed: 'the bank account is closed',
  bank_account_restricted: 'the bank account does not accept direct debits',
};

/** The message for a declined payment, from Stripe's `decline_code` (or `code`); never Stripe's text. */
export function declineMessage(declineCode: string | null | undefined, code?: string | null): string {
  const known = (c: string | null | undefined) => (c && Object.hasOwn(DECLINES, c) ? DECLINES[c] : null);
  const why = known(declineCode) ?? known(code) ?? 'the card issuer or bank refused it';
  return `The payment was declined: ${why}. Pay with another card, by SEPA Debit or by bank transfer with the bill number as reference`;
}

/** A decline code worth showing (a lower-case Stripe code), or null. */
export function safeDeclineCode(value: unknown): string | null {
  return typeof value === 'string' && /^[a-z_]{1,60}$/.test(value) ? value : null;
}
