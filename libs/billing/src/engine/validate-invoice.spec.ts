import { computeQuote } from '@app/pricing/engine';
import { invoiceForShare } from './build-invoice';
import { renderCiiXml } from './cii-xml';
import { BillingInputError } from './errors';
import { splitBill } from './split-bill';
import { billingTariff, CHU_PARIS, FRENCH_PHARMA, PUBLIC_AGENCY, shareContext } from './test-fixtures';
import { Invoice } from './types';
import { invoiceProblems } from './validate-invoice';

function invoice(buyer = FRENCH_PHARMA): Invoice {
  const quote = computeQuote(billingTariff(), { buyer: { category: buyer.kind, country: 'FR', vatNumber: buyer.vatNumber }, records: 1000, months: 6 }, { locale: 'fr' });
  const split = splitBill(quote, [{ id: 'p', position: 0, weight: 1, vatRegime: 'STANDARD' }]);
  return invoiceForShare(split.shares[0], split, shareContext(CHU_PARIS, buyer, 'CHUP-2026-000001', '2026-09-15'));
}

const paths = (inv: Invoice) => invoiceProblems(inv).map((p) => p.path);

describe('invoiceProblems', () => {
  it('finds nothing wrong with an assembled invoice', () => {
    expect(invoiceProblems(invoice())).toEqual([]);
  });

  it('holds invoice numbers to 35 characters of letters, digits and + - _ /', () => {
    expect(paths({ ...invoice(), number: 'F 2026 01' })).toEqual(['number']);
    expect(paths({ ...invoice(), number: 'F'.repeat(36) })).toEqual(['number']);
    expect(paths({ ...invoice(), number: 'A+b-C_d/9'.padEnd(35, '0') })).toEqual([]);
  });

  it('wants electronic addresses in the French directory starting with the SIREN', () => {
    const inv = invoice();
    expect(paths({ ...inv, seller: { ...inv.seller, electronicAddress: { scheme: '0225', id: '999999999' } } })).toEqual(['seller.electronicAddress.id']);
    expect(paths({ ...inv, buyer: { ...inv.buyer, electronicAddress: { scheme: 'EM', id: 'factures@exemple.fr' } } })).toEqual([
      'buyer.electronicAddress.id',
      'buyer.electronicAddress.scheme',
      'buyer.electronicAddress.id',
    ]);
  });

  it('checks SIREN, SIRET and the seller VAT number against each other', () => {
    const inv = invoice();
    expect(paths({ ...inv, seller: { ...inv.seller, siret: '40483304800014' } })).toEqual(['seller.siret']);
    expect(paths({ ...inv, seller: { ...inv.seller, vatNumber: 'FR83404833048' } })).toEqual(['seller.vatNumber']);
    expect(paths({ ...inv, buyer: { ...inv.buyer, siren: null } })).toContain('buyer.siren');
  });

  it("asks for a public buyer's required service code and commitment number", () => {
    const inv = invoice(PUBLIC_AGENCY);
    expect(invoiceProblems(inv)).toEqual([]);
    const missing = { ...inv, buyer: { ...inv.buyer, publicSector: { ...PUBLIC_AGENCY.publicSector!, serviceCode: null, commitmentNumber: ' ' } } };
    expect(paths(missing)).toEqual(['buyer.publicSector.serviceCode', 'buyer.publicSector.commitmentNumber']);
  });

  it('recomputes the breakdown and the totals to the cent', () => {
    const inv = invoice();
    const tampered = { ...inv, totals: { ...inv.totals, vatCents: inv.totals.vatCents + 1 } };
    expect(paths(tampered)).toEqual(['totals.vatCents']);
    const line = { ...inv.lines[0], amountCents: inv.lines[0].amountCents + 1 };
    expect(paths({ ...inv, lines: [line, ...inv.lines.slice(1)] })).toEqual(['vatBreakdown', 'totals.lineTotalCents', 'totals.taxBasisCents', 'totals.grandTotalCents', 'totals.duePayableCents']);
  });

  it('requires each mandatory note exactly once and the reference of a credit note', () => {
    const inv = invoice();
    expect(invoiceProblems({ ...inv, notes: inv.notes.filter((n) => n.subject !== 'PMT') }).map((p) => p.message)).toContain('exactly one PMT note is required (found 0)');
    expect(paths({ ...inv, typeCode: '381' })).toEqual(['precedingInvoice']);
  });

  it('refuses to write the XML of an invoice with problems, listing them all', () => {
    const inv = invoice();
    expect(() => renderCiiXml({ ...inv, number: '', dueDate: '2026-09-01' })).toThrow(BillingInputError);
    expect(() => renderCiiXml({ ...inv, number: '', dueDate: '2026-09-01' })).toThrow(/number: .*dueDate: cannot be before the issue date/);
  });
});
