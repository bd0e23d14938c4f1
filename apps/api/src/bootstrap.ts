import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/core';
import { AppModule, AppOptions } from './app.module';
import { admission } from './admission';
import { migrate } from './database';
import { JSON_BODY_LIMIT, answerBodyErrors } from './request-body';

/** Builds the app on a database URL: migrations first (once across replicas), then Nest. */
export async function createApp(config: AppConfig, databaseUrl: string, opts: Partial<AppOptions> = {}): Promise<INestApplication> {
  if (config.runMigrations) await migrate(databaseUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, ...opts }), {
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  // The signer's IP printed in sealed agreements: only configured proxies may name it.
  app.set('trust proxy', config.trustProxy);
  app.use(admission(config.admission));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(answerBodyErrors);
  app.disable('x-powered-by');
  // No ETag on answers: a GraphQL POST is never revalidated, and hashing every body costs each request (static files keep theirs).
  app.set('etag', false);
  app.enableShutdownHooks();
  return app;
}
