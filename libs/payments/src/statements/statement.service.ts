import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, BadInputError, parisDay, parisMonthBounds } from '@app/core';
import { CommissionInvoiceService } from '@app/billing';
import { IdentityService } from '@app/identity';
import { LedgerService } from '@app/ledger';
import type { ReversedShare } from '@app/ledger';
import type { SellerStatement } from '../engine';

/** Each seller's monthly statement, read from the payments library's tables and the ledger. */
@Injectable()
export class StatementService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: IdentityService,
    private readonly ledger: LedgerService,
    private readonly commissionInvoices: CommissionInvoiceService,
  ) {}

  async statement(actor: Actor, month: string, organizationId: string | null, now = new Date()): Promise<SellerStatement> {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
    if (!m) throw BadInputError.field('month', 'must read YYYY-MM');
    const sellerId = await this.ledger.readableOrganization(actor, organizationId);
    const [seller] = await this.identity.organizationsByIds([sellerId]);
    const { start, end } = parisMonthBounds(Number(m[1]), Number(m[2]));
    const range = [sellerId, start, end];
    const invoices = await this.db.query(
      `SELECT b.number AS "billNumber", s.invoice_number AS "invoiceNumber", COALESCE(a.number, '–') AS "agreementNumber", COALESCE(v.title_fr, a.number, b.number) AS offering,
              to_char(b.issued_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "issuedOn", s.net_cents::int AS "netCents", s.vat_cents::int AS "vatCents",
              s.commission_net_cents::int AS "commissionNetCents", s.commission_vat_cents::int AS "commissionVatCents", b.commission_bp AS "commissionBp"
         FROM payable_bill_sellers s JOIN payable_bills b ON b.bill_id = s.bill_id
         LEFT JOIN agreements a ON a.id = b.agreement_id LEFT JOIN access_requests r ON r.id = a.request_id LEFT JOIN offering_versions v ON v.id = r.offering_version_id
        WHERE s.seller_id = $1 AND b.issued_at >= $2 AND b.issued_at < $3 ORDER BY b.issued_at, b.number`, range);
    const payments = await this.db.query(
      `SELECT b.number AS "billNumber", p.method, to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn", p.amount_cents::int AS "amountCents"
         FROM payments p JOIN payable_bills b ON b.bill_id = p.bill_id JOIN payable_bill_sellers s ON s.bill_id = b.bill_id AND s.seller_id = $1
        WHERE p.received_at >= $2 AND p.received_at < $3 ORDER BY p.received_at, p.id`, range);
    const refundRows: { billNumber: string; on: string; parts: ReversedShare[] }[] = await this.db.query(
      `SELECT b.number AS "billNumber", to_char(r.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS on, r.parts
         FROM refunds r JOIN payable_bills b ON b.bill_id = r.bill_id
        WHERE r.parts @> jsonb_build_array(jsonb_build_object('sellerId', $1::text)) AND r.created_at >= $2 AND r.created_at < $3 ORDER BY r.created_at`, range);
    const refunds = refundRows.flatMap((r) => r.parts.filter((p) => p.sellerId === sellerId).map((p) => ({
      billNumber: r.billNumber, on: r.on, netCents: p.netCents, vatCents: p.vatCents, commissionCents: p.commissionNetCents + p.commissionVatCents })));
    const payouts = await this.db.query(
      `SELECT b.number AS "billNumber", o.method, to_char(o.sent_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "sentOn", o.amount_cents::int AS "amountCents",
              COALESCE(o.stripe_transfer_id, f.message_id, '') AS reference, (o.netted_payable_cents + o.netted_vat_cents)::int AS "nettedCents"
         FROM payouts o JOIN payable_bills b ON b.bill_id = o.bill_id LEFT JOIN sepa_files f ON f.id = o.sepa_file_id
        WHERE o.seller_id = $1 AND o.status = 'SENT' AND o.sent_at >= $2 AND o.sent_at < $3 ORDER BY o.sent_at, o.key`, range);
    // owed back at the month's end: repayments arisen before it, less what payouts before it netted
    const [{ carried }] = await this.db.query(
      `SELECT GREATEST((SELECT COALESCE(sum(payable_cents + vat_cents), 0) FROM seller_repayments WHERE seller_id = $1 AND created_at < $2)
         - (SELECT COALESCE(sum(netted_payable_cents + netted_vat_cents), 0) FROM payouts WHERE seller_id = $1 AND sent_at < $2), 0)::int AS carried`, [sellerId, end]);
    const commissionInvoices = (await this.commissionInvoices.ofCustomerMonths(sellerId, [month]))
      .map((c) => ({ number: c.number, issueDate: c.issueDate, netCents: c.netCents, vatCents: c.vatCents, totalCents: c.totalCents }));
    const balances = (await this.ledger.balances(sellerId, end)).map((b) => ({ account: b.account, balanceCents: b.balanceCents }));
    return { month, seller: { id: sellerId, name: seller?.name ?? sellerId }, platformName: this.config.payments.platformAccountName, invoices, payments, refunds, payouts, commissionInvoices, carriedCents: carried, balances, generatedAt: now };
  }

  /** Paris month of `at`, YYYY-MM. */
  static monthOf(at: Date): string {
    return parisDay(at).slice(0, 7);
  }
}
