import fc from 'fast-check';
import { entryProblems } from './entry';
import { invoiceCredited } from './postings';
import { reverseInProportion, type ReversibleShare } from './reversal';

const PLATFORM = 'platform';
const BUYER = 'buyer';
const KEYS = ['netCents', 'vatCents', 'commissionNetCents', 'commissionVatCents'] as const;
const cents = (max: number, min = 0) => fc.integer({ min, max });
const big = fc.oneof(cents(1_000), cents(1_000_000_000));
const abs = (x: bigint) => (x < 0n ? -x : x);

/** A seller's share of a bill as posted: its commission at most 60 % of the share (50 % and its VAT). */
const share: fc.Arbitrary<ReversibleShare> = fc.record({ netCents: big, vatCents: big, rate: fc.integer({ min: 0, max: 5_000 }), vat: fc.boolean() })
  .filter((s) => s.netCents + s.vatCents > 0)
  .map((s) => {
    const commissionNetCents = Math.round((s.netCents * s.rate) / 10_000);
    return { sellerId: 'seller', netCents: s.netCents, vatCents: s.vatCents, commissionNetCents, commissionVatCents: s.vat ? Math.round(commissionNetCents / 5) : 0 };
  });

const minus = (s: ReversibleShare, p: ReversibleShare): ReversibleShare => ({
  sellerId: s.sellerId, netCents: s.netCents - p.netCents, vatCents: s.vatCents - p.vatCents,
  commissionNetCents: s.commissionNetCents - p.commissionNetCents, commissionVatCents: s.commissionVatCents - p.commissionVatCents,
});

describe('credit note of an invoice (properties)', () => {
  it('balances; takes the credit note\'s own amounts when they remain; owes the buyer less, receivable first; never more than remains', () => {
    fc.assert(
      fc.property(share, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), big, fc.double({ min: 0, max: 1.2, noNaN: true }),
        (remaining, fn, fv, outstandingCents, over) => {
          // a credit note within what remains, or (over > 1) beyond it after earlier refunds
          const netCents = Math.floor(remaining.netCents * fn * over);
          const vatCents = Math.floor(remaining.vatCents * fv * over);
          if (netCents + vatCents === 0) return true;
          const r = invoiceCredited({ buyerId: BUYER, platformId: PLATFORM, netCents, vatCents, remaining, outstandingCents });
          const reversed = r.part.netCents + r.part.vatCents;
          if (!KEYS.every((k) => r.part[k] >= 0 && r.part[k] <= remaining[k])) return false;
          if (r.receivableCents + r.refundCents !== reversed || r.receivableCents > outstandingCents || r.refundCents < 0) return false;
          if (reversed + r.alreadyReversedCents !== netCents + vatCents || r.alreadyReversedCents < 0) return false;
          if (netCents <= remaining.netCents && vatCents <= remaining.vatCents && (r.part.netCents !== netCents || r.part.vatCents !== vatCents)) return false;
          const g = BigInt(remaining.netCents + remaining.vatCents);
          const c = BigInt(remaining.commissionNetCents + remaining.commissionVatCents);
          if (abs(2n * BigInt(r.part.commissionNetCents + r.part.commissionVatCents) * g - 2n * c * BigInt(reversed)) > g) return false;
          if (reversed === 0) return r.entry === null;
          const e = r.entry!;
          const debits = e.lines.reduce((s, l) => s + l.debitCents, 0);
          const credits = e.lines.reduce((s, l) => s + l.creditCents, 0);
          return entryProblems(e).length === 0 && debits === credits && e.kind === 'CREDIT_NOTE';
        }),
      { numRuns: 5_000 },
    );
  });

  it('credit notes and refunds in any order, crediting the whole invoice in the end, leave nothing of the share or its commission', () => {
    fc.assert(
      fc.property(share, fc.array(fc.record({ refund: fc.boolean(), f: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 6 }), (original, steps) => {
        let remaining = original;
        let creditedNet = 0;
        let creditedVat = 0;
        for (const step of steps) {
          const left = remaining.netCents + remaining.vatCents;
          if (step.refund) {
            if (left === 0) continue;
            remaining = minus(remaining, reverseInProportion('REFUND', Math.max(1, Math.floor(left * step.f)), [remaining])[0]);
          } else {
            const netCents = Math.floor((original.netCents - creditedNet) * step.f);
            const vatCents = Math.floor((original.vatCents - creditedVat) * step.f);
            if (netCents + vatCents === 0) continue;
            remaining = minus(remaining, invoiceCredited({ buyerId: BUYER, platformId: PLATFORM, netCents, vatCents, remaining, outstandingCents: 0 }).part);
            creditedNet += netCents;
            creditedVat += vatCents;
          }
          if (!KEYS.every((k) => remaining[k] >= 0)) return false;
        }
        // the rest of the invoice credited
        const netCents = original.netCents - creditedNet;
        const vatCents = original.vatCents - creditedVat;
        if (netCents + vatCents > 0) remaining = minus(remaining, invoiceCredited({ buyerId: BUYER, platformId: PLATFORM, netCents, vatCents, remaining, outstandingCents: 0 }).part);
        return KEYS.every((k) => remaining[k] === 0);
      }),
      { numRuns: 3_000 },
    );
  });
});
