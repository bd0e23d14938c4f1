import { planPayouts, payoutKey, type PayoutDestination, type SettledPayment } from './payout-plan';

const dest = (sellerId: string, d: Partial<PayoutDestination>): [string, PayoutDestination] => [sellerId, { sellerId, name: sellerId, stripeAccountId: null, iban: null, bic: null, ...d }];

describe('payout plan', () => {
  const payments: SettledPayment[] = [
    { paymentId: 'p2', billId: 'b2', billNumber: 'B-2', via: 'BANK', chargeId: null, sellers: [{ sellerId: 's1', payableCents: 900, vatCents: 200 }] },
    { paymentId: 'p1', billId: 'b1', billNumber: 'B-1', via: 'STRIPE', chargeId: 'ch_1', sellers: [
      { sellerId: 's2', payableCents: 4_000, vatCents: 900 },
      { sellerId: 's1', payableCents: 5_000, vatCents: 1_100 },
      { sellerId: 's3', payableCents: 100, vatCents: 20 },
      { sellerId: 's4', payableCents: 0, vatCents: 0 },
    ] },
  ];
  const destinations = new Map([dest('s1', { stripeAccountId: 'acct_s1', iban: 'FR7630006000011234567890189' }), dest('s2', { iban: 'DE89370400440532013000' })]);

  it('pays Stripe payments by transfer to connected accounts, the rest by SEPA, in a stable order, once per (payment, seller)', () => {
    const { payouts, waiting } = planPayouts(payments, destinations, new Set());
    expect(payouts.map((p) => [p.key, p.method, p.amountCents])).toEqual([
      [payoutKey('p1', 's1'), 'STRIPE_TRANSFER', 6_100],
      [payoutKey('p1', 's2'), 'SEPA_CREDIT_TRANSFER', 4_900],
      [payoutKey('p2', 's1'), 'SEPA_CREDIT_TRANSFER', 1_100],
    ]);
    expect(waiting).toEqual([{ paymentId: 'p1', sellerId: 's3', amountCents: 120, reason: 'no payout account registered' }]);
    const again = planPayouts(payments, destinations, new Set(payouts.map((p) => p.key)));
    expect(again.payouts).toEqual([]);
  });
});
