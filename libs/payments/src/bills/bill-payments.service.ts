import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, BadInputError, ConflictError, ForbiddenError, NotFoundError, parisDay, type FieldProblem } from '@app/core';
import { BillingReason } from '@app/billing';
import { IdentityService } from '@app/identity';
import { billIssued, commissionInvoiced, LedgerService, paymentReceived, type ReversibleShare } from '@app/ledger';
import { commissionOn, commissionRateFor, commissionRates } from '../engine';
import { PaymentsReason } from '../payments.errors';
import { StripeGateway, type StartedPaymentIntent } from '../stripe/stripe.gateway';
import { CommissionRateService } from '../commission/commission-rate.service';

/** A bill as billing issued it (the bill.issued event's facts): one invoice per seller. */
export interface IssuedBillFacts {
  billId: string;
  number: string;
  /** Null for a withdrawal bill: no agreement froze a commission rate. */
  agreementId: string | null;
  /** The offering's producer (the network, or the single producer): its kind gives a withdrawal bill's commission rate. */
  producerId?: string;
  buyerId: string;
  currency: string;
  totalCents: number;
  /** When it was issued: the ledger entry's time. */
  issuedAt: Date;
  sellers: { invoiceId: string; number: string; sellerId: string; netCents: number; vatCents: number }[];
}

export interface PayableBillRow {
  billId: string;
  number: string;
  agreementId: string | null;
  buyerId: string;
  currency: string;
  totalCents: number;
  paidCents: number;
  refundedCents: number;
  /** What credit notes took off the bill, incl. VAT (totalCents is what remains to pay). */
  creditedCents: number;
  commissionBp: number;
  status: 'OPEN' | 'PARTIALLY_PAID' | 'PAID' | 'CANCELLED';
  settlingPaymentId: string | null;
  issuedAt: Date;
  paidAt: Date | null;
}

export interface BillSellerRow extends ReversibleShare {
  billId: string;
  position: number;
  invoiceId: string;
  invoiceNumber: string;
  shareNetCents: number;
  shareVatCents: number;
}

export interface PaymentRow {
  id: string;
  billId: string;
  method: 'STRIPE' | 'BANK';
  amountCents: number;
  appliedCents: number;
  feeCents: number;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
  bankReference: string | null;
  receivedOn: string;
  receivedAt: Date;
}

export interface BillPaymentState {
  bill: PayableBillRow;
  outstandingCents: number;
  /** Refunds decided and not yet paid back to the buyer (a credit note on a bill paid by bank transfer waits for the platform to transfer it). */
  refundsOwedCents: number;
  payments: PaymentRow[];
  paymentIntent: { id: string; status: string; lastError: string | null } | null;
}

export const BILL_COLUMNS = `bill_id AS "billId", number, agreement_id AS "agreementId", buyer_id AS "buyerId", currency, total_cents::int AS "totalCents",
  paid_cents::int AS "paidCents", refunded_cents::int AS "refundedCents", credited_cents::int AS "creditedCents", commission_bp AS "commissionBp", status, settling_payment_id AS "settlingPaymentId",
  issued_at AS "issuedAt", paid_at AS "paidAt"`;
export const SELLER_COLUMNS = `bill_id AS "billId", seller_id AS "sellerId", position, invoice_id AS "invoiceId", invoice_number AS "invoiceNumber",
  net_cents::int AS "shareNetCents", vat_cents::int AS "shareVatCents",
  remaining_net_cents::int AS "netCents", remaining_vat_cents::int AS "vatCents",
  remaining_commission_net_cents::int AS "commissionNetCents", remaining_commission_vat_cents::int AS "commissionVatCents"`;
const PAYMENT_COLUMNS = `id, bill_id AS "billId", method, amount_cents::int AS "amountCents", applied_cents::int AS "appliedCents", fee_cents::int AS "feeCents",
  stripe_payment_intent_id AS "stripePaymentIntentId", stripe_charge_id AS "stripeChargeId", bank_reference AS "bankReference",
  to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", received_at AS "receivedAt"`;

/**
 * Bills as the payments library sees them: what each buyer owes and has paid, each seller's
 * share and commission. A bill is paid once; every payment is posted to the ledger in the
 * transaction that records it.
 */
@Injectable()
export class BillPaymentsService {
  private readonly rates: Record<string, number>;
  private platformId: string | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly identity: IdentityService,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
    private readonly contractRates: CommissionRateService,
  ) {
    this.rates = commissionRates(config.payments.commissionRates);
  }

  async platformOrganizationId(m: EntityManager = this.db.manager): Promise<string> {
    if (this.platformId) return this.platformId;
    const rows: { id: string }[] = await m.query(`SELECT id FROM organizations WHERE kind = 'PLATFORM' ORDER BY created_at LIMIT 1`);
    if (!rows.length) throw new Error('No platform organisation: start the API once so that it creates the platform operator');
    this.platformId = rows[0].id;
    return this.platformId;
  }

  /** Freezes the agreement's commission rate: the contract's if the operator set one, else the default of the producer's kind (first call wins). */
  async freezeCommission(m: EntityManager, agreementId: string, producerId: string): Promise<number> {
    const [producer] = await this.identity.organizationsByIds([producerId], m);
    return this.contractRates.freeze(m, agreementId, producer?.kind ?? null);
  }

  /**
   * Records an issued bill (once: a replay changes nothing) and posts what it moves: the
   * buyer's receivable, each seller's share and VAT, then each seller's commission.
   */
  async recordIssuedBill(m: EntityManager, bill: IssuedBillFacts): Promise<void> {
    const sellers = [...new Set(bill.sellers.map((s) => s.sellerId))];
    const orgs = new Map((await this.identity.organizationsByIds(sellers, m)).map((o) => [o.id, o]));
    const [rate] = bill.agreementId ? await m.query(`SELECT rate_bp FROM commission_rates WHERE agreement_id = $1`, [bill.agreementId]) : [];
    let bp: number = rate?.rate_bp;
    if (bill.agreementId === null) {
      // a withdrawal: the request never became an agreement, so nothing froze a rate; the default of the producer's kind applies
      const [producer] = bill.producerId ? await this.identity.organizationsByIds([bill.producerId], m) : [];
      bp = commissionRateFor(producer?.kind ?? null, this.rates);
    } else if (bp === undefined) {
      // an agreement sealed before commissions were frozen: the default of its producer's kind, frozen now
      const [agreement] = await m.query(`SELECT r.producer_id FROM agreements a JOIN access_requests r ON r.id = a.request_id WHERE a.id = $1`, [bill.agreementId]);
      bp = agreement ? await this.freezeCommission(m, bill.agreementId, agreement.producer_id) : commissionRateFor(null, this.rates);
    }
    const inserted = await m.query(
      `INSERT INTO payable_bills (bill_id, number, agreement_id, buyer_id, currency, total_cents, commission_bp, status, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN', $8) ON CONFLICT (bill_id) DO NOTHING RETURNING bill_id`,
      [bill.billId, bill.number, bill.agreementId, bill.buyerId, bill.currency, bill.totalCents, bp, bill.issuedAt],
    );
    if (!inserted.length) return;
    const commissions = bill.sellers.map((s) => commissionOn(s.netCents, bp, orgs.get(s.sellerId)?.country ?? 'FR'));
    await m.query(
      `INSERT INTO payable_bill_sellers (bill_id, seller_id, position, invoice_id, invoice_number, net_cents, vat_cents, commission_net_cents, commission_vat_cents,
         remaining_net_cents, remaining_vat_cents, remaining_commission_net_cents, remaining_commission_vat_cents)
       SELECT $1, x.seller, x.n, x.invoice, x.number, x.net, x.vat, x.cnet, x.cvat, x.net, x.vat, x.cnet, x.cvat
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[]) WITH ORDINALITY AS x(seller, invoice, number, net, vat, cnet, cvat, n)`,
      [bill.billId, bill.sellers.map((s) => s.sellerId), bill.sellers.map((s) => s.invoiceId), bill.sellers.map((s) => s.number),
        bill.sellers.map((s) => s.netCents), bill.sellers.map((s) => s.vatCents), commissions.map((c) => c.netCents), commissions.map((c) => c.vatCents)],
    );
    const platformId = await this.platformOrganizationId(m);
    const refs = { billId: bill.billId };
    await this.ledger.post(m, billIssued({ buyerId: bill.buyerId, currency: bill.currency, shares: bill.sellers.map((s) => ({ sellerId: s.sellerId, netCents: s.netCents, vatCents: s.vatCents })) }),
      { idempotencyKey: `bill:${bill.billId}:issued`, occurredAt: bill.issuedAt, references: refs, memo: `Bill ${bill.number}` });
    for (const [i, s] of bill.sellers.entries()) {
      if (commissions[i].netCents === 0) continue;
      await this.ledger.post(m, commissionInvoiced({ sellerId: s.sellerId, platformId, currency: bill.currency, ...commissions[i] }),
        { idempotencyKey: `bill:${bill.billId}:commission:${s.sellerId}`, occurredAt: bill.issuedAt, references: { ...refs, invoiceId: s.invoiceId }, memo: `Commission ${bp} bp on ${s.number}` });
    }
  }

  async billRow(m: EntityManager, billId: string, lock = false): Promise<PayableBillRow | null> {
    const [row] = await m.query(`SELECT ${BILL_COLUMNS} FROM payable_bills WHERE bill_id = $1 ${lock ? 'FOR UPDATE' : ''}`, [billId]);
    return row ?? null;
  }

  async sellersOf(m: EntityManager, billIds: readonly string[]): Promise<BillSellerRow[]> {
    return m.query(`SELECT ${SELLER_COLUMNS} FROM payable_bill_sellers WHERE bill_id = ANY($1) ORDER BY bill_id, position`, [billIds]);
  }

  /** The bill's payment state, for its buyer, its sellers and the platform. */
  async state(actor: Actor, billId: string): Promise<BillPaymentState> {
    const m = this.db.manager;
    const bill = await this.billRow(m, billId);
    if (!bill) throw new NotFoundError('Bill', billId);
    if (actor.organizationKind !== 'PLATFORM' && bill.buyerId !== actor.organizationId) {
      const [seller] = await m.query(`SELECT 1 FROM payable_bill_sellers WHERE bill_id = $1 AND seller_id = $2`, [billId, actor.organizationId]);
      if (!seller) throw new NotFoundError('Bill', billId);
    }
    const payments: PaymentRow[] = await m.query(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE bill_id = $1 ORDER BY received_at, id`, [billId]);
    const [pi] = await m.query(`SELECT stripe_id AS id, status, last_error AS "lastError" FROM bill_payment_intents WHERE bill_id = $1`, [billId]);
    const [{ owed }] = await m.query(`SELECT COALESCE(sum(amount_cents), 0)::int AS owed FROM refunds WHERE bill_id = $1 AND status <> 'PAID'`, [billId]);
    return { bill, outstandingCents: bill.totalCents - bill.paidCents, refundsOwedCents: owed, payments, paymentIntent: pi ?? null };
  }

  /**
   * The bill's PaymentIntent (created once), whose client secret the buyer's front end confirms
   * with Stripe.js; or, given a payment method the front end created (`pm_…`), confirmed here at
   * once: a decline answers CONFLICT / PAYMENT_DECLINED, saying why.
   */
  async startStripePayment(actor: Actor, billId: string, paymentMethodId: string | null = null): Promise<StartedPaymentIntent & { billId: string; billNumber: string }> {
    if (paymentMethodId !== null && !/^pm_[A-Za-z0-9_]{1,200}$/.test(paymentMethodId)) {
      throw BadInputError.field('paymentMethodId', 'must be the id of a Stripe payment method (pm_…) created by Stripe.js, or be left out to confirm in the browser');
    }
    const bill = await this.billRow(this.db.manager, billId);
    if (!bill || bill.buyerId !== actor.organizationId) throw new NotFoundError('Bill', billId);
    if (bill.status === 'CANCELLED') throw new ConflictError(`Bill ${bill.number} was credited in full: there is nothing to pay`).because(BillingReason.BILL_CANCELLED);
    if (bill.status === 'PAID') throw new ConflictError(`Bill ${bill.number} is already paid: a bill is paid once`).because(PaymentsReason.ALREADY_PAID);
    if (bill.paidCents > 0) {
      throw new ConflictError(`Bill ${bill.number} was partly paid by bank transfer: pay the remaining ${bill.totalCents - bill.paidCents} cents the same way`).because(PaymentsReason.PARTLY_PAID_BY_TRANSFER);
    }
    const [existing] = await this.db.query(`SELECT stripe_id FROM bill_payment_intents WHERE bill_id = $1`, [billId]);
    // a credit note since the PaymentIntent was created: it asks for what remains to pay
    const started = existing
      ? await this.stripe.paymentIntentAmount(existing.stripe_id, bill.totalCents)
      : await this.stripe.paymentIntentForBill({ billId, number: bill.number, amountCents: bill.totalCents, currency: bill.currency, buyerId: bill.buyerId });
    await this.db.query(
      `INSERT INTO bill_payment_intents (bill_id, stripe_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (bill_id) DO UPDATE SET updated_at = now() WHERE bill_payment_intents.stripe_id = EXCLUDED.stripe_id`,
      [billId, started.id, started.status],
    );
    if (paymentMethodId === null) return { ...started, billId, billNumber: bill.number };
    const confirmed = await this.stripe.confirmPaymentIntent({ paymentIntentId: started.id, paymentMethodId });
    return { ...started, status: confirmed.status, billId, billNumber: bill.number };
  }

  /** A bank transfer received on the platform's account, recorded against the bill's number by the platform's FINANCE member. */
  async recordBankTransfer(actor: Actor, input: { billNumber: string; amountCents: number; receivedOn: string; bankReference: string }): Promise<BillPaymentState> {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("Bank transfers reach the platform's account: only the platform's FINANCE members record them");
    const problems: FieldProblem[] = [];
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1) problems.push({ field: 'amountCents', message: 'must be a whole number of cents, at least 1' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.receivedOn) || input.receivedOn > parisDay(new Date())) problems.push({ field: 'receivedOn', message: 'must be the day the bank credited the transfer (YYYY-MM-DD), not in the future' });
    if (problems.length) throw new BadInputError(problems);
    const billId = await this.db.transaction(async (m) => {
      const [found] = await m.query(`SELECT bill_id FROM payable_bills WHERE number = $1`, [input.billNumber.trim()]);
      if (!found) throw BadInputError.field('billNumber', `no issued bill is numbered "${input.billNumber}": use the reference the buyer wrote on its transfer`);
      const bill = (await this.billRow(m, found.bill_id, true))!;
      const outstanding = bill.totalCents - bill.paidCents;
      if (bill.status === 'CANCELLED') throw new ConflictError(`Bill ${bill.number} was credited in full: return this transfer to the buyer`).because(BillingReason.BILL_CANCELLED);
      if (bill.status === 'PAID') throw new ConflictError(`Bill ${bill.number} is already paid: return this transfer to the buyer`).because(PaymentsReason.ALREADY_PAID);
      if (input.amountCents > outstanding) {
        throw new BadInputError([{ field: 'amountCents', message: `${input.amountCents} cents is more than the ${outstanding} cents still owed on bill ${bill.number}: record ${outstanding} and return the excess to the buyer` }]);
      }
      const [dup] = await m.query(`SELECT 1 FROM payments WHERE bill_id = $1 AND bank_reference = $2`, [bill.billId, input.bankReference]);
      if (dup) throw new ConflictError(`The transfer ${input.bankReference} is already recorded on bill ${bill.number}`).because(PaymentsReason.ALREADY_RECORDED);
      await this.recordPayment(m, bill, { method: 'BANK', amountCents: input.amountCents, feeCents: 0, bankReference: input.bankReference, receivedOn: input.receivedOn, receivedAt: new Date(), recordedBy: actor.userId });
      return bill.billId;
    });
    return this.state(actor, billId);
  }

  /** Records a payment of `bill` (locked by the caller) and posts it: what it pays of the bill, any excess held for the buyer. */
  async recordPayment(m: EntityManager, bill: PayableBillRow, p: {
    method: 'STRIPE' | 'BANK'; amountCents: number; feeCents: number; receivedOn: string; receivedAt: Date;
    stripePaymentIntentId?: string; stripeChargeId?: string | null; bankReference?: string; recordedBy?: string | null;
  }): Promise<PaymentRow> {
    const outstanding = bill.totalCents - bill.paidCents;
    const applied = Math.min(outstanding, p.amountCents);
    const [payment]: PaymentRow[] = await m.query(
      `INSERT INTO payments (bill_id, method, amount_cents, applied_cents, fee_cents, stripe_payment_intent_id, stripe_charge_id, bank_reference, received_on, received_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${PAYMENT_COLUMNS}`,
      [bill.billId, p.method, p.amountCents, applied, p.feeCents, p.stripePaymentIntentId ?? null, p.stripeChargeId ?? null, p.bankReference ?? null, p.receivedOn, p.receivedAt, p.recordedBy ?? null],
    );
    const paid = bill.paidCents + applied;
    // a payment of a cancelled bill (a PaymentIntent confirmed after the credit note) pays nothing: it is held for the buyer
    const cancelled = bill.status === 'CANCELLED';
    const complete = !cancelled && paid === bill.totalCents && bill.status !== 'PAID';
    await m.query(
      `UPDATE payable_bills SET paid_cents = $2, status = $3, settling_payment_id = COALESCE(settling_payment_id, $4), paid_at = COALESCE(paid_at, $5) WHERE bill_id = $1`,
      [bill.billId, paid, cancelled ? 'CANCELLED' : paid === bill.totalCents ? 'PAID' : paid > 0 ? 'PARTIALLY_PAID' : 'OPEN', complete ? payment.id : null, complete ? p.receivedAt : null],
    );
    await this.ledger.post(m, paymentReceived({
      buyerId: bill.buyerId, platformId: await this.platformOrganizationId(m), via: p.method, currency: bill.currency,
      amountCents: p.amountCents, outstandingCents: outstanding, feeCents: p.feeCents,
    }), { idempotencyKey: `payment:${payment.id}:received`, occurredAt: p.receivedAt, references: { billId: bill.billId, paymentId: payment.id }, memo: `${p.method === 'BANK' ? `Transfer ${p.bankReference}` : `Stripe ${p.stripePaymentIntentId}`} on ${bill.number}` });
    return payment;
  }
}
