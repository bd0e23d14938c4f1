import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, CoreModule, EventDeliveryModule, dataSourceFactory, poolOptions } from '@app/core';
import { IdentityModule } from '@app/identity';
import { CatalogModule } from '@app/catalog';
import { LicensingModule } from '@app/licensing';
import { PricingModule } from '@app/pricing';
import { ContractingModule } from '@app/contracting';
import { PaymentsModule } from '@app/payments';
import { MeteringModule } from '@app/metering';
import { BillingModule } from '@app/billing';

/**
 * What the background jobs need: the database, every library (their event subscribers are
 * found among their providers) and the event delivery; no HTTP or GraphQL.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string, extra: Type[] = []): DynamicModule {
    const configProvider = { provide: APP_CONFIG, useValue: config };
    return {
      module: WorkerModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres', url: databaseUrl, autoLoadEntities: true, synchronize: false, migrationsRun: false,
            extra: poolOptions({ ...config.database, poolSize: 4 }),
          }),
          dataSourceFactory: dataSourceFactory(config.database),
        }),
        CoreModule,
        EventDeliveryModule,
        IdentityModule,
        CatalogModule,
        LicensingModule,
        PricingModule,
        ContractingModule,
        PaymentsModule,
        MeteringModule,
        BillingModule,
        ...extra,
      ],
      providers: [configProvider],
      exports: [configProvider],
    };
  }
}
