import fc from 'fast-check';
import { netPayouts, normalizeDebt, planPayouts, type PayoutDestination, type PlannedPayout, type SellerDebt, type SettledPayment } from './payout-plan';

const dest = (sellerId: string): PayoutDestination => ({ sellerId, name: sellerId, stripeAccountId: null, iban: 'FR7630006000011234567890189', bic: null });
const planned = (payments: SettledPayment[]): PlannedPayout[] =>
  planPayouts(payments, new Map(['s1', 's2', 's3'].map((s) => [s, dest(s)])), new Set()).payouts;

describe('netting what sellers owe against their next payouts', () => {
  const payments: SettledPayment[] = [
    { paymentId: 'p1', billId: 'b1', billNumber: 'B-1', via: 'BANK', chargeId: null, sellers: [{ sellerId: 's1', payableCents: 1_000, vatCents: 200 }, { sellerId: 's2', payableCents: 500, vatCents: 100 }] },
    { paymentId: 'p2', billId: 'b2', billNumber: 'B-2', via: 'BANK', chargeId: null, sellers: [{ sellerId: 's1', payableCents: 4_000, vatCents: 800 }] },
  ];

  it('takes a debt from the seller\'s first payouts, account by account, and leaves other sellers alone', () => {
    const { sent, absorbed, remaining } = netPayouts(planned(payments), new Map([['s1', { payableCents: 1_500, vatCents: 300 }]]));
    expect(absorbed.map((n) => [n.payout.key, n.nettedPayableCents, n.nettedVatCents, n.payout.amountCents])).toEqual([['payout:p1:s1', 1_000, 200, 0]]);
    expect(sent.map((n) => [n.payout.key, n.payout.payableCents, n.payout.vatCents, n.nettedPayableCents, n.nettedVatCents])).toEqual([
      ['payout:p1:s2', 500, 100, 0, 0],
      ['payout:p2:s1', 3_500, 700, 500, 100],
    ]);
    expect(remaining.size).toBe(0);
  });

  it('carries what the payouts cannot cover; crosses accounts only for what one side cannot take', () => {
    const { sent, absorbed, remaining } = netPayouts(planned(payments), new Map([['s1', { payableCents: 6_000, vatCents: 100 }]]));
    expect(sent.map((n) => n.payout.key)).toEqual(['payout:p1:s2']);
    expect(absorbed.map((n) => [n.nettedPayableCents, n.nettedVatCents])).toEqual([[1_000, 200], [4_000, 800]]);
    expect(remaining.get('s1')).toEqual({ payableCents: 100, vatCents: 0 });
  });

  it('reads a debt from the books, whose sides netting may have crossed', () => {
    expect(normalizeDebt(500, 100)).toEqual({ payableCents: 500, vatCents: 100 });
    expect(normalizeDebt(-20, 100)).toEqual({ payableCents: 0, vatCents: 80 });
    expect(normalizeDebt(300, -50)).toEqual({ payableCents: 250, vatCents: 0 });
    expect(normalizeDebt(-100, 100)).toBeNull();
    expect(normalizeDebt(0, 0)).toBeNull();
  });

  const cents = (max: number) => fc.integer({ min: 0, max });
  const part = fc.record({ sellerId: fc.constantFrom('s1', 's2', 's3'), payableCents: fc.oneof(cents(1_000), cents(100_000_000)), vatCents: fc.oneof(cents(200), cents(20_000_000)) });
  const settled = fc.array(fc.uniqueArray(part, { selector: (p) => p.sellerId, minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 8 })
    .map((bills) => bills.map((sellers, i): SettledPayment => ({ paymentId: `p${i}`, billId: `b${i}`, billNumber: `B-${String(i).padStart(3, '0')}`, via: 'BANK', chargeId: null, sellers })));
  const debt: fc.Arbitrary<SellerDebt> = fc.record({ payableCents: fc.oneof(cents(1_000), cents(300_000_000)), vatCents: fc.oneof(cents(200), cents(60_000_000)) });
  const debts = fc.dictionary(fc.constantFrom('s1', 's2', 's3'), debt);

  it('property: nothing negative, nothing sent at 0; each payout\'s sent and netted parts add up to it; each seller nets min(debt, payouts) and owes the rest', () => {
    fc.assert(fc.property(settled, debts, (bills, owed) => {
      const plan = planned(bills);
      const debtMap = new Map(Object.entries(owed));
      const { sent, absorbed, remaining } = netPayouts(plan, debtMap);
      const all = [...sent, ...absorbed];
      if (all.length !== plan.length) return false;
      if (sent.some((n) => n.payout.amountCents <= 0) || absorbed.some((n) => n.payout.amountCents !== 0)) return false;
      for (const n of all) {
        const before = plan.find((p) => p.key === n.payout.key)!;
        const parts = [n.payout.payableCents, n.payout.vatCents, n.nettedPayableCents, n.nettedVatCents];
        if (parts.some((x) => x < 0 || !Number.isSafeInteger(x))) return false;
        if (n.payout.payableCents + n.nettedPayableCents !== before.payableCents || n.payout.vatCents + n.nettedVatCents !== before.vatCents) return false;
        if (n.payout.amountCents !== n.payout.payableCents + n.payout.vatCents) return false;
      }
      for (const seller of ['s1', 's2', 's3']) {
        const d = debtMap.get(seller);
        const owedTotal = d ? d.payableCents + d.vatCents : 0;
        const plannedTotal = plan.filter((p) => p.sellerId === seller).reduce((s, p) => s + p.amountCents, 0);
        const netted = all.filter((n) => n.payout.sellerId === seller).reduce((s, n) => s + n.nettedPayableCents + n.nettedVatCents, 0);
        const r = remaining.get(seller);
        if (netted !== Math.min(owedTotal, plannedTotal)) return false;
        if ((r ? r.payableCents + r.vatCents : 0) !== owedTotal - netted || (r && (r.payableCents < 0 || r.vatCents < 0))) return false;
        // a seller that still owes was sent nothing
        if (r && sent.some((n) => n.payout.sellerId === seller)) return false;
      }
      return true;
    }), { numRuns: 3_000 });
  });
});
