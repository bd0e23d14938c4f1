import fc from 'fast-check';
import { assembleInvoice } from './build-invoice';
import {
  commissionInvoiceDraft, commissionInvoiceNumber, commissionItems, commissionOutcome, commissionVat, type CommissionPosition,
} from './commission-invoice';
import type { InvoiceBuyer, InvoiceSeller } from './types';
import { invoiceProblems } from './validate-invoice';

const platform: InvoiceSeller = {
  name: 'Plateforme Données Santé SAS', address: { line1: '10 rue de la Santé', postcode: '75014', city: 'Paris', country: 'FR' },
  siren: '752000018', siret: null, vatNumber: 'FR39752000018', electronicAddress: { scheme: '0225', id: '752000018' }, vatRegime: 'STANDARD',
  legalInformation: 'SAS au capital de 10 000 EUR',
};
const customer = (country: string, vatNumber: string | null): InvoiceBuyer => ({
  name: 'CHU de Lille', address: { line1: '2 avenue Oscar Lambret', postcode: country === 'FR' ? '59000' : '1000', city: country === 'FR' ? 'Lille' : 'Bruxelles', country },
  kind: 'HOSPITAL' as never, siren: country === 'FR' ? '260200016' : null, vatNumber,
  electronicAddress: country === 'FR' ? { scheme: '0225', id: '260200016' } : { scheme: '9925', id: vatNumber ?? 'x' },
});
const position = (n: number, over: Partial<CommissionPosition> = {}): CommissionPosition => ({
  billId: `00000000-0000-4000-8000-00000000000${n}`, billNumber: `BILL-2026-00000${n}`, sellerInvoiceId: `10000000-0000-4000-8000-00000000000${n}`,
  sellerInvoiceNumber: `260200016-F00000${n}`, issuedOn: `2026-11-0${n}`, rateBp: 1000, shareNetCents: 100_000, chargedNetCents: 10_000, reversedNetCents: 0, ...over,
});
const context = (c: InvoiceBuyer) => ({
  number: commissionInvoiceNumber('752000018', 7), issueDate: '2026-12-01', paymentTermsDays: 0, month: '2026-11', lastDay: '2026-11-30',
  platform, customer: c, payment: { meansCode: '58' as const, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX', accountName: 'Plateforme', payee: null },
});

describe('the monthly commission invoice', () => {
  it('numbers in the platform\'s own series', () => {
    expect(commissionInvoiceNumber('752000018', 42)).toBe('752000018-C000042');
  });

  it('has one line per seller invoice of the month, net of what refunds gave back, VAT 20 % on the total for a French seller', () => {
    const items = commissionItems([position(2, { shareNetCents: 33_333, chargedNetCents: 3_333 }), position(1, { reversedNetCents: 2_500 })], new Map());
    expect(items.map((i) => [i.billNumber, i.amountCents])).toEqual([['BILL-2026-000001', 7_500], ['BILL-2026-000002', 3_333]]);
    expect(commissionOutcome(items)).toEqual({ kind: 'ISSUE', netCents: 10_833 });
    const inv = assembleInvoice(commissionInvoiceDraft(context(customer('FR', 'FR29260200016')), items));
    expect(invoiceProblems(inv)).toEqual([]);
    expect(inv.lines.map((l) => [l.id, l.amountCents, l.vatCategory, l.vatRateBp])).toEqual([['1', 7_500, 'S', 2000], ['2', 3_333, 'S', 2000]]);
    expect(inv.lines[0].name).toBe('Commission sur la facture 260200016-F000001 du 01/11/2026 (facture groupée BILL-2026-000001)');
    expect(inv.lines[0].description).toBe('10 % de 1000.00 EUR HT = 100.00 EUR, moins 25.00 EUR rendus (remboursement ou avoir)');
    expect(inv.totals).toMatchObject({ taxBasisCents: 10_833, vatCents: 2_167, grandTotalCents: 13_000 });
    expect(inv.issuer).toBeNull();
    expect(inv.notes.map((n) => n.subject)).toEqual(['AAI', 'PMD', 'PMT', 'AAB', 'BAR']);
    expect(inv.notes[0].content).toMatch(/^Commission de la plateforme/);
    expect(inv.paymentTerms).toMatch(/^Réglée par compensation/);
    expect(inv.billingPeriod).toEqual({ start: '2026-11-01', end: '2026-11-30' });
  });

  it('reverse-charges a seller in another EU country, and has no French VAT outside the EU', () => {
    expect(commissionVat('BE')).toEqual({ category: 'AE', rateBp: 0 });
    expect(commissionVat('CH')).toEqual({ category: 'O', rateBp: 0 });
    const inv = assembleInvoice(commissionInvoiceDraft(context(customer('BE', 'BE0403170701')), commissionItems([position(1)], new Map())));
    expect(invoiceProblems(inv)).toEqual([]);
    expect(inv.vatBreakdown).toEqual([expect.objectContaining({ category: 'AE', rateBp: 0, baseCents: 10_000, vatCents: 0, exemptionReasonCode: 'VATEX-EU-AE' })]);
    expect(inv.vatBreakdown[0].exemptionReason).toMatch(/^Autoliquidation/);
    expect(inv.notes.find((n) => n.subject === 'BAR')!.content).toBe('B2BINT');
  });

  it('invoices only what changed since earlier invoices: a commission given back later is an allowance naming the invoice', () => {
    const before = new Map([[position(1).billId, 10_000]]);
    const items = commissionItems([position(1, { reversedNetCents: 4_000 }), position(3, { issuedOn: '2026-12-03' })], before);
    expect(items.map((i) => i.amountCents)).toEqual([-4_000, 10_000]);
    const inv = assembleInvoice(commissionInvoiceDraft({ ...context(customer('FR', 'FR29260200016')), month: '2026-12', lastDay: '2026-12-31' }, items));
    expect(inv.lines.map((l) => l.amountCents)).toEqual([10_000]);
    expect(inv.allowanceCharges).toEqual([expect.objectContaining({ charge: false, amountCents: 4_000, vatCategory: 'S', vatRateBp: 2000, reason: expect.stringContaining('260200016-F000001') })]);
    expect(inv.totals).toMatchObject({ lineTotalCents: 10_000, allowanceTotalCents: 4_000, taxBasisCents: 6_000, vatCents: 1_200, grandTotalCents: 7_200 });
    expect(invoiceProblems(inv)).toEqual([]);
    // what is invoiced already is not again
    expect(commissionItems([position(1)], new Map([[position(1).billId, 10_000]]))).toEqual([]);
    expect(commissionOutcome([])).toEqual({ kind: 'NOTHING' });
  });

  it('carries a month whose reversals outweigh its charges', () => {
    const items = commissionItems([position(1, { reversedNetCents: 10_000 }), position(2, { chargedNetCents: 300, shareNetCents: 3_000 })], new Map([[position(1).billId, 10_000]]));
    expect(commissionOutcome(items)).toEqual({ kind: 'CARRY', netCents: -9_700 });
  });

  it('refuses positions that cannot be', () => {
    expect(() => commissionItems([position(1), position(1)], new Map())).toThrow('listed twice');
    expect(() => commissionItems([position(1, { reversedNetCents: 10_001 })], new Map())).toThrow('reversed of a commission of 10000');
    expect(() => commissionItems([position(1, { chargedNetCents: 1.5 })], new Map())).toThrow('whole cents');
  });

  it('over any sequence of months, what the invoices say adds up to what remains charged, and each issued invoice totals its items', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ charged: fc.integer({ min: 1, max: 5_000_000 }), reversals: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
      (bills) => {
        const invoiced = new Map<string, number>();
        let reversedSoFar = bills.map(() => 0);
        for (let month = 0; month < 3; month++) {
          reversedSoFar = bills.map((b, i) => Math.min(b.charged, reversedSoFar[i] + Math.floor((b.charged * b.reversals[month]) / 300)));
          const positions = bills.map((b, i) => position(i, { issuedOn: '2026-11-15', billId: `b${i}`, billNumber: `B${i}`, chargedNetCents: b.charged, shareNetCents: b.charged * 10, reversedNetCents: reversedSoFar[i] }));
          const items = commissionItems(positions, invoiced);
          const outcome = commissionOutcome(items);
          if (outcome.kind !== 'ISSUE') continue;
          const inv = assembleInvoice(commissionInvoiceDraft(context(customer('FR', 'FR29260200016')), items));
          expect(inv.totals.taxBasisCents).toBe(outcome.netCents);
          expect(inv.totals.vatCents).toBe(Math.floor((outcome.netCents * 2000 + 5000) / 10_000));
          for (const i of items) invoiced.set(i.billId, (invoiced.get(i.billId) ?? 0) + i.amountCents);
        }
        // a final month with nothing new reconciles whatever was carried
        const last = commissionItems(bills.map((b, i) => position(i, { issuedOn: '2026-11-15', billId: `b${i}`, billNumber: `B${i}`, chargedNetCents: b.charged, reversedNetCents: reversedSoFar[i] })), invoiced);
        for (const [i, b] of bills.entries()) {
          const item = last.find((x) => x.billId === `b${i}`);
          expect((invoiced.get(`b${i}`) ?? 0) + (item?.amountCents ?? 0)).toBe(b.charged - reversedSoFar[i]);
        }
      },
    ), { numRuns: 200 });
  });
});
