import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import * as path from 'node:path';
import {
  APP_CONFIG, AppConfig, CoreModule, CountingTypeOrmLogger, createErrorFormatter, dataSourceFactory, poolOptions, sqlStatsStorage,
} from '@app/core';
import { IdentityModule } from '@app/identity';
import { CatalogModule } from '@app/catalog';
import { LicensingModule } from '@app/licensing';
import { PricingModule } from '@app/pricing';
import { ContractingModule } from '@app/contracting';
import { MeteringModule } from '@app/metering';
import { LedgerModule } from '@app/ledger';
import { PaymentsModule } from '@app/payments';
import { BillingModule } from '@app/billing';
import { noIntrospection } from './graphql/introspection';
import { QueryLimitsMiddleware } from './graphql/query-limits.middleware';
import { sqlStatsPlugin } from './graphql/sql-stats.plugin';
import { publicResponseCache } from './graphql/public-cache';
import { InputValidationPipe } from './graphql/validation.pipe';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http-exception.filter';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Write schema.gql at start (development); tests compare it instead. */
  writeSchemaFile?: boolean;
}

@Module({})
export class AppModule implements NestModule {
  private static sqlStats = false;

  static forRoot(options: AppOptions): DynamicModule {
    const { config } = options;
    const configProvider = { provide: APP_CONFIG, useValue: config };
    AppModule.sqlStats = config.sqlStats;
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // Request logging (one line and a child logger per request) only at info and below.
          ...(['info', 'debug', 'trace'].includes(config.logLevel) ? {} : { forRoutes: [] }),
          pinoHttp: {
            level: config.logLevel,
            // One line per request at info and below; nothing per request when quieter.
            autoLogging: ['info', 'debug', 'trace'].includes(config.logLevel)
              ? { ignore: (req) => req.url?.startsWith('/health') ?? false }
              : false,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        TypeOrmModule.forRootAsync({
          inject: [PinoLogger],
          useFactory: (logger: PinoLogger) => ({
            type: 'postgres',
            url: options.databaseUrl,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            maxQueryExecutionTime: 500,
            logger: new CountingTypeOrmLogger(logger.logger),
            extra: poolOptions(config.database),
          }),
          dataSourceFactory: dataSourceFactory(config.database),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [PinoLogger],
          useFactory: (logger: PinoLogger) => ({
            autoSchemaFile: options.writeSchemaFile === false ? true : path.join(process.cwd(), 'schema.gql'),
            sortSchema: true,
            path: '/graphql',
            playground: false,
            // Refused by a rule of ours when off, with a message for the client (Apollo's names its own options).
            introspection: true,
            // Every request carries its query, so that it is measured before it runs (QueryLimitsMiddleware).
            persistedQueries: false,
            context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res, loaders: new Map() }),
            formatError: createErrorFormatter(logger.logger, { suggestions: config.graphqlSuggestions }),
            validationRules: config.graphqlIntrospection ? [] : [noIntrospection],
            plugins: [
              ...publicResponseCache(config.publicCacheSeconds),
              ...(config.sqlStats ? [sqlStatsPlugin] : []),
            ],
          }),
        }),
        CoreModule,
        IdentityModule,
        CatalogModule,
        LicensingModule,
        PricingModule,
        ContractingModule,
        MeteringModule,
        LedgerModule,
        PaymentsModule,
        BillingModule,
      ],
      controllers: [HealthController],
      providers: [
        configProvider,
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
      exports: [configProvider],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(QueryLimitsMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
    // Counting SQL statements per request costs an async context each: only when asked.
    if (!AppModule.sqlStats) return;
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => sqlStatsStorage.run({ statements: 0, readMs: 0 }, next)).forRoutes('*path');
  }
}
