import { pdfText, squash } from '@app/documents';
import { revenueByOffering, statementCsv, statementPdf, statementTotals, type SellerStatement } from './statement';

const statement: SellerStatement = {
  month: '2026-11',
  seller: { id: 's1', name: 'CHU de Lille' },
  platformName: 'Health Data Marketplace',
  invoices: [
    { billNumber: 'B-1', invoiceNumber: 'F000001', agreementNumber: 'A-1', offering: 'Cohorte diabète', issuedOn: '2026-11-03', netCents: 50_000, vatCents: 10_000, commissionNetCents: 5_000, commissionVatCents: 1_000, commissionBp: 1000 },
    { billNumber: 'B-2', invoiceNumber: 'F000002', agreementNumber: 'A-2', offering: 'Entrepôt, "urgences"', issuedOn: '2026-11-20', netCents: 20_000, vatCents: 4_000, commissionNetCents: 2_000, commissionVatCents: 400, commissionBp: 1000 },
    { billNumber: 'B-3', invoiceNumber: 'F000003', agreementNumber: 'A-1', offering: 'Cohorte diabète', issuedOn: '2026-11-25', netCents: 10_000, vatCents: 2_000, commissionNetCents: 1_000, commissionVatCents: 200, commissionBp: 1000 },
  ],
  payments: [{ billNumber: 'B-1', method: 'STRIPE', receivedOn: '2026-11-04', amountCents: 120_000 }],
  refunds: [{ billNumber: 'B-1', on: '2026-11-10', netCents: 5_000, vatCents: 1_000, commissionCents: 600 }],
  payouts: [{ billNumber: 'B-1', method: 'STRIPE_TRANSFER', sentOn: '2026-11-05', amountCents: 54_000, reference: 'tr_1' }],
  balances: [{ account: 'SELLER_PAYABLE', balanceCents: 19_000 }, { account: 'SELLER_VAT_COLLECTED', balanceCents: 6_000 }],
  generatedAt: new Date('2026-12-01T08:00:00Z'),
};

describe('seller statement', () => {
  it('totals the month and ranks revenue by offering', () => {
    expect(statementTotals(statement)).toEqual({ netCents: 80_000, vatCents: 16_000, commissionCents: 9_600, refundedCents: 6_000, paidOutCents: 54_000, owedCents: 25_000 });
    expect(revenueByOffering(statement)).toEqual([{ offering: 'Cohorte diabète', netCents: 60_000 }, { offering: 'Entrepôt, "urgences"', netCents: 20_000 }]);
  });

  it('writes one CSV row per movement, amounts in cents, quoted where needed', () => {
    const lines = statementCsv(statement).trimEnd().split('\n');
    expect(lines[0]).toBe('section,date,bill,document,description,net_cents,vat_cents,commission_cents,amount_cents');
    expect(lines).toContain('invoice,2026-11-03,B-1,F000001,Cohorte diabète (A-1),50000,10000,6000,60000');
    expect(lines).toContain('commission,2026-11-03,B-1,F000001,10 % of 50000 cents,5000,1000,6000,-6000');
    expect(lines).toContain('invoice,2026-11-20,B-2,F000002,"Entrepôt, ""urgences"" (A-2)",20000,4000,2400,24000');
    expect(lines).toContain('refund,2026-11-10,B-1,,refund to the buyer,-5000,-1000,-600,-5400');
    expect(lines).toContain('payout,2026-11-05,B-1,tr_1,STRIPE_TRANSFER,,,,54000');
    expect(lines).toContain('balance,2026-11-end,,,SELLER_PAYABLE,,,,19000');
    expect(lines).toHaveLength(1 + 6 + 1 + 1 + 1 + 2);
  });

  it('renders a PDF with the totals, the chart of revenue by offering and the payouts', async () => {
    const pdf = await statementPdf(statement);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(pdfText(pdf));
    expect(text).toContain('Relevé vendeur 2026-11');
    expect(text).toContain('Chiffre d’affaires du mois par offre');
    expect(text).toMatch(/Cohorte diabète\s*600,00\s*€/);
    expect(text).toContain('Virement Stripe');
    expect(text).toMatch(/Solde dû par la plateforme en fin de mois.*250,00\s*€/);
    // the same input gives the same bytes
    expect((await statementPdf(statement)).equals(pdf)).toBe(true);
  });
});
