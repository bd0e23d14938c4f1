import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { CatalogController } from './catalog.controller';
import { ListVerifiedProducer } from './listing.subscriber';
import { OfferingContributorEntity, OfferingEntity, OfferingVersionEntity } from './offering.entities';
import { ContributionLoaders } from './contribution.loader';
import { ContributionResolver } from './contribution.resolver';
import { ContributionService } from './contribution.service';
import { ContributorResolver, OfferingConnectionResolver, OfferingResolver, OfferingVersionResolver } from './offering.resolver';
import { OfferingProducers } from './offering-producers';
import { OfferingService } from './offering.service';

@Module({
  imports: [IdentityModule, TypeOrmModule.forFeature([OfferingEntity, OfferingVersionEntity, OfferingContributorEntity])],
  controllers: [CatalogController],
  providers: [
    OfferingService, ContributionService, ListVerifiedProducer, ContributionLoaders, OfferingProducers,
    OfferingResolver, OfferingVersionResolver, OfferingConnectionResolver, ContributorResolver, ContributionResolver,
  ],
  exports: [OfferingService, ContributionService, OfferingProducers],
})
export class CatalogModule {}
