import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from './domain-event';
import { EventSubscriber, type HandlesEvent } from './event-subscriber';

interface Subscription {
  name: string;
  event: string;
  handler: HandlesEvent<unknown>;
}

export interface Delivery {
  handled: string[];
  alreadyHandled: string[];
}

/** Hands events to the subscribers found among the providers of the loaded modules (the worker's). */
@Injectable()
export class EventDelivery implements OnModuleInit {
  private subscriptions: Subscription[] = [];

  constructor(private readonly discovery: DiscoveryService, @InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    const found = this.discovery.getProviders({ metadataKey: EventSubscriber.KEY }).flatMap((wrapper) => {
      const options = this.discovery.getMetadataByDecorator(EventSubscriber, wrapper);
      return options && wrapper.instance ? [{ name: options.name, event: options.event.name, handler: wrapper.instance as HandlesEvent<unknown> }] : [];
    });
    const names = found.map((s) => s.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`Two event subscribers are named ${twice}: deliveries are recorded by name, each needs its own`);
    this.subscriptions = found;
  }

  subscribersOf(event: string): string[] {
    return this.subscriptions.filter((s) => s.event === event).map((s) => s.name);
  }

  /**
   * Runs each subscriber of the event in a transaction of its own that first records the
   * receipt (subscriber, event id): a subscriber that already handled this event is skipped,
   * one that fails leaves no effect and no receipt. Throws when any failed, so that pg-boss
   * offers the event again and only the failed ones run.
   */
  async deliver(envelope: EventEnvelope<unknown>): Promise<Delivery> {
    const out: Delivery = { handled: [], alreadyHandled: [] };
    const failures: string[] = [];
    for (const s of this.subscriptions.filter((x) => x.event === envelope.event)) {
      try {
        const first = await this.db.transaction(async (m) => {
          const rows = await m.query(
            `INSERT INTO event_receipts (subscriber, event_id, event) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
            [s.name, envelope.id, envelope.event],
          );
          if (!rows.length) return false;
          await s.handler.handle(envelope, m);
          return true;
        });
        (first ? out.handled : out.alreadyHandled).push(s.name);
      } catch (e) {
        failures.push(`${s.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (failures.length) throw new Error(`${envelope.event} ${envelope.id} failed in ${failures.join('; ')}`);
    return out;
  }
}

/** What a process that consumes events imports (the worker); the API only publishes. */
@Module({
  imports: [DiscoveryModule],
  providers: [EventDelivery],
  exports: [EventDelivery],
})
export class EventDeliveryModule {}
