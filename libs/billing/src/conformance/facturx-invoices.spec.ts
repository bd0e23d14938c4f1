// Every kind of invoice the platform issues, written as CII XML, embedded in its Factur-X
// PDF, extracted back with qpdf and checked against the XSD, the EN 16931 schematron and the
// French BR-FR schematron, all files in one run of each check. One deliberately broken file
// rides along to show the checks do fail.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qpdfAttachment } from '@app/documents';
import { renderCiiXml } from '../engine/cii-xml';
import { renderInvoicePdf } from '../engine/invoice-pdf';
import { ConformanceReport, formatConformanceReport, validateFacturX } from './facturx-conformance';
import { frB2b, INVOICES, network, networkQuote } from './invoice-scenarios';

jest.setTimeout(180_000);

const XML: Record<string, string> = Object.fromEntries(Object.entries(INVOICES).map(([k, inv]) => [k, renderCiiXml(inv)]));

describe('Factur-X EN 16931 invoices', () => {
  let dir: string;
  let reports: Map<string, ConformanceReport>;
  const extracted = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-spec-'));
    const files: string[] = [];
    for (const [name, xml] of Object.entries(XML)) {
      // What a platform receives is the PDF: the file checked is the one qpdf takes out of it.
      const pdf = await renderInvoicePdf(INVOICES[name], xml);
      extracted.set(name, qpdfAttachment(pdf, 'factur-x.xml'));
      files.push(join(dir, `${name}.xml`));
      writeFileSync(files[files.length - 1], extracted.get(name)!);
    }
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

  it('checks the XML as extracted from each PDF, byte for byte the XML written', () => {
    for (const [name, xml] of Object.entries(XML)) expect([name, extracted.get(name)?.equals(Buffer.from(xml, 'utf8'))]).toEqual([name, true]);
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

  it("the platform's commission invoice: the platform sells, no mandate, a commission given back is an allowance, reverse charge in the EU", () => {
    const fr = XML['commission-fr'];
    expect(fr).not.toContain('au nom et pour le compte');
    expect(fr).not.toContain('<ram:SubjectCode>REG</ram:SubjectCode>');
    expect(fr).toContain('Commission de la plateforme');
    expect(fr).toContain('<ram:Name>Plateforme Données Santé SAS</ram:Name>');
    expect(fr).toMatch(/<ram:ChargeIndicator>\s*<udt:Indicator>false<\/udt:Indicator>/);
    expect(INVOICES['commission-fr'].allowanceCharges).toEqual([expect.objectContaining({ charge: false, amountCents: 10_000, reason: expect.stringContaining('267500049-F000043') })]);
    // 103,457 + 5,001 lines, less 10,000 given back: 98,458; VAT on that base
    expect(INVOICES['commission-fr'].totals).toMatchObject({ lineTotalCents: 108_458, allowanceTotalCents: 10_000, taxBasisCents: 98_458, vatCents: 19_692, grandTotalCents: 118_150 });
    const de = XML['commission-de-reverse-charge'];
    expect(de).toContain('<ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>');
    expect(de).toContain('Autoliquidation');
    expect(INVOICES['commission-de-reverse-charge'].totals.vatCents).toBe(0);
  });
});
