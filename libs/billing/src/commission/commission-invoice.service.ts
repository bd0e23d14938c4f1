// The platform's monthly commission invoices to its sellers: billing issues and keeps them
// (one per seller and Paris month, in the platform's own gapless series C), from the
// commission facts the payments library gives it. The only writer of their tables.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, addDays, ConflictError, daysInMonth, NotFoundError, parisDay, Role } from '@app/core';
import { IdentityService } from '@app/identity';
import { sha256, takeNumber } from '../bill-issuer';
import { BillingParties, buyerOf } from '../billing-parties';
import { BillingReason } from '../billing.errors';
import {
  assembleInvoice, COMMISSION_SERIES, commissionInvoiceDraft, commissionInvoiceNumber, commissionItems, commissionOutcome, commissionVat,
  invoiceProblems, renderCiiXml, renderInvoicePdf, type CommissionPosition, type Invoice,
} from '../engine';

export interface CommissionInvoiceRow {
  id: string;
  /** The seller invoiced. */
  customerId: string;
  /** YYYY-MM */
  month: string;
  number: string;
  sequenceNo: number;
  issueDate: string;
  dueDate: string;
  issuedAt: Date;
  currency: string;
  vatCategory: 'S' | 'AE' | 'O';
  netCents: number;
  vatCents: number;
  totalCents: number;
}

export interface CommissionInvoiceItemRow {
  commissionInvoiceId: string;
  billId: string;
  sellerInvoiceId: string;
  sellerInvoiceNumber: string;
  /** Positive: commission invoiced on that invoice; negative: commission given back, deducted. */
  amountCents: number;
}

/** What issuing one seller's month did. */
export type CommissionIssue =
  | { outcome: 'ISSUED'; invoice: CommissionInvoiceRow }
  /** This month was invoiced before (by an earlier or a concurrent run). */
  | { outcome: 'ALREADY_ISSUED'; invoice: CommissionInvoiceRow }
  /** A later month is invoiced already: it took what this one would have. */
  | { outcome: 'SUPERSEDED' }
  /** Nothing differs from what was invoiced. */
  | { outcome: 'NOTHING' }
  /** Reversals outweigh the charges: nothing is issued, the amounts wait for the next month. */
  | { outcome: 'CARRIED'; netCents: number };

export interface CommissionInvoiceFilter {
  /** YYYY-MM */
  month?: string | null;
  customerId?: string | null;
}

const COLUMNS = `id, customer_id AS "customerId", to_char(month, 'YYYY-MM') AS month, number, sequence_no::int AS "sequenceNo",
  to_char(issue_date, 'YYYY-MM-DD') AS "issueDate", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", issued_at AS "issuedAt", currency,
  vat_category AS "vatCategory", net_cents::int AS "netCents", vat_cents::int AS "vatCents", total_cents::int AS "totalCents"`;
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The last day of a Paris month YYYY-MM, as the invoice's period end. */
export function lastDayOf(month: string): string {
  return addDays(`${month}-01`, daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7))) - 1);
}

@Injectable()
export class CommissionInvoiceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly parties: BillingParties,
    private readonly identity: IdentityService,
  ) {}

  /**
   * Issues `month`'s commission invoice of one seller in the caller's transaction, from its
   * commission positions at the end of the month. Once per seller and month: a lock per seller
   * queues concurrent runs, the second finds the first's invoice; the number is taken last, so
   * a failure gives it back (no gap).
   */
  async issueForSeller(m: EntityManager, input: { platformId: string; customerId: string; month: string; positions: CommissionPosition[] }, now = new Date()): Promise<CommissionIssue> {
    const { customerId, month } = input;
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`commission-invoice:${customerId}`]);
    const [existing]: CommissionInvoiceRow[] = await m.query(
      `SELECT ${COLUMNS} FROM commission_invoices WHERE customer_id = $1 AND month >= $2::date ORDER BY month LIMIT 1`, [customerId, `${month}-01`]);
    if (existing) return existing.month === month ? { outcome: 'ALREADY_ISSUED', invoice: existing } : { outcome: 'SUPERSEDED' };
    const before: { bill_id: string; cents: string }[] = await m.query(
      `SELECT i.bill_id, sum(i.amount_cents) AS cents FROM commission_invoice_items i JOIN commission_invoices c ON c.id = i.commission_invoice_id
        WHERE c.customer_id = $1 GROUP BY i.bill_id`, [customerId]);
    const items = commissionItems(input.positions, new Map(before.map((r) => [r.bill_id, Number(r.cents)])));
    const outcome = commissionOutcome(items);
    if (outcome.kind === 'NOTHING') return { outcome: 'NOTHING' };
    if (outcome.kind === 'CARRY') return { outcome: 'CARRIED', netCents: outcome.netCents };

    const [org] = await this.identity.organizationsByIds([customerId], m);
    if (!org) throw new NotFoundError('Organization', customerId);
    const settings = (await this.parties.settingsOf([customerId], m)).get(customerId)!;
    const platform = this.parties.platformAsSeller();
    const issueDate = parisDay(now);
    const lastDay = lastDayOf(month);
    const sequenceNo = await takeNumber(m, input.platformId, COMMISSION_SERIES);
    const invoice = assembleInvoice(commissionInvoiceDraft({
      number: commissionInvoiceNumber(platform.siren, sequenceNo), issueDate, paymentTermsDays: 0, month, lastDay,
      platform, customer: buyerOf(org, settings), payment: this.parties.platformPayment(),
    }, items));
    const problems = invoiceProblems(invoice);
    if (problems.length) {
      throw new ConflictError(
        `Commission invoice ${invoice.number} for ${org.name} cannot be issued: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}. Complete the organisation's legal data or billing settings, then run it again`,
        { problems },
      ).because(BillingReason.INVOICE_INCOMPLETE);
    }
    const xml = renderCiiXml(invoice);
    const t = invoice.totals;
    const [row]: CommissionInvoiceRow[] = await m.query(
      `INSERT INTO commission_invoices (customer_id, month, issuer_id, type_code, series, sequence_no, number, issue_date, due_date, issued_at, currency,
         vat_category, net_cents, vat_cents, total_cents, document, xml, xml_sha256)
       VALUES ($1, $2::date, $3, '380', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ${COLUMNS}`,
      [customerId, `${month}-01`, input.platformId, COMMISSION_SERIES, sequenceNo, invoice.number, invoice.issueDate, invoice.dueDate, now, invoice.currency,
        commissionVat(org.country).category, t.taxBasisCents, t.vatCents, t.grandTotalCents, JSON.stringify(invoice), xml, sha256(xml)],
    );
    await m.query(
      `INSERT INTO commission_invoice_items (commission_invoice_id, bill_id, seller_invoice_id, seller_invoice_number, amount_cents)
       SELECT $1, x.bill, x.invoice, x.number, x.cents FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bigint[]) AS x(bill, invoice, number, cents)`,
      [row.id, items.map((i) => i.billId), items.map((i) => i.sellerInvoiceId), items.map((i) => i.sellerInvoiceNumber), items.map((i) => i.amountCents)],
    );
    return { outcome: 'ISSUED', invoice: row };
  }

  // ---- For the parties: the seller's FINANCE and ADMIN members, the platform's ----

  private scope(actor: Actor): string | null {
    if (![Role.FINANCE, Role.ADMIN].some((r) => actor.roles.includes(r))) return NOBODY;
    return actor.organizationKind === 'PLATFORM' ? null : actor.organizationId;
  }

  async list(actor: Actor, filter: CommissionInvoiceFilter, offset: number, limit: number, onlyId?: string): Promise<{ rows: CommissionInvoiceRow[]; total: number }> {
    const org = this.scope(actor);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => { params.push(value); where.push(sql.replace('?', `$${params.length}`)); };
    if (org) add('customer_id = ?', org);
    if (onlyId) add('id = ?', onlyId);
    if (filter.month) add(`month = ?::date`, `${filter.month}-01`);
    if (filter.customerId) add('customer_id = ?', filter.customerId);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM commission_invoices ${clause}`, params);
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM commission_invoices ${clause} ORDER BY sequence_no DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`, params);
    return { rows, total };
  }

  /** A commission invoice the caller may read; NOT_FOUND for anyone else. */
  async readable(actor: Actor, id: string): Promise<CommissionInvoiceRow> {
    const { rows } = await this.list(actor, {}, 0, 1, id);
    if (!rows.length) throw new NotFoundError('CommissionInvoice', id);
    return rows[0];
  }

  async itemsOf(ids: readonly string[]): Promise<CommissionInvoiceItemRow[]> {
    if (!ids.length) return [];
    return this.db.query(
      `SELECT commission_invoice_id AS "commissionInvoiceId", bill_id AS "billId", seller_invoice_id AS "sellerInvoiceId",
              seller_invoice_number AS "sellerInvoiceNumber", amount_cents::int AS "amountCents"
         FROM commission_invoice_items WHERE commission_invoice_id = ANY($1::uuid[]) ORDER BY seller_invoice_number`, [ids]);
  }

  async documentsOf(ids: readonly string[]): Promise<Map<string, Invoice>> {
    if (!ids.length) return new Map();
    const rows: { id: string; document: Invoice }[] = await this.db.query(`SELECT id, document FROM commission_invoices WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.document]));
  }

  /** Commission invoices of sellers for months (YYYY-MM), unscoped: the sellers' statements. */
  async ofCustomerMonths(customerId: string, months: readonly string[]): Promise<CommissionInvoiceRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM commission_invoices WHERE customer_id = $1 AND month = ANY($2::date[]) ORDER BY sequence_no`,
      [customerId, months.map((m) => `${m}-01`)]);
  }

  async xml(actor: Actor, id: string): Promise<{ number: string; xml: string }> {
    const invoice = await this.readable(actor, id);
    const [{ xml }] = await this.db.query(`SELECT xml FROM commission_invoices WHERE id = $1`, [id]);
    return { number: invoice.number, xml };
  }

  async pdf(actor: Actor, id: string): Promise<{ number: string; pdf: Buffer }> {
    const invoice = await this.readable(actor, id);
    return { number: invoice.number, pdf: await this.renderedPdf(id) };
  }

  /** The stored Factur-X PDF, rendered from the document and XML the first time (byte-stable, so a race stores the same bytes). */
  async renderedPdf(id: string): Promise<Buffer> {
    const [stored] = await this.db.query(`SELECT pdf FROM commission_invoice_pdfs WHERE commission_invoice_id = $1`, [id]);
    if (stored) return stored.pdf;
    const [row] = await this.db.query(`SELECT document, xml FROM commission_invoices WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError('CommissionInvoice', id);
    const pdf = await renderInvoicePdf(row.document, row.xml);
    await this.db.query(`INSERT INTO commission_invoice_pdfs (commission_invoice_id, pdf, sha256) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, pdf, sha256(pdf)]);
    return pdf;
  }
}
