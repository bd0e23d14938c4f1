import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, CoreModule } from '@app/core';
import { ContractingModule } from '@app/contracting/contracting.module';

/** What the scheduled jobs need: the database and the contracting services, no HTTP or GraphQL. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const configProvider = { provide: APP_CONFIG, useValue: config };
    return {
      module: WorkerModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, autoLoadEntities: true, synchronize: false, migrationsRun: false, extra: { max: 4 } }),
        CoreModule,
        ContractingModule,
      ],
      providers: [configProvider],
      exports: [configProvider],
    };
  }
}
