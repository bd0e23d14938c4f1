// The agreement PDF: a title page (number, parties with their legal identity and signers,
// particulars), the numbered clauses of the rendered licence (negotiated ones marked),
// Annex 1 (fees), Annex 2 (dataset description), a signature page and, in the final
// document generated at sealing time, an audit trail page. Built with the document kit and
// the licence's clause layout, so that every document of the platform looks the same.
import { allocate, formatDate, formatMoney, formatParisDateTime, formatPercent, PARIS_TIME_ZONE, parisTime } from '@app/core/kernel';
import {
  contentWidth,
  createPdfDocument,
  decoratePages,
  documentLabel,
  labelled,
  legalIdentityLines,
  PDF_FONTS,
  PDF_STYLE,
  pdfToBuffer,
  writeNotes,
  writeParties,
  writeSection,
  writeSubheading,
  writeTable,
  writeTitleBlock,
  writeTotals,
  type PdfDoc,
  type TableRow,
} from '@app/documents';
import { LICENCE_PDF_CREATOR, templateFooter, templateMeta, writeLicenceClauses, type Locale } from '@app/licensing/engine';
import { formatQuantity, parseQuantity } from '@app/pricing/engine';
import type { SigningSide } from '../negotiation/access-request-machine';
import { assertAgreementInput, type AgreementFeeLine, type AgreementParty, type AgreementPdfInput, type AuditEvent } from './agreement-input';

export interface RenderAgreementOptions {
  /** the signatures collected in the application: fills the signature page and adds the audit trail page */
  auditTrail?: readonly AuditEvent[];
}

const WORDS = {
  fr: {
    number: (n: string) => `Accord n° ${n}`,
    roles: { PRODUCER: 'Producteur', BUYER: 'Bénéficiaire' } as Record<SigningSide, string>,
    signer: 'Signataire',
    particulars: 'Conditions particulières',
    dataset: 'Jeu de données',
    version: 'Version',
    purposeCategory: 'Catégorie de finalité',
    purposeSummary: 'Résumé de la finalité',
    startDate: 'Date de début',
    duration: 'Durée',
    months: (n: number) => `${n} mois`,
    annex1: 'Annexe 1 – Tarifs et décompte des redevances',
    annex1Intro: 'Redevances de mise à disposition établies par le devis accepté, selon la grille tarifaire publiée par le Producteur. Chaque ligne indique la règle qui a produit son montant.',
    columns: ['Prestation', 'Quantité', 'Prix unitaire HT', 'Montant HT'],
    rule: 'Règle',
    adjustments: 'Ajustements',
    charges: 'Total des prestations HT',
    subtotal: 'Total HT',
    vatOn: (label: string, base: string) => `${label} (base ${base})`,
    total: 'Total TTC',
    estimate: '* Quantité estimée : le montant dû suit l’usage mesuré par la Plateforme.',
    waived: 'non facturé',
    contributors: 'Répartition entre les contributeurs',
    contributorsIntro: 'Chaque contributeur facture en son nom sa part de chaque ligne, à proportion de son poids, au centime près (reste au plus fort reste) ; la Plateforme émet ces factures en son nom et pour son compte (mandat de facturation). Parts du total HT :',
    contributorColumns: ['Contributeur', 'Poids', 'Part', 'Part du total HT'],
    contributorsVat: (cents: number) =>
      `La TVA est calculée sur chaque facture, taux par taux, sur la part du contributeur : pour des contributeurs assujettis, la TVA de leurs factures réunies peut différer d’au plus ${cents} centime${cents > 1 ? 's' : ''} de la TVA calculée en une fois sur le même montant HT, comme ci-dessus.`,
    annex2: 'Annexe 2 – Description du jeu de données',
    annex2Empty: 'Aucune description fournie.',
    signatures: 'Signatures',
    signaturesIntro: 'Fait sous forme électronique, en un exemplaire original scellé par la Plateforme. Chaque partie reconnaît avoir pris connaissance de l’ensemble des articles et des annexes.',
    forParty: (role: string) => `Pour le ${role}`,
    signerName: 'Nom',
    signerTitle: 'Qualité',
    signed: (when: string, ip: string) => `Signé électroniquement le ${when}, heure de Paris (IP ${ip})`,
    blankSignature: 'Signature : ______________________________',
    blankDate: 'Date : ______________________________',
    auditIntro:
      'Chaque signature a été recueillie sur la Plateforme auprès d’un signataire authentifié, qui a exprimé son consentement au document identifié par son empreinte SHA-256. La Plateforme a ensuite scellé le présent document par une signature électronique PAdES.',
    event: (i: number, role: string, name: string) => `Signature ${i} – ${role} : ${name}`,
    email: 'Adresse électronique',
    utc: 'Horodatage (UTC, ISO 8601)',
    paris: 'Heure de Paris',
    ip: 'Adresse IP',
    userAgent: 'Navigateur (user agent)',
    consent: 'Consentement exprimé',
    unsignedHash: 'SHA-256 du document non signé',
    variablesHash: 'variables',
  },
  en: {
    number: (n: string) => `Agreement no. ${n}`,
    roles: { PRODUCER: 'Producer', BUYER: 'Recipient' } as Record<SigningSide, string>,
    signer: 'Signatory',
    particulars: 'Particular terms',
    dataset: 'Dataset',
    version: 'Version',
    purposeCategory: 'Purpose category',
    purposeSummary: 'Purpose summary',
    startDate: 'Start date',
    duration: 'Duration',
    months: (n: number) => `${n} month${n === 1 ? '' : 's'}`,
    annex1: 'Annex 1 – Tariff and breakdown of fees',
    annex1Intro: 'Fees for making the data available, as set by the accepted quote under the tariff published by the Producer. Each line shows the rule that produced its amount.',
    columns: ['Service', 'Quantity', 'Unit price excl. VAT', 'Amount excl. VAT'],
    rule: 'Rule',
    adjustments: 'Adjustments',
    charges: 'Total of services excl. VAT',
    subtotal: 'Total excl. VAT',
    vatOn: (label: string, base: string) => `${label} (on ${base})`,
    total: 'Total incl. VAT',
    estimate: '* Estimated quantity: the amount due follows the usage metered by the Platform.',
    waived: 'not charged',
    contributors: 'Split between the contributors',
    contributorsIntro: 'Each contributor invoices its share of every line in its own name, in proportion to its weight, to the cent (largest remainder); the Platform issues these invoices in its name and on its behalf (billing mandate). Shares of the total excl. VAT:',
    contributorColumns: ['Contributor', 'Weight', 'Share', 'Share of the total excl. VAT'],
    contributorsVat: (cents: number) =>
      `VAT is computed on each invoice, rate by rate, on the contributor's share: for contributors liable to VAT, the VAT of their invoices together may differ by at most ${cents} cent${cents > 1 ? 's' : ''} from the VAT computed at once on the same amount excl. VAT, as above.`,
    annex2: 'Annex 2 – Description of the dataset',
    annex2Empty: 'No description given.',
    signatures: 'Signatures',
    signaturesIntro: 'Made electronically, in one original sealed by the Platform. Each party acknowledges having read all the clauses and annexes.',
    forParty: (role: string) => `For the ${role}`,
    signerName: 'Name',
    signerTitle: 'Capacity',
    signed: (when: string, ip: string) => `Signed electronically on ${when}, Paris time (IP ${ip})`,
    blankSignature: 'Signature: ______________________________',
    blankDate: 'Date: ______________________________',
    auditIntro:
      'Each signature was collected on the Platform from an authenticated signatory, who consented to the document identified by its SHA-256 fingerprint. The Platform then sealed this document with a PAdES electronic signature.',
    event: (i: number, role: string, name: string) => `Signature ${i} – ${role}: ${name}`,
    email: 'Email address',
    utc: 'Timestamp (UTC, ISO 8601)',
    paris: 'Paris time',
    ip: 'IP address',
    userAgent: 'Browser (user agent)',
    consent: 'Consent given',
    unsignedHash: 'SHA-256 of the unsigned document',
    variablesHash: 'variables',
  },
} as const;

type Words = (typeof WORDS)[Locale];

/** The agreement number as written in the PDF's /Keywords, where verifyAgreementPdf reads it back. */
export const AGREEMENT_NUMBER_KEYWORD = 'agreement-number:';

function roleOf(party: AgreementParty, side: SigningSide, w: Words): string {
  return party.roleLabel?.trim() || w.roles[side];
}

function writeAgreementParties(doc: PdfDoc, input: AgreementPdfInput, locale: Locale, w: Words): void {
  doc.moveDown(2);
  const parties = ([['PRODUCER', input.producer], ['BUYER', input.buyer]] as const).map(([side, party]) => ({
    role: roleOf(party, side, w),
    name: party.name,
    lines: [...legalIdentityLines(party, locale), labelled(w.signer, [party.signer.name, party.signer.title].filter(Boolean).join(', '), locale)],
  }));
  writeParties(doc, parties, documentLabel(locale, 'parties'));
}

function writeParticulars(doc: PdfDoc, input: AgreementPdfInput, locale: Locale, w: Words): void {
  writeSection(doc, {
    title: w.particulars,
    newPage: false,
    rows: [
      [w.dataset, input.dataset.title],
      [w.version, String(input.dataset.version)],
      [w.purposeCategory, input.purpose.category],
      [w.purposeSummary, input.purpose.summary],
      [w.startDate, formatDate(input.startDate, locale)],
      [w.duration, w.months(input.durationMonths)],
    ],
  });
}

function quantity(line: AgreementFeeLine, locale: Locale): string {
  const milli = parseQuantity(line.quantity);
  return `${milli === null ? line.quantity : formatQuantity(milli, locale)} ${line.unit}`.trim();
}

function feeRows(lines: readonly AgreementFeeLine[], currency: string, locale: Locale, w: Words): TableRow[] {
  return lines.map((line) => ({
    cells: [
      line.label + (line.estimate ? ' *' : ''),
      quantity(line, locale),
      formatMoney(line.unitPriceCents, locale, currency),
      line.waived ? `${formatMoney(line.amountCents, locale, currency)} (${w.waived})` : formatMoney(line.amountCents, locale, currency),
    ],
    note: labelled(w.rule, line.rule, locale),
  }));
}

function writeFeesAnnex(doc: PdfDoc, input: AgreementPdfInput, locale: Locale, w: Words): void {
  const { fees } = input;
  const money = (cents: number) => formatMoney(cents, locale, fees.currency);
  const columns = [
    { header: w.columns[0], width: 0.46 },
    { header: w.columns[1], width: 0.16, align: 'right' as const },
    { header: w.columns[2], width: 0.19, align: 'right' as const },
    { header: w.columns[3], width: 0.19, align: 'right' as const },
  ];
  writeSection(doc, { title: w.annex1, body: w.annex1Intro });
  doc.moveDown(0.3);
  writeTable(doc, columns, feeRows(fees.lines, fees.currency, locale, w));
  if (fees.adjustments.length) {
    writeTotals(doc, [{ label: w.charges, amount: money(fees.chargesCents) }]);
    writeSubheading(doc, w.adjustments);
    writeTable(doc, columns, feeRows(fees.adjustments, fees.currency, locale, w));
  }
  writeTotals(doc, [
    { label: w.subtotal, amount: money(fees.subtotalCents) },
    ...fees.vatLines.map((vat) => ({ label: w.vatOn(vat.label, money(vat.baseCents)), amount: money(vat.vatCents) })),
    { label: w.total, amount: money(fees.totalCents), bold: true },
  ]);

  writeNotes(doc, [
    ...(fees.vatMention ? [fees.vatMention] : []),
    ...(fees.notes ?? []),
    ...([...fees.lines, ...fees.adjustments].some((l) => l.estimate) ? [w.estimate] : []),
  ]);
  writeContributors(doc, input, locale, w);
}

/** The contributors, their weights and their shares of the subtotal (split exactly, as their invoices are). */
function writeContributors(doc: PdfDoc, input: AgreementPdfInput, locale: Locale, w: Words): void {
  const contributors = input.contributors ?? [];
  if (contributors.length < 2) return;
  const total = contributors.reduce((s, c) => s + c.weight, 0);
  // Each line split on its own, as the contributors' invoices are: their parts add up to the subtotal.
  const shares = contributors.map((c) => ({ id: c.organizationId, weight: c.weight, position: c.position }));
  const parts = contributors.map(() => 0);
  for (const line of [...input.fees.lines, ...input.fees.adjustments]) allocate(line.amountCents, shares).forEach((p, i) => (parts[i] += p));
  writeSubheading(doc, w.contributors);
  writeNotes(doc, [w.contributorsIntro]);
  writeTable(doc, [
    { header: w.contributorColumns[0], width: 0.46 },
    { header: w.contributorColumns[1], width: 0.16, align: 'right' as const },
    { header: w.contributorColumns[2], width: 0.19, align: 'right' as const },
    { header: w.contributorColumns[3], width: 0.19, align: 'right' as const },
  ], contributors.map((c, i) => ({
    cells: [c.siret ? `${c.name} (SIRET ${c.siret})` : c.name, `${c.weight} / ${total}`, formatPercent(Math.round((c.weight * 10_000) / total), locale), formatMoney(parts[i], locale, input.fees.currency)],
  })));
  // Per rate, each of the n invoices rounds its VAT half-up (off by at most half a cent), as the
  // single computation above does: their difference is an integer below (n + 1) / 2 cents, so at
  // most floor(n / 2).
  const taxedRates = new Set(input.fees.vatLines.filter((v) => v.rateBp > 0).map((v) => v.rateBp)).size;
  const cents = Math.floor(contributors.length / 2) * taxedRates;
  if (cents > 0) writeNotes(doc, [w.contributorsVat(cents)]);
}

/** The latest signature of each side in the audit trail. */
function latestSignatures(auditTrail: readonly AuditEvent[]): Partial<Record<SigningSide, AuditEvent>> {
  const latest: Partial<Record<SigningSide, AuditEvent>> = {};
  for (const e of auditTrail) {
    const current = latest[e.side];
    if (!current || e.signedAt.getTime() >= current.signedAt.getTime()) latest[e.side] = e;
  }
  return latest;
}

function writeSignaturePage(doc: PdfDoc, input: AgreementPdfInput, auditTrail: readonly AuditEvent[], locale: Locale, w: Words): void {
  writeSection(doc, { title: w.signatures, body: w.signaturesIntro });
  const left = doc.page.margins.left;
  const gap = 24;
  const colWidth = (contentWidth(doc) - gap) / 2;
  const signed = latestSignatures(auditTrail);
  const top = doc.y + 18;
  let bottom = top;
  ([['PRODUCER', input.producer], ['BUYER', input.buyer]] as const).forEach(([side, party], i) => {
    const x = left + i * (colWidth + gap);
    const opts = { width: colWidth, paragraphGap: 3 };
    doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.heading).fillColor(PDF_STYLE.color.accent).text(w.forParty(roleOf(party, side, w)), x, top, opts);
    doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.body).fillColor(PDF_STYLE.color.text).text(party.name, x, doc.y, opts);
    doc.font(PDF_FONTS.regular).text(labelled(w.signerName, party.signer.name, locale), x, doc.y, opts);
    if (party.signer.title) doc.text(labelled(w.signerTitle, party.signer.title, locale), x, doc.y, opts);
    doc.moveDown(0.8);
    const event = signed[side];
    if (event) {
      doc.font(PDF_FONTS.italic).text(w.signed(formatParisDateTime(event.signedAt, locale), event.ip), x, doc.y, opts);
    } else {
      doc.moveDown(1.5);
      doc.text(w.blankSignature, x, doc.y, { ...opts, paragraphGap: 18 });
      doc.text(w.blankDate, x, doc.y, opts);
    }
    bottom = Math.max(bottom, doc.y);
  });
  doc.y = bottom;
  doc.x = left;
}

function writeAuditTrailPage(doc: PdfDoc, input: AgreementPdfInput, auditTrail: readonly AuditEvent[], locale: Locale, w: Words): void {
  writeSection(doc, { title: "Piste d'audit / Audit trail", body: `${w.number(input.agreementNumber)}. ${w.auditIntro}` });
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  [...auditTrail]
    .sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime())
    .forEach((e, i) => {
      const party = e.side === 'PRODUCER' ? input.producer : input.buyer;
      const t = parisTime(e.signedAt);
      writeSection(doc, {
        title: w.event(i + 1, roleOf(party, e.side, w), party.name),
        newPage: false,
        rows: [
          [w.signer, e.signerName],
          [w.email, e.signerEmail],
          [w.utc, e.signedAt.toISOString()],
          [w.paris, `${formatParisDateTime(e.signedAt, locale)} (UTC${t.offset}, ${PARIS_TIME_ZONE})`],
          [w.ip, e.ip],
          [w.userAgent, e.userAgent],
          [w.consent, e.consentText],
        ],
      });
      // a hash is one unbreakable word: it gets the full width, in a smaller size
      doc.font(PDF_FONTS.bold).fontSize(PDF_STYLE.fontSize.small).fillColor(PDF_STYLE.color.text).text(w.unsignedHash, left, doc.y + 2, { width, paragraphGap: 1 });
      doc.font(PDF_FONTS.regular).text(e.documentSha256, left, doc.y, { width, paragraphGap: 8 });
    });
}

/**
 * Declares PDF 1.7 by rewriting the header rather than through pdfVersion, which would add
 * an XMP stream: the bytes must stay those of the agreements already issued, whose parties
 * signed their SHA-256 and which are re-rendered at sealing.
 */
function declarePdf17(pdf: Buffer): Buffer {
  const header = pdf.toString('latin1', 0, 8);
  if (!/^%PDF-1\.[3-7]$/.test(header)) throw new Error(`unexpected PDF header ${JSON.stringify(header)}`);
  pdf.write('%PDF-1.7', 0, 'latin1');
  return pdf;
}

/**
 * Renders the agreement. Throws BadInputError (every problem, with its field) when the
 * input is inconsistent. The same input, options and creationDate give the same bytes.
 * The PDF's /Subject and /Keywords carry the agreement number and the fingerprints.
 */
export async function renderAgreementPdf(input: AgreementPdfInput, options: RenderAgreementOptions = {}): Promise<Buffer> {
  assertAgreementInput(input, options.auditTrail);
  const rendered = input.document;
  const locale = rendered.locale;
  const w = WORDS[locale];
  const numberLine = w.number(input.agreementNumber);
  const doc = createPdfDocument({
    title: `${rendered.title} – ${numberLine}`,
    subject: numberLine,
    keywords: [
      `${AGREEMENT_NUMBER_KEYWORD}${input.agreementNumber}`,
      `template:${rendered.templateKey}@${rendered.templateVersion}`,
      `template-sha256:${rendered.templateHash}`,
      `variables-sha256:${rendered.variablesHash}`,
    ].join(' '),
    author: input.producer.name,
    // the licence's creator, as always: it is part of the bytes the parties sign
    creator: LICENCE_PDF_CREATOR,
    creationDate: input.creationDate,
    lang: locale === 'fr' ? 'fr-FR' : 'en-GB',
  });

  writeTitleBlock(doc, { title: rendered.title, subtitle: numberLine, meta: templateMeta(rendered) });
  writeAgreementParties(doc, input, locale, w);
  writeParticulars(doc, input, locale, w);

  doc.addPage();
  writeLicenceClauses(doc, rendered.clauses, locale);
  writeFeesAnnex(doc, input, locale, w);
  writeSection(doc, input.datasetDescription.length ? { title: w.annex2, rows: input.datasetDescription.map((r) => [r.label, r.value] as const) } : { title: w.annex2, body: w.annex2Empty });
  writeSignaturePage(doc, input, options.auditTrail ?? [], locale, w);
  if (options.auditTrail?.length) writeAuditTrailPage(doc, input, options.auditTrail, locale, w);

  decoratePages(doc, {
    header: `${rendered.title} – ${numberLine}`,
    footerLeft: `${templateFooter(rendered)} · ${w.variablesHash} sha256:${rendered.variablesHash.slice(0, 16)}`,
  });
  return declarePdf17(await pdfToBuffer(doc));
}
