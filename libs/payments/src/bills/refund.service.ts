import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadInputError, ConflictError, ForbiddenError, NotFoundError, parisDay } from '@app/core';
import { disputeLost, disputeOpened, disputeWon, LedgerService, refund as refundEntry, refundPaid, transferReversal, type ReversedShare } from '@app/ledger';
import { PaymentsReason } from '../payments.errors';
import { StripeGateway } from '../stripe/stripe.gateway';
import type { EventOutcome } from '../webhooks/stripe-event.router';
import { BillPaymentsService, type PayableBillRow } from './bill-payments.service';

export interface RefundView {
  id: string;
  billId: string;
  amountCents: number;
  reason: string;
  /** PENDING until paid back (through Stripe); OWED: to be transferred back by the platform (the bill was paid by bank transfer). */
  status: 'PENDING' | 'OWED' | 'PAID';
  creditNoteId: string | null;
  stripeRefundId: string | null;
  parts: ReversedShare[];
  reversals: { sellerId: string; amountCents: number; status: 'PENDING' | 'DONE'; stripeReversalId: string | null }[];
}

/**
 * Refunds and lost disputes: the amount is reversed over what remains of every seller's share
 * and VAT and of its commission, in proportion and exactly (the posting engine's reversal),
 * and a seller already paid by Stripe transfer gives back its part by a transfer reversal.
 * Each step is recorded before Stripe is called with an idempotency key derived from it, so
 * an interrupted refund is completed, never repeated (resumePending).
 */
@Injectable()
export class RefundService {
  private readonly logger = new Logger(RefundService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bills: BillPaymentsService,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
  ) {}

  /** A refund of part or all of a paid bill, decided by the platform's FINANCE member. */
  async refundBill(actor: Actor, input: { billId: string; amountCents: number; reason: string }): Promise<RefundView> {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("Refunds come out of the platform's accounts: only the platform's FINANCE members decide them");
    const id = await this.db.transaction(async (m) => {
      const bill = await this.bills.billRow(m, input.billId, true);
      if (!bill) throw new NotFoundError('Bill', input.billId);
      const refundable = bill.paidCents - bill.refundedCents;
      if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1 || input.amountCents > refundable) {
        throw BadInputError.field('amountCents', `must be from 1 to the ${refundable} cents paid and not yet refunded on bill ${bill.number}`);
      }
      const [payment] = await m.query(`SELECT id, method FROM payments WHERE bill_id = $1 ORDER BY (method = 'STRIPE') DESC, received_at DESC LIMIT 1`, [bill.billId]);
      return this.reverse(m, bill, payment, 'REFUND', input.amountCents, input.reason, actor.userId, null);
    });
    await this.complete(id);
    return this.view(this.db.manager, id);
  }

  /** Refunds made at Stripe (its dashboard) that we do not know yet: recorded and reversed the same way. */
  async syncStripeRefunds(m: EntityManager, chargeId: string): Promise<EventOutcome> {
    const charge = await this.stripe.retrieveCharge(chargeId);
    const [payment] = await m.query(`SELECT id, bill_id, method FROM payments WHERE stripe_charge_id = $1`, [chargeId]);
    if (!charge || !payment) return { outcome: 'IGNORED', note: `charge ${chargeId} pays no bill of ours` };
    const known = new Set((await m.query(`SELECT stripe_refund_id FROM refunds WHERE payment_id = $1 AND stripe_refund_id IS NOT NULL`, [payment.id])).map((r: { stripe_refund_id: string }) => r.stripe_refund_id));
    const ours = new Set((await m.query(`SELECT id FROM refunds WHERE payment_id = $1`, [payment.id])).map((r: { id: string }) => r.id));
    let added = 0;
    for (const r of charge.refunds?.data ?? []) {
      // a refund we asked for carries its id: it is ours even if its answer was lost
      if (known.has(r.id) || (r.metadata?.refund_id && ours.has(r.metadata.refund_id)) || r.status === 'failed' || r.status === 'canceled') continue;
      const bill = (await this.bills.billRow(m, payment.bill_id, true))!;
      const id = await this.reverse(m, bill, payment, 'REFUND', r.amount, 'Refund made at Stripe', null, r.id);
      await this.markPaid(m, id, r.id);
      added++;
    }
    return { outcome: 'APPLIED', note: added ? `${added} refund(s) made at Stripe recorded` : 'refunds already recorded' };
  }

  /** A dispute opened, won or lost: its funds withheld, returned, or the bill reversed in proportion as a refund. */
  async syncDispute(m: EntityManager, dispute: Stripe.Dispute): Promise<EventOutcome> {
    const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
    const [payment] = await m.query(`SELECT id, bill_id FROM payments WHERE stripe_charge_id = $1`, [chargeId]);
    if (!payment) return { outcome: 'IGNORED', note: `dispute ${dispute.id} is on no payment of ours` };
    const bill = (await this.bills.billRow(m, payment.bill_id, true))!;
    const platformId = await this.bills.platformOrganizationId(m);
    const at = new Date(dispute.created * 1000);
    const fee = Math.max(0, dispute.balance_transactions?.find((t) => t.fee > 0)?.fee ?? 0);
    await m.query(`INSERT INTO disputes (id, bill_id, payment_id, amount_cents, status, opened_at) VALUES ($1, $2, $3, $4, 'OPEN', $5) ON CONFLICT (id) DO NOTHING`,
      [dispute.id, bill.billId, payment.id, dispute.amount, at]);
    await this.ledger.post(m, disputeOpened({ platformId, currency: bill.currency, amountCents: dispute.amount, feeCents: fee }),
      { idempotencyKey: `dispute:${dispute.id}:opened`, occurredAt: at, references: { billId: bill.billId, paymentId: payment.id }, memo: `Dispute ${dispute.id} on ${bill.number}` });
    const [row] = await m.query(`SELECT status FROM disputes WHERE id = $1 FOR UPDATE`, [dispute.id]);
    if (row.status !== 'OPEN' || (dispute.status !== 'won' && dispute.status !== 'lost')) return { outcome: 'APPLIED', note: `dispute ${dispute.status}` };
    const closedAt = new Date();
    await m.query(`UPDATE disputes SET status = $2, closed_at = $3 WHERE id = $1`, [dispute.id, dispute.status === 'won' ? 'WON' : 'LOST', closedAt]);
    if (dispute.status === 'won') {
      await this.ledger.post(m, disputeWon({ platformId, currency: bill.currency, amountCents: dispute.amount, feeReturnedCents: 0 }),
        { idempotencyKey: `dispute:${dispute.id}:won`, occurredAt: closedAt, references: { billId: bill.billId, paymentId: payment.id }, memo: `Dispute ${dispute.id} won` });
    } else {
      await this.reverse(m, bill, payment, 'DISPUTE_LOST', Math.min(dispute.amount, bill.paidCents - bill.refundedCents), `Dispute ${dispute.id} lost`, null, null, dispute.id);
    }
    return { outcome: 'APPLIED', note: `dispute ${dispute.status}` };
  }

  /** Completes refunds and transfer reversals left half-done (a crash, Stripe unreachable). */
  async resumePending(): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM refunds WHERE status = 'PENDING' UNION SELECT refund_id FROM transfer_reversals WHERE status = 'PENDING'`);
    for (const r of rows) await this.complete(r.id);
    return rows.length;
  }

  /**
   * Reverses `amountCents` of the bill: what each seller gives back and the commission with it
   * (posted), the transfer reversals owed by sellers already paid through Stripe (recorded,
   * PENDING until Stripe confirms). Returns the refund's id.
   */
  private async reverse(m: EntityManager, bill: PayableBillRow, payment: { id: string }, kind: 'REFUND' | 'DISPUTE_LOST', amountCents: number,
    reason: string, by: string | null, stripeRefundId: string | null, disputeId: string | null = null): Promise<string> {
    const sellers = await this.bills.sellersOf(m, [bill.billId]);
    const platformId = await this.bills.platformOrganizationId(m);
    const input = { buyerId: bill.buyerId, platformId, currency: bill.currency, amountCents, remaining: sellers.map((s) => ({
      sellerId: s.sellerId, netCents: s.netCents, vatCents: s.vatCents, commissionNetCents: s.commissionNetCents, commissionVatCents: s.commissionVatCents })) };
    const { entry, parts } = kind === 'REFUND' ? refundEntry(input) : disputeLost(input);
    const [{ id }] = await m.query(
      `INSERT INTO refunds (bill_id, payment_id, amount_cents, reason, status, stripe_refund_id, parts, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [bill.billId, payment.id, amountCents, reason.slice(0, 500), kind === 'DISPUTE_LOST' ? 'PAID' : 'PENDING', stripeRefundId, JSON.stringify(parts), by],
    );
    for (const p of parts) {
      await m.query(
        `UPDATE payable_bill_sellers SET remaining_net_cents = remaining_net_cents - $3, remaining_vat_cents = remaining_vat_cents - $4,
           remaining_commission_net_cents = remaining_commission_net_cents - $5, remaining_commission_vat_cents = remaining_commission_vat_cents - $6
         WHERE bill_id = $1 AND seller_id = $2`,
        [bill.billId, p.sellerId, p.netCents, p.vatCents, p.commissionNetCents, p.commissionVatCents],
      );
    }
    await m.query(`UPDATE payable_bills SET refunded_cents = refunded_cents + $2 WHERE bill_id = $1`, [bill.billId, amountCents]);
    await this.ledger.post(m, entry, {
      idempotencyKey: disputeId ? `dispute:${disputeId}:lost` : `refund:${id}`, occurredAt: new Date(),
      references: { billId: bill.billId, paymentId: payment.id, refundId: id }, memo: `${reason.slice(0, 200)} (${bill.number})`,
    });
    await this.recoverPaidOut(m, bill.billId, id, parts);
    return id;
  }

  /**
   * A refund owed to the buyer for a credit note on what it had already paid (the credit note's
   * entry credited REFUNDS_PAYABLE): paid back through Stripe by the next payout run (or
   * runPayouts) when the bill was paid through Stripe, with key `refund-<id>`; OWED when it was paid
   * by bank transfer, until the platform's FINANCE member transfers it back (recordRefundTransfer).
   */
  async recordCreditNoteRefund(m: EntityManager, bill: PayableBillRow, p: { creditNoteId: string; amountCents: number; reason: string; parts: ReversedShare[] }): Promise<string> {
    const [payment] = await m.query(`SELECT id, method FROM payments WHERE bill_id = $1 ORDER BY (method = 'STRIPE') DESC, received_at DESC LIMIT 1`, [bill.billId]);
    const [{ id }] = await m.query(
      `INSERT INTO refunds (bill_id, payment_id, amount_cents, reason, status, parts, credit_note_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [bill.billId, payment.id, p.amountCents, p.reason.slice(0, 500), payment.method === 'STRIPE' ? 'PENDING' : 'OWED', JSON.stringify(p.parts), p.creditNoteId],
    );
    await m.query(`UPDATE payable_bills SET refunded_cents = refunded_cents + $2 WHERE bill_id = $1`, [bill.billId, p.amountCents]);
    return id;
  }

  /**
   * What sellers already paid out give back of the reversed `parts` (their part less the
   * commission given back, and its VAT): a seller paid by Stripe transfer by a reversal of that
   * transfer (recorded PENDING, made by complete()), up to what remains of it; anything else (a
   * SEPA payout, a transfer still pending or netted) is owed back by the seller
   * (`seller_repayments`) and deducted from its next payouts.
   */
  async recoverPaidOut(m: EntityManager, billId: string, refundId: string, parts: readonly ReversedShare[]): Promise<void> {
    const paidOut: { key: string; seller_id: string; method: string; status: string; amount_cents: string; reversed_cents: string }[] = await m.query(
      `SELECT key, seller_id, method, status, amount_cents, reversed_cents FROM payouts WHERE bill_id = $1 FOR UPDATE`, [billId]);
    for (const p of parts) {
      const payout = paidOut.find((x) => x.seller_id === p.sellerId);
      if (!payout) continue;
      const payable = Math.max(p.netCents - p.commissionNetCents - p.commissionVatCents, 0);
      let [back, vat] = [0, 0];
      if (payout.method === 'STRIPE_TRANSFER' && payout.status === 'SENT') {
        const left = Number(payout.amount_cents) - Number(payout.reversed_cents);
        vat = Math.min(p.vatCents, left);
        back = Math.min(payable, left - vat);
      }
      if (back + vat > 0) {
        await m.query(`INSERT INTO transfer_reversals (refund_id, seller_id, payout_key, payable_cents, vat_cents, amount_cents, status) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING')`,
          [refundId, p.sellerId, payout.key, back, vat, back + vat]);
        await m.query(`UPDATE payouts SET reversed_cents = reversed_cents + $2 WHERE key = $1`, [payout.key, back + vat]);
      }
      if (payable - back + p.vatCents - vat > 0) {
        await m.query(`INSERT INTO seller_repayments (seller_id, bill_id, refund_id, payable_cents, vat_cents) VALUES ($1, $2, $3, $4, $5)`,
          [p.sellerId, billId, refundId, payable - back, p.vatCents - vat]);
      }
    }
  }

  /** Pays the refund back at Stripe (or records the bank transfer back) and runs its transfer reversals; each step once. */
  private async complete(refundId: string): Promise<void> {
    const [r] = await this.db.query(
      `SELECT r.id, r.status, r.amount_cents::int AS amount, p.method, p.stripe_payment_intent_id AS pi FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = $1`, [refundId]);
    if (r.status === 'PENDING') {
      const stripeId = r.method === 'STRIPE' ? await this.stripe.refund({ refundId, paymentIntentId: r.pi, amountCents: r.amount }) : null;
      await this.db.transaction((m) => this.markPaid(m, refundId, stripeId));
    }
    const reversals: { seller_id: string; payout_key: string; payable_cents: string; vat_cents: string; amount_cents: string; transfer: string }[] = await this.db.query(
      `SELECT t.seller_id, t.payout_key, t.payable_cents, t.vat_cents, t.amount_cents, p.stripe_transfer_id AS transfer
         FROM transfer_reversals t JOIN payouts p ON p.key = t.payout_key WHERE t.refund_id = $1 AND t.status = 'PENDING'`, [refundId]);
    for (const t of reversals) {
      const reversalId = await this.stripe.reverseTransfer({ transferId: t.transfer, refundId, sellerId: t.seller_id, amountCents: Number(t.amount_cents) });
      await this.db.transaction(async (m) => {
        const done = await m.query(`WITH u AS (UPDATE transfer_reversals SET status = 'DONE', stripe_reversal_id = $3 WHERE refund_id = $1 AND seller_id = $2 AND status = 'PENDING' RETURNING 1) SELECT * FROM u`, [refundId, t.seller_id, reversalId]);
        if (!done.length) return;
        const [bill] = await m.query(`SELECT b.bill_id, b.currency, b.number FROM refunds r JOIN payable_bills b ON b.bill_id = r.bill_id WHERE r.id = $1`, [refundId]);
        await this.ledger.post(m, transferReversal({ sellerId: t.seller_id, platformId: await this.bills.platformOrganizationId(m), currency: bill.currency,
          payableCents: Number(t.payable_cents), vatCents: Number(t.vat_cents) }),
        { idempotencyKey: `refund:${refundId}:reversal:${t.seller_id}`, occurredAt: new Date(), references: { billId: bill.bill_id, refundId }, memo: `Transfer reversal ${reversalId} (${bill.number})` });
      });
    }
  }

  private async markPaid(m: EntityManager, refundId: string, stripeRefundId: string | null, at = new Date()): Promise<void> {
    const [r] = await m.query(
      `WITH u AS (UPDATE refunds SET status = 'PAID', stripe_refund_id = COALESCE(stripe_refund_id, $2) WHERE id = $1 AND status IN ('PENDING', 'OWED')
         RETURNING bill_id, payment_id, amount_cents::int AS amount)
       SELECT u.*, p.method FROM u JOIN payments p ON p.id = u.payment_id`, [refundId, stripeRefundId]);
    if (!r) return;
    const [bill] = await m.query(`SELECT buyer_id, currency, number FROM payable_bills WHERE bill_id = $1`, [r.bill_id]);
    await this.ledger.post(m, refundPaid({ buyerId: bill.buyer_id, platformId: await this.bills.platformOrganizationId(m), via: r.method, currency: bill.currency, amountCents: r.amount }),
      { idempotencyKey: `refund:${refundId}:paid`, occurredAt: at, references: { billId: r.bill_id, paymentId: r.payment_id, refundId }, memo: `Refund paid (${bill.number})` });
  }

  async view(m: EntityManager, refundId: string): Promise<RefundView> {
    const [r] = await m.query(`SELECT id, bill_id AS "billId", amount_cents::int AS "amountCents", reason, status, credit_note_id AS "creditNoteId", stripe_refund_id AS "stripeRefundId", parts FROM refunds WHERE id = $1`, [refundId]);
    if (!r) throw new NotFoundError('Refund', refundId);
    const reversals = await m.query(
      `SELECT seller_id AS "sellerId", amount_cents::int AS "amountCents", status, stripe_reversal_id AS "stripeReversalId" FROM transfer_reversals WHERE refund_id = $1 ORDER BY seller_id`, [refundId]);
    return { ...r, reversals };
  }

  refundsOf(billId: string): Promise<{ id: string }[]> {
    return this.db.query(`SELECT id FROM refunds WHERE bill_id = $1 ORDER BY created_at`, [billId]);
  }

  /** The bill's refunds with their transfer reversals, oldest first (two queries). */
  async viewsOf(billId: string): Promise<RefundView[]> {
    const refunds: Omit<RefundView, 'reversals'>[] = await this.db.query(
      `SELECT id, bill_id AS "billId", amount_cents::int AS "amountCents", reason, status, credit_note_id AS "creditNoteId", stripe_refund_id AS "stripeRefundId", parts
         FROM refunds WHERE bill_id = $1 ORDER BY created_at, id`, [billId]);
    const reversals: (RefundView['reversals'][number] & { refundId: string })[] = await this.db.query(
      `SELECT refund_id AS "refundId", seller_id AS "sellerId", amount_cents::int AS "amountCents", status, stripe_reversal_id AS "stripeReversalId"
         FROM transfer_reversals WHERE refund_id = ANY($1) ORDER BY seller_id`, [refunds.map((r) => r.id)]);
    return refunds.map((r) => ({ ...r, reversals: reversals.filter((x) => x.refundId === r.id).map(({ refundId: _, ...x }) => x) }));
  }

  /**
   * The platform's FINANCE member transferred an OWED refund back to the buyer (a credit note on
   * a bill paid by bank transfer): it is PAID (REFUND_PAID from the bank account), once.
   */
  async recordRefundTransfer(actor: Actor, input: { refundId: string; bankReference: string; paidOn: string }): Promise<RefundView> {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("Refunds leave the platform's accounts: only the platform's FINANCE members record them");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn) || input.paidOn > parisDay(new Date())) throw BadInputError.field('paidOn', 'must be the day the bank executed the transfer back (YYYY-MM-DD), not in the future');
    await this.db.transaction(async (m) => {
      const [r] = await m.query(`SELECT r.status, b.number FROM refunds r JOIN payable_bills b ON b.bill_id = r.bill_id WHERE r.id = $1 FOR UPDATE OF r`, [input.refundId]);
      if (!r) throw new NotFoundError('Refund', input.refundId);
      if (r.status === 'PAID') throw new ConflictError(`This refund of bill ${r.number} is already paid back`).because(PaymentsReason.ALREADY_RECORDED);
      if (r.status !== 'OWED') throw new ConflictError(`This refund of bill ${r.number} is paid back through Stripe by the payout run, not by transfer`);
      await m.query(`UPDATE refunds SET reason = left(reason || $2, 600) WHERE id = $1`, [input.refundId, ` (virement ${input.bankReference.slice(0, 70)} du ${input.paidOn})`]);
      await this.markPaid(m, input.refundId, null, new Date(`${input.paidOn}T12:00:00Z`));
    });
    return this.view(this.db.manager, input.refundId);
  }
}
