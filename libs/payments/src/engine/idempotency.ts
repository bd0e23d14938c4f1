// Stripe idempotency keys, derived from what the call is for, so that a retried call (after a
// time-out, a crash, a second replica) reuses its key and Stripe answers with the first result.

export const stripeKeys = {
  paymentIntent: (billId: string) => `bill-${billId}-payment-intent`,
  transfer: (paymentId: string, sellerId: string) => `payout-${paymentId}-${sellerId}`,
  refund: (refundId: string) => `refund-${refundId}`,
  transferReversal: (refundId: string, sellerId: string) => `refund-${refundId}-reversal-${sellerId}`,
};
