import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account security: counters of sign-in failures and password-reset requests shared by every
 * API process (the layout rate-limiter-flexible's PostgreSQL store reads and writes), and
 * single-use password-reset tokens, stored as their SHA-256 only.
 */
export class AccountSecurity1732412000000 implements MigrationInterface {
  name = 'AccountSecurity1732412000000';

  async up(q: QueryRunner): Promise<void> {
    // key: the limiter's prefix and a hash of the e-mail or address; expire: epoch milliseconds.
    await q.query(`CREATE TABLE rate_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint)`);
    await q.query(`CREATE INDEX rate_limits_expire_idx ON rate_limits (expire)`);

    await q.query(`CREATE TABLE password_resets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token_hash char(64) NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      CHECK (used_at IS NULL OR revoked_at IS NULL))`);
    await q.query(`CREATE INDEX password_resets_user_idx ON password_resets (user_id) WHERE used_at IS NULL AND revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_resets`);
    await q.query(`DROP TABLE rate_limits`);
  }
}
