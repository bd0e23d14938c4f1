import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { CatalogController } from './catalog.controller';
import { OfferingContributorEntity, OfferingEntity, OfferingVersionEntity } from './offering.entities';
import { ContributorResolver, OfferingConnectionResolver, OfferingResolver } from './offering.resolver';
import { OfferingService } from './offering.service';

@Module({
  imports: [IdentityModule, TypeOrmModule.forFeature([OfferingEntity, OfferingVersionEntity, OfferingContributorEntity])],
  controllers: [CatalogController],
  providers: [OfferingService, OfferingResolver, OfferingConnectionResolver, ContributorResolver],
  exports: [OfferingService],
})
export class CatalogModule {}
