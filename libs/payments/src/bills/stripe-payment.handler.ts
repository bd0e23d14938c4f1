import { Injectable, OnModuleInit } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { parisDay } from '@app/core';
import { declineMessage } from '../engine';
import { StripeGateway, type StripeEvent } from '../stripe/stripe.gateway';
import { StripeEventRouter, type EventOutcome, type StripeEventHandler } from '../webhooks/stripe-event.router';
import { BillPaymentsService } from './bill-payments.service';
import { RefundService } from './refund.service';

const ignored = (note: string): EventOutcome => ({ outcome: 'IGNORED', note });
const applied = (note: string | null = null): EventOutcome => ({ outcome: 'APPLIED', note });

/**
 * Payment, refund and dispute events. Each handler reads the object's current state from
 * Stripe and brings ours up to it, idempotently: an event delivered twice, late, or before the
 * one it follows leaves the same result as the events in order.
 */
@Injectable()
export class StripePaymentHandler implements StripeEventHandler, OnModuleInit {
  readonly types = [
    'payment_intent.succeeded', 'payment_intent.processing', 'payment_intent.payment_failed', 'payment_intent.canceled',
    'charge.refunded', 'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated',
  ] as const;

  constructor(
    private readonly router: StripeEventRouter,
    private readonly stripe: StripeGateway,
    private readonly bills: BillPaymentsService,
    private readonly refunds: RefundService,
  ) {}

  onModuleInit(): void {
    this.router.register(this);
  }

  async handle(m: EntityManager, event: StripeEvent): Promise<EventOutcome> {
    const object = event.data.object as { id: string; object: string; payment_intent?: string | { id: string } | null; charge?: string | { id: string } };
    if (event.type.startsWith('payment_intent.')) return this.syncPaymentIntent(m, object.id);
    if (event.type === 'charge.refunded') {
      const pi = typeof object.payment_intent === 'string' ? object.payment_intent : object.payment_intent?.id;
      if (!pi) return ignored('a charge without a payment intent is not a bill payment');
      const synced = await this.syncPaymentIntent(m, pi);
      if (synced.outcome === 'IGNORED') return synced;
      return this.refunds.syncStripeRefunds(m, object.id);
    }
    const dispute = object as unknown as Stripe.Dispute;
    const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge?.id;
    const charge = chargeId ? await this.stripe.retrieveCharge(chargeId) : null;
    const pi = typeof charge?.payment_intent === 'string' ? charge.payment_intent : charge?.payment_intent?.id;
    if (!pi) return ignored(`dispute ${dispute.id} is on no charge of ours`);
    const synced = await this.syncPaymentIntent(m, pi);
    if (synced.outcome === 'IGNORED') return synced;
    return this.refunds.syncDispute(m, dispute);
  }

  /** Brings the bill's payment up to the PaymentIntent's state at Stripe (not the event's copy, which may be older). */
  private async syncPaymentIntent(m: EntityManager, paymentIntentId: string): Promise<EventOutcome> {
    const [known] = await m.query(`SELECT bill_id FROM bill_payment_intents WHERE stripe_id = $1`, [paymentIntentId]);
    if (!known) return ignored(`payment intent ${paymentIntentId} is not one of ours`);
    const pi = await this.stripe.retrievePaymentIntent(paymentIntentId);
    if (!pi) return ignored(`payment intent ${paymentIntentId} no longer exists at Stripe`);
    const bill = (await this.bills.billRow(m, known.bill_id, true))!;
    await m.query(`UPDATE bill_payment_intents SET status = $2, last_error = $3, updated_at = now() WHERE bill_id = $1`,
      [bill.billId, pi.status, pi.last_payment_error ? declineMessage(pi.last_payment_error.decline_code, pi.last_payment_error.code) : null]);
    if (pi.status !== 'succeeded') return applied(`payment intent ${pi.status}`);
    const [paid] = await m.query(`SELECT id FROM payments WHERE stripe_payment_intent_id = $1`, [pi.id]);
    if (paid) return applied('payment already recorded');
    const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id ?? null;
    const charge = chargeId ? await this.stripe.retrieveCharge(chargeId) : null;
    const txn = charge?.balance_transaction;
    const fee = txn && typeof txn === 'object' ? txn.fee : 0;
    const at = new Date((charge?.created ?? pi.created) * 1000);
    await this.bills.recordPayment(m, bill, {
      method: 'STRIPE', amountCents: pi.amount_received || pi.amount, feeCents: fee, stripePaymentIntentId: pi.id, stripeChargeId: chargeId,
      receivedOn: parisDay(at), receivedAt: at,
    });
    return applied(`payment of ${pi.amount_received || pi.amount} cents recorded`);
  }
}
