import { DiscoveryService } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import type { DomainEvent, EventEnvelope } from './domain-event';

export interface SubscriberOptions {
  /** Stable and unique, `<library>.<reaction>`: deliveries are recorded under it. */
  name: string;
  event: DomainEvent<any>;
}

/**
 * Marks a provider as a subscriber: the worker hands it each event of its kind once, in a
 * transaction that also records the delivery (a retried or repeated event is not handled twice).
 * The provider lives in the library whose tables the reaction writes.
 */
export const EventSubscriber = DiscoveryService.createDecorator<SubscriberOptions>();

export interface HandlesEvent<P> {
  /** Writes through `m` only, so that the effect and its delivery receipt commit together. */
  handle(event: EventEnvelope<P>, m: EntityManager): Promise<void>;
}
