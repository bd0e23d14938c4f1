import fc from 'fast-check';
import { entryProblems, type EntryDraft } from './entry';
import {
  billIssued, commissionInvoiced, creditNote, disputeLost, disputeOpened, disputeWon, paymentReceived, payoutSent, payoutSettled,
  refund, refundPaid, transferReversal,
} from './postings';
import { reverseInProportion, type ReversibleShare } from './reversal';

const PLATFORM = 'platform';
const BUYER = 'buyer';
const cents = (max: number, min = 0) => fc.integer({ min, max });
const big = fc.oneof(cents(1_000), cents(1_000_000_000));
const currency = fc.constantFrom('EUR', 'CHF');
const abs = (x: bigint) => (x < 0n ? -x : x);

const shares: fc.Arbitrary<ReversibleShare[]> = fc
  .array(fc.record({ netCents: big, vatCents: big, commissionNetCents: big, commissionVatCents: cents(250_000_000) }), { minLength: 1, maxLength: 8 })
  .map((ss) => ss.map((s, i) => {
    const share = s.netCents + s.vatCents;
    return { ...s, sellerId: `seller-${i}`, commissionNetCents: Math.min(s.commissionNetCents, share), commissionVatCents: share === 0 ? 0 : s.commissionVatCents };
  }))
  .filter((ss) => ss.some((s) => s.netCents + s.vatCents > 0));

const reversalInput = shares.chain((remaining) => {
  const total = remaining.reduce((t, s) => t + s.netCents + s.vatCents, 0);
  return fc.record({ remaining: fc.constant(remaining), amountCents: cents(total, 1), currency });
});

/** One movement of every kind, with any valid amounts. */
const movement: fc.Arbitrary<EntryDraft> = fc.oneof(
  fc.record({ shares: fc.array(fc.record({ netCents: big, vatCents: big }), { minLength: 1, maxLength: 8 }), currency })
    .filter((b) => b.shares.some((s) => s.netCents + s.vatCents > 0))
    .map((b) => billIssued({ buyerId: BUYER, currency: b.currency, shares: b.shares.map((s, i) => ({ ...s, sellerId: `seller-${i}` })) })),
  fc.record({ netCents: cents(1_000_000_000, 1), vatCents: big }).map((c) => commissionInvoiced({ sellerId: 's', platformId: PLATFORM, ...c })),
  fc.record({ amountCents: cents(1_000_000_000, 1), outstandingCents: big, fee: fc.double({ min: 0, max: 1, noNaN: true }), via: fc.constantFrom('STRIPE', 'BANK' as const) })
    .map((p) => paymentReceived({ buyerId: BUYER, platformId: PLATFORM, via: p.via, amountCents: p.amountCents, outstandingCents: p.outstandingCents, feeCents: Math.floor(p.amountCents * p.fee) })),
  fc.record({ payableCents: big, vatCents: big, method: fc.constantFrom('STRIPE_TRANSFER', 'SEPA_CREDIT_TRANSFER' as const) })
    .filter((p) => p.payableCents + p.vatCents > 0)
    .map((p) => payoutSent({ sellerId: 's', platformId: PLATFORM, ...p })),
  cents(1_000_000_000, 1).map((amountCents) => payoutSettled({ sellerId: 's', platformId: PLATFORM, amountCents })),
  fc.record({ payableCents: big, vatCents: big }).filter((p) => p.payableCents + p.vatCents > 0)
    .map((p) => transferReversal({ sellerId: 's', platformId: PLATFORM, ...p })),
  cents(1_000_000_000, 1).map((amountCents) => refundPaid({ buyerId: BUYER, platformId: PLATFORM, via: 'STRIPE', amountCents })),
  fc.record({ amountCents: cents(1_000_000_000, 1), feeCents: cents(10_000) }).map((d) => disputeOpened({ platformId: PLATFORM, ...d })),
  fc.record({ amountCents: cents(1_000_000_000, 1), feeReturnedCents: cents(10_000) }).map((d) => disputeWon({ platformId: PLATFORM, ...d })),
  reversalInput.map((r) => refund({ buyerId: BUYER, platformId: PLATFORM, ...r }).entry),
  reversalInput.map((r) => creditNote({ buyerId: BUYER, platformId: PLATFORM, ...r }).entry),
  reversalInput.map((r) => disputeLost({ buyerId: BUYER, platformId: PLATFORM, ...r }).entry),
);

const KEYS = ['netCents', 'vatCents', 'commissionNetCents', 'commissionVatCents'] as const;

// Predicates return false on the first broken rule (fast-check then shrinks to the smallest case).
describe('posting engine (properties)', () => {
  it('every entry balances exactly: at least two lines, one positive side each, debits equal credits', () => {
    fc.assert(
      fc.property(movement, (e) => {
        const debits = e.lines.reduce((s, l) => s + l.debitCents, 0);
        const credits = e.lines.reduce((s, l) => s + l.creditCents, 0);
        return entryProblems(e).length === 0 && e.lines.length >= 2 && debits === credits && debits > 0
          && e.lines.every((l) => (l.debitCents > 0) !== (l.creditCents > 0) && l.debitCents >= 0 && l.creditCents >= 0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a reversal of any split takes back parts that sum to it, none above what remains, each within a cent of its proportion', () => {
    fc.assert(
      fc.property(reversalInput, ({ remaining, amountCents }) => {
        const parts = reverseInProportion('REFUND', amountCents, remaining);
        const total = BigInt(remaining.reduce((t, s) => t + s.netCents + s.vatCents, 0));
        if (parts.reduce((t, p) => t + p.netCents + p.vatCents, 0) !== amountCents) return false;
        const ok = parts.every((p, i) => {
          const s = remaining[i];
          const g = BigInt(s.netCents + s.vatCents);
          const c = BigInt(s.commissionNetCents + s.commissionVatCents);
          const r = BigInt(p.netCents + p.vatCents);
          return p.sellerId === s.sellerId
            && KEYS.every((k) => p[k] >= 0 && p[k] <= s[k])
            // |part - amount × weight / total| < 1, in integers
            && (['netCents', 'vatCents'] as const).every((k) => abs(BigInt(p[k]) * total - BigInt(amountCents) * BigInt(s[k])) < total)
            // the commission taken back is the seller's reversed fraction of its commission, half-up
            && (g === 0n || abs(2n * BigInt(p.commissionNetCents + p.commissionVatCents) * g - 2n * c * r) <= g);
        });
        return ok && JSON.stringify(reverseInProportion('REFUND', amountCents, remaining)) === JSON.stringify(parts);
      }),
      { numRuns: 2_000 },
    );
  });

  it('repeated partial reversals never take more than was posted, and the last one takes exactly the rest', () => {
    fc.assert(
      fc.property(shares, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), (original, fractions) => {
        let remaining = original.map((s) => ({ ...s }));
        const left = () => remaining.reduce((t, s) => t + s.netCents + s.vatCents, 0);
        for (const f of [...fractions, 1]) {
          if (left() === 0) break;
          const { parts } = refund({ buyerId: BUYER, platformId: PLATFORM, amountCents: Math.max(1, Math.floor(left() * f)), remaining });
          remaining = remaining.map((s, i) => ({
            sellerId: s.sellerId,
            netCents: s.netCents - parts[i].netCents,
            vatCents: s.vatCents - parts[i].vatCents,
            commissionNetCents: s.commissionNetCents - parts[i].commissionNetCents,
            commissionVatCents: s.commissionVatCents - parts[i].commissionVatCents,
          }));
          if (!remaining.every((s) => KEYS.every((k) => s[k] >= 0))) return false;
        }
        // once every share is reversed, so is every commission
        return left() === 0 && remaining.every((s) => s.commissionNetCents + s.commissionVatCents === 0);
      }),
      { numRuns: 1_000 },
    );
  });
});
