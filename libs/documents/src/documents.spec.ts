import {
  clauseHeading,
  createPdfA3,
  createPdfDocument,
  decoratePages,
  fontPaths,
  legalIdentityLines,
  parseBody,
  pdfFonts,
  pdfDrawnText,
  pdfInfo,
  pdfText,
  pdfToBuffer,
  pdfXmp,
  qpdfAttachment,
  qpdfAttachments,
  qpdfJson,
  qpdfProblems,
  squash,
  writeKeyValues,
  writeParties,
  writeTable,
  writeTitleBlock,
  writeTotals,
  xpath,
  type PdfA3Options,
  type PdfDoc,
} from './index';

const created = new Date('2027-03-01T09:00:00Z');
const DEJAVU = ['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique'];

/** A quote-like document: title block, parties, rows, a 120-row table and totals. */
function writeSample(doc: PdfDoc): void {
  writeTitleBlock(doc, { title: 'Devis N° DEV-2027-000001', meta: ['Date d’émission : 01/03/2027'], align: 'left' });
  writeParties(
    doc,
    [
      { role: 'Prestataire', name: 'CHU de Valmont', lines: legalIdentityLines({ name: 'CHU de Valmont', siret: '26750045200011', country: 'FR' }, 'fr') },
      { role: 'Client', name: 'Clément & Associés SAS', lines: legalIdentityLines({ name: 'Clément & Associés SAS', vatNumber: 'FR40912345678', country: 'FR' }, 'fr') },
    ],
    null,
  );
  writeKeyValues(doc, [['Offre', 'Cohorte diabète 2015-2024']]);
  writeTable(
    doc,
    [
      { header: 'Désignation', width: 0.6 },
      { header: 'Montant HT', width: 0.4, align: 'right' },
    ],
    Array.from({ length: 120 }, (_, i) => ({ cells: [`Ligne ${i + 1}`, `${i + 1},00 €`], note: `Règle de la ligne ${i + 1}` })),
  );
  writeTotals(doc, [{ label: 'Total TTC', amount: '7 260,00 €', bold: true }]);
}

describe('the document kit', () => {
  let pdf: Buffer;
  let pages: number;

  beforeAll(async () => {
    const doc = createPdfDocument({ title: 'Devis DEV-2027-000001', creationDate: created, lang: 'fr-FR' });
    writeSample(doc);
    decoratePages(doc, { header: 'Devis DEV-2027-000001', footerLeft: 'DEV-2027-000001', watermark: 'PROJET' });
    pdf = await pdfToBuffer(doc);
    pages = Number(pdfInfo(pdf).Pages);
  });

  it('breaks a long table over pages, repeating its header, and numbers every page "page X / Y"', () => {
    expect(pages).toBeGreaterThanOrEqual(3);
    const layout = pdfText(pdf, { layout: true }).split('\f').filter((p) => p.trim());
    expect(layout).toHaveLength(pages);
    layout.forEach((page, i) => {
      expect(page).toMatch(/Désignation\s+Montant HT/);
      expect(squash(page)).toContain(`DEV-2027-000001 page ${i + 1} / ${pages}`);
    });
    const text = squash(pdfText(pdf, { layout: true }));
    for (const row of [1, 60, 120]) expect(text).toContain(`Ligne ${row} ${row},00 € Règle de la ligne ${row}`);
    expect(text).toContain('Total TTC 7 260,00 €');
  });

  it('prints the parties with their role and legal identity', () => {
    const text = squash(pdfText(pdf, { layout: true }));
    expect(text).toContain('PRESTATAIRE CHU de Valmont SIRET 26750045200011 · Pays : FR CLIENT Clément & Associés SAS N° TVA FR40912345678 · Pays : FR');
  });

  it('embeds the DejaVu fonts only and keeps the watermark out of the text', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && DEJAVU.includes(f.name))).toBe(true);
    expect(pdfText(pdf)).not.toContain('PROJET');
  });

  it('gives the same bytes for the same content and creation date, other bytes for another date', async () => {
    const render = async (creationDate: Date) => {
      const doc = createPdfDocument({ title: 'Devis DEV-2027-000001', creationDate, lang: 'fr-FR' });
      writeSample(doc);
      decoratePages(doc, { header: 'Devis DEV-2027-000001', footerLeft: 'DEV-2027-000001', watermark: 'PROJET' });
      return pdfToBuffer(doc);
    };
    expect((await render(created)).equals(pdf)).toBe(true);
    expect((await render(new Date('2027-03-01T09:00:01Z'))).equals(pdf)).toBe(false);
  });

  it('finds the bundled fonts, splits bodies and heads clauses', () => {
    expect(fontPaths().regular).toMatch(/assets\/fonts\/DejaVuSans\.ttf$/);
    expect(parseBody('Intro line\ncontinued.\n\n- one\n  wrapped\n- two\nAfter.')).toEqual([
      { kind: 'paragraph', text: 'Intro line continued.' },
      { kind: 'list', items: ['one wrapped', 'two'] },
      { kind: 'paragraph', text: 'After.' },
    ]);
    expect(clauseHeading('3', 'Audit', 'fr')).toBe('Article 3 – Audit');
    expect(clauseHeading('3', 'Audit', 'en')).toBe('Clause 3 – Audit');
  });

  it('draws French amounts with their no-break spaces, which pdftotext prints as plain spaces', async () => {
    const doc = createPdfDocument({ title: 'Montants', creationDate: created, lang: 'fr-FR' });
    doc.text('Total : 25\u202f000\u202f000,00\u00a0€ ; fichier officiel');
    const out = await pdfToBuffer(doc);
    expect(pdfText(out)).toContain('Total : 25 000 000,00 € ; fichier officiel');
    expect(pdfDrawnText(out)).toContain('Total : 25\u202f000\u202f000,00\u00a0€ ; fichier officiel');
  });
});

describe('bilingual labels, rows longer than a page, totals kept together', () => {
  const LONG = Array.from({ length: 1500 }, (_, i) => `w${i + 1}`).join(' ');
  let pdf: Buffer;
  let pages: string[];

  beforeAll(async () => {
    const doc = createPdfDocument({ title: 'Facture', creationDate: created, lang: 'fr-FR' });
    writeKeyValues(doc, [['Contrat', 'AGR-2027-0001', 'Agreement']]);
    writeTable(
      doc,
      [
        { header: 'Désignation', subheader: 'Description', width: 0.7 },
        { header: 'Montant HT', subheader: 'Amount excl. VAT', width: 0.3, align: 'right' },
      ],
      [
        { cells: ['Ligne courte', '1,00 €'] },
        { cells: ['Ligne longue', '2,00 €'], note: LONG },
        { cells: ['Après', '3,00 €'] },
      ],
    );
    doc.y = doc.page.height - doc.page.margins.bottom - 30;
    writeTotals(doc, [1, 2, 3, 4].map((n) => ({ label: `Total ${n}`, amount: `${n},00 €` })), { keepTogether: true });
    decoratePages(doc, {});
    pdf = await pdfToBuffer(doc);
    pages = pdfText(pdf, { layout: true }).split('\f').filter((p) => p.trim());
  });

  it('prints the small second label under the first', () => {
    expect(pages[0]).toMatch(/Contrat\s+AGR-2027-0001\s+Agreement/);
    expect(pages[0]).toMatch(/Désignation\s+Montant HT\s+Description\s+Amount excl. VAT/);
  });

  it('carries a note longer than a page over the next pages, under the repeated header, every word once', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const withNote = pages.filter((p) => /\bw\d+\b/.test(p));
    expect(withNote.length).toBeGreaterThanOrEqual(2);
    for (const page of withNote) expect(page).toMatch(/Désignation\s+Montant HT/);
    const words = squash(pdfText(pdf)).match(/\bw\d+\b/g) ?? [];
    expect(words.join(' ') === LONG).toBe(true);
    expect(squash(pages.find((p) => p.includes('Après'))!)).toContain('Après 3,00 €');
  });

  it('moves totals that do not fit to the next page whole', () => {
    const last = squash(pages[pages.length - 1]);
    for (const n of [1, 2, 3, 4]) expect(last).toContain(`Total ${n} ${n},00 €`);
  });
});

describe('createPdfA3', () => {
  const xml = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">' +
      '<!-- Clément & Associés, 1 234,56 € -->\n</rsm:CrossIndustryInvoice>\n',
    'utf8',
  );
  const FX = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';
  const options: PdfA3Options = {
    title: 'Facture F-2027-000001 – Clément & Associés <SAS>',
    author: 'CHU de Valmont & partenaires',
    subject: 'Facture',
    keywords: 'facture & Factur-X',
    creationDate: created,
    lang: 'fr-FR',
    attachments: [
      { name: 'factur-x.xml', data: xml, mimeType: 'text/xml', relationship: 'Alternative', description: 'Factur-X', creationDate: created, modificationDate: new Date('2027-03-01T09:30:00Z') },
    ],
    extraXmp: [`<rdf:Description rdf:about="" xmlns:fx="${FX}"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName></rdf:Description>`],
  };
  const render = async () => {
    const doc = createPdfA3(options);
    writeSample(doc);
    decoratePages(doc, { footerLeft: 'F-2027-000001' });
    return pdfToBuffer(doc);
  };
  let pdf: Buffer;
  let xmp: string;

  beforeAll(async () => {
    pdf = await render();
    xmp = pdfXmp(pdf);
  });

  it('embeds the XML file, which qpdf extracts byte for byte', () => {
    expect(qpdfAttachments(pdf)).toEqual(['factur-x.xml']);
    expect(qpdfAttachment(pdf, 'factur-x.xml').equals(xml)).toBe(true);
    expect(qpdfProblems(pdf)).toEqual([]);
  });

  it('embeds every font', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && DEJAVU.includes(f.name))).toBe(true);
  });

  it('has XMP that parses, says PDF/A-3 conformance B, agrees with the document information and carries the extra XMP', () => {
    const value = (ns: string, name: string) => xpath(xmp, `string(//*[local-name()='${name}' and namespace-uri()='${ns}'])`);
    expect(value('http://www.aiim.org/pdfa/ns/id/', 'part')).toBe('3');
    expect(value('http://www.aiim.org/pdfa/ns/id/', 'conformance')).toBe('B');
    expect(value('http://purl.org/dc/elements/1.1/', 'title')).toBe(options.title);
    expect(value('http://purl.org/dc/elements/1.1/', 'creator')).toBe(options.author);
    expect(value('http://ns.adobe.com/pdf/1.3/', 'Keywords')).toBe(options.keywords);
    expect(value('http://ns.adobe.com/xap/1.0/', 'CreateDate')).toBe('2027-03-01T09:00:00Z');
    expect(value('http://ns.adobe.com/xap/1.0/', 'ModifyDate')).toBe('2027-03-01T09:00:00Z');
    expect(value(FX, 'DocumentType')).toBe('INVOICE');
    expect(value(FX, 'DocumentFileName')).toBe('factur-x.xml');
    const info = pdfInfo(pdf);
    expect(info['PDF version']).toBe('1.7');
    expect(info.Title).toBe(options.title);
    expect(info.Author).toBe(options.author);
    expect(info.Producer).toBe(info.Creator);
    expect(value('http://ns.adobe.com/pdf/1.3/', 'Producer')).toBe(info.Producer);
    expect(value('http://ns.adobe.com/xap/1.0/', 'CreatorTool')).toBe(info.Creator);
  });

  it('links the attachment from the catalog (/AF) with its relationship, MIME type and dates, and declares the sRGB output intent', () => {
    const { objects } = qpdfJson(pdf);
    const value = (ref: string) => {
      const o = objects[`obj:${ref}`];
      return (o.value ?? o.stream?.dict) as Record<string, unknown>;
    };
    const catalog = value((objects.trailer.value as { '/Root': string })['/Root']);
    const af = catalog['/AF'] as string[];
    expect(af).toHaveLength(1);
    const spec = value(af[0]);
    expect(spec).toMatchObject({ '/Type': '/Filespec', '/AFRelationship': '/Alternative', '/F': 'u:factur-x.xml', '/UF': 'u:factur-x.xml', '/Desc': 'u:Factur-X' });
    const file = value((spec['/EF'] as { '/F': string })['/F']);
    expect(file).toMatchObject({ '/Type': '/EmbeddedFile', '/Subtype': '/text/xml', '/Params': { '/CreationDate': 'u:D:20270301090000Z', '/ModDate': 'u:D:20270301093000Z', '/Size': xml.length } });
    const [intent] = (catalog['/OutputIntents'] as string[]).map(value);
    expect(intent).toMatchObject({ '/Type': '/OutputIntent', '/S': '/GTS_PDFA1', '/OutputConditionIdentifier': 'u:sRGB IEC61966-2.1' });
    expect(value(intent['/DestOutputProfile'] as string)).toMatchObject({ '/N': 3 });
  });

  it('gives the same bytes for the same content, dates and attachments', async () => {
    expect((await render()).equals(pdf)).toBe(true);
  });
});
