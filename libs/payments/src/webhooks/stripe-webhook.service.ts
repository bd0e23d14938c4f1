import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '@app/core';
import { StripeGateway, type StripeEvent } from '../stripe/stripe.gateway';
import { PaymentsReason } from '../payments.errors';
import { StripeEventRouter } from './stripe-event.router';

export interface WebhookReceipt {
  received: true;
  eventId: string;
  /** Already received under this id: nothing was done again. */
  duplicate: boolean;
  outcome: 'APPLIED' | 'IGNORED';
}

/** A webhook refused before anything is recorded: its signature does not verify (forged, altered or stale). */
export class WebhookRefusedError extends DomainError {
  constructor(message: string, reason: PaymentsReason.SIGNATURE | PaymentsReason.WEBHOOKS_DISABLED | PaymentsReason.BODY) {
    super(ErrorCode.BAD_USER_INPUT, message);
    this.because(reason);
  }
}

function objectIdOf(event: StripeEvent): string | null {
  const o = event.data?.object as { id?: unknown } | undefined;
  return typeof o?.id === 'string' ? o.id : null;
}

/**
 * Stripe's webhooks: verified on the raw body, recorded once per event id in the transaction
 * that applies them, so that a redelivery, a retry after a failure or two deliveries at once
 * apply an event exactly once. Handlers act on the objects' current state (read from Stripe),
 * not on the order of arrival.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stripe: StripeGateway,
    private readonly router: StripeEventRouter,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookReceipt> {
    if (!this.stripe.webhooksEnabled) throw new WebhookRefusedError('Stripe webhooks are off on this platform (no STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)', PaymentsReason.WEBHOOKS_DISABLED);
    if (!rawBody || rawBody.length === 0) throw new WebhookRefusedError('A webhook needs its JSON body as Stripe sent it', PaymentsReason.BODY);
    let event: StripeEvent;
    try {
      event = this.stripe.verifyWebhook(rawBody, signature);
    } catch (e) {
      if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
        this.logger.warn(`Stripe webhook refused: ${e.message}`);
        throw new WebhookRefusedError(`The Stripe-Signature header does not verify (forged, altered, or older than 5 minutes): ${e.message}`, PaymentsReason.SIGNATURE);
      }
      throw e;
    }
    return this.db.transaction(async (m) => {
      const fresh: { id: string }[] = await m.query(
        `INSERT INTO stripe_events (id, type, object_id, created_at, outcome) VALUES ($1, $2, $3, to_timestamp($4), 'IGNORED')
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type, objectIdOf(event), event.created],
      );
      if (fresh.length === 0) {
        const [{ outcome }] = await m.query(`SELECT outcome FROM stripe_events WHERE id = $1`, [event.id]);
        return { received: true, eventId: event.id, duplicate: true, outcome };
      }
      const result = await this.router.route(m, event);
      await m.query(`UPDATE stripe_events SET outcome = $2, note = $3 WHERE id = $1`, [event.id, result.outcome, result.note?.slice(0, 500) ?? null]);
      return { received: true, eventId: event.id, duplicate: false, outcome: result.outcome };
    });
  }
}
