// Every kind of invoice the platform issues, written as CII XML and checked against the
// XSD, the EN 16931 schematron and the French BR-FR schematron, all files in one run of
// each check. One deliberately broken file rides along to show the checks do fail.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeQuote, priceUsage, QuoteRequest, UsagePricingRequest } from '@app/pricing';
import { assembleCreditNote, invoiceForShare } from '../engine/build-invoice';
import { renderCiiXml } from '../engine/cii-xml';
import { BillContributor, splitBill } from '../engine/split-bill';
import {
  billingTariff,
  CHU_LYON,
  CHU_MARSEILLE,
  CHU_PARIS,
  FRENCH_PHARMA,
  GERMAN_PHARMA,
  PUBLIC_AGENCY,
  REGISTRY_FRANCHISE,
  shareContext,
  SWISS_BIOTECH,
  US_PHARMA,
} from '../engine/test-fixtures';
import { Invoice, InvoiceBuyer, InvoiceSeller } from '../engine/types';
import { ConformanceReport, formatConformanceReport, validateFacturX } from './facturx-conformance';

jest.setTimeout(180_000);

const SIGNATURE: Omit<QuoteRequest, 'buyer'> = { records: 123457, months: 12 };
const single = (seller: InvoiceSeller): BillContributor[] => [{ id: seller.siren, position: 0, weight: 1, vatRegime: seller.vatRegime }];

function signatureInvoice(seller: InvoiceSeller, buyer: InvoiceBuyer, number: string, issueDate: string, request: Partial<QuoteRequest> = {}): Invoice {
  const quote = computeQuote(
    billingTariff(),
    { ...SIGNATURE, ...request, buyer: { category: buyer.kind, country: buyer.address.country, vatNumber: buyer.vatNumber } },
    { locale: 'fr' },
  );
  const split = splitBill(quote, single(seller));
  return invoiceForShare(split.shares[0], split, shareContext(seller, buyer, number, issueDate));
}

function usageInvoice(seller: InvoiceSeller, buyer: InvoiceBuyer, number: string, month: string, issueDate: string): Invoice {
  const usage: UsagePricingRequest = {
    buyer: { category: buyer.kind, country: buyer.address.country, vatNumber: buyer.vatNumber },
    quantities: { COMPUTE_HOURS: '412.5', STORAGE_GB_MONTHS: '1250.75', API_CALLS: 1_234_567 },
  };
  const priced = priceUsage(billingTariff(), usage, { locale: 'fr' });
  const split = splitBill(priced, single(seller));
  const [y, m] = month.split('-').map(Number);
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return invoiceForShare(split.shares[0], split, {
    ...shareContext(seller, buyer, number, issueDate),
    billingPeriod: { start: `${month}-01`, end },
    deliveryDate: end,
  });
}

const networkQuote = computeQuote(
  billingTariff(),
  { ...SIGNATURE, purpose: 'AI_TRAINING', buyer: { category: 'PHARMA', country: 'FR', vatNumber: FRENCH_PHARMA.vatNumber } },
  { locale: 'fr' },
);
const networkSplit = splitBill(networkQuote, [
  { id: 'paris', position: 0, weight: 50, vatRegime: 'STANDARD' },
  { id: 'lyon', position: 1, weight: 30, vatRegime: 'STANDARD' },
  { id: 'marseille', position: 2, weight: 20, vatRegime: 'STANDARD' },
]);
const network = [CHU_PARIS, CHU_LYON, CHU_MARSEILLE].map((seller, i) =>
  invoiceForShare(networkSplit.shares[i], networkSplit, shareContext(seller, FRENCH_PHARMA, `${seller.siren}-2026-000017`, '2026-09-15')),
);

const frB2b = signatureInvoice(CHU_PARIS, FRENCH_PHARMA, 'CHUP-2026-000001', '2026-09-15', { purpose: 'AI_TRAINING' });

const INVOICES: Record<string, Invoice> = {
  'fr-b2b': frB2b,
  'de-reverse-charge': usageInvoice(CHU_PARIS, GERMAN_PHARMA, 'CHUP-2026-000002', '2026-07', '2026-08-03'),
  'de-reverse-charge-cibs': usageInvoice(CHU_PARIS, GERMAN_PHARMA, 'CHUP-2026-000003', '2026-09', '2026-10-01'),
  'ch-out-of-scope': signatureInvoice(CHU_LYON, SWISS_BIOTECH, 'HCL/2026/0001', '2026-09-15'),
  'us-out-of-scope': signatureInvoice(CHU_LYON, US_PHARMA, 'HCL/2026/0002', '2026-06-30'),
  'public-chorus-pro': signatureInvoice(CHU_MARSEILLE, PUBLIC_AGENCY, 'APHM-2026-000001', '2026-09-15'),
  'franchise-seller': signatureInvoice(REGISTRY_FRANCHISE, FRENCH_PHARMA, 'RRC-2026-0001', '2026-07-10'),
  'network-paris': network[0],
  'network-lyon': network[1],
  'network-marseille': network[2],
  'credit-note-partial': assembleCreditNote(network[0], { number: `${CHU_PARIS.siren}-2026-A00001`, issueDate: '2026-09-20', lines: [{ lineId: '1', amountCents: 12345 }] }),
  'credit-note-whole': assembleCreditNote(frB2b, { number: 'CHUP-2026-A00002', issueDate: '2026-10-02' }),
};

const XML: Record<string, string> = Object.fromEntries(Object.entries(INVOICES).map(([k, inv]) => [k, renderCiiXml(inv)]));

describe('Factur-X EN 16931 invoices', () => {
  let dir: string;
  let reports: Map<string, ConformanceReport>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-spec-'));
    const files = Object.entries(XML).map(([name, xml]) => {
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    const broken = join(dir, 'broken.xml');
    writeFileSync(
      broken,
      XML['fr-b2b'].replace('<ram:Content>B2B</ram:Content>', '<ram:Content>B2X</ram:Content>').replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>380</ram:TypeCode><ram:Bogus/>'),
    );
    const all = await validateFacturX([...files, broken]);
    reports = new Map(all.map((r) => [r.file.slice(dir.length + 1, -4), r]));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the XSD, the EN 16931 and the BR-FR schematrons with 0 errors, every one of them', () => {
    const failing = Object.keys(XML).map((k) => reports.get(k)!).filter((r) => r.errorCount > 0);
    expect(failing.map(formatConformanceReport)).toEqual([]);
    expect(reports.size).toBe(Object.keys(XML).length + 1);
  });

  it('catches a broken invoice in the same run', () => {
    const r = reports.get('broken')!;
    expect(r.xsd.join('\n')).toContain('Bogus');
    expect(r.brFr.map((x) => x.rule)).toContain('BR-FR-20_BT-21');
  });

  it('a French business buyer pays 20 % VAT, with every mandatory note and the bill reference', () => {
    const xml = XML['fr-b2b'];
    for (const s of ['PMD', 'PMT', 'AAB', 'BAR', 'REG', 'AAI']) expect(xml).toContain(`<ram:SubjectCode>${s}</ram:SubjectCode>`);
    expect(xml).toContain('Indemnité forfaitaire pour frais de recouvrement : 40 EUR');
    expect(xml).toContain('<ram:Content>B2B</ram:Content>');
    expect(xml).toContain('<ram:ID>S1</ram:ID>');
    expect(xml).toContain('article L. 1111-8 du code de la santé publique');
    expect(xml).toContain('<ram:PaymentReference>BILL-2026-000123</ram:PaymentReference>');
    expect(xml).toContain('<ram:IssuerAssignedID>AGR-2026-0007</ram:IssuerAssignedID>');
    expect(xml).toContain('<ram:URIID schemeID="0225">404833048</ram:URIID>');
    expect(xml).toContain('<ram:RateApplicablePercent>20</ram:RateApplicablePercent>');
    // 3 days of extraction at 800 EUR, kept as quantity x unit price on a whole line.
    expect(xml).toMatch(/<ram:ChargeAmount>800\.00<\/ram:ChargeAmount>[\s\S]*?<ram:BilledQuantity unitCode="DAY">3<\/ram:BilledQuantity>/);
    // The AI-training surcharge is a document-level charge.
    expect(xml).toContain('<udt:Indicator>true</udt:Indicator>');
    const inv = INVOICES['fr-b2b'];
    expect(inv.dueDate).toBe('2026-10-15');
    expect(inv.totals.grandTotalCents).toBe(inv.totals.taxBasisCents + inv.totals.vatCents);
  });

  it('a German buyer with a VAT number: reverse charge, both VAT numbers, BAR B2BINT', () => {
    for (const [key, reference] of [
      ['de-reverse-charge', 'article 283-2 du CGI'],
      ['de-reverse-charge-cibs', 'article 196 de la directive 2006/112/CE'],
    ]) {
      const xml = XML[key];
      expect(xml).toContain('<ram:CategoryCode>AE</ram:CategoryCode>');
      expect(xml).toContain('<ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>');
      expect(xml).toContain('Autoliquidation');
      expect(xml).toContain(reference);
      expect(xml).toContain('<ram:ID schemeID="VA">DE123456789</ram:ID>');
      expect(xml).toContain('<ram:ID schemeID="VA">FR50267500049</ram:ID>');
      expect(xml).toContain('<ram:Content>B2BINT</ram:Content>');
      expect(INVOICES[key].totals.vatCents).toBe(0);
    }
    expect(XML['de-reverse-charge-cibs']).not.toContain('CGI');
    expect(XML['de-reverse-charge']).toContain('<udt:DateTimeString format="102">20260731</udt:DateTimeString>');
  });

  it('a Swiss or US buyer: out of scope, the seller VAT number as text only', () => {
    for (const key of ['ch-out-of-scope', 'us-out-of-scope']) {
      const xml = XML[key];
      expect(xml).toContain('<ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>');
      expect(xml).toContain('TVA non applicable');
      expect(xml).not.toContain('schemeID="VA"');
      expect(xml).toContain('N° TVA intracommunautaire du vendeur : FR10266900026');
    }
  });

  it('a public buyer on Chorus Pro gets its service code (BT-10) and commitment number (BT-13)', () => {
    const xml = XML['public-chorus-pro'];
    expect(xml).toContain('<ram:BuyerReference>DIR-ETUDES</ram:BuyerReference>');
    expect(xml).toMatch(/<ram:BuyerOrderReferencedDocument>\s*<ram:IssuerAssignedID>EJ2026000042<\/ram:IssuerAssignedID>/);
    expect(xml).toContain('code de la commande publique');
    // The public-body reduction is a document-level allowance.
    expect(xml).toContain('<udt:Indicator>false</udt:Indicator>');
  });

  it('a seller under the VAT franchise charges no VAT and says so', () => {
    const xml = XML['franchise-seller'];
    expect(xml).toContain('<ram:CategoryCode>E</ram:CategoryCode>');
    expect(xml).toContain('<ram:ExemptionReasonCode>VATEX-FR-FRANCHISE</ram:ExemptionReasonCode>');
    expect(xml).toContain('TVA non applicable, article 293 B du CGI');
    expect(INVOICES['franchise-seller'].totals.vatCents).toBe(0);
  });

  it("a network's share invoices carry the mandate mention and add up to the quote", () => {
    network.forEach((inv, i) => {
      expect(XML[['network-paris', 'network-lyon', 'network-marseille'][i]]).toContain(
        `Facture émise par Plateforme Données Santé SAS au nom et pour le compte de ${inv.seller.name}`,
      );
    });
    expect(XML['network-lyon']).toContain('Quote-part 30/100 de la ligne.');
    expect(network.reduce((s, inv) => s + inv.totals.taxBasisCents, 0)).toBe(networkQuote.subtotalCents);
  });

  it('a credit note (381) references the invoice it corrects (BT-25, BT-26)', () => {
    const xml = XML['credit-note-partial'];
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(xml).toMatch(
      new RegExp(`<ram:InvoiceReferencedDocument>\\s*<ram:IssuerAssignedID>${network[0].number}</ram:IssuerAssignedID>\\s*<ram:FormattedIssueDateTime>\\s*<qdt:DateTimeString format="102">20260915</qdt:DateTimeString>`),
    );
    expect(INVOICES['credit-note-partial'].totals.taxBasisCents).toBe(12345);
    expect(INVOICES['credit-note-whole'].totals).toEqual(frB2b.totals);
  });
});
