import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that let a catalog search stop early: listed versions newest first (the search
 * window), by title and by size, and full-text on listed versions only (no drafts or
 * superseded versions to skip). The listed set changes rarely, so its text index is kept
 * without a pending list: searches never scan unmerged entries.
 */
export class SearchWindowIndexes1732406000000 implements MigrationInterface {
  name = 'SearchWindowIndexes1732406000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX offering_versions_listed_idx`);
    await q.query(`CREATE INDEX offering_versions_listed_recent_idx ON offering_versions (published_at DESC, created_at DESC, offering_id) WHERE listed`);
    await q.query(`CREATE INDEX offering_versions_listed_title_idx ON offering_versions (title_fr, offering_id) WHERE listed`);
    await q.query(`CREATE INDEX offering_versions_listed_size_idx ON offering_versions (number_of_individuals DESC NULLS LAST, offering_id) WHERE listed`);
    await q.query(`CREATE INDEX offering_versions_listed_search_idx ON offering_versions USING gin (search_vector) WITH (fastupdate = off) WHERE listed`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX offering_versions_listed_search_idx`);
    await q.query(`DROP INDEX offering_versions_listed_size_idx`);
    await q.query(`DROP INDEX offering_versions_listed_title_idx`);
    await q.query(`DROP INDEX offering_versions_listed_recent_idx`);
    await q.query(`CREATE INDEX offering_versions_listed_idx ON offering_versions (published_at DESC) WHERE listed`);
  }
}
