import { DataSource } from 'typeorm';
import { AppConfig, EmbeddedDatabase, startEmbeddedPostgres } from '@app/core';
import { MIGRATIONS } from '../../../migrations';

// Any constant; the same on every replica so that only one migrates at a time.
const MIGRATION_LOCK = 727_401;

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/** DATABASE_URL when set, otherwise an embedded PostgreSQL under the data folder. */
export async function resolveDatabase(config: AppConfig, log: (msg: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  log(`No DATABASE_URL: starting the embedded PostgreSQL (data in ${config.dataDir}, port ${config.embeddedPgPort})`);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir, port: config.embeddedPgPort, database: 'marketplace', log,
  });
  return { url: embedded.url, embedded };
}

/** Applies pending migrations under an advisory lock, so replicas starting together migrate once. */
export async function migrate(url: string): Promise<string[]> {
  const ds = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await ds.destroy();
  }
}
