// The invoice PDF: a Factur-X EN 16931 PDF/A-3b made with the document kit, its CII XML
// embedded as factur-x.xml (relationship Alternative: the PDF is a view of the XML, which
// is the invoice) and the Factur-X XMP. Printed in French, each label followed by its
// English in small type. Every legal sentence comes from the invoice (its notes, payment
// terms and exemption reasons, taken from legal/fr.yaml): the layout adds labels only.

import { formatDecimal, formatMoney, formatNumericDate, formatPercent } from '@app/core/kernel';
import {
  createPdfA3,
  decoratePages,
  documentLabel,
  labelled,
  pdfToBuffer,
  writeBody,
  writeHeading,
  writeKeyValues,
  writeNotes,
  writeParties,
  writeSubheading,
  writeTable,
  writeTitleBlock,
  writeTotals,
  type KeyValueRow,
  type PartyBlock,
  type PdfDoc,
  type TableColumn,
  type TotalRow,
} from '@app/documents';
import { renderCiiXml } from './cii-xml';
import { FACTURX_FILE_NAME, facturxExtensionSchemaXmp, facturxPropertiesXmp } from './facturx-xmp';
import { ElectronicAddress, Invoice, InvoiceBuyer, InvoiceNote, PostalAddress, VatCategory } from './types';

const CREATOR = 'health-data-marketplace billing';

/** "2026-09-15" -> "15/09/2026", as the legal wording writes dates. */
const day = (date: string) => formatNumericDate(date, 'fr');

const UNITS: Readonly<Record<string, string>> = { C62: 'unité', DAY: 'jour', MON: 'mois', HUR: 'heure' };

const CATEGORIES: Readonly<Record<VatCategory, [fr: string, en: string]>> = {
  S: ['TVA au taux normal ou réduit (S)', 'Standard or reduced rate'],
  AE: ['Autoliquidation (AE)', 'Reverse charge'],
  O: ['Hors du champ de la TVA française (O)', 'Outside the scope of French VAT'],
  E: ['Franchise en base de TVA (E)', 'VAT franchise'],
};

/** Labels as [French, English]: the English is printed in small type under row labels and column headers, after " · " in headings and totals. */
const L = {
  invoice: ['Facture', 'Invoice'],
  creditNote: ['Avoir', 'Credit note'],
  number: 'N°',
  issued: "Date d'émission",
  creditOf: 'Avoir sur la facture',
  seller: ['Vendeur', 'Seller'],
  buyer: ['Acheteur', 'Buyer'],
  electronicAddress: 'Adresse électronique',
  taxRegistration: "N° d'enregistrement fiscal",
  serviceCode: 'Code service (Chorus Pro)',
  commitment: "N° d'engagement",
  references: ['Références', 'References'],
  agreement: ['Contrat', 'Agreement'],
  bill: ['Référence de paiement', 'Bill reference'],
  corrected: ['Facture rectifiée', 'Corrected invoice'],
  period: ['Période de facturation', 'Billing period'],
  periodValue: (start: string, end: string) => `du ${day(start)} au ${day(end)}`,
  delivery: ['Date de réalisation', 'Date of supply'],
  framework: ['Cadre de facturation', 'Billing framework'],
  frameworkValue: 'S1 – prestations de services',
  lines: ['Détail des prestations', 'Services'],
  adjustments: ['Remises et majorations', 'Allowances and charges'],
  vat: ['Récapitulatif de la TVA', 'VAT breakdown'],
  lineTotal: ['Total HT des lignes', 'Lines'],
  allowances: ['Remises', 'Allowances'],
  charges: ['Majorations', 'Charges'],
  taxBasis: ['Total HT', 'Total excl. VAT'],
  vatTotal: ['Total TVA', 'VAT'],
  grandTotal: ['Total TTC', 'Total incl. VAT'],
  amountDue: ['Net à payer', 'Amount due'],
  credited: ['Montant de l’avoir', 'Amount credited'],
  payment: ['Paiement', 'Payment'],
  terms: ['Conditions de paiement', 'Payment terms'],
  dueDate: ["Date d'échéance", 'Due date'],
  means: ['Moyen de paiement', 'Payment means'],
  transfer: 'Virement SEPA',
  payee: ['Bénéficiaire du paiement', 'Payee'],
  accountName: ['Titulaire du compte', 'Account holder'],
  legal: ['Mentions légales', 'Legal notices'],
  treatment: 'Traitement de la facture (BAR)',
} as const;

const both = ([fr, en]: readonly [string, string]) => `${fr} · ${en}`;
const money = (cents: number) => formatMoney(cents, 'fr');

/** A BT-129 quantity ("412.5", at most 4 decimals) in French: "412,5". */
function quantity(q: string): string {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(q);
  if (m === null) return q;
  return formatDecimal(Number(m[1] + (m[2] ?? '').padEnd(4, '0')), 10_000, 'fr');
}

function rate(category: VatCategory, rateBp: number): string {
  return category === 'O' ? '—' : formatPercent(rateBp, 'fr');
}

function addressLine(a: PostalAddress): string {
  return labelled(documentLabel('fr', 'address'), [a.line1, a.line2, a.line3, `${a.postcode} ${a.city}`, a.country].filter(Boolean).join(', '), 'fr');
}

function electronicAddress(e: ElectronicAddress): string {
  return labelled(L.electronicAddress, `${e.id} (${e.scheme})`, 'fr');
}

function identifiers(ids: { siren?: string | null; siret?: string | null; vatNumber?: string | null; taxRegistrationId?: string | null }): string | null {
  const parts = [
    ids.siren ? `${documentLabel('fr', 'siren')} ${ids.siren}` : '',
    ids.siret ? `${documentLabel('fr', 'siret')} ${ids.siret}` : '',
    ids.vatNumber ? `${documentLabel('fr', 'vatNumber')} ${ids.vatNumber}` : '',
    ids.taxRegistrationId ? labelled(L.taxRegistration, ids.taxRegistrationId, 'fr') : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function chorusProLines(buyer: InvoiceBuyer): string[] {
  const p = buyer.publicSector;
  if (p == null) return [];
  return [p.serviceCode ? labelled(L.serviceCode, p.serviceCode, 'fr') : '', p.commitmentNumber ? labelled(L.commitment, p.commitmentNumber, 'fr') : ''].filter(Boolean);
}

function parties(inv: Invoice): PartyBlock[] {
  const s = inv.seller;
  const b = inv.buyer;
  const present = (lines: (string | null | undefined)[]) => lines.filter((l): l is string => !!l);
  return [
    {
      role: both(L.seller),
      name: s.name,
      lines: present([addressLine(s.address), identifiers(s), electronicAddress(s.electronicAddress), s.legalInformation]),
    },
    {
      role: both(L.buyer),
      name: b.name,
      lines: present([addressLine(b.address), identifiers(b), electronicAddress(b.electronicAddress), ...chorusProLines(b)]),
    },
  ];
}

function references(inv: Invoice): KeyValueRow[] {
  const rows: KeyValueRow[] = [];
  const row = ([fr, en]: readonly [string, string], value: string | null) => {
    if (value) rows.push([fr, value, en]);
  };
  row(L.agreement, inv.contractReference);
  row(L.bill, inv.billReference);
  row(L.corrected, inv.precedingInvoice && `${inv.precedingInvoice.number} du ${day(inv.precedingInvoice.issueDate)}`);
  row(L.period, inv.billingPeriod && L.periodValue(inv.billingPeriod.start, inv.billingPeriod.end));
  row(L.delivery, day(inv.deliveryDate));
  row(L.framework, L.frameworkValue);
  return rows;
}

const column = (header: string, subheader: string, width: number, align: TableColumn['align'] = 'right'): TableColumn => ({ header, subheader, width, align });

const LINE_COLUMNS = [
  column('Désignation', 'Description', 0.35, 'left'),
  column('Qté', 'Qty', 0.09),
  column('Unité', 'Unit', 0.1, 'left'),
  column('PU HT', 'Unit price excl. VAT', 0.16),
  column('TVA', 'VAT rate', 0.12),
  column('Montant HT', 'Amount excl. VAT', 0.18),
];
const ADJUSTMENT_COLUMNS = [column('Motif', 'Reason', 0.6, 'left'), column('TVA', 'VAT rate', 0.15), column('Montant HT', 'Amount excl. VAT', 0.25)];
const VAT_COLUMNS = [column('Catégorie', 'Category', 0.45, 'left'), column('Taux', 'Rate', 0.15), column('Base HT', 'Taxable amount', 0.2), column('TVA', 'VAT', 0.2)];

function writeLines(doc: PdfDoc, inv: Invoice): void {
  writeTable(
    doc,
    LINE_COLUMNS,
    inv.lines.map((l) => ({
      cells: [l.name, quantity(l.quantity), UNITS[l.unitCode] ?? l.unitCode, money(l.netPriceCents), rate(l.vatCategory, l.vatRateBp), money(l.amountCents)],
      note: l.description ?? undefined,
    })),
  );
  if (inv.allowanceCharges.length > 0) {
    writeSubheading(doc, both(L.adjustments));
    writeTable(
      doc,
      ADJUSTMENT_COLUMNS,
      inv.allowanceCharges.map((a) => ({ cells: [a.reason, rate(a.vatCategory, a.vatRateBp), money(a.charge ? a.amountCents : -a.amountCents)] })),
    );
  }
}

function writeVat(doc: PdfDoc, inv: Invoice): void {
  writeSubheading(doc, both(L.vat));
  writeTable(
    doc,
    VAT_COLUMNS,
    inv.vatBreakdown.map((v) => ({
      cells: [both(CATEGORIES[v.category]), rate(v.category, v.rateBp), money(v.baseCents), money(v.vatCents)],
      note: v.exemptionReason ?? undefined,
    })),
  );
}

function writeTotalsOf(doc: PdfDoc, inv: Invoice): void {
  const t = inv.totals;
  const rows: TotalRow[] = [];
  if (inv.allowanceCharges.length > 0) {
    rows.push({ label: both(L.lineTotal), amount: money(t.lineTotalCents) });
    if (t.allowanceTotalCents > 0) rows.push({ label: both(L.allowances), amount: money(-t.allowanceTotalCents) });
    if (t.chargeTotalCents > 0) rows.push({ label: both(L.charges), amount: money(t.chargeTotalCents) });
  }
  rows.push(
    { label: both(L.taxBasis), amount: money(t.taxBasisCents), bold: true },
    { label: both(L.vatTotal), amount: money(t.vatCents) },
    { label: both(L.grandTotal), amount: money(t.grandTotalCents), bold: true },
    { label: both(inv.typeCode === '381' ? L.credited : L.amountDue), amount: money(t.duePayableCents), bold: true },
  );
  writeTotals(doc, rows, { keepTogether: true });
}

function writePayment(doc: PdfDoc, inv: Invoice): void {
  const p = inv.payment;
  const rows: KeyValueRow[] = [
    [L.terms[0], inv.paymentTerms, L.terms[1]],
    [L.dueDate[0], day(inv.dueDate), L.dueDate[1]],
  ];
  if (p !== null) {
    rows.push([L.means[0], L.transfer, L.means[1]]);
    if (p.payee) rows.push([L.payee[0], `${p.payee.name} (${documentLabel('fr', 'siren')} ${p.payee.siren})`, L.payee[1]]);
    if (p.accountName) rows.push([L.accountName[0], p.accountName, L.accountName[1]]);
    rows.push(['IBAN', p.iban.replace(/(.{4})(?=.)/g, '$1 ')]);
    if (p.bic) rows.push(['BIC', p.bic]);
    if (inv.billReference) rows.push([L.bill[0], inv.billReference, L.bill[1]]);
  }
  doc.moveDown(0.8);
  writeHeading(doc, both(L.payment), 2);
  writeKeyValues(doc, rows);
}

/** The notes as printed: the mandate mention goes under the title, BAR gets its label. */
function legalNotes(notes: readonly InvoiceNote[]): string[] {
  return notes.filter((n) => n.subject !== 'REG').map((n) => (n.subject === 'BAR' ? labelled(L.treatment, n.content, 'fr') : n.content));
}

/**
 * The Factur-X PDF/A-3b of an invoice or credit note, `xml` (its renderCiiXml) embedded as
 * factur-x.xml. Deterministic: every date in the file is the issue date, so the same
 * invoice and XML give the same bytes.
 */
export function renderInvoicePdf(inv: Invoice, xml: string | Buffer): Promise<Buffer> {
  const creditNote = inv.typeCode === '381';
  const [kind, kindEn] = creditNote ? L.creditNote : L.invoice;
  const title = `${kind} ${L.number} ${inv.number}`;
  const issuedAt = new Date(`${inv.issueDate}T00:00:00Z`);
  const doc = createPdfA3({
    title: `${kind} ${inv.number}`,
    author: inv.seller.name,
    subject: `${kind} ${inv.number} – ${inv.seller.name} – ${inv.buyer.name}`,
    keywords: `${kind}, Factur-X, EN 16931`,
    creator: CREATOR,
    creationDate: issuedAt,
    lang: 'fr-FR',
    attachments: [
      {
        name: FACTURX_FILE_NAME,
        data: typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml,
        mimeType: 'text/xml',
        relationship: 'Alternative',
        description: `Factur-X EN 16931 – ${kind} ${inv.number}`,
        creationDate: issuedAt,
        modificationDate: issuedAt,
      },
    ],
    extraXmp: [facturxPropertiesXmp(), facturxExtensionSchemaXmp()],
  });

  const dates = [labelled(L.issued, day(inv.issueDate), 'fr')];
  if (creditNote && inv.precedingInvoice) dates.push(`${L.creditOf} ${inv.precedingInvoice.number} du ${day(inv.precedingInvoice.issueDate)}`);
  else dates.push(labelled(L.dueDate[0], day(inv.dueDate), 'fr'));
  writeTitleBlock(doc, { title, meta: [kindEn, dates.join(' · ')], align: 'left' });
  const mandate = inv.notes.find((n) => n.subject === 'REG');
  if (mandate) {
    doc.moveDown(0.6);
    writeBody(doc, mandate.content);
  }
  doc.moveDown(0.6);
  writeParties(doc, parties(inv), null);
  writeHeading(doc, both(L.references), 2);
  writeKeyValues(doc, references(inv));
  doc.moveDown(0.8);
  writeHeading(doc, both(L.lines), 2);
  writeLines(doc, inv);
  writeVat(doc, inv);
  writeTotalsOf(doc, inv);
  writePayment(doc, inv);
  doc.moveDown(0.4);
  writeSubheading(doc, both(L.legal));
  writeNotes(doc, legalNotes(inv.notes));
  decoratePages(doc, { header: `${title} · ${inv.seller.name} · ${inv.buyer.name}`, footerLeft: `${title} · ${inv.seller.name}` });
  return pdfToBuffer(doc);
}

/** An invoice's CII XML and its Factur-X PDF, the XML embedded in the PDF byte for byte. */
export async function renderFacturX(inv: Invoice): Promise<{ xml: string; pdf: Buffer }> {
  const xml = renderCiiXml(inv);
  return { xml, pdf: await renderInvoicePdf(inv, xml) };
}
