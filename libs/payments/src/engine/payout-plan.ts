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

/** What a seller owes back (a refund or credit note reversed part of a bill it was already paid for), to deduct from its next payouts. */
export interface SellerDebt {
  /** Of its payable (shares excl. VAT less commission). */
  payableCents: Cents;
  /** Of the VAT collected in its name. */
  vatCents: Cents;
}

export interface NettedPayout {
  payout: PlannedPayout;
  /** Held back from the payout's payable and VAT for what the seller owes: the payout sends the rest. */
  nettedPayableCents: Cents;
  nettedVatCents: Cents;
}

/**
 * A seller's debt as the books give it (owed back less netted so far, per account): netting may
 * cross accounts, so one side can go below 0 while the total stays right; the total is what counts.
 */
export function normalizeDebt(payableCents: Cents, vatCents: Cents): SellerDebt | null {
  const total = payableCents + vatCents;
  if (total <= 0) return null;
  if (payableCents < 0) return { payableCents: 0, vatCents: total };
  if (vatCents < 0) return { payableCents: total, vatCents: 0 };
  return { payableCents, vatCents };
}

/**
 * Deducts what sellers owe from their planned payouts, in the plan's order: each debt account
 * from the same account of the payout first (payable from payable, VAT from VAT), then from the
 * other, so that a seller is never paid while it still owes. A payout reduced to 0 is sent as
 * nothing (`sent` excludes it; `absorbed` lists it, to be recorded as netted); no amount is ever
 * negative. Returns what is left of each debt.
 */
export function netPayouts(
  payouts: readonly PlannedPayout[],
  debts: ReadonlyMap<string, SellerDebt>,
): { sent: NettedPayout[]; absorbed: NettedPayout[]; remaining: Map<string, SellerDebt> } {
  const left = new Map([...debts].map(([seller, d]) => [seller, { ...d }]));
  const sent: NettedPayout[] = [];
  const absorbed: NettedPayout[] = [];
  for (const p of payouts) {
    const d = left.get(p.sellerId);
    if (!d || d.payableCents + d.vatCents <= 0) {
      sent.push({ payout: p, nettedPayableCents: 0, nettedVatCents: 0 });
      continue;
    }
    let payable = p.payableCents;
    let vat = p.vatCents;
    const take = (from: 'payable' | 'vat', debt: keyof SellerDebt): Cents => {
      const n = Math.min(d[debt], from === 'payable' ? payable : vat);
      d[debt] -= n;
      if (from === 'payable') payable -= n;
      else vat -= n;
      return n;
    };
    const same = [take('payable', 'payableCents'), take('vat', 'vatCents')];
    const cross = [take('payable', 'vatCents'), take('vat', 'payableCents')];
    const netted: NettedPayout = {
      payout: { ...p, payableCents: payable, vatCents: vat, amountCents: payable + vat },
      nettedPayableCents: same[0] + cross[0], nettedVatCents: same[1] + cross[1],
    };
    (payable + vat > 0 ? sent : absorbed).push(netted);
  }
  return { sent, absorbed, remaining: new Map([...left].filter(([, d]) => d.payableCents + d.vatCents > 0)) };
}
