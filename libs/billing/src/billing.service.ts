import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, BadInputError, ConflictError, DomainEvents, ForbiddenError, inTurn, NotFoundError, parisDay, Role } from '@app/core';
import { insertInvoice, sha256, takeNumber } from './bill-issuer';
import { BillEntity, InvoiceDispatchEventEntity, InvoiceEntity, type BillStatus, type InvoiceStatus } from './billing.entities';
import { BillingReason } from './billing.errors';
import { CreditNoteIssued, type BillKind, type IssuedCreditNoteFacts } from './billing.events';
import { assembleCreditNote, renderInvoicePdf, type Invoice, type InvoiceTypeCode } from './engine';
import { invoiceNumber } from './bill-issuer';

export interface InvoiceFilter {
  status?: InvoiceStatus | null;
  typeCode?: InvoiceTypeCode | null;
  kind?: BillKind | null;
  /** Paris days: invoices whose period starts within [periodFrom, periodTo]. */
  periodFrom?: string | null;
  periodTo?: string | null;
  /** The other party: the buyer for a seller, a seller for the buyer. */
  counterpartId?: string | null;
  billId?: string | null;
  agreementId?: string | null;
  accessRequestId?: string | null;
}

export interface BillFilter {
  status?: BillStatus | null;
  kind?: BillKind | null;
  periodFrom?: string | null;
  periodTo?: string | null;
  /** The buyer, the network or a seller of the bill. */
  counterpartId?: string | null;
  agreementId?: string | null;
  accessRequestId?: string | null;
}

export interface CreditRequest {
  invoiceId: string;
  /** Lines credited and by how much (cents excl. VAT); null or absent: the whole invoice. */
  lines?: { lineId: string; amountCents: number }[] | null;
  reason: string;
}

const FINANCE_ROLES = [Role.FINANCE, Role.ADMIN];
const MAX_REASON = 500;

/** Who sees billing documents: FINANCE and ADMIN members of a party (the platform keeps them all). */
function reader(actor: Actor): { organizationId: string | null } {
  if (!FINANCE_ROLES.some((r) => actor.roles.includes(r))) return { organizationId: '00000000-0000-0000-0000-000000000000' };
  return { organizationId: actor.organizationKind === 'PLATFORM' ? null : actor.organizationId };
}

/**
 * Bills, invoices and credit notes: what payments and the ledger read (unscoped, by id), and
 * what the parties see (scoped to the caller's organisation). The only writer of billing's tables.
 */
@Injectable()
export class BillingService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly events: DomainEvents) {}

  // ---- For other libraries (payments, ledger): unscoped reads by id ----

  /** A bill by id, or null. */
  async bill(id: string, m: EntityManager = this.db.manager): Promise<BillEntity | null> {
    return m.findOneBy(BillEntity, { id });
  }

  async billsByIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<BillEntity[]> {
    return ids.length ? m.findBy(BillEntity, { id: In([...ids]) }) : [];
  }

  /** A bill by the reference the buyer pays with ("BILL-2026-000123"), or null. */
  async billByNumber(number: string, m: EntityManager = this.db.manager): Promise<BillEntity | null> {
    return m.findOneBy(BillEntity, { number });
  }

  /** The invoices (380) of bills, then their credit notes (381), in issue order. */
  async invoicesOfBills(billIds: readonly string[], m: EntityManager = this.db.manager): Promise<InvoiceEntity[]> {
    if (!billIds.length) return [];
    return m.find(InvoiceEntity, { where: { billId: In([...billIds]) }, order: { typeCode: 'ASC', issuedAt: 'ASC', contributorPosition: 'ASC', number: 'ASC' } });
  }

  async invoicesOfBill(billId: string, m: EntityManager = this.db.manager): Promise<InvoiceEntity[]> {
    return this.invoicesOfBills([billId], m);
  }

  async invoicesByIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<InvoiceEntity[]> {
    return ids.length ? m.findBy(InvoiceEntity, { id: In([...ids]) }) : [];
  }

  /** The credit notes of invoices, in issue order. */
  async creditNotesOf(invoiceIds: readonly string[], m: EntityManager = this.db.manager): Promise<InvoiceEntity[]> {
    if (!invoiceIds.length) return [];
    return m.find(InvoiceEntity, { where: { precedingInvoiceId: In([...invoiceIds]) }, order: { issuedAt: 'ASC', number: 'ASC' } });
  }

  /** The document model of an invoice (what its XML and PDF say). */
  async documentOf(invoiceId: string, m: EntityManager = this.db.manager): Promise<Invoice> {
    const [row] = await m.query(`SELECT document FROM invoices WHERE id = $1`, [invoiceId]);
    if (!row) throw new NotFoundError('Invoice', invoiceId);
    return row.document;
  }

  async documentsOf(invoiceIds: readonly string[]): Promise<Map<string, Invoice>> {
    if (!invoiceIds.length) return new Map();
    const rows: { id: string; document: Invoice }[] = await this.db.query(`SELECT id, document FROM invoices WHERE id = ANY($1::uuid[])`, [invoiceIds]);
    return new Map(rows.map((r) => [r.id, r.document]));
  }

  async dispatchEventsOf(invoiceIds: readonly string[]): Promise<InvoiceDispatchEventEntity[]> {
    if (!invoiceIds.length) return [];
    return this.db.getRepository(InvoiceDispatchEventEntity).find({ where: { invoiceId: In([...invoiceIds]) }, order: { id: 'ASC' } });
  }

  // ---- For the parties: scoped to the caller ----

  /** An invoice or credit note the caller may read; NOT_FOUND for anyone else. */
  async readableInvoice(actor: Actor, id: string): Promise<InvoiceEntity> {
    const { rows } = await this.invoices(actor, {}, 0, 1, id);
    if (!rows.length) throw new NotFoundError('Invoice', id);
    return rows[0];
  }

  async invoices(actor: Actor, filter: InvoiceFilter, offset: number, limit: number, onlyId?: string): Promise<{ rows: InvoiceEntity[]; total: number }> {
    const { organizationId } = reader(actor);
    const q = this.db.getRepository(InvoiceEntity).createQueryBuilder('i').innerJoin(BillEntity, 'b', 'b.id = i.bill_id');
    if (organizationId) q.andWhere('(i.seller_id = :org OR i.buyer_id = :org OR b.network_id = :org)', { org: organizationId });
    if (onlyId) q.andWhere('i.id = :id', { id: onlyId });
    if (filter.status) q.andWhere('i.status = :status', { status: filter.status });
    if (filter.typeCode) q.andWhere('i.type_code = :type', { type: filter.typeCode });
    if (filter.kind) q.andWhere('i.kind = :kind', { kind: filter.kind });
    if (filter.periodFrom) q.andWhere('i.period_start >= :from', { from: filter.periodFrom });
    if (filter.periodTo) q.andWhere('i.period_start <= :to', { to: filter.periodTo });
    if (filter.counterpartId) q.andWhere('(i.seller_id = :c OR i.buyer_id = :c)', { c: filter.counterpartId });
    if (filter.billId) q.andWhere('i.bill_id = :bill', { bill: filter.billId });
    if (filter.agreementId) q.andWhere('i.agreement_id = :agreement', { agreement: filter.agreementId });
    if (filter.accessRequestId) q.andWhere('b.request_id = :request', { request: filter.accessRequestId });
    const [rows, total] = await q.orderBy('i.issuedAt', 'DESC').addOrderBy('i.number', 'DESC').skip(offset).take(limit).getManyAndCount();
    return { rows, total };
  }

  /** A bill the caller may read: its buyer's, its network's, one of its sellers', or the platform's. */
  async readableBill(actor: Actor, id: string): Promise<BillEntity> {
    const { rows } = await this.bills(actor, {}, 0, 1, id);
    if (!rows.length) throw new NotFoundError('Bill', id);
    return rows[0];
  }

  async bills(actor: Actor, filter: BillFilter, offset: number, limit: number, onlyId?: string): Promise<{ rows: BillEntity[]; total: number }> {
    const { organizationId } = reader(actor);
    const q = this.db.getRepository(BillEntity).createQueryBuilder('b');
    const sellerOf = (param: string) => `EXISTS (SELECT 1 FROM invoices s WHERE s.bill_id = b.id AND s.seller_id = :${param})`;
    if (organizationId) q.andWhere(`(b.buyer_id = :org OR b.network_id = :org OR ${sellerOf('org')})`, { org: organizationId });
    if (onlyId) q.andWhere('b.id = :id', { id: onlyId });
    if (filter.status) q.andWhere('b.status = :status', { status: filter.status });
    if (filter.kind) q.andWhere('b.kind = :kind', { kind: filter.kind });
    if (filter.periodFrom) q.andWhere('b.period_start >= :from', { from: filter.periodFrom });
    if (filter.periodTo) q.andWhere('b.period_start <= :to', { to: filter.periodTo });
    if (filter.counterpartId) q.andWhere(`(b.buyer_id = :c OR b.network_id = :c OR ${sellerOf('c')})`, { c: filter.counterpartId });
    if (filter.agreementId) q.andWhere('b.agreement_id = :agreement', { agreement: filter.agreementId });
    if (filter.accessRequestId) q.andWhere('b.request_id = :request', { request: filter.accessRequestId });
    const [rows, total] = await q.orderBy('b.issuedAt', 'DESC').addOrderBy('b.number', 'DESC').skip(offset).take(limit).getManyAndCount();
    return { rows, total };
  }

  /** The CII XML of an invoice the caller may read. */
  async xml(actor: Actor, id: string): Promise<{ number: string; xml: string }> {
    const invoice = await this.readableInvoice(actor, id);
    const [{ xml }] = await this.db.query(`SELECT xml FROM invoices WHERE id = $1`, [id]);
    return { number: invoice.number, xml };
  }

  /** The Factur-X PDF of an invoice the caller may read (rendered and kept the first time). */
  async pdf(actor: Actor, id: string): Promise<{ number: string; pdf: Buffer }> {
    const invoice = await this.readableInvoice(actor, id);
    return { number: invoice.number, pdf: await this.renderedPdf(id) };
  }

  /**
   * The stored PDF of an invoice, rendered from its document and XML when missing. The
   * rendering is byte-stable (every date is the issue date), so two renderings racing store
   * the same bytes and the first one stays.
   */
  async renderedPdf(invoiceId: string, m: EntityManager = this.db.manager): Promise<Buffer> {
    const [stored] = await m.query(`SELECT pdf FROM invoice_pdfs WHERE invoice_id = $1`, [invoiceId]);
    if (stored) return stored.pdf;
    const [row] = await m.query(`SELECT document, xml FROM invoices WHERE id = $1`, [invoiceId]);
    if (!row) throw new NotFoundError('Invoice', invoiceId);
    const pdf = await renderInvoicePdf(row.document, row.xml);
    await m.query(`INSERT INTO invoice_pdfs (invoice_id, pdf, sha256) VALUES ($1, $2, $3) ON CONFLICT (invoice_id) DO NOTHING`, [invoiceId, pdf, sha256(pdf)]);
    return pdf;
  }

  /** Renders and keeps the PDFs of a bill's documents not rendered yet; returns how many were rendered. */
  async renderPdfsOfBill(billId: string, m: EntityManager = this.db.manager): Promise<number> {
    const missing: { id: string }[] = await m.query(
      `SELECT i.id FROM invoices i WHERE i.bill_id = $1 AND NOT EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.invoice_id = i.id) ORDER BY i.number`, [billId]);
    for (const { id } of missing) await this.renderedPdf(id, m);
    return missing.length;
  }

  // ---- Credit notes ----

  private assertIssuerOrSeller(actor: Actor, invoice: InvoiceEntity): void {
    const { organizationId } = reader(actor);
    if (organizationId !== null && organizationId !== invoice.sellerId) {
      if (organizationId === invoice.buyerId) {
        throw new ForbiddenError('A credit note is issued by the seller (or the platform in its name): ask the seller to correct the invoice');
      }
      throw new NotFoundError('Invoice', invoice.id);
    }
  }

  /**
   * A credit note (381) against an invoice, numbered in its seller's series: the listed lines
   * by the given amounts, or the whole invoice. What is credited never exceeds the invoice,
   * line by line; a whole credit note is for an invoice nothing was credited on yet.
   */
  async issueCreditNote(actor: Actor, request: CreditRequest, now = new Date()): Promise<InvoiceEntity> {
    const reason = this.checkReason(request.reason);
    const invoice = await this.readableInvoice(actor, request.invoiceId);
    this.assertIssuerOrSeller(actor, invoice);
    // The invoice's row lock queues concurrent credits of one invoice; the series' lock, of one seller.
    return this.db.transaction(async (m) => {
      const note = await this.credit(m, invoice.id, request.lines ?? null, reason, now);
      const bill = await m.findOneByOrFail(BillEntity, { id: invoice.billId });
      await this.publishCredits(m, bill, [note], false, reason, now);
      return note.creditNote;
    });
  }

  /** Cancels a bill as a whole: a whole credit note for each of its invoices, in the same transaction. */
  async cancelBill(actor: Actor, billId: string, reasonText: string, now = new Date()): Promise<BillEntity> {
    const reason = this.checkReason(reasonText);
    const bill = await this.readableBill(actor, billId);
    const { organizationId } = reader(actor);
    if (organizationId !== null && organizationId !== bill.networkId) {
      throw new ForbiddenError('A bill is cancelled by the platform or by the network that offers the data; a seller credits its own invoice with issueCreditNote');
    }
    return inTurn(`bill:${billId}`, () => this.db.transaction(async (m) => {
      // NO KEY UPDATE, not UPDATE: rows that merely refer to the bill or its invoices (a PDF
      // being rendered, a credit note of another request) take KEY SHARE locks, which this
      // must neither wait for nor deadlock with; it still queues every other change of them.
      const [locked] = await m.query(`SELECT status FROM bills WHERE id = $1 FOR NO KEY UPDATE`, [billId]);
      if (locked.status === 'CANCELLED') throw new ConflictError(`Bill ${bill.number} is already cancelled`).because(BillingReason.BILL_CANCELLED);
      const invoices = (await this.invoicesOfBill(billId, m)).filter((i) => i.typeCode === '380');
      const notes = [];
      for (const i of invoices.sort((a, b) => (a.sellerId < b.sellerId ? -1 : 1))) notes.push(await this.credit(m, i.id, null, reason, now));
      await m.query(`UPDATE bills SET status = 'CANCELLED', cancelled_at = $2 WHERE id = $1`, [billId, now]);
      await this.publishCredits(m, bill, notes, true, reason, now);
      return m.findOneByOrFail(BillEntity, { id: billId });
    }));
  }

  private checkReason(reason: string): string {
    const r = (reason ?? '').trim();
    if (!r || r.length > MAX_REASON) throw BadInputError.field('reason', `say why the invoice is corrected, in 1 to ${MAX_REASON} characters`);
    return r;
  }

  private async credit(m: EntityManager, invoiceId: string, lines: CreditRequest['lines'], reason: string, now: Date) {
    // The row lock serialises credits of one invoice (a lock does not change the frozen row).
    // NO KEY UPDATE lets the worker insert the PDFs of the same bill meanwhile (their foreign
    // key takes KEY SHARE on the invoice): FOR UPDATE made those two wait for each other.
    await m.query(`SELECT id FROM invoices WHERE id = $1 FOR NO KEY UPDATE`, [invoiceId]);
    const invoice = await m.findOneByOrFail(InvoiceEntity, { id: invoiceId });
    if (invoice.typeCode !== '380') throw new ConflictError(`${invoice.number} is a credit note: a credit note corrects an invoice`).because(BillingReason.NOT_AN_INVOICE);
    const document = await this.documentOf(invoiceId, m);
    const previous = await this.creditNotesOf([invoiceId], m);
    if (previous.some((c) => c.creditedLines === null) || invoice.status === 'CREDITED') {
      throw new ConflictError(`Invoice ${invoice.number} is credited in full already`).because(BillingReason.ALREADY_CREDITED);
    }
    const credited = new Map<string, number>();
    for (const c of previous) for (const l of c.creditedLines ?? []) credited.set(l.lineId, (credited.get(l.lineId) ?? 0) + l.amountCents);
    if (lines == null && previous.length) {
      // Crediting the rest: what remains of each line. Document allowances and charges cannot be apportioned to partial credits.
      if (document.allowanceCharges.length) {
        throw new ConflictError(`Invoice ${invoice.number} has partial credit notes and document allowances or charges: credit its remaining lines one by one`).because(BillingReason.PARTIALLY_CREDITED);
      }
      lines = document.lines.map((l) => ({ lineId: l.id, amountCents: l.amountCents - (credited.get(l.id) ?? 0) })).filter((l) => l.amountCents > 0);
    }
    if (lines != null) {
      if (!lines.length) throw BadInputError.field('lines', 'name at least one line, or omit lines to credit the whole invoice');
      const seen = new Set<string>();
      const problems = [];
      for (const [k, l] of lines.entries()) {
        const line = document.lines.find((x) => x.id === l.lineId);
        const left = line ? line.amountCents - (credited.get(l.lineId) ?? 0) : 0;
        if (!line) problems.push({ field: `lines[${k}].lineId`, message: `invoice ${invoice.number} has lines ${document.lines.map((x) => x.id).join(', ')}` });
        else if (seen.has(l.lineId)) problems.push({ field: `lines[${k}].lineId`, message: 'is listed twice' });
        else if (!Number.isSafeInteger(l.amountCents) || l.amountCents < 1 || l.amountCents > left) {
          problems.push({ field: `lines[${k}].amountCents`, message: `line ${l.lineId} can be credited by 1 to ${left} cents` });
        }
        seen.add(l.lineId);
      }
      if (problems.length) throw new BadInputError(problems);
    }
    const issueDate = parisDay(now);
    const sequenceNo = await takeNumber(m, invoice.sellerId);
    const note = assembleCreditNote(document, { number: invoiceNumber(document.seller.siren, sequenceNo), issueDate, lines: lines ?? null });
    const bill = await m.findOneByOrFail(BillEntity, { id: invoice.billId });
    const creditNote = await insertInvoice(m, {
      bill, sellerId: invoice.sellerId, contributorPosition: invoice.contributorPosition, precedingInvoiceId: invoice.id, sequenceNo, invoice: note, credit: { lines: lines ?? null, reason },
    });
    for (const l of lines ?? []) credited.set(l.lineId, (credited.get(l.lineId) ?? 0) + l.amountCents);
    const whole = lines == null || (document.allowanceCharges.length === 0 && document.lines.every((l) => (credited.get(l.id) ?? 0) === l.amountCents));
    await m.query(`UPDATE invoices SET status = $2 WHERE id = $1`, [invoice.id, whole ? 'CREDITED' : 'PARTIALLY_CREDITED']);
    return { creditNote, invoice };
  }

  private async publishCredits(m: EntityManager, bill: BillEntity, notes: { creditNote: InvoiceEntity; invoice: InvoiceEntity }[], cancelsBill: boolean, reason: string, now: Date) {
    const facts: IssuedCreditNoteFacts[] = notes.map(({ creditNote: c, invoice: i }) => ({
      invoiceId: c.id, number: c.number, sellerId: c.sellerId, netCents: c.netCents, vatCents: c.vatCents, totalCents: c.totalCents,
      creditedInvoiceId: i.id, creditedInvoiceNumber: i.number,
    }));
    const sum = (k: 'netCents' | 'vatCents' | 'totalCents') => facts.reduce((s, f) => s + f[k], 0);
    await this.events.publish(m, CreditNoteIssued, {
      billId: bill.id, billNumber: bill.number, agreementId: bill.agreementId, buyerId: bill.buyerId, cancelsBill, reason, issueDate: parisDay(now),
      currency: bill.currency, netCents: sum('netCents'), vatCents: sum('vatCents'), totalCents: sum('totalCents'), creditNotes: facts,
    });
  }
}
