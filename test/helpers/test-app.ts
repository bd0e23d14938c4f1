import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/core';
import { IdentityService } from '@app/identity';
import { createApp } from '../../apps/api/src/bootstrap';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; extensions: { code: string; [k: string]: unknown }; path?: string[] }[];
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** What the factories need: a GraphQL client (the test app, or a benchmark's HTTP client). */
export type GraphqlClient = Pick<TestApp, 'gql'>;

/** Boots the real app (migrations included) on the e2e database; requests go over HTTP. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run e2e specs through jest (global setup)');
  // The public response cache is off by default in tests, which read their own writes at once.
  const config = loadConfig({ LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent', PORT: '0', PUBLIC_CACHE_SECONDS: '0', ...env });
  const app = await createApp(config, url, { writeSchemaFile: false });
  await app.init();
  const server = app.getHttpServer();
  const http = request(server);
  return {
    app,
    http,
    db: app.get(DataSource),
    async gql(query, variables = {}, token = null) {
      const req = request(server).post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      return res.body;
    },
    close: () => app.close(),
  };
}

/** The platform operator's admin session (created once per database). */
export async function platformAdminToken(t: TestApp): Promise<string> {
  const identity = t.app.get(IdentityService);
  await identity.bootstrapPlatformOperator({ email: 'operator@platform.test', displayName: 'Platform operator', password: 'operator-password-123' });
  const res = await t.gql(`mutation { signIn(input: { email: "operator@platform.test", password: "operator-password-123" }) { token } }`);
  return res.data.signIn.token;
}
