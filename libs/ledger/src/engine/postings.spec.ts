import { BadInputError } from '@app/core/kernel';
import { CHART, normalBalance, type AccountCode } from './accounts';
import { entryProblems, type EntryDraft } from './entry';
import {
  billIssued, commissionInvoiced, creditNote, disputeLost, disputeOpened, disputeWon, paymentReceived, payoutSent, payoutSettled,
  refund, refundPaid, transferReversal,
} from './postings';

const BUYER = 'buyer';
const PLATFORM = 'platform';
const [CHU_A, CHU_B, CHU_C] = ['chu-a', 'chu-b', 'chu-c'];

/** Balances on each account's normal side, per account and organisation, after `entries`. */
function books(entries: EntryDraft[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    expect(entryProblems(e)).toEqual([]);
    for (const l of e.lines) {
      const key = `${l.account} ${l.organizationId}`;
      out[key] = (out[key] ?? 0) + normalBalance(l.account as AccountCode, l.debitCents, l.creditCents);
    }
  }
  for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
  return out;
}

function lines(e: EntryDraft): string[] {
  return e.lines.map((l) => `${l.debitCents ? 'Dr' : 'Cr'} ${l.account} ${l.organizationId} ${l.debitCents || l.creditCents}`);
}

describe('posting engine', () => {
  // A network bill of 10,000.00 € excl. VAT split 50/30/20 among three hospitals, 20 % VAT;
  // the platform's commission is 10 % excl. VAT, with 20 % VAT.
  const bill = billIssued({
    buyerId: BUYER,
    shares: [
      { sellerId: CHU_A, netCents: 500_000, vatCents: 100_000 },
      { sellerId: CHU_B, netCents: 300_000, vatCents: 60_000 },
      { sellerId: CHU_C, netCents: 200_000, vatCents: 40_000 },
    ],
  });
  const commissions = [[CHU_A, 50_000], [CHU_B, 30_000], [CHU_C, 20_000]].map(([sellerId, net]) =>
    commissionInvoiced({ sellerId: sellerId as string, platformId: PLATFORM, netCents: net as number, vatCents: (net as number) / 5 }));

  it('a bill: the buyer owes its total, each seller its share and the VAT in its name', () => {
    expect(lines(bill)).toEqual([
      'Dr BUYER_RECEIVABLE buyer 1200000',
      'Cr SELLER_PAYABLE chu-a 500000', 'Cr SELLER_VAT_COLLECTED chu-a 100000',
      'Cr SELLER_PAYABLE chu-b 300000', 'Cr SELLER_VAT_COLLECTED chu-b 60000',
      'Cr SELLER_PAYABLE chu-c 200000', 'Cr SELLER_VAT_COLLECTED chu-c 40000',
    ]);
    expect(bill.kind).toBe('BILL_ISSUED');
    expect(new Set(bill.lines.map((l) => l.currency))).toEqual(new Set(['EUR']));
  });

  it('a commission: taken from the seller, revenue and VAT for the platform', () => {
    expect(lines(commissions[0])).toEqual(['Dr SELLER_PAYABLE chu-a 60000', 'Cr COMMISSION_REVENUE platform 50000', 'Cr COMMISSION_VAT_PAYABLE platform 10000']);
    expect(lines(commissionInvoiced({ sellerId: CHU_A, platformId: PLATFORM, netCents: 5000, vatCents: 0 }))).toEqual([
      'Dr SELLER_PAYABLE chu-a 5000', 'Cr COMMISSION_REVENUE platform 5000',
    ]);
  });

  it('paid in two parts, then paid out: each seller gets its invoices incl. VAT minus its commission incl. VAT', () => {
    const first = paymentReceived({ buyerId: BUYER, platformId: PLATFORM, via: 'STRIPE', amountCents: 700_000, outstandingCents: 1_200_000, feeCents: 1_025 });
    expect(lines(first)).toEqual(['Dr CASH_STRIPE platform 698975', 'Dr PAYMENT_FEES platform 1025', 'Cr BUYER_RECEIVABLE buyer 700000']);
    const second = paymentReceived({ buyerId: BUYER, platformId: PLATFORM, via: 'BANK', amountCents: 500_100, outstandingCents: 500_000 });
    expect(lines(second)).toEqual(['Dr CASH_BANK platform 500100', 'Cr BUYER_RECEIVABLE buyer 500000', 'Cr BUYER_UNAPPLIED_CASH buyer 100']);
    const payouts = [
      payoutSent({ sellerId: CHU_A, platformId: PLATFORM, method: 'STRIPE_TRANSFER', payableCents: 440_000, vatCents: 100_000 }),
      payoutSent({ sellerId: CHU_B, platformId: PLATFORM, method: 'STRIPE_TRANSFER', payableCents: 264_000, vatCents: 60_000 }),
      payoutSent({ sellerId: CHU_C, platformId: PLATFORM, method: 'SEPA_CREDIT_TRANSFER', payableCents: 176_000, vatCents: 40_000 }),
    ];
    expect(lines(payouts[2])).toEqual(['Dr SELLER_PAYABLE chu-c 176000', 'Dr SELLER_VAT_COLLECTED chu-c 40000', 'Cr PAYOUTS_IN_TRANSIT chu-c 216000']);
    const beforeSettlement = books([bill, ...commissions, first, second, ...payouts]);
    expect(beforeSettlement['PAYOUTS_IN_TRANSIT chu-c']).toBe(216_000);
    const settled = payoutSettled({ sellerId: CHU_C, platformId: PLATFORM, amountCents: 216_000 });
    expect(books([bill, ...commissions, first, second, ...payouts, settled])).toEqual({
      'CASH_STRIPE platform': 698_975 - 540_000 - 324_000,
      'CASH_BANK platform': 500_100 - 216_000,
      'PAYMENT_FEES platform': 1_025,
      'BUYER_UNAPPLIED_CASH buyer': 100,
      'COMMISSION_REVENUE platform': 100_000,
      'COMMISSION_VAT_PAYABLE platform': 20_000,
    });
  });

  it('a partial refund reverses each seller and its commission in proportion, exactly', () => {
    const r = refund({
      buyerId: BUYER, platformId: PLATFORM, amountCents: 100_001,
      remaining: [
        { sellerId: CHU_A, netCents: 500_000, vatCents: 100_000, commissionNetCents: 50_000, commissionVatCents: 10_000 },
        { sellerId: CHU_B, netCents: 300_000, vatCents: 60_000, commissionNetCents: 30_000, commissionVatCents: 6_000 },
        { sellerId: CHU_C, netCents: 200_000, vatCents: 40_000, commissionNetCents: 20_000, commissionVatCents: 4_000 },
      ],
    });
    // 100,001 in proportion: 41,667.08 / 8,333.42 / 25,000.25 / 5,000.05 / 16,666.83 / 3,333.37; the two cents
    // the floors leave go to the largest remainders, .83 and .42
    expect(r.parts.map((p) => [p.netCents, p.vatCents])).toEqual([[41_667, 8_334], [25_000, 5_000], [16_667, 3_333]]);
    expect(r.parts.reduce((s, p) => s + p.netCents + p.vatCents, 0)).toBe(100_001);
    // each seller's commission incl. VAT times its reversed fraction, half-up: 5,000.1 → 5,000; 3,000; 2,000
    expect(r.parts.map((p) => [p.commissionNetCents, p.commissionVatCents])).toEqual([[4_167, 833], [2_500, 500], [1_667, 333]]);
    expect(lines(r.entry)).toEqual([
      'Dr SELLER_PAYABLE chu-a 41667', 'Dr SELLER_VAT_COLLECTED chu-a 8334', 'Dr COMMISSION_REVENUE platform 4167', 'Dr COMMISSION_VAT_PAYABLE platform 833', 'Cr SELLER_PAYABLE chu-a 5000',
      'Dr SELLER_PAYABLE chu-b 25000', 'Dr SELLER_VAT_COLLECTED chu-b 5000', 'Dr COMMISSION_REVENUE platform 2500', 'Dr COMMISSION_VAT_PAYABLE platform 500', 'Cr SELLER_PAYABLE chu-b 3000',
      'Dr SELLER_PAYABLE chu-c 16667', 'Dr SELLER_VAT_COLLECTED chu-c 3333', 'Dr COMMISSION_REVENUE platform 1667', 'Dr COMMISSION_VAT_PAYABLE platform 333', 'Cr SELLER_PAYABLE chu-c 2000',
      'Cr REFUNDS_PAYABLE buyer 100001',
    ]);
    expect(lines(refundPaid({ buyerId: BUYER, platformId: PLATFORM, via: 'STRIPE', amountCents: 100_001 }))).toEqual([
      'Dr REFUNDS_PAYABLE buyer 100001', 'Cr CASH_STRIPE platform 100001',
    ]);
  });

  it('a credit note lowers the receivable; reversing all that remains gives back every part', () => {
    const remaining = [{ sellerId: CHU_A, netCents: 333, vatCents: 67, commissionNetCents: 33, commissionVatCents: 7 }];
    const c = creditNote({ buyerId: BUYER, platformId: PLATFORM, amountCents: 400, remaining });
    expect(c.parts).toEqual(remaining);
    expect(lines(c.entry).at(-1)).toBe('Cr BUYER_RECEIVABLE buyer 400');
  });

  it('a transfer reversal brings a seller payout back to the platform', () => {
    expect(lines(transferReversal({ sellerId: CHU_A, platformId: PLATFORM, payableCents: 4_000, vatCents: 833 }))).toEqual([
      'Dr CASH_STRIPE platform 4833', 'Cr SELLER_PAYABLE chu-a 4000', 'Cr SELLER_VAT_COLLECTED chu-a 833',
    ]);
  });

  it('a dispute withholds the funds and its fee; won, they come back; lost, the bill is reversed as by a refund', () => {
    const opened = disputeOpened({ platformId: PLATFORM, amountCents: 120_000, feeCents: 2_000 });
    expect(lines(opened)).toEqual(['Dr DISPUTED_FUNDS platform 120000', 'Dr PAYMENT_FEES platform 2000', 'Cr CASH_STRIPE platform 122000']);
    expect(lines(disputeWon({ platformId: PLATFORM, amountCents: 120_000, feeReturnedCents: 0 }))).toEqual([
      'Dr CASH_STRIPE platform 120000', 'Cr DISPUTED_FUNDS platform 120000',
    ]);
    const lost = disputeLost({
      buyerId: BUYER, platformId: PLATFORM, amountCents: 120_000,
      remaining: [{ sellerId: CHU_A, netCents: 100_000, vatCents: 20_000, commissionNetCents: 10_000, commissionVatCents: 2_000 }],
    });
    expect(books([opened, lost.entry])).toEqual({
      'CASH_STRIPE platform': -122_000, 'PAYMENT_FEES platform': 2_000,
      // the seller's share taken back, less the commission it no longer owes
      'SELLER_PAYABLE chu-a': -100_000 + 12_000, 'SELLER_VAT_COLLECTED chu-a': -20_000,
      'COMMISSION_REVENUE platform': -10_000, 'COMMISSION_VAT_PAYABLE platform': -2_000,
    });
  });

  it('refuses what it cannot post, naming every problem', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(BadInputError);
        return (e as BadInputError).problems.map((p) => `${p.field}: ${p.message}`);
      }
      throw new Error('accepted');
    };
    expect(err(() => billIssued({ buyerId: '', shares: [{ sellerId: CHU_A, netCents: 1.5, vatCents: -1 }], currency: 'eur' }))).toEqual([
      'currency: BILL_ISSUED: must be an ISO 4217 code such as EUR, got "eur"',
      'buyerId: BILL_ISSUED: must name an organisation',
      'shares[0].netCents: BILL_ISSUED: must be a whole number of cents of at least 0, got 1.5',
      'shares[0].vatCents: BILL_ISSUED: must be a whole number of cents of at least 0, got -1',
    ]);
    expect(err(() => billIssued({ buyerId: BUYER, shares: [{ sellerId: CHU_A, netCents: 0, vatCents: 0 }] }))).toEqual(['shares: BILL_ISSUED: a bill of 0 cents moves no money']);
    expect(err(() => paymentReceived({ buyerId: BUYER, platformId: PLATFORM, via: 'toString' as never, amountCents: 10, outstandingCents: 10, feeCents: 11 }))).toEqual([
      'via: PAYMENT_RECEIVED: must be STRIPE or BANK',
      'feeCents: PAYMENT_RECEIVED: a fee of 11 cents exceeds the payment of 10 cents',
    ]);
    const remaining = [{ sellerId: CHU_A, netCents: 100, vatCents: 20, commissionNetCents: 10, commissionVatCents: 2 }];
    expect(err(() => refund({ buyerId: BUYER, platformId: PLATFORM, amountCents: 121, remaining }))).toEqual([
      'amountCents: REFUND: 121 cents is more than the 120 cents that remain to reverse on this bill',
    ]);
    expect(err(() => refund({ buyerId: BUYER, platformId: PLATFORM, amountCents: 1, remaining: [...remaining, ...remaining] }))).toEqual([
      'remaining[1].sellerId: REFUND: lists seller chu-a twice',
    ]);
    expect(err(() => refund({ buyerId: BUYER, platformId: PLATFORM, amountCents: 1, remaining: [...remaining, { ...remaining[0], sellerId: CHU_B, netCents: 0, vatCents: 0 }] }))).toEqual([
      'remaining[1].commissionNetCents: REFUND: a commission remains on a share that does not: the commission goes with the last of its share',
    ]);
    expect(err(() => refund({ buyerId: BUYER, platformId: PLATFORM, amountCents: 1, remaining: [{ ...remaining[0], netCents: 1_000_000_001 }] }))).toEqual([
      'remaining[0].netCents: REFUND: parts above 1000000000 cents cannot be reversed in proportion',
    ]);
  });

  it('every account of the chart is named, held and stands on a side', () => {
    for (const a of Object.values(CHART)) {
      expect(a.name.length).toBeGreaterThan(10);
      expect(a.normalSide).toBe(a.category === 'ASSET' || a.category === 'EXPENSE' ? 'DEBIT' : 'CREDIT');
    }
  });
});
