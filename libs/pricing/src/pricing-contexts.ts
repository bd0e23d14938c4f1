import { Injectable } from '@nestjs/common';
import { CompiledTariff } from './engine';

/**
 * How long an estimate may reuse what it learnt about an offering (visible, published
 * version, tariff in effect). A publication in this process clears it at once; one on another
 * replica, or a retired offering, shows in estimates within this delay. Quotes never reuse it.
 */
const CONTEXT_TTL_MS = 5_000;
const MAX_CONTEXTS = 10_000;

/** The version of a tariff in effect on a day, compiled for pricing. */
export interface EffectiveTariff {
  tariffId: string;
  versionId: string;
  versionNo: number;
  compiled: CompiledTariff;
}

/** What pricing needs to know about an offering today. */
export interface PricingContext {
  offeringVersionId: string;
  offeringVersionNo: number;
  producerId: string;
  tariff: EffectiveTariff;
  day: string;
  expiresAt: number;
  /** Learnt by a caller other than the producer, so valid for anyone. */
  public: boolean;
}

/** The per-process memory of pricing contexts, keyed `<offeringId>/<tariffId or empty>`. */
@Injectable()
export class PricingContexts {
  private readonly contexts = new Map<string, PricingContext>();

  static readonly ttlMs = CONTEXT_TTL_MS;

  get(key: string): PricingContext | undefined {
    return this.contexts.get(key);
  }

  set(key: string, ctx: PricingContext): void {
    if (this.contexts.size >= MAX_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value!);
    this.contexts.set(key, ctx);
  }

  /** After a tariff of the offering was published here. */
  forgetOffering(offeringId: string): void {
    for (const key of this.contexts.keys()) if (key.startsWith(`${offeringId}/`)) this.contexts.delete(key);
  }
}
