// Regenerates schema.gql from the code: boots the app once on a throwaway database (the same
// kind a test run uses, so it never touches the development database or its port).
//
//   npm run schema
import 'reflect-metadata';
import { loadConfig } from '@app/core';
import { createApp } from '../apps/api/src/bootstrap';
import { prepareTestDatabase } from '../test/setup/test-database';

async function main() {
  const db = await prepareTestDatabase();
  try {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0' });
    const app = await createApp(config, db.url, { writeSchemaFile: true });
    await app.init();
    await app.close();
    console.log('schema.gql written');
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
