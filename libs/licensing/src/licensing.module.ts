import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@app/catalog';
import { IdentityModule } from '@app/identity';
import { PricingModule } from '@app/pricing';
import { LicenceAuthoringResolver } from './licence-authoring.resolver';
import { LicenceAuthoringService } from './licence-authoring.service';
import { LicencePreviewController } from './licence-preview.controller';
import { LicencePreviewService } from './licence-preview.service';
import { LicenceDefinitions } from './licence-definitions';
import { LicenceTemplateEntity, LicenceTemplateVersionEntity, OfferingLicenceEntity } from './licence-template.entities';
import { LicenceTemplateResolver } from './licence-template.resolver';
import { LicenceTemplateService } from './licence-template.service';
import { LicenceTemplateVersionResolver } from './licence-template-version.resolver';
import { LicensingLoaders } from './licensing.loaders';
import { OfferingLicenceResolver } from './offering-licence.resolver';
import { OfferingLicenceService } from './offering-licence.service';
import { StandardTemplatesSync } from './standard-templates.sync';

@Module({
  imports: [IdentityModule, CatalogModule, PricingModule, TypeOrmModule.forFeature([LicenceTemplateEntity, LicenceTemplateVersionEntity, OfferingLicenceEntity])],
  controllers: [LicencePreviewController],
  providers: [
    StandardTemplatesSync, LicenceDefinitions, LicenceTemplateService, LicenceAuthoringService, LicencePreviewService, OfferingLicenceService, LicensingLoaders,
    LicenceTemplateResolver, LicenceTemplateVersionResolver, LicenceAuthoringResolver, OfferingLicenceResolver,
  ],
  exports: [LicenceTemplateService, OfferingLicenceService],
})
export class LicensingModule {}
