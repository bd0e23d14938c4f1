import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Locale, priceUsage, QuoteResult, UsageMetric, UsageQuantities } from './engine';
import { QuoteEntity } from './quote.entities';
import { TariffService } from './tariff.service';

/** Actual usage priced as an agreement froze it: the accepted quote's tariff version, buyer and purpose. */
@Injectable()
export class UsagePricingService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly tariffs: TariffService) {}

  /** The meters a published tariff version prices (empty when it has no usage component). */
  async meters(tariffVersionId: string, m: EntityManager = this.db.manager): Promise<ReadonlySet<UsageMetric>> {
    return (await this.tariffs.compiledVersion(tariffVersionId, m)).usageMetrics;
  }

  /**
   * Prices one period's usage under an accepted quote, with the engine's priceUsage; null when
   * its tariff prices no usage. Throws the engine's PricingInputError beyond its range.
   */
  async priceUnderQuote(quoteId: string, quantities: UsageQuantities, locale: Locale, m: EntityManager = this.db.manager): Promise<QuoteResult | null> {
    const quote = await m.findOneByOrFail(QuoteEntity, { id: quoteId });
    const compiled = await this.tariffs.compiledVersion(quote.tariffVersionId, m);
    if (compiled.usageMetrics.size === 0) return null;
    return priceUsage(compiled, { buyer: quote.request.buyer, purpose: quote.request.purpose ?? null, quantities }, { locale });
  }
}
