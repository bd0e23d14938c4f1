import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BillingService, type IssuedCreditNoteFacts } from '@app/billing';
import { invoiceCredited, LedgerService } from '@app/ledger';
import { BillPaymentsService, type PayableBillRow } from './bill-payments.service';
import { RefundService } from './refund.service';

/** A credit note event's facts (billing's credit_note.issued). */
export interface CreditNoteFacts {
  billId: string;
  billNumber: string;
  reason: string;
  issuedAt: Date;
  creditNotes: IssuedCreditNoteFacts[];
}

/**
 * Credit notes of a bill's invoices, as payments sees them: each reverses what remains of its
 * seller's share and VAT and that seller's commission in proportion (the ledger's
 * `invoiceCredited`), takes what it can off what the buyer still owes (a bill credited in full
 * before any payment is CANCELLED, one credited in part is payable for the rest), owes the buyer
 * a refund of what it had already paid, and has a seller already paid out give its part back (a
 * transfer reversal, or a repayment netted from its next payouts). Each credit note once.
 */
@Injectable()
export class CreditNoteService {
  private readonly logger = new Logger(CreditNoteService.name);

  constructor(
    private readonly billing: BillingService,
    private readonly bills: BillPaymentsService,
    private readonly refunds: RefundService,
    private readonly ledger: LedgerService,
  ) {}

  async recordCreditNotes(m: EntityManager, facts: CreditNoteFacts): Promise<void> {
    // the bill's row lock orders credit notes, payments and refunds of one bill
    if (!(await this.bills.billRow(m, facts.billId, true))) {
      const issued = await this.billing.bill(facts.billId, m);
      if (!issued || issued.totalCents <= 0) {
        // a bill of 0 cents is never payable (payments does not record it): nothing to reverse
        this.logger.log(`Credit notes of bill ${facts.billNumber}: the bill asks for no payment, nothing to reverse`);
        return;
      }
      throw new Error(`Bill ${facts.billNumber} is not recorded by payments yet (its bill.issued is still to be handled): its credit notes wait`);
    }
    for (const note of facts.creditNotes) await this.recordOne(m, facts, note);
  }

  private async recordOne(m: EntityManager, facts: CreditNoteFacts, note: IssuedCreditNoteFacts): Promise<void> {
    const [known] = await m.query(`SELECT 1 FROM bill_credit_notes WHERE credit_note_id = $1`, [note.invoiceId]);
    if (known) return;
    const bill = (await this.bills.billRow(m, facts.billId, true))!;
    const seller = (await this.bills.sellersOf(m, [bill.billId])).find((s) => s.invoiceId === note.creditedInvoiceId);
    if (!seller) throw new Error(`Credit note ${note.number} corrects invoice ${note.creditedInvoiceNumber}, which is not in bill ${bill.number}`);
    const platformId = await this.bills.platformOrganizationId(m);
    const r = invoiceCredited({
      buyerId: bill.buyerId, platformId, currency: bill.currency, netCents: note.netCents, vatCents: note.vatCents,
      remaining: { sellerId: seller.sellerId, netCents: seller.netCents, vatCents: seller.vatCents, commissionNetCents: seller.commissionNetCents, commissionVatCents: seller.commissionVatCents },
      outstandingCents: bill.totalCents - bill.paidCents,
    });
    const reason = `Credit note ${note.number}: ${facts.reason}`;
    const refundId = r.refundCents > 0 ? await this.refunds.recordCreditNoteRefund(m, bill, { creditNoteId: note.invoiceId, amountCents: r.refundCents, reason, parts: [r.part] }) : null;
    const p = r.part;
    await m.query(
      `UPDATE payable_bill_sellers SET remaining_net_cents = remaining_net_cents - $3, remaining_vat_cents = remaining_vat_cents - $4,
         remaining_commission_net_cents = remaining_commission_net_cents - $5, remaining_commission_vat_cents = remaining_commission_vat_cents - $6
       WHERE bill_id = $1 AND seller_id = $2`,
      [bill.billId, p.sellerId, p.netCents, p.vatCents, p.commissionNetCents, p.commissionVatCents],
    );
    await this.reduceReceivable(m, bill, r.receivableCents, note.netCents + note.vatCents, facts.issuedAt);
    await m.query(
      `INSERT INTO bill_credit_notes (credit_note_id, bill_id, seller_id, number, credited_invoice_id, net_cents, vat_cents, reversed_net_cents, reversed_vat_cents,
         reversed_commission_net_cents, reversed_commission_vat_cents, receivable_cents, refund_cents, already_reversed_cents, refund_id, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [note.invoiceId, bill.billId, seller.sellerId, note.number, note.creditedInvoiceId, note.netCents, note.vatCents, p.netCents, p.vatCents,
        p.commissionNetCents, p.commissionVatCents, r.receivableCents, r.refundCents, r.alreadyReversedCents, refundId, facts.issuedAt],
    );
    if (r.entry) {
      await this.ledger.post(m, r.entry, {
        idempotencyKey: `credit_note:${note.invoiceId}`, occurredAt: facts.issuedAt,
        references: { billId: bill.billId, invoiceId: note.invoiceId, ...(refundId ? { refundId } : {}) }, memo: `Credit note ${note.number} of ${note.creditedInvoiceNumber} (${bill.number})`,
      });
    }
    if (refundId) await this.refunds.recoverPaidOut(m, bill.billId, refundId, [p]);
  }

  /**
   * The buyer owes `receivableCents` less: a bill with nothing left to pay and nothing paid is
   * CANCELLED; one whose payments now cover it is PAID by its last payment (and paid out).
   */
  private async reduceReceivable(m: EntityManager, bill: PayableBillRow, receivableCents: number, creditedCents: number, at: Date): Promise<void> {
    const total = bill.totalCents - receivableCents;
    let status: PayableBillRow['status'] = bill.status;
    let settling: string | null = bill.settlingPaymentId;
    if (total === 0 && bill.paidCents === 0) status = 'CANCELLED';
    else if (bill.paidCents >= total && bill.status !== 'PAID') {
      const [last] = await m.query(`SELECT id FROM payments WHERE bill_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1`, [bill.billId]);
      status = 'PAID';
      settling = last.id;
    }
    await m.query(
      `UPDATE payable_bills SET total_cents = $2, credited_cents = credited_cents + $3, status = $4, settling_payment_id = $5,
         paid_at = CASE WHEN $4 = 'PAID' THEN COALESCE(paid_at, $6) ELSE paid_at END WHERE bill_id = $1`,
      [bill.billId, total, creditedCents, status, settling, at],
    );
  }
}
