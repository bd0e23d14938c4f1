// What an agreement PDF is made of, and the checks run before anything is drawn: an
// agreement that prints a wrong total or an unparsable number must not be generated.
import { BadInputError, isIsoDate, type FieldProblem } from '@app/core/kernel';
import type { PartyValue, RenderedDocument } from '@app/licensing/engine';
import type { QuoteLine, QuoteResult } from '@app/pricing/engine';
import type { SigningSide } from '../negotiation/access-request-machine';

/** The person who signs for a party. */
export interface AgreementSigner {
  name: string;
  /** their capacity, e.g. "Directrice générale" */
  title?: string | null;
  email?: string | null;
}

/** A party's legal identity as printed in the agreement, and its signer. */
export interface AgreementParty extends PartyValue {
  signer: AgreementSigner;
  /** how the agreement calls the party; default "Producteur" / "Bénéficiaire" (en: Producer / Recipient) */
  roleLabel?: string;
}

export type AgreementFeeLine = Pick<QuoteLine, 'label' | 'quantity' | 'unit' | 'unitPriceCents' | 'amountCents' | 'rule'> &
  Partial<Pick<QuoteLine, 'estimate' | 'waived'>>;

/** The accepted quote (a QuoteResult of the pricing engine fits). */
export interface AgreementFees
  extends Pick<QuoteResult, 'chargesCents' | 'subtotalCents' | 'vatLines' | 'vatCents' | 'totalCents' | 'vatMention'> {
  currency: string;
  lines: readonly AgreementFeeLine[];
  adjustments: readonly AgreementFeeLine[];
  notes?: readonly string[];
}

/** A producer sharing the agreement's fees by its weight. */
export interface AgreementContributor {
  /** The organisation: with the position, the stable order that breaks ties in the split. */
  organizationId: string;
  position: number;
  name: string;
  siret?: string | null;
  weight: number;
}

/** A row of the dataset description annex (HealthDCAT-AP properties, already labelled). */
export interface DatasetDescriptionRow {
  label: string;
  value: string;
}

export interface AgreementPdfInput {
  /** e.g. "AGR-2027-000042": letters, digits, '.', '_', '/', '-' */
  agreementNumber: string;
  /** the licence rendered from the frozen template version, the variables and the negotiated clauses */
  document: RenderedDocument;
  producer: AgreementParty;
  buyer: AgreementParty;
  dataset: { title: string; version: string | number };
  /** the purpose category as a label in the document's locale, and the project's summary */
  purpose: { category: string; summary: string };
  /** YYYY-MM-DD */
  startDate: string;
  durationMonths: number;
  fees: AgreementFees;
  datasetDescription: readonly DatasetDescriptionRow[];
  /**
   * The contributors frozen with the offering version, each invoicing its share in its own
   * name (billing mandate); printed in Annex 1 when there are several. Absent on agreements
   * issued before contributors were recorded.
   */
  contributors?: readonly AgreementContributor[];
  /** printed and embedded as the creation date; the same input and date give the same bytes */
  creationDate: Date;
}

/** One signature collected in the application, as printed on the audit page. */
export interface AuditEvent {
  side: SigningSide;
  signerName: string;
  signerEmail: string;
  signedAt: Date;
  ip: string;
  userAgent: string;
  /** the consent text the signer accepted */
  consentText: string;
  /** SHA-256 (hex) of the unsigned agreement PDF the signer saw */
  documentSha256: string;
}

export const AGREEMENT_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
const validDate = (d: unknown) => d instanceof Date && !Number.isNaN(d.getTime());

function checkParty(party: AgreementParty | undefined, field: string, problems: FieldProblem[]): void {
  if (!party) {
    problems.push({ field, message: 'is required' });
    return;
  }
  if (blank(party.name)) problems.push({ field: `${field}.name`, message: 'is required' });
  if (blank(party.country)) problems.push({ field: `${field}.country`, message: 'is required (ISO 3166-1 alpha-2)' });
  if (blank(party.signer?.name)) problems.push({ field: `${field}.signer.name`, message: 'is required: who signs for the party' });
}

function checkFees(fees: AgreementFees | undefined, problems: FieldProblem[]): void {
  if (!fees) {
    problems.push({ field: 'fees', message: 'is required: the accepted quote' });
    return;
  }
  const cents = (v: unknown) => Number.isSafeInteger(v);
  const lines = [...(fees.lines ?? []).map((l, i) => [`fees.lines[${i}]`, l] as const), ...(fees.adjustments ?? []).map((l, i) => [`fees.adjustments[${i}]`, l] as const)];
  for (const [at, line] of lines) {
    if (blank(line.label)) problems.push({ field: `${at}.label`, message: 'is required' });
    if (!cents(line.amountCents) || !cents(line.unitPriceCents)) problems.push({ field: at, message: 'amountCents and unitPriceCents must be integer cents' });
  }
  const totals = ['chargesCents', 'subtotalCents', 'vatCents', 'totalCents'] as const;
  const bad = totals.filter((k) => !cents(fees[k]));
  if (bad.length || problems.some((p) => p.field.startsWith('fees.'))) {
    for (const k of bad) problems.push({ field: `fees.${k}`, message: 'must be integer cents' });
    return;
  }
  const sum = (xs: readonly { amountCents: number }[]) => xs.reduce((s, x) => s + x.amountCents, 0);
  if (sum(fees.lines) !== fees.chargesCents) problems.push({ field: 'fees.chargesCents', message: `must equal the sum of the lines (${sum(fees.lines)})` });
  if (fees.chargesCents + sum(fees.adjustments) !== fees.subtotalCents) {
    problems.push({ field: 'fees.subtotalCents', message: `must equal chargesCents plus the adjustments (${fees.chargesCents + sum(fees.adjustments)})` });
  }
  const vat = (fees.vatLines ?? []).reduce((s, v) => s + v.vatCents, 0);
  if (vat !== fees.vatCents) problems.push({ field: 'fees.vatCents', message: `must equal the sum of the VAT lines (${vat})` });
  if (fees.subtotalCents + fees.vatCents !== fees.totalCents) problems.push({ field: 'fees.totalCents', message: `must equal subtotalCents + vatCents (${fees.subtotalCents + fees.vatCents})` });
}

/** Every problem with the input of an agreement PDF (and its audit trail), or []. */
export function agreementInputProblems(input: AgreementPdfInput, auditTrail?: readonly AuditEvent[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.agreementNumber !== 'string' || !AGREEMENT_NUMBER_PATTERN.test(input.agreementNumber)) {
    problems.push({ field: 'agreementNumber', message: 'must be 1 to 64 letters, digits, ".", "_", "/" or "-", starting with a letter or digit' });
  }
  if (!input.document?.clauses?.length) problems.push({ field: 'document', message: 'must be a rendered licence with at least one clause' });
  checkParty(input.producer, 'producer', problems);
  checkParty(input.buyer, 'buyer', problems);
  if (blank(input.dataset?.title)) problems.push({ field: 'dataset.title', message: 'is required' });
  if (blank(input.purpose?.category)) problems.push({ field: 'purpose.category', message: 'is required' });
  if (!isIsoDate(input.startDate)) problems.push({ field: 'startDate', message: 'must be a YYYY-MM-DD date' });
  if (!Number.isSafeInteger(input.durationMonths) || input.durationMonths < 1) problems.push({ field: 'durationMonths', message: 'must be a whole number of months, at least 1' });
  checkFees(input.fees, problems);
  if (!Array.isArray(input.datasetDescription)) problems.push({ field: 'datasetDescription', message: 'must be a list of { label, value } rows' });
  if (!validDate(input.creationDate)) problems.push({ field: 'creationDate', message: 'must be a valid Date' });
  auditTrail?.forEach((e, i) => {
    const at = `auditTrail[${i}]`;
    if (e.side !== 'BUYER' && e.side !== 'PRODUCER') problems.push({ field: `${at}.side`, message: 'must be BUYER or PRODUCER' });
    for (const k of ['signerName', 'signerEmail', 'ip', 'userAgent', 'consentText'] as const) if (blank(e[k])) problems.push({ field: `${at}.${k}`, message: 'is required' });
    if (!validDate(e.signedAt)) problems.push({ field: `${at}.signedAt`, message: 'must be a valid Date' });
    if (typeof e.documentSha256 !== 'string' || !SHA256_HEX.test(e.documentSha256)) {
      problems.push({ field: `${at}.documentSha256`, message: 'must be a SHA-256 in lowercase hex (64 characters)' });
    }
  });
  return problems;
}

export function assertAgreementInput(input: AgreementPdfInput, auditTrail?: readonly AuditEvent[]): void {
  const problems = agreementInputProblems(input, auditTrail);
  if (problems.length) throw new BadInputError(problems);
}
