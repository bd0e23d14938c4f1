// The monthly commission invoices: payments knows what commission it charged each seller on
// each bill and what refunds and credit notes gave back of it, as of the end of a Paris month; billing issues
// and keeps the invoice (CommissionInvoiceService). One transaction per seller, so a run
// killed midway leaves each seller's month invoiced or not, and the next run does the rest.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, addMonths, BadInputError, DomainError, ForbiddenError, parisDay, parisMonthBounds } from '@app/core';
import { CommissionInvoiceService, type CommissionPosition } from '@app/billing';
import { BillPaymentsService } from '../bills/bill-payments.service';
import { CommissionReason } from './commission.errors';

const MONTH = /^(?!0000)\d{4}-(0[1-9]|1[0-2])$/;

export interface CommissionRunResult {
  month: string;
  /** Sellers charged a commission before the month's end. */
  sellers: number;
  /** Commission invoices issued by this run. */
  issued: string[];
  /** Sellers whose month was invoiced before (an earlier or concurrent run). */
  alreadyIssued: number;
  /** Sellers whose reversals outweighed their charges: nothing issued, carried to the next month. */
  carried: string[];
  /** Sellers with nothing new to invoice (or a later month invoiced already). */
  nothingToInvoice: number;
  failed: { sellerId: string; reason: string }[];
}

@Injectable()
export class CommissionInvoicingService {
  private readonly logger = new Logger(CommissionInvoicingService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bills: BillPaymentsService,
    private readonly invoices: CommissionInvoiceService,
  ) {}

  /**
   * Each commission charged to `sellerId` on a bill issued before `cutoff`, with what refunds,
   * lost disputes and credit notes gave back of it before `cutoff` (excl. VAT). A credit note's
   * reversal is in `bill_credit_notes`; the refund it may owe the buyer repeats that part, so
   * refunds of credit notes are not counted again.
   */
  async positions(m: EntityManager, sellerId: string, cutoff: Date): Promise<CommissionPosition[]> {
    const rows: Record<string, string | number | Date>[] = await m.query(
      `SELECT s.bill_id, b.number AS bill_number, s.invoice_id, s.invoice_number, b.issued_at, b.commission_bp, s.net_cents::bigint AS share,
              s.commission_net_cents::bigint AS charged,
              COALESCE((SELECT sum((p->>'commissionNetCents')::bigint) FROM refunds r CROSS JOIN jsonb_array_elements(r.parts) p
                         WHERE r.bill_id = s.bill_id AND p->>'sellerId' = s.seller_id::text AND r.created_at < $2 AND r.credit_note_id IS NULL), 0)
            + COALESCE((SELECT sum(c.reversed_commission_net_cents) FROM bill_credit_notes c
                         WHERE c.bill_id = s.bill_id AND c.seller_id = s.seller_id AND c.issued_at < $2), 0) AS reversed
         FROM payable_bill_sellers s JOIN payable_bills b ON b.bill_id = s.bill_id
        WHERE s.seller_id = $1 AND b.issued_at < $2 AND s.commission_net_cents > 0
        ORDER BY b.issued_at, b.number`, [sellerId, cutoff]);
    return rows.map((r) => ({
      billId: String(r.bill_id), billNumber: String(r.bill_number), sellerInvoiceId: String(r.invoice_id), sellerInvoiceNumber: String(r.invoice_number),
      issuedOn: parisDay(r.issued_at as Date), rateBp: Number(r.commission_bp), shareNetCents: Number(r.share), chargedNetCents: Number(r.charged),
      reversedNetCents: Number(r.reversed),
    }));
  }

  /** The platform's FINANCE member runs a finished month now (the worker does on the 1st). */
  async runMonthFor(actor: Actor, month: string | null): Promise<CommissionRunResult> {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("Commission invoices are the platform's: only its FINANCE members issue them");
    return this.runMonth(month);
  }

  /**
   * Invoices one finished Paris month (`YYYY-MM`, default the previous one) to every seller
   * charged a commission before its end. Safe to run twice at once and to kill: each (seller,
   * month) is invoiced once (a lock per seller, a unique constraint), and numbers are taken
   * in the issuing transaction only.
   */
  async runMonth(month: string | null, now = new Date()): Promise<CommissionRunResult> {
    const label = month ?? addMonths(`${parisDay(now).slice(0, 7)}-01`, -1).slice(0, 7);
    if (!MONTH.test(label)) throw BadInputError.field('month', 'must be a calendar month written YYYY-MM, e.g. 2026-11');
    const { end } = parisMonthBounds(Number(label.slice(0, 4)), Number(label.slice(5, 7)));
    if (end.getTime() > now.getTime()) {
      throw new BadInputError([{ field: 'month', message: `${label} is not over (it ends ${end.toISOString()}): a month's commission is invoiced once it has ended` }])
        .because(CommissionReason.MONTH_NOT_OVER);
    }
    const platformId = await this.bills.platformOrganizationId();
    const sellers: { seller_id: string }[] = await this.db.query(
      `SELECT DISTINCT s.seller_id FROM payable_bill_sellers s JOIN payable_bills b ON b.bill_id = s.bill_id
        WHERE b.issued_at < $1 AND s.commission_net_cents > 0 ORDER BY s.seller_id`, [end]);
    const out: CommissionRunResult = { month: label, sellers: sellers.length, issued: [], alreadyIssued: 0, carried: [], nothingToInvoice: 0, failed: [] };
    for (const { seller_id: sellerId } of sellers) {
      try {
        const done = await this.db.transaction(async (m) =>
          this.invoices.issueForSeller(m, { platformId, customerId: sellerId, month: label, positions: await this.positions(m, sellerId, end) }, now));
        if (done.outcome === 'ISSUED') out.issued.push(done.invoice.id);
        else if (done.outcome === 'ALREADY_ISSUED') out.alreadyIssued++;
        else if (done.outcome === 'CARRIED') out.carried.push(sellerId);
        else out.nothingToInvoice++;
      } catch (e) {
        this.logger.warn(`commission ${label} of seller ${sellerId}: ${e instanceof Error ? e.stack : String(e)}`);
        out.failed.push({ sellerId, reason: e instanceof DomainError ? e.message : 'an unexpected error, logged on the server; the next run tries again' });
      }
    }
    return out;
  }
}
