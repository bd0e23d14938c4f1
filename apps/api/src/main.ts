import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/core';
import { createApp } from './bootstrap';
import { resolveDatabase } from './database';
import { ensurePlatformOperator } from './platform-operator';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const db = await resolveDatabase(config, (msg) => console.log(msg));
  // Development writes schema.gql (committed, for clients to diff); production keeps it in memory.
  const app = await createApp(config, db.url, { writeSchemaFile: process.env.NODE_ENV !== 'production' });
  if (db.embedded) {
    const stop = db.embedded.stop;
    app.getHttpServer().on('close', () => void stop().catch(() => undefined));
  }
  const operator = await ensurePlatformOperator(app, config, db.embedded !== null);
  await app.listen(config.port, config.host);
  if (operator && !config.platformOperatorEmail) {
    console.log(`Platform operator: ${operator} (password in ${config.dataDir}/platform-operator.json)`);
  }
  console.log(`GraphQL API ready at http://localhost:${config.port}/graphql (HealthDCAT-AP catalog at /catalog.jsonld)`);
}

main().catch((e) => {
  console.error('The server could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
