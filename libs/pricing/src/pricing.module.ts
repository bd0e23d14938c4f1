import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@app/catalog';
import { IdentityModule } from '@app/identity';
import { NegotiatedQuoteService } from './negotiated-quote.service';
import { PricingContexts } from './pricing-contexts';
import { PricingLoaders } from './pricing.loader';
import { QuoteController } from './quote.controller';
import { QuoteEntity } from './quote.entities';
import { QuoteResolver } from './quote.resolver';
import { QuoteService } from './quote.service';
import { TariffEntity, TariffVersionEntity } from './tariff.entities';
import { TariffResolver } from './tariff.resolver';
import { TariffService } from './tariff.service';
import { UsagePricingService } from './usage-pricing.service';

@Module({
  imports: [IdentityModule, CatalogModule, TypeOrmModule.forFeature([TariffEntity, TariffVersionEntity, QuoteEntity])],
  controllers: [QuoteController],
  providers: [PricingContexts, TariffService, QuoteService, NegotiatedQuoteService, UsagePricingService, PricingLoaders, TariffResolver, QuoteResolver],
  exports: [TariffService, QuoteService, NegotiatedQuoteService, UsagePricingService],
})
export class PricingModule {}
