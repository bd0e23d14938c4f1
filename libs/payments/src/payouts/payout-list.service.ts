import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, ForbiddenError, NotFoundError } from '@app/core';
import { IdentityService } from '@app/identity';
import { PayoutMethodKind } from '../accounts/payout-account.models';
import { maskIban } from '../engine';
import { PayoutStatus, type PayoutModel, type SepaFileModel } from './payout-list.models';

interface PayoutRow {
  key: string; seller_id: string; bill_id: string; number: string; method: string; status: string; amount: string; payable: string; vat: string; netted: string;
  created_at: Date; sent_at: Date | null; destination: string; stripe_transfer_id: string | null; message_id: string | null; executed_on: string | null;
}

function toPayout(r: PayoutRow): PayoutModel {
  const netted = r.method === 'NETTED';
  return {
    id: r.key, sellerId: r.seller_id, billId: r.bill_id, billNumber: r.number,
    method: netted ? null : (r.method as PayoutMethodKind), status: netted ? PayoutStatus.NETTED : (r.status as PayoutStatus),
    amountCents: Number(r.amount), payableCents: Number(r.payable), vatCents: Number(r.vat), nettedCents: Number(r.netted),
    createdAt: r.created_at, sentAt: r.sent_at,
    // a SEPA payout holds the creditor's whole IBAN: never shown
    destination: netted ? null : r.method === 'SEPA_CREDIT_TRANSFER' ? maskIban(r.destination) : r.destination,
    stripeTransferId: r.stripe_transfer_id, sepaMessageId: r.message_id, sepaExecutedOn: r.executed_on,
  };
}

/** The payouts and SEPA files the payout run wrote, as their sellers and the platform read them. */
@Injectable()
export class PayoutListService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identity: IdentityService,
  ) {}

  /** A seller's payouts (the caller's own; the platform names any seller, or none for all), newest first. */
  async payouts(actor: Actor, organizationId: string | null, offset: number, limit: number): Promise<{ rows: PayoutModel[]; total: number }> {
    let seller: string | null = organizationId ?? actor.organizationId;
    if (actor.organizationKind === 'PLATFORM') {
      if (organizationId === null) seller = null;
      else if (organizationId !== actor.organizationId && (await this.identity.organizationsByIds([organizationId])).length === 0) throw new NotFoundError('Organization', organizationId);
    } else if (seller !== actor.organizationId) {
      // as payoutAccount answers: another organisation's payouts are not told apart from an organisation that does not exist
      throw new NotFoundError('Organization', seller);
    }
    const where = seller ? `WHERE o.seller_id = $1` : '';
    const params = seller ? [seller] : [];
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM payouts o ${where}`, params);
    const rows: PayoutRow[] = await this.db.query(
      `SELECT o.key, o.seller_id, o.bill_id, b.number, o.method, o.status, o.amount_cents AS amount, o.payable_cents AS payable, o.vat_cents AS vat,
              o.netted_payable_cents + o.netted_vat_cents AS netted, o.created_at, o.sent_at, o.destination, o.stripe_transfer_id,
              f.message_id, to_char(f.executed_on, 'YYYY-MM-DD') AS executed_on
         FROM payouts o JOIN payable_bills b ON b.bill_id = o.bill_id LEFT JOIN sepa_files f ON f.id = o.sepa_file_id
         ${where} ORDER BY o.created_at DESC, o.key DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`, params);
    return { rows: rows.map(toPayout), total };
  }

  /** The SEPA files of the payout runs, newest first: the platform's only (they debit its account). */
  async sepaFiles(actor: Actor, offset: number, limit: number): Promise<{ rows: SepaFileModel[]; total: number }> {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("SEPA files debit the platform's account: only its FINANCE and ADMIN members list them");
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM sepa_files`);
    const rows: { id: string; message_id: string; execution_date: string; transfer_count: number; total_cents: string; executed_on: string | null; created_at: Date }[] = await this.db.query(
      `SELECT id, message_id, to_char(execution_date, 'YYYY-MM-DD') AS execution_date, transfer_count, total_cents, to_char(executed_on, 'YYYY-MM-DD') AS executed_on, created_at
         FROM sepa_files ORDER BY created_at DESC, id DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`);
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id, messageId: r.message_id, executionDate: r.execution_date, transferCount: r.transfer_count, totalCents: Number(r.total_cents),
        executedOn: r.executed_on, createdAt: r.created_at, downloadPath: `/payouts/sepa-files/${r.id}.xml`,
      })),
    };
  }
}
