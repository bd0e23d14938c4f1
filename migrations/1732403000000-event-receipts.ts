import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventReceipts1732403000000 implements MigrationInterface {
  name = 'EventReceipts1732403000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per event a subscriber handled, written in the transaction of its effect: a
    // retried or repeated delivery finds it and does nothing. The events themselves are
    // pg-boss jobs (schema pgboss), created and migrated by pg-boss.
    await q.query(`CREATE TABLE event_receipts (
      subscriber text NOT NULL,
      event_id uuid NOT NULL,
      event text NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (subscriber, event_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_receipts`);
  }
}
