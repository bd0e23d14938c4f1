import { prepareTestDatabase } from './test-database';

export default async function globalSetup() {
  const db = await prepareTestDatabase();
  process.env.E2E_DATABASE_URL = db.url;
  (globalThis as { __stopTestDatabase?: () => Promise<void> }).__stopTestDatabase = db.stop;
}
