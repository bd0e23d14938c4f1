import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StripeEvent } from '../stripe/stripe.gateway';

/** What came of an event: applied to a payment, refund or dispute of ours, or ignored (with why). */
export interface EventOutcome {
  outcome: 'APPLIED' | 'IGNORED';
  note: string | null;
}

/** A reaction to some Stripe event types, registered with the router by the service that owns what it changes. */
export interface StripeEventHandler {
  readonly types: readonly string[];
  handle(m: EntityManager, event: StripeEvent): Promise<EventOutcome>;
}

/** Hands each verified event to the handler of its type; an event nobody handles is acknowledged and ignored. */
@Injectable()
export class StripeEventRouter {
  private readonly handlers = new Map<string, StripeEventHandler>();

  register(handler: StripeEventHandler): void {
    for (const t of handler.types) {
      if (this.handlers.has(t)) throw new Error(`Two handlers of Stripe event ${t}`);
      this.handlers.set(t, handler);
    }
  }

  async route(m: EntityManager, event: StripeEvent): Promise<EventOutcome> {
    const handler = this.handlers.get(event.type);
    if (!handler) return { outcome: 'IGNORED', note: `event type ${event.type} is not used by the platform` };
    return handler.handle(m, event);
  }
}
