import { Client } from 'pg';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../libs/core/src/database/embedded-postgres';

export const E2E_DATABASE = 'marketplace_e2e';

/**
 * The e2e database: a fresh database on DATABASE_URL's server when it is set, otherwise
 * on an embedded PostgreSQL of its own (separate from the development one).
 */
export async function prepareTestDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const adminUrl = new URL(process.env.DATABASE_URL);
    const client = new Client({ connectionString: adminUrl.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${E2E_DATABASE}`);
    await client.end();
    adminUrl.pathname = `/${E2E_DATABASE}`;
    return { url: adminUrl.toString(), stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(__dirname, '../../.data'),
    name: 'pg-test',
    port: Number(process.env.EMBEDDED_TEST_PG_PORT ?? 54339),
    database: 'postgres',
  });
  const client = new Client({ connectionString: embedded.url });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${E2E_DATABASE}`);
  await client.end();
  return { url: embedded.url.replace(/\/postgres$/, `/${E2E_DATABASE}`), stop: embedded.stop };
}
