import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Withdrawal bills: a buyer who withdraws a quoted request before signature pays the costs
 * already incurred, and such a request has no binding agreement.
 *
 * - `bills` names the access request of every bill (`request_id`, `request_number`, filled
 *   for the bills issued before from their agreement); `agreement_id` and `agreement_number`
 *   are null for a WITHDRAWAL bill and only for it; one WITHDRAWAL bill per request (unique).
 * - `invoices.agreement_id` is null on a withdrawal bill's invoices; one invoice per (bill,
 *   seller) is unique, which also holds where there is no agreement to key on.
 * - `payable_bills.agreement_id` (payments' copy of each bill) is null for a withdrawal.
 *
 * The backfill runs with the frozen-row trigger of `bills` off, in this transaction only: it
 * adds what the bill always implied (its agreement's request) and changes nothing issued.
 */
export class WithdrawalBills1732418000000 implements MigrationInterface {
  name = 'WithdrawalBills1732418000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bills ADD COLUMN request_id uuid REFERENCES access_requests (id), ADD COLUMN request_number text`);
    await q.query(`ALTER TABLE bills DISABLE TRIGGER bills_frozen`);
    await q.query(`UPDATE bills b SET request_id = r.id, request_number = r.number FROM agreements a JOIN access_requests r ON r.id = a.request_id WHERE a.id = b.agreement_id`);
    await q.query(`ALTER TABLE bills ENABLE TRIGGER bills_frozen`);
    await q.query(`ALTER TABLE bills ALTER COLUMN request_id SET NOT NULL, ALTER COLUMN request_number SET NOT NULL,
      ALTER COLUMN agreement_id DROP NOT NULL, ALTER COLUMN agreement_number DROP NOT NULL,
      ADD CONSTRAINT bills_agreement_unless_withdrawal CHECK ((agreement_id IS NULL) = (kind = 'WITHDRAWAL')),
      ADD CONSTRAINT bills_agreement_number CHECK ((agreement_id IS NULL) = (agreement_number IS NULL))`);
    await q.query(`CREATE UNIQUE INDEX bills_one_withdrawal_per_request ON bills (request_id) WHERE kind = 'WITHDRAWAL'`);
    await q.query(`CREATE INDEX bills_request_idx ON bills (request_id)`);

    await q.query(`ALTER TABLE invoices ALTER COLUMN agreement_id DROP NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX invoices_one_per_bill_seller ON invoices (bill_id, seller_id) WHERE type_code = '380'`);

    await q.query(`ALTER TABLE payable_bills ALTER COLUMN agreement_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Issued bills are never deleted: with a withdrawal bill issued, there is no way back.
    const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM bills WHERE kind = 'WITHDRAWAL'`);
    if (n > 0) throw new Error(`${n} withdrawal bills were issued: they have no agreement, the columns cannot become NOT NULL again`);
    await q.query(`ALTER TABLE payable_bills ALTER COLUMN agreement_id SET NOT NULL`);
    await q.query(`DROP INDEX invoices_one_per_bill_seller`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN agreement_id SET NOT NULL`);
    await q.query(`DROP INDEX bills_request_idx`);
    await q.query(`DROP INDEX bills_one_withdrawal_per_request`);
    await q.query(`ALTER TABLE bills DROP CONSTRAINT bills_agreement_number, DROP CONSTRAINT bills_agreement_unless_withdrawal,
      ALTER COLUMN agreement_id SET NOT NULL, ALTER COLUMN agreement_number SET NOT NULL`);
    await q.query(`ALTER TABLE bills DROP COLUMN request_number, DROP COLUMN request_id`);
  }
}
