import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@app/catalog';
import { IdentityModule } from '@app/identity';
import { LicensingModule } from '@app/licensing';
import { PricingModule } from '@app/pricing';
import { AccessRequestResolver } from './access-request.resolver';
import { AccessRequestService } from './access-request.service';
import { AgreementController } from './agreement.controller';
import { AgreementResolver } from './agreement.resolver';
import { AgreementService } from './agreement.service';
import { AccessRequestEntity, AccessRequestEventEntity, AgreementEntity, AgreementSignatureEntity } from './contracting.entities';
import { ContractingLoaders } from './contracting.loaders';
import { SealKeyProvider } from './seal-key.provider';

// Express ships no type declarations here (no @types/express installed): only its raw body parser is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { raw } = require('express') as { raw(options: { type: string; limit: string }): (req: unknown, res: unknown, next: () => void) => void };

/** Access requests, their negotiation, and the signed agreements that conclude them. */
@Module({
  imports: [
    IdentityModule, CatalogModule, LicensingModule, PricingModule,
    TypeOrmModule.forFeature([AccessRequestEntity, AccessRequestEventEntity, AgreementEntity, AgreementSignatureEntity]),
  ],
  controllers: [AgreementController],
  providers: [SealKeyProvider, AccessRequestService, AgreementService, ContractingLoaders, AccessRequestResolver, AgreementResolver],
  exports: [AccessRequestService, AgreementService],
})
export class ContractingModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(raw({ type: 'application/pdf', limit: '20mb' })).forRoutes({ path: 'agreements/verify', method: RequestMethod.POST });
  }
}
