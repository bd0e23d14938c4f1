import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { APP_CONFIG, AppConfig, DomainError, ErrorCode } from '@app/core';
import { declineMessage, safeDeclineCode, stripeKeys } from '../engine';
import { PaymentsReason } from '../payments.errors';

export type StripeEvent = Stripe.Event;

/** What a buyer's front end needs to confirm a payment with Stripe.js. */
export interface StartedPaymentIntent {
  id: string;
  clientSecret: string;
  status: string;
  amountCents: number;
}

/** The payment provider is off (no STRIPE_SECRET_KEY) or refused a call: the message says which. */
export class PaymentProviderError extends DomainError {
  constructor(message: string, reason: PaymentsReason.STRIPE_DISABLED | PaymentsReason.STRIPE_REFUSED | PaymentsReason.PAYMENT_DECLINED, details: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, details);
    this.because(reason);
  }
}

/**
 * The one door to Stripe: the real SDK (v23), configured by STRIPE_SECRET_KEY (and
 * STRIPE_API_URL for another host, a local fake in tests). Every call that creates something
 * carries an idempotency key derived from what it is for, so a retried call never pays twice.
 * Without a key the platform takes bank transfers only and `enabled` is false.
 */
@Injectable()
export class StripeGateway {
  private readonly logger = new Logger(StripeGateway.name);
  private readonly stripe: Stripe | null;
  private readonly webhookSecret: string | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { stripeSecretKey, stripeApiUrl, stripeWebhookSecret } = config.payments;
    this.webhookSecret = stripeWebhookSecret;
    if (!stripeSecretKey) {
      this.stripe = null;
      return;
    }
    const api = stripeApiUrl ? new URL(stripeApiUrl) : null;
    this.stripe = new Stripe(stripeSecretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(api ? { host: api.hostname, port: Number(api.port || (api.protocol === 'http:' ? 80 : 443)), protocol: api.protocol.replace(':', '') as 'http' | 'https' } : {}),
    });
  }

  get enabled(): boolean {
    return this.stripe !== null;
  }

  get webhooksEnabled(): boolean {
    return this.stripe !== null && this.webhookSecret !== null;
  }

  private get api(): Stripe {
    if (!this.stripe) throw new PaymentProviderError('Card and SEPA Debit payments are off on this platform (no Stripe key): pay by bank transfer to the platform\'s account with the bill number as reference', PaymentsReason.STRIPE_DISABLED);
    return this.stripe;
  }

  /**
   * Verifies a webhook's signature on its raw body (and its timestamp, within 5 minutes):
   * throws Stripe's signature error when forged, altered or stale.
   */
  verifyWebhook(rawBody: Buffer, signature: string | undefined): StripeEvent {
    if (!this.webhookSecret) throw new PaymentProviderError('Stripe webhooks are off on this platform (no STRIPE_WEBHOOK_SECRET)', PaymentsReason.STRIPE_DISABLED);
    return this.api.webhooks.constructEvent(rawBody, signature ?? '', this.webhookSecret, 300);
  }

  /** The bill's PaymentIntent: created once (the key is the bill's), card or SEPA Debit, grouped by the bill number. */
  async paymentIntentForBill(bill: { billId: string; number: string; amountCents: number; currency: string; buyerId: string }): Promise<StartedPaymentIntent> {
    const pi = await this.call(() => this.api.paymentIntents.create({
      amount: bill.amountCents,
      currency: bill.currency.toLowerCase(),
      allowed_payment_method_types: ['card', 'sepa_debit'],
      transfer_group: bill.number,
      description: `Bill ${bill.number}`,
      metadata: { bill_id: bill.billId, bill_number: bill.number, buyer_id: bill.buyerId },
    }, { idempotencyKey: stripeKeys.paymentIntent(bill.billId) }));
    return { id: pi.id, clientSecret: pi.client_secret ?? '', status: pi.status, amountCents: pi.amount };
  }

  /**
   * Confirms the bill's PaymentIntent on the server with a payment method the buyer's front end
   * created (`pm_…`, card or SEPA Debit mandate): a decline is PAYMENT_DECLINED. No idempotency
   * key: a PaymentIntent that succeeded or is processing cannot be confirmed again (Stripe refuses
   * it), so a repeat never pays twice, and a buyer may try a card again after a decline.
   */
  async confirmPaymentIntent(p: { paymentIntentId: string; paymentMethodId: string }): Promise<{ status: string }> {
    const pi = await this.call(() => this.api.paymentIntents.confirm(p.paymentIntentId, { payment_method: p.paymentMethodId }));
    return { status: pi.status };
  }

  /** The bill's PaymentIntent asking for `amountCents` (less after a credit note), changed while the buyer has not paid it yet. */
  async paymentIntentAmount(paymentIntentId: string, amountCents: number): Promise<StartedPaymentIntent> {
    let pi = await this.call(() => this.api.paymentIntents.retrieve(paymentIntentId));
    if (pi.amount !== amountCents && (pi.status === 'requires_payment_method' || pi.status === 'requires_confirmation')) {
      pi = await this.call(() => this.api.paymentIntents.update(paymentIntentId, { amount: amountCents }));
    }
    return { id: pi.id, clientSecret: pi.client_secret ?? '', status: pi.status, amountCents: pi.amount };
  }

  async retrievePaymentIntent(id: string): Promise<Stripe.PaymentIntent | null> {
    return this.orNull(() => this.api.paymentIntents.retrieve(id));
  }

  async retrieveCharge(id: string): Promise<Stripe.Charge | null> {
    return this.orNull(() => this.api.charges.retrieve(id, { expand: ['balance_transaction'] }));
  }

  /** Whether `accountId` is a connected account of the platform that can receive transfers. */
  async connectedAccount(accountId: string): Promise<{ id: string; payoutsEnabled: boolean } | null> {
    try {
      const a = await this.api.accounts.retrieve(accountId);
      return { id: a.id, payoutsEnabled: a.payouts_enabled ?? false };
    } catch (e) {
      if (e instanceof Stripe.errors.StripePermissionError || e instanceof Stripe.errors.StripeInvalidRequestError) return null;
      throw e;
    }
  }

  /** A seller's part of a charge, from that charge (`source_transaction`): one transfer per (payment, seller), whatever the retries. */
  async transfer(p: { paymentId: string; sellerId: string; amountCents: number; currency: string; destination: string; chargeId: string; billNumber: string }): Promise<string> {
    const tr = await this.call(() => this.api.transfers.create({
      amount: p.amountCents, currency: p.currency.toLowerCase(), destination: p.destination, source_transaction: p.chargeId, transfer_group: p.billNumber,
      metadata: { payment_id: p.paymentId, seller_id: p.sellerId },
    }, { idempotencyKey: stripeKeys.transfer(p.paymentId, p.sellerId) }));
    return tr.id;
  }

  async reverseTransfer(p: { transferId: string; refundId: string; sellerId: string; amountCents: number }): Promise<string> {
    const r = await this.call(() => this.api.transfers.createReversal(p.transferId, { amount: p.amountCents, metadata: { refund_id: p.refundId, seller_id: p.sellerId } },
      { idempotencyKey: stripeKeys.transferReversal(p.refundId, p.sellerId) }));
    return r.id;
  }

  async refund(p: { refundId: string; paymentIntentId: string; amountCents: number }): Promise<string> {
    const r = await this.call(() => this.api.refunds.create({ payment_intent: p.paymentIntentId, amount: p.amountCents, metadata: { refund_id: p.refundId } },
      { idempotencyKey: stripeKeys.refund(p.refundId) }));
    return r.id;
  }

  private async orNull<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode === 404) return null;
      throw e;
    }
  }

  /**
   * A declined payment becomes CONFLICT / PAYMENT_DECLINED with our message for its decline code;
   * Stripe's other refusals (a bad request, an idempotency clash) CONFLICT / STRIPE_REFUSED with
   * Stripe's error code only. Stripe's text is logged, never shown. Outages stay errors, retried by the caller.
   */
  private async call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof Stripe.errors.StripeCardError) {
        const declineCode = safeDeclineCode(e.decline_code) ?? safeDeclineCode(e.code);
        this.logger.log(`Stripe declined a payment (${declineCode ?? 'no code'}, request ${e.requestId ?? '?'})`);
        throw new PaymentProviderError(declineMessage(e.decline_code, e.code), PaymentsReason.PAYMENT_DECLINED, declineCode ? { declineCode } : {});
      }
      if (e instanceof Stripe.errors.StripeInvalidRequestError || e instanceof Stripe.errors.StripeIdempotencyError) {
        const code = safeDeclineCode(e.code);
        this.logger.warn(`Stripe refused a request (request ${e.requestId ?? '?'}): ${e.message}`);
        throw new PaymentProviderError(`Stripe refused the request${code ? ` (${code})` : ''}: the platform's operator has been told`, PaymentsReason.STRIPE_REFUSED);
      }
      throw e;
    }
  }
}
