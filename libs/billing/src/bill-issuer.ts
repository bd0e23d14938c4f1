// Issues a bill in the caller's transaction: one invoice per contributor, each line split by
// weight in exact cents (splitBill), VAT per invoice, numbered in each seller's gapless series.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { addDays, ConflictError, DomainEvents, parisDay } from '@app/core';
import { ContributionService } from '@app/catalog';
import type { AgreementUsageTerms } from '@app/contracting';
import { IdentityService, type OrganizationEntity } from '@app/identity';
import type { QuoteResult } from '@app/pricing';
import { BillingParties, buyerOf, sellerOf } from './billing-parties';
import { BillEntity, InvoiceEntity } from './billing.entities';
import { BillingReason } from './billing.errors';
import { BillIssued, type BillKind, type IssuedInvoiceFacts } from './billing.events';
import { BillContributor, Invoice, invoiceForShare, invoiceProblems, renderCiiXml, splitBill } from './engine';

/** The one series of a seller: invoices and credit notes are numbered in it, in the order of issue. */
export const INVOICE_SERIES = 'F';

/**
 * What a bill is about: an agreement (and the request it came from), or for a withdrawal the
 * request alone, which never became a binding agreement.
 */
export interface BillSubject {
  requestId: string;
  requestNumber: string;
  agreementId: string | null;
  agreementNumber: string | null;
  buyerId: string;
  /** The offering's producer: the network, or the single producer. */
  producerId: string;
  offeringId: string;
  offeringVersionId: string;
}

export function subjectOfAgreement(terms: AgreementUsageTerms): BillSubject {
  return {
    requestId: terms.requestId, requestNumber: terms.requestNumber, agreementId: terms.agreementId, agreementNumber: terms.number,
    buyerId: terms.buyerId, producerId: terms.producerId, offeringId: terms.offeringId, offeringVersionId: terms.offeringVersionId,
  };
}

/** BT-12 on the invoices: the agreement's number, or the request's when there is no agreement. */
export function contractReferenceOf(subject: BillSubject): string {
  return subject.agreementNumber ?? subject.requestNumber;
}

/** One billing event of an agreement or of a withdrawn request, priced. */
export interface BillingEvent {
  subject: BillSubject;
  kind: BillKind;
  /** Paris days, both included. */
  periodStart: string;
  periodEnd: string;
  /** First day of the Paris month a usage or closing bill covers; null for fees at signature and a withdrawal. */
  usageMonth: string | null;
  /** The month's quantities (thousandths as text, per meter) that a USAGE, CLOSING or LATE_USAGE bill priced, all its usage so far. */
  usageQuantities?: Record<string, string> | null;
  /** 0, or n for the n-th LATE_USAGE supplement of the month. */
  supplement?: number;
  priced: QuoteResult;
  /** BT-72: the day the service was rendered. */
  deliveryDate: string;
}

export interface IssuedBill {
  bill: BillEntity;
  /** False when this event had been billed already (nothing was written). */
  created: boolean;
}

/** `<SIREN>-F<number>`: at most 35 characters of [A-Za-z0-9+-_/] whatever the count. */
export function invoiceNumber(siren: string, sequenceNo: number): string {
  return `${siren}-${INVOICE_SERIES}${String(sequenceNo).padStart(6, '0')}`;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Takes the next number of a seller's series in the caller's transaction. The upsert locks
 * the counter row until the transaction ends: concurrent issues in one series queue there,
 * and a transaction that rolls back gives its number back, so numbers have no gap.
 */
export async function takeNumber(m: EntityManager, sellerId: string, series = INVOICE_SERIES): Promise<number> {
  const [{ n }] = await m.query(
    `INSERT INTO billing_series (seller_id, series, next_number) VALUES ($1, $2, 2)
     ON CONFLICT (seller_id, series) DO UPDATE SET next_number = billing_series.next_number + 1
     RETURNING next_number - 1 AS n`,
    [sellerId, series],
  );
  return Number(n);
}

export interface InvoiceRow {
  bill: Pick<BillEntity, 'id' | 'agreementId' | 'kind' | 'periodStart' | 'periodEnd' | 'buyerId'>;
  sellerId: string;
  contributorPosition: number;
  precedingInvoiceId: string | null;
  sequenceNo: number;
  invoice: Invoice;
  /** A credit note's request (null: the whole invoice) and reason. */
  credit?: { lines: { lineId: string; amountCents: number }[] | null; reason: string } | null;
}

/** Inserts an assembled invoice or credit note with its CII XML; refuses one the engine finds a problem with. */
export async function insertInvoice(m: EntityManager, row: InvoiceRow): Promise<InvoiceEntity> {
  const problems = invoiceProblems(row.invoice);
  if (problems.length) {
    throw new ConflictError(
      `Invoice ${row.invoice.number} cannot be issued: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}. Complete the party's legal data or billing settings, then run billing again`,
      { problems },
    ).because(BillingReason.INVOICE_INCOMPLETE);
  }
  const xml = renderCiiXml(row.invoice);
  const t = row.invoice.totals;
  const [{ id }] = await m.query(
    `INSERT INTO invoices (bill_id, agreement_id, kind, period_start, period_end, seller_id, contributor_position, buyer_id, type_code, preceding_invoice_id, series, sequence_no,
       number, issue_date, due_date, currency, net_cents, vat_cents, total_cents, document, xml, xml_sha256, credited_lines, credit_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`,
    [row.bill.id, row.bill.agreementId, row.bill.kind, row.bill.periodStart, row.bill.periodEnd, row.sellerId, row.contributorPosition, row.bill.buyerId, row.invoice.typeCode,
      row.precedingInvoiceId, INVOICE_SERIES, row.sequenceNo, row.invoice.number, row.invoice.issueDate, row.invoice.dueDate, row.invoice.currency,
      t.taxBasisCents, t.vatCents, t.grandTotalCents, JSON.stringify(row.invoice), xml, sha256(xml),
      row.credit?.lines ? JSON.stringify(row.credit.lines) : null, row.credit?.reason ?? null],
  );
  return m.findOneByOrFail(InvoiceEntity, { id });
}

@Injectable()
export class BillIssuer {
  constructor(
    private readonly parties: BillingParties,
    private readonly identity: IdentityService,
    private readonly contributions: ContributionService,
    private readonly events: DomainEvents,
  ) {}

  /** The contributors frozen with the offering version (the agreement's, or the request's); a single producer is one contributor of weight 1. */
  async contributorsOf(subject: Pick<BillSubject, 'offeringVersionId' | 'producerId'>, m: EntityManager): Promise<{ organizationId: string; position: number; weight: number }[]> {
    const frozen = await this.contributions.frozenContributors(subject.offeringVersionId, m);
    return frozen.length ? frozen : [{ organizationId: subject.producerId, position: 0, weight: 1 }];
  }

  /**
   * Issues the bill of `event` in `m`'s transaction, or returns the one already issued for it
   * (same agreement, kind and period, or same usage month; a request's one withdrawal). Null
   * when there is nothing to invoice (every share is zero). Publishes bill.issued in the same
   * transaction.
   */
  async issue(m: EntityManager, event: BillingEvent, now = new Date()): Promise<IssuedBill | null> {
    const { subject, priced } = event;
    const reference = contractReferenceOf(subject);
    const contributors = await this.contributorsOf(subject, m);
    const orgIds = [...new Set([...contributors.map((c) => c.organizationId), subject.buyerId])];
    const orgs = await this.identity.organizationsByIds(orgIds, m);
    const settings = await this.parties.settingsOf(orgIds, m);
    const org = (id: string): OrganizationEntity => {
      const o = orgs.find((x) => x.id === id);
      if (!o) throw new Error(`organisation ${id} of ${reference} is missing`);
      return o;
    };
    const billContributors: BillContributor[] = contributors.map((c) => ({
      id: c.organizationId, position: c.position, weight: c.weight, vatRegime: settings.get(c.organizationId)!.vatRegime,
    }));
    const split = splitBill(priced, billContributors);
    const shares = split.shares.filter((s) => s.lines.some((l) => l.amountCents !== 0) || s.adjustments.some((a) => a.amountCents !== 0));
    if (shares.length === 0) return null;
    const negative = split.shares.find((s) => s.netCents < 0);
    if (negative) {
      // Only a supplement of a few cents with lines moved between tiers can come to this: an invoice is never negative.
      throw new ConflictError(`the ${event.kind} bill of ${reference} would give contributor ${negative.contributorId} a negative invoice (${negative.netCents} cents): credit or invoice it by hand`);
    }

    const issueDate = parisDay(now);
    const dueDate = addDays(issueDate, this.parties.paymentTermsDays());
    const [{ seq }] = await m.query(`SELECT nextval('bill_number_seq') AS seq`);
    const billNumber = `BILL-${issueDate.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO bills (number, agreement_id, agreement_number, request_id, request_number, kind, period_start, period_end, usage_month, buyer_id, network_id,
         offering_id, currency, net_cents, vat_cents, total_cents, issue_date, due_date, issued_at, priced, usage_quantities, supplement)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT DO NOTHING RETURNING id`,
      [billNumber, subject.agreementId, subject.agreementNumber, subject.requestId, subject.requestNumber, event.kind, event.periodStart, event.periodEnd,
        event.usageMonth, subject.buyerId, subject.producerId, subject.offeringId, priced.currency, split.netCents, split.vatCents, split.totalCents,
        issueDate, dueDate, now, JSON.stringify(priced), event.usageQuantities ? JSON.stringify(event.usageQuantities) : null, event.supplement ?? 0],
    );
    if (inserted.length === 0) {
      const q = m.getRepository(BillEntity).createQueryBuilder('b');
      if (subject.agreementId === null) q.where('b.request_id = :r AND b.kind = :k', { r: subject.requestId, k: event.kind });
      else {
        q.where('b.agreement_id = :a AND b.supplement = :s', { a: subject.agreementId, s: event.supplement ?? 0 })
          .andWhere(event.usageMonth ? '(b.usage_month = :u OR (b.kind = :k AND b.period_start = :p))' : '(b.kind = :k AND b.period_start = :p)', { u: event.usageMonth, k: event.kind, p: event.periodStart });
      }
      return { bill: await q.getOneOrFail(), created: false };
    }
    const bill = await m.findOneByOrFail(BillEntity, { id: inserted[0].id });

    // Counters locked in one order (seller id) so that two bills sharing sellers never deadlock.
    const numbers = new Map<string, number>();
    for (const id of shares.map((s) => s.contributorId).sort()) numbers.set(id, await takeNumber(m, id));
    const buyer = buyerOf(org(subject.buyerId), settings.get(subject.buyerId)!);
    const facts: IssuedInvoiceFacts[] = [];
    for (const share of shares) {
      const seller = sellerOf(org(share.contributorId), settings.get(share.contributorId)!);
      const sequenceNo = numbers.get(share.contributorId)!;
      const invoice = invoiceForShare(share, split, {
        number: invoiceNumber(seller.siren, sequenceNo), issueDate, paymentTermsDays: this.parties.paymentTermsDays(), deliveryDate: event.deliveryDate,
        // One-off fees (at signature, at a withdrawal) have no billing period (BT-73/74), only the date of supply.
        billingPeriod: event.kind === 'SIGNATURE' || event.kind === 'WITHDRAWAL' ? null : { start: event.periodStart, end: event.periodEnd },
        seller, buyer, issuer: this.parties.issuer(), contractReference: reference, billReference: bill.number, payment: this.parties.payment(),
      });
      const row = await insertInvoice(m, { bill, sellerId: share.contributorId, contributorPosition: share.position, precedingInvoiceId: null, sequenceNo, invoice });
      facts.push({ invoiceId: row.id, number: row.number, sellerId: row.sellerId, netCents: row.netCents, vatCents: row.vatCents, totalCents: row.totalCents });
    }
    const sum = (k: 'netCents' | 'vatCents' | 'totalCents') => facts.reduce((s, f) => s + f[k], 0);
    if (sum('netCents') !== bill.netCents || sum('vatCents') !== bill.vatCents) {
      throw new Error(`bill ${bill.number}: its invoices total ${sum('netCents')} + ${sum('vatCents')} VAT, the split ${bill.netCents} + ${bill.vatCents}`);
    }
    await this.events.publish(m, BillIssued, {
      billId: bill.id, number: bill.number, kind: bill.kind, agreementId: subject.agreementId, agreementNumber: subject.agreementNumber,
      requestId: subject.requestId, requestNumber: subject.requestNumber, buyerId: subject.buyerId, networkId: subject.producerId, periodStart: bill.periodStart, periodEnd: bill.periodEnd, issueDate, dueDate, currency: bill.currency,
      netCents: bill.netCents, vatCents: bill.vatCents, totalCents: bill.totalCents, sellers: facts,
    });
    return { bill, created: true };
  }
}
