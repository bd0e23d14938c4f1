// Reversing part of a bill (a refund, a credit note, a lost dispute) in proportion, exactly.
// The amount is split over what remains of every seller's share excl. VAT and of its VAT,
// by largest remainder (core's `allocate`); each seller's commission is then reversed in the
// proportion of that seller's reversed part, rounded half-up, and split between commission
// excl. VAT and its VAT the same way. Callers pass what remains after earlier reversals, so
// that repeated partial reversals can never take more than was posted, and reversing all
// that remains gives back every part exactly.

import { allocate, MAX_ALLOCATION_WEIGHT, mulDivRoundHalfUp, sumCents, type Cents } from '@app/core/kernel';
import { InputCheck } from './inputs';

export interface ReversibleShare {
  sellerId: string;
  /** What remains of the seller's share excl. VAT, not yet reversed. */
  netCents: Cents;
  /** What remains of the VAT invoiced in its name. */
  vatCents: Cents;
  /** What remains of the commission invoiced to it, excl. VAT. */
  commissionNetCents: Cents;
  commissionVatCents: Cents;
}

/** What one reversal takes back from one seller. */
export type ReversedShare = ReversibleShare;

/** Splits `amountCents` (incl. VAT) over the remaining shares: see the top of this file. */
export function reverseInProportion(movement: string, amountCents: Cents, remaining: readonly ReversibleShare[]): ReversedShare[] {
  const check = new InputCheck(movement).cents('amountCents', amountCents, 1).that(remaining.length > 0, 'remaining', 'lists no seller share');
  const seen = new Set<string>();
  remaining.forEach((s, i) => {
    const at = `remaining[${i}]`;
    check.id(`${at}.sellerId`, s.sellerId).that(!seen.has(s.sellerId), `${at}.sellerId`, `lists seller ${s.sellerId} twice`);
    seen.add(s.sellerId);
    for (const k of ['netCents', 'vatCents', 'commissionNetCents', 'commissionVatCents'] as const) {
      check.cents(`${at}.${k}`, s[k]).that(!(s[k] > MAX_ALLOCATION_WEIGHT), `${at}.${k}`, `parts above ${MAX_ALLOCATION_WEIGHT} cents cannot be reversed in proportion`);
    }
    // a share reversed whole took its commission with it
    check.that(s.netCents + s.vatCents > 0 || s.commissionNetCents + s.commissionVatCents === 0, `${at}.commissionNetCents`,
      'a commission remains on a share that does not: the commission goes with the last of its share');
  });
  check.done();
  const total = sumCents(remaining.flatMap((s) => [s.netCents, s.vatCents]));
  new InputCheck(movement)
    .that(amountCents <= total, 'amountCents', `${amountCents} cents is more than the ${total} cents that remain to reverse on this bill`)
    .done();

  const parts = allocate(amountCents, remaining.flatMap((s, i) => [
    { id: `${s.sellerId}:net`, weight: s.netCents, position: 2 * i },
    { id: `${s.sellerId}:vat`, weight: s.vatCents, position: 2 * i + 1 },
  ]));
  return remaining.map((s, i) => withCommission(s, parts[2 * i], parts[2 * i + 1]));
}

/**
 * What taking `netCents` and `vatCents` (each at most what remains) from a seller's share takes
 * of its commission: the commission that remains, in the proportion of the part taken to what
 * remains (half-up), split between commission excl. VAT and its VAT by largest remainder. Taking
 * all that remains takes all the commission.
 */
export function withCommission(s: ReversibleShare, netCents: Cents, vatCents: Cents): ReversedShare {
  const commission = s.commissionNetCents + s.commissionVatCents;
  const reversed = s.netCents + s.vatCents;
  const commissionPart = commission === 0 || reversed === 0 ? 0 : mulDivRoundHalfUp(commission, netCents + vatCents, reversed);
  const [commissionNetCents, commissionVatCents] = commissionPart === 0
    ? [0, 0]
    : allocate(commissionPart, [
      { id: 'net', weight: s.commissionNetCents, position: 0 },
      { id: 'vat', weight: s.commissionVatCents, position: 1 },
    ]);
  return { sellerId: s.sellerId, netCents, vatCents, commissionNetCents, commissionVatCents };
}
