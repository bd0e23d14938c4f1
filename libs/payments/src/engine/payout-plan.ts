// What the payout run pays: for every bill paid in full whose money has settled, each
// seller's part (its shares incl. VAT, less its commission incl. VAT, less what refunds took
// back), once per (payment, seller). A seller with a Stripe connected account is paid by a
// Stripe transfer from the charge (`source_transaction`) when the bill was paid through
// Stripe; otherwise by a SEPA credit transfer to its IBAN. A seller with neither waits.

import type { Cents } from '@app/core/kernel';

export type PayoutMethod = 'STRIPE_TRANSFER' | 'SEPA_CREDIT_TRANSFER';

export interface SettledSellerPart {
  sellerId: string;
  /** Its shares excl. VAT less its commission incl. VAT, less what refunds reversed. */
  payableCents: Cents;
  /** The VAT invoiced in its name, less what refunds reversed. */
  vatCents: Cents;
}

export interface SettledPayment {
  paymentId: string;
  billId: string;
  billNumber: string;
  via: 'STRIPE' | 'BANK';
  /** The Stripe charge the transfers are taken from (`source_transaction`). */
  chargeId: string | null;
  sellers: SettledSellerPart[];
}

export interface PayoutDestination {
  sellerId: string;
  name: string;
  stripeAccountId: string | null;
  iban: string | null;
  bic: string | null;
}

export interface PlannedPayout {
  /** Unique per (payment, seller): the payout's identity, its ledger key and Stripe's idempotency key. */
  key: string;
  paymentId: string;
  billId: string;
  billNumber: string;
  sellerId: string;
  method: PayoutMethod;
  payableCents: Cents;
  vatCents: Cents;
  amountCents: Cents;
  chargeId: string | null;
  destination: PayoutDestination;
}

export interface WaitingPayout {
  paymentId: string;
  sellerId: string;
  amountCents: Cents;
  reason: string;
}

export function payoutKey(paymentId: string, sellerId: string): string {
  return `payout:${paymentId}:${sellerId}`;
}

/** The payouts still to make, in a stable order (bill number, then seller), and those waiting for a payout account. */
export function planPayouts(
  payments: readonly SettledPayment[],
  destinations: ReadonlyMap<string, PayoutDestination>,
  alreadyPaid: ReadonlySet<string>,
): { payouts: PlannedPayout[]; waiting: WaitingPayout[] } {
  const payouts: PlannedPayout[] = [];
  const waiting: WaitingPayout[] = [];
  const ordered = [...payments].sort((a, b) => (a.billNumber < b.billNumber ? -1 : a.billNumber > b.billNumber ? 1 : a.paymentId < b.paymentId ? -1 : 1));
  for (const p of ordered) {
    for (const s of [...p.sellers].sort((a, b) => (a.sellerId < b.sellerId ? -1 : 1))) {
      const key = payoutKey(p.paymentId, s.sellerId);
      const amountCents = s.payableCents + s.vatCents;
      if (alreadyPaid.has(key) || amountCents <= 0 || s.payableCents < 0) continue;
      const d = destinations.get(s.sellerId);
      const method: PayoutMethod | null = d?.stripeAccountId && p.via === 'STRIPE' && p.chargeId ? 'STRIPE_TRANSFER' : d?.iban ? 'SEPA_CREDIT_TRANSFER' : null;
      if (!d || !method) {
        waiting.push({ paymentId: p.paymentId, sellerId: s.sellerId, amountCents, reason: d?.stripeAccountId ? 'paid by bank transfer: the seller needs an IBAN for a SEPA credit transfer' : 'no payout account registered' });
        continue;
      }
      payouts.push({
        key, paymentId: p.paymentId, billId: p.billId, billNumber: p.billNumber, sellerId: s.sellerId, method,
        payableCents: s.payableCents, vatCents: s.vatCents, amountCents, chargeId: p.chargeId, destination: d,
      });
    }
  }
  return { payouts, waiting };
}
