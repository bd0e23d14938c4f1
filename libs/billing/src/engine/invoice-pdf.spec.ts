// The Factur-X PDFs of every kind of invoice, read back with the real tools: the embedded
// XML byte for byte, the fonts, the printed mentions, the XMP, stable bytes and page breaks.
// That the embedded XML passes the XSD and both schematrons is checked in the conformance
// spec's one run (src/conformance/facturx-invoices.spec.ts), on the files extracted there.

import { pdfFonts, pdfInfo, pdfText, pdfXmp, qpdfAttachment, qpdfAttachments, qpdfJson, qpdfProblems, squash, xpath } from '@app/documents';
import { INVOICES } from '../conformance/invoice-scenarios';
import { formatNumericDate } from '@app/core/kernel';
import { assembleInvoice } from './build-invoice';
import { renderCiiXml } from './cii-xml';
import { FACTURX_NAMESPACE } from './facturx-xmp';
import { renderFacturX, renderInvoicePdf } from './invoice-pdf';
import { CHU_PARIS, FRENCH_PHARMA, shareContext } from './test-fixtures';
import { Invoice } from './types';

jest.setTimeout(120_000);

const DEJAVU = ['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique'];

interface Rendered {
  inv: Invoice;
  xml: string;
  pdf: Buffer;
  /** pdftotext in reading order, whitespace squashed: paragraphs read whole */
  text: string;
  /** pdftotext -layout, squashed: a label and its value read side by side */
  layout: string;
}

const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  for (const [name, inv] of Object.entries(INVOICES)) {
    const { xml, pdf } = await renderFacturX(inv);
    rendered.set(name, { inv, xml, pdf, text: squash(pdfText(pdf)), layout: squash(pdfText(pdf, { layout: true })) });
  }
});

const each = () => [...rendered.entries()];

describe('the invoice PDF of every kind of invoice', () => {
  it('embeds its CII XML as factur-x.xml, which qpdf extracts byte for byte', () => {
    for (const [name, r] of each()) {
      expect([name, qpdfAttachments(r.pdf)]).toEqual([name, ['factur-x.xml']]);
      expect([name, qpdfAttachment(r.pdf, 'factur-x.xml').equals(Buffer.from(renderCiiXml(r.inv), 'utf8'))]).toEqual([name, true]);
      expect([name, qpdfProblems(r.pdf)]).toEqual([name, []]);
    }
  });

  it('links factur-x.xml from the catalog as the Alternative, text/xml, dated the issue date', () => {
    for (const [name, r] of each()) {
      const { objects } = qpdfJson(r.pdf);
      const value = (ref: string) => {
        const o = objects[`obj:${ref}`];
        return (o.value ?? o.stream?.dict) as Record<string, unknown>;
      };
      const catalog = value((objects.trailer.value as { '/Root': string })['/Root']);
      const [spec] = (catalog['/AF'] as string[]).map(value);
      expect([name, spec]).toMatchObject([name, { '/AFRelationship': '/Alternative', '/F': 'u:factur-x.xml', '/UF': 'u:factur-x.xml' }]);
      const day = `u:D:${r.inv.issueDate.replace(/-/g, '')}000000Z`;
      const file = value((spec['/EF'] as { '/F': string })['/F']);
      expect([name, file]).toMatchObject([name, { '/Subtype': '/text/xml', '/Params': { '/CreationDate': day, '/ModDate': day, '/Size': Buffer.byteLength(r.xml) } }]);
    }
  });

  it('embeds every font, the DejaVu ones only', () => {
    for (const [name, r] of each()) {
      const fonts = pdfFonts(r.pdf);
      expect([name, fonts.length > 0 && fonts.every((f) => f.embedded && DEJAVU.includes(f.name))]).toEqual([name, true]);
    }
  });

  it('carries the Factur-X XMP: fx: properties and their PDF/A extension schema, in a packet that parses', () => {
    for (const [name, r] of each()) {
      const xmp = pdfXmp(r.pdf);
      // one xmllint run per document: the values joined by "|"
      const values = (...names: [ns: string, local: string][]) =>
        xpath(xmp, `concat(${names.map(([ns, local]) => `string(//*[local-name()='${local}' and namespace-uri()='${ns}'])`).join(", '|', ")})`).split('|');
      const FX = FACTURX_NAMESPACE;
      const [type, file, version, level, part, conformance, schemaNs, prefix, title] = values(
        [FX, 'DocumentType'],
        [FX, 'DocumentFileName'],
        [FX, 'Version'],
        [FX, 'ConformanceLevel'],
        ['http://www.aiim.org/pdfa/ns/id/', 'part'],
        ['http://www.aiim.org/pdfa/ns/id/', 'conformance'],
        ['http://www.aiim.org/pdfa/ns/schema#', 'namespaceURI'],
        ['http://www.aiim.org/pdfa/ns/schema#', 'prefix'],
        ['http://purl.org/dc/elements/1.1/', 'title'],
      );
      expect([name, type, file, version, level]).toEqual([name, 'INVOICE', 'factur-x.xml', '1.0', 'EN 16931']);
      expect([part, conformance, schemaNs, prefix]).toEqual(['3', 'B', FX, 'fx']);
      const declared = xpath(xmp, "//*[namespace-uri()='http://www.aiim.org/pdfa/ns/property#' and local-name()='name']/text()").split('\n');
      expect(declared.sort()).toEqual(['ConformanceLevel', 'DocumentFileName', 'DocumentType', 'Version']);
      const info = pdfInfo(r.pdf);
      expect([info['PDF version'], info.Producer, title]).toEqual(['1.7', info.Creator, info.Title]);
    }
  });

  it('prints every note of the invoice and its mandatory mentions', () => {
    for (const [name, { inv, text, layout }] of each()) {
      const missing = (needles: string[], haystack: string) => needles.filter((n) => !haystack.includes(squash(n)));
      const notes = inv.notes.map((n) => (n.subject === 'BAR' ? `Traitement de la facture (BAR) : ${n.content}` : n.content));
      const mentions = [
        ...notes,
        inv.paymentTerms,
        `SIREN ${inv.seller.siren}`,
        `N° TVA ${inv.seller.vatNumber}`,
        ...(inv.buyer.vatNumber ? [`N° TVA ${inv.buyer.vatNumber}`] : []),
        ...(inv.buyer.siren ? [`SIREN ${inv.buyer.siren}`] : []),
        `${inv.seller.electronicAddress.id} (${inv.seller.electronicAddress.scheme})`,
        ...inv.vatBreakdown.flatMap((v) => (v.exemptionReason ? [v.exemptionReason] : [])),
      ];
      expect([name, missing(mentions, text)]).toEqual([name, []]);
      // the platform's commission invoices name no contract and no bill of their own
      const rows = [inv.contractReference && `Contrat ${inv.contractReference}`, inv.billReference && `Référence de paiement ${inv.billReference}`, `Date d'échéance ${formatNumericDate(inv.dueDate, 'fr')}`]
        .filter((r): r is string => !!r);
      expect([name, missing(rows, layout)]).toEqual([name, []]);
    }
  });

  it('says the legal words themselves, not only what the invoice model holds', () => {
    const fr = rendered.get('fr-b2b')!.text;
    for (const words of [
      'Facture N° CHUP-2026-000001',
      'Facture émise par Plateforme Données Santé SAS au nom et pour le compte de CHU de Paris',
      'Indemnité forfaitaire pour frais de recouvrement : 40 EUR',
      "Pas d'escompte",
      'Traitement de la facture (BAR) : B2B',
      'article L. 1111-8 du code de la santé publique',
      'aucune donnée de santé n\'est vendue',
      'Pénalités de retard',
      "Date d'échéance : 15/10/2026",
      'SIRET 26750004900015',
      'N° TVA FR83404833048',
      'FR76 3000 6000 0112 3456 7890 189',
    ]) {
      expect(fr).toContain(words);
    }
    expect(rendered.get('fr-b2b')!.layout).toContain('Net à payer · Amount due 14 835,55 €');
    expect(rendered.get('de-reverse-charge')!.text).toContain('Autoliquidation – article 283-2 du CGI');
    expect(rendered.get('de-reverse-charge')!.text).toContain('Traitement de la facture (BAR) : B2BINT');
    expect(rendered.get('de-reverse-charge-cibs')!.text).not.toContain('CGI');
    expect(rendered.get('ch-out-of-scope')!.text).toContain("TVA non applicable – prestation de services à un preneur établi hors de l'Union européenne");
    expect(rendered.get('ch-out-of-scope')!.text).toContain('N° TVA FR10266900026');
    expect(rendered.get('us-out-of-scope')!.text).toContain('TVA non applicable – article 259-1° du CGI');
    expect(rendered.get('franchise-seller')!.text).toContain('TVA non applicable, article 293 B du CGI');
    const chorus = rendered.get('public-chorus-pro')!.text;
    expect(chorus).toContain('Code service (Chorus Pro) : DIR-ETUDES');
    expect(chorus).toContain("N° d'engagement : EJ2026000042");
    expect(chorus).toContain('code de la commande publique');
    expect(rendered.get('network-lyon')!.text).toContain('Quote-part 30/100 de la ligne.');
    const credit = rendered.get('credit-note-partial')!;
    expect(credit.text).toContain(`Avoir N° ${credit.inv.number}`);
    expect(credit.layout).toContain(`Facture rectifiée ${credit.inv.precedingInvoice!.number} du 15/09/2026`);
    expect(credit.layout).toContain('Montant de l’avoir · Amount credited');
  });

  it('numbers every page "page X / Y"', () => {
    for (const [name, r] of each()) {
      const pages = Number(pdfInfo(r.pdf).Pages);
      for (let i = 1; i <= pages; i++) expect([name, r.text.includes(`page ${i} / ${pages}`)]).toEqual([name, true]);
    }
  });

  it('gives the same bytes for the same invoice, other bytes for another', async () => {
    const r = rendered.get('fr-b2b')!;
    expect((await renderInvoicePdf(r.inv, r.xml)).equals(r.pdf)).toBe(true);
    expect((await renderFacturX(r.inv)).pdf.equals(r.pdf)).toBe(true);
    const other = { ...r.inv, number: 'CHUP-2026-000099' };
    expect((await renderFacturX(other)).pdf.equals(r.pdf)).toBe(false);
  });
});

describe('a 200-line invoice', () => {
  const LONG = Array.from({ length: 1200 }, (_, i) => `mot${i + 1}`).join(' ') + ' FIN-DE-LA-DESCRIPTION';
  const inv = assembleInvoice({
    ...shareContext(CHU_PARIS, FRENCH_PHARMA, 'CHUP-2026-000200', '2026-09-15'),
    billingPeriod: { start: '2026-08-01', end: '2026-08-31' },
    deliveryDate: '2026-08-31',
    lines: Array.from({ length: 200 }, (_, i) => ({
      code: `SDE.${i + 1}`,
      name: `Calcul de l’étude n° ${i + 1}`,
      description: i === 99 ? `Ligne longue : ${LONG}` : `Heures de calcul de l’étude ${i + 1}`,
      quantity: '12.5',
      unitCode: 'HUR',
      netPriceCents: 120,
      amountCents: 1500,
      vatCategory: 'S' as const,
      vatRateBp: 2000,
    })),
  });
  let pdf: Buffer;
  let pages: string[];

  beforeAll(async () => {
    pdf = (await renderFacturX(inv)).pdf;
    pages = pdfText(pdf, { layout: true }).split('\f').filter((p) => p.trim());
  });

  it('breaks over pages, the table header and the running header on each, "page X / Y" at the foot', () => {
    const count = Number(pdfInfo(pdf).Pages);
    expect(count).toBeGreaterThanOrEqual(6);
    expect(pages).toHaveLength(count);
    pages.forEach((page, i) => {
      expect(squash(page)).toContain(`page ${i + 1} / ${count}`);
      if (i > 0) expect(squash(page)).toContain('Facture N° CHUP-2026-000200 · CHU de Paris · Laboratoires Exemple SA');
    });
    const tablePages = pages.filter((p) => /Calcul de l’étude n° \d+/.test(p));
    expect(tablePages.length).toBeGreaterThan(4);
    for (const page of tablePages) expect(page).toMatch(/Désignation\s+Qté\s+Unité\s+PU HT\s+TVA\s+Montant HT/);
  });

  it('prints every line once, a description longer than a page whole, then the totals', () => {
    const text = squash(pdfText(pdf));
    for (let n = 1; n <= 200; n++) expect(text.split(`Calcul de l’étude n° ${n} `).length - 1).toBe(1);
    // The long description goes on over the next pages, between their headers and footers,
    // every word once and in order.
    const words = text.slice(text.indexOf('Ligne longue : '), text.indexOf('FIN-DE-LA-DESCRIPTION')).match(/\bmot\d+\b/g) ?? [];
    expect(words.join(' ') === LONG.replace(' FIN-DE-LA-DESCRIPTION', '')).toBe(true);
    const at = (needle: string) => pages.findIndex((p) => squash(p).includes(needle));
    expect(at('FIN-DE-LA-DESCRIPTION')).toBeGreaterThan(at('Ligne longue : mot1 '));
    expect(squash(pages[pages.length - 1] + pages[pages.length - 2])).toContain('Net à payer · Amount due 3 600,00 €');
    expect(squash(pdfText(pdf, { layout: true }))).toContain('Période de facturation du 01/08/2026 au 31/08/2026');
    expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
  });
});
