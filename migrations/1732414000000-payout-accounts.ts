import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments, first tables: each seller's payout account (an IBAN, with an optional BIC, for
 * SEPA credit transfers, or a Stripe connected account) and the Stripe webhook events
 * received, once per event id (a redelivered event is recognised and changes nothing).
 */
export class PayoutAccounts1732414000000 implements MigrationInterface {
  name = 'PayoutAccounts1732414000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE payout_accounts (
      organization_id uuid PRIMARY KEY REFERENCES organizations(id),
      holder_name text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 140),
      iban text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
      bic text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
      stripe_account_id text UNIQUE CHECK (stripe_account_id ~ '^acct_[A-Za-z0-9]+$'),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      CHECK (iban IS NOT NULL OR stripe_account_id IS NOT NULL),
      CHECK (bic IS NULL OR iban IS NOT NULL))`);
    await q.query(`CREATE TABLE stripe_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      object_id text,
      created_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      outcome text NOT NULL CHECK (outcome IN ('APPLIED', 'IGNORED')),
      note text)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stripe_events`);
    await q.query(`DROP TABLE payout_accounts`);
  }
}
