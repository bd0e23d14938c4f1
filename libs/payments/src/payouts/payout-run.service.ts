import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, BadInputError, centsToDecimal, ConflictError, ForbiddenError, NotFoundError, parisDay } from '@app/core';
import { LedgerService, payoutSent, payoutSettled } from '@app/ledger';
import { PayoutAccountService } from '../accounts/payout-account.service';
import { BillPaymentsService } from '../bills/bill-payments.service';
import { RefundService } from '../bills/refund.service';
import { buildPain001, netPayouts, normalizeDebt, planPayouts, type NettedPayout, type SellerDebt, type SettledPayment } from '../engine';
import { PaymentsReason } from '../payments.errors';
import { StripeGateway } from '../stripe/stripe.gateway';

/** Stripe transfers in flight at once: each is independent (its own row, key and entry); Stripe's test mode allows 25 requests/s, live 100. */
const TRANSFER_CONCURRENCY = 4;

/**
 * Runs `work` over `items`, `limit` at a time, and adds up what each returns. An item that fails
 * does not stop the others: its error is collected and the item stays to be done by the next run.
 */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<number>): Promise<{ total: number; failures: { item: T; error: unknown }[] }> {
  let next = 0;
  let total = 0;
  const failures: { item: T; error: unknown }[] = [];
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        // read `total` only once the work is done: `total += await` would add to a stale value
        const done = await work(item);
        total += done;
      } catch (error) {
        failures.push({ item, error });
      }
    }
  });
  await Promise.all(lanes);
  return { total, failures };
}

/** One advisory lock for the payout run, held on a connection of its own: a second run waits for none and does nothing. */
const PAYOUT_RUN_LOCK = 7_351_402_114;

export interface PayoutRunResult {
  runId: string | null;
  /** Another run held the lock: this one did nothing. */
  skipped: boolean;
  transfers: number;
  sepaLines: number;
  waiting: number;
  /** Stripe transfers refused or not answered: left PENDING, sent again with the same key by the next run. */
  failed: number;
  sepaFileId: string | null;
  /** Payouts of an earlier, interrupted run completed by this one. */
  resumed: number;
  /** Deducted from this run's payouts for what sellers owed back (refunds and credit notes after an earlier payout). */
  nettedCents: number;
  ledgerEntries: number;
}

/**
 * The payout run: pays each seller what it is owed on the bills paid in full, once per
 * (payment, seller). SEPA payouts are written in one transaction with their pain.001 file and
 * their ledger entries; each Stripe transfer is recorded PENDING, then sent with the idempotency
 * key of its (payment, seller), then marked SENT with its ledger entry. A run killed anywhere
 * and run again completes the PENDING ones with the same keys, so Stripe creates each transfer
 * once; a second run started meanwhile finds the lock taken and does nothing.
 */
@Injectable()
export class PayoutRunService {
  private readonly logger = new Logger(PayoutRunService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bills: BillPaymentsService,
    private readonly accounts: PayoutAccountService,
    private readonly refunds: RefundService,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
  ) {}

  async run(now = new Date()): Promise<PayoutRunResult> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [PAYOUT_RUN_LOCK]);
      if (!locked) return { runId: null, skipped: true, transfers: 0, sepaLines: 0, waiting: 0, failed: 0, sepaFileId: null, resumed: 0, nettedCents: 0, ledgerEntries: 0 };
      try {
        return await this.runLocked(now);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [PAYOUT_RUN_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async runLocked(now: Date): Promise<PayoutRunResult> {
    const [{ id: runId }] = await this.db.query(`INSERT INTO payout_runs DEFAULT VALUES RETURNING id`);
    await this.refunds.resumePending();
    const pending: { key: string }[] = await this.db.query(`SELECT key FROM payouts WHERE status = 'PENDING' AND method = 'STRIPE_TRANSFER' ORDER BY created_at, key`);
    let ledgerEntries = 0;
    const resumed = await inParallel(pending, TRANSFER_CONCURRENCY, (p) => this.sendTransfer(p.key));
    ledgerEntries += resumed.total;

    const payments = await this.settledPayments();
    const sellers = [...new Set(payments.flatMap((p) => p.sellers.map((s) => s.sellerId)))];
    const destinations = await this.accounts.destinations(this.db.manager, sellers);
    const { payouts, waiting } = planPayouts(payments, destinations, new Set());
    // what sellers owe back is deducted from their payouts first: a payout taken whole is recorded as netted, never sent
    const { sent: toSend, absorbed } = netPayouts(payouts, await this.debtsOf(payouts.map((p) => p.sellerId)));
    if (absorbed.length) await this.recordNetted(runId, absorbed, now);
    const nettedCents = [...toSend, ...absorbed].reduce((s, n) => s + n.nettedPayableCents + n.nettedVatCents, 0);
    const sepa = toSend.filter((n) => n.payout.method === 'SEPA_CREDIT_TRANSFER');
    const stripe = toSend.filter((n) => n.payout.method === 'STRIPE_TRANSFER');

    let sepaFileId: string | null = null;
    let sepaLines = 0;
    if (sepa.length) {
      const result = await this.db.transaction(async (m) => {
        const still = await this.stillAsPlanned(m, sepa);
        return still.length ? this.writeSepaFile(m, runId, still, now) : { fileId: null, entries: 0 };
      });
      sepaFileId = result.fileId;
      sepaLines = result.entries;
      ledgerEntries += result.entries;
    }
    const sent = await inParallel(stripe, TRANSFER_CONCURRENCY, async (n) => {
      const { payout: p, nettedPayableCents, nettedVatCents } = n;
      const recorded = await this.db.transaction(async (m) => (await this.stillAsPlanned(m, [n])).length === 0 ? [] : m.query(
        `INSERT INTO payouts (key, payment_id, bill_id, seller_id, method, payable_cents, vat_cents, amount_cents, status, destination, run_id, netted_payable_cents, netted_vat_cents)
         VALUES ($1, $2, $3, $4, 'STRIPE_TRANSFER', $5, $6, $7, 'PENDING', $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING key`,
        [p.key, p.paymentId, p.billId, p.sellerId, p.payableCents, p.vatCents, p.amountCents, p.destination.stripeAccountId, runId, nettedPayableCents, nettedVatCents]));
      return recorded.length ? this.sendTransfer(p.key) : 0;
    });
    ledgerEntries += sent.total;
    const failures = [...resumed.failures.map((f) => ({ key: f.item.key, error: f.error })), ...sent.failures.map((f) => ({ key: f.item.payout.key, error: f.error }))];
    for (const f of failures) this.logger.warn(`payout ${f.key} left PENDING for the next run: ${f.error instanceof Error ? f.error.message : String(f.error)}`);
    const transfers = resumed.total + sent.total;
    // bills whose every seller now has its payout are left out of the next runs
    await this.db.query(
      `UPDATE payable_bills b SET paid_out = true
        WHERE b.bill_id = ANY($1) AND NOT EXISTS (
          SELECT 1 FROM payable_bill_sellers s WHERE s.bill_id = b.bill_id
             AND s.remaining_net_cents + s.remaining_vat_cents - s.remaining_commission_net_cents - s.remaining_commission_vat_cents > 0
             AND NOT EXISTS (SELECT 1 FROM payouts o WHERE o.payment_id = b.settling_payment_id AND o.seller_id = s.seller_id))`,
      [payments.map((p) => p.billId)]);
    await this.db.query(`UPDATE payout_runs SET finished_at = now(), transfers = $2, sepa_lines = $3, waiting = $4, sepa_file_id = $5 WHERE id = $1`,
      [runId, transfers, sepaLines, waiting.length, sepaFileId]);
    this.logger.log(`payout run ${runId}: ${transfers} Stripe transfers (${resumed.total} resumed), ${failures.length} left pending, ${sepaLines} SEPA lines, ${waiting.length} waiting for a payout account, ${nettedCents} cents netted`);
    return { runId, skipped: false, transfers, sepaLines, waiting: waiting.length, failed: failures.length, sepaFileId, resumed: resumed.total, nettedCents, ledgerEntries };
  }

  /** What each seller still owes back: its repayments (refunds and credit notes after a payout) less what payouts netted so far. */
  private async debtsOf(sellerIds: readonly string[]): Promise<Map<string, SellerDebt>> {
    if (!sellerIds.length) return new Map();
    const rows: { seller_id: string; payable: string; vat: string }[] = await this.db.query(
      `SELECT seller_id, sum(payable)::bigint AS payable, sum(vat)::bigint AS vat FROM (
         SELECT seller_id, payable_cents AS payable, vat_cents AS vat FROM seller_repayments WHERE seller_id = ANY($1)
         UNION ALL
         SELECT seller_id, -netted_payable_cents, -netted_vat_cents FROM payouts WHERE seller_id = ANY($1) AND netted_payable_cents + netted_vat_cents > 0
       ) owed GROUP BY seller_id`, [[...new Set(sellerIds)]]);
    const debts = new Map<string, SellerDebt>();
    for (const r of rows) {
      const d = normalizeDebt(Number(r.payable), Number(r.vat));
      if (d) debts.set(r.seller_id, d);
    }
    return debts;
  }

  /** Payouts taken whole by what their seller owed: recorded (0 sent, what was netted) so that they are not planned again; no money moves. */
  private async recordNetted(runId: string, planned: NettedPayout[], now: Date): Promise<void> {
    await this.db.transaction(async (m) => {
      const absorbed = await this.stillAsPlanned(m, planned);
      await m.query(
        `INSERT INTO payouts (key, payment_id, bill_id, seller_id, method, payable_cents, vat_cents, amount_cents, status, destination, run_id, sent_at, netted_payable_cents, netted_vat_cents)
         SELECT x.key, x.payment, x.bill, x.seller, 'NETTED', 0, 0, 0, 'SENT', 'netted', $1, $2, x.np, x.nv
           FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::bigint[], $8::bigint[]) AS x(key, payment, bill, seller, np, nv)
         ON CONFLICT DO NOTHING`,
        [runId, now, absorbed.map((n) => n.payout.key), absorbed.map((n) => n.payout.paymentId), absorbed.map((n) => n.payout.billId), absorbed.map((n) => n.payout.sellerId),
          absorbed.map((n) => n.nettedPayableCents), absorbed.map((n) => n.nettedVatCents)]);
    });
  }

  /**
   * The planned payouts whose seller's part is still what the plan read, under the bills' row
   * locks: a refund or credit note committed since (it takes the same lock) changed it, and that
   * payout waits for the next run instead of paying the old amount. Those kept are written in
   * the caller's transaction, so a reversal after it sees them as paid out.
   */
  private async stillAsPlanned(m: EntityManager, planned: readonly NettedPayout[]): Promise<NettedPayout[]> {
    const bills = [...new Set(planned.map((n) => n.payout.billId))].sort();
    await m.query(`SELECT 1 FROM payable_bills WHERE bill_id = ANY($1) ORDER BY bill_id FOR UPDATE`, [bills]);
    const rows: { bill_id: string; seller_id: string; payable: string; vat: string }[] = await m.query(
      `SELECT bill_id, seller_id, remaining_net_cents - remaining_commission_net_cents - remaining_commission_vat_cents AS payable, remaining_vat_cents AS vat
         FROM payable_bill_sellers WHERE bill_id = ANY($1)`, [bills]);
    const now = new Map(rows.map((r) => [`${r.bill_id}:${r.seller_id}`, r]));
    return planned.filter((n) => {
      const r = now.get(`${n.payout.billId}:${n.payout.sellerId}`);
      const kept = !!r && Number(r.payable) === n.payout.payableCents + n.nettedPayableCents && Number(r.vat) === n.payout.vatCents + n.nettedVatCents;
      if (!kept) this.logger.warn(`payout ${n.payout.key} left for the next run: its bill changed while the run planned it`);
      return kept;
    });
  }

  /** Bills paid in full, with what remains of each seller's part and no payout of it yet. */
  private async settledPayments(): Promise<SettledPayment[]> {
    const rows: { bill_id: string; number: string; payment_id: string; method: 'STRIPE' | 'BANK'; charge: string | null; seller_id: string;
      net: string; vat: string; cnet: string; cvat: string }[] = await this.db.query(
      `SELECT b.bill_id, b.number, b.settling_payment_id AS payment_id, p.method, p.stripe_charge_id AS charge, s.seller_id,
              s.remaining_net_cents AS net, s.remaining_vat_cents AS vat, s.remaining_commission_net_cents AS cnet, s.remaining_commission_vat_cents AS cvat
         FROM payable_bills b
         JOIN payments p ON p.id = b.settling_payment_id
         JOIN payable_bill_sellers s ON s.bill_id = b.bill_id
        WHERE b.status = 'PAID' AND NOT b.paid_out
          AND NOT EXISTS (SELECT 1 FROM payouts o WHERE o.payment_id = b.settling_payment_id AND o.seller_id = s.seller_id)
          AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.bill_id = b.bill_id AND d.status = 'OPEN')
        ORDER BY b.number, s.position`);
    const byPayment = new Map<string, SettledPayment>();
    for (const r of rows) {
      let p = byPayment.get(r.payment_id);
      if (!p) byPayment.set(r.payment_id, p = { paymentId: r.payment_id, billId: r.bill_id, billNumber: r.number, via: r.method, chargeId: r.charge, sellers: [] });
      p.sellers.push({ sellerId: r.seller_id, payableCents: Number(r.net) - Number(r.cnet) - Number(r.cvat), vatCents: Number(r.vat) });
    }
    return [...byPayment.values()];
  }

  /** One pain.001 file for the platform's bank with every SEPA payout of the run, written with the payouts and their entries. */
  private async writeSepaFile(m: EntityManager, runId: string, netted: NettedPayout[], now: Date): Promise<{ fileId: string; entries: number }> {
    const payouts = netted.map((n) => n.payout);
    // the account buyers pay into (BILLING_IBAN, else PLATFORM_IBAN) unless PLATFORM_IBAN names another
    const platformIban = this.config.payments.platformIban ?? this.config.billing.iban;
    const platformBic = this.config.payments.platformBic ?? this.config.billing.bic;
    const platformAccountName = this.config.payments.platformAccountName;
    const [{ n }] = await m.query(`SELECT count(*)::int + 1 AS n FROM sepa_files`);
    const messageId = `PAYOUT-${parisDay(now)}-${String(n).padStart(5, '0')}`;
    const xml = buildPain001({
      messageId, createdAt: now, executionDate: parisDay(new Date(now.getTime() + 24 * 3600_000)),
      debtor: { name: platformAccountName, iban: platformIban, bic: platformBic },
      transfers: netted.map(({ payout: p, nettedPayableCents, nettedVatCents }) => ({
        endToEndId: `P${p.paymentId.replace(/-/g, '').slice(0, 16)}${p.sellerId.replace(/-/g, '').slice(0, 16)}`,
        amountCents: p.amountCents, creditor: { name: p.destination.name, iban: p.destination.iban!, bic: p.destination.bic },
        remittance: `Reversement facture ${p.billNumber}${nettedPayableCents + nettedVatCents > 0 ? ` moins trop-percu ${centsToDecimal(nettedPayableCents + nettedVatCents)} EUR` : ''}`,
      })),
    });
    const total = payouts.reduce((s, p) => s + p.amountCents, 0);
    const [{ id: fileId }] = await m.query(
      `INSERT INTO sepa_files (message_id, execution_date, transfer_count, total_cents, xml) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [messageId, parisDay(new Date(now.getTime() + 24 * 3600_000)), payouts.length, total, xml]);
    await m.query(
      `INSERT INTO payouts (key, payment_id, bill_id, seller_id, method, payable_cents, vat_cents, amount_cents, status, destination, sepa_file_id, run_id, sent_at, netted_payable_cents, netted_vat_cents)
       SELECT x.key, x.payment, x.bill, x.seller, 'SEPA_CREDIT_TRANSFER', x.payable, x.vat, x.amount, 'SENT', x.dest, $1, $2, $3, x.np, x.nv
         FROM unnest($4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::bigint[], $13::bigint[])
           AS x(key, payment, bill, seller, payable, vat, amount, dest, np, nv)`,
      [fileId, runId, now, payouts.map((p) => p.key), payouts.map((p) => p.paymentId), payouts.map((p) => p.billId), payouts.map((p) => p.sellerId),
        payouts.map((p) => p.payableCents), payouts.map((p) => p.vatCents), payouts.map((p) => p.amountCents), payouts.map((p) => p.destination.iban!),
        netted.map((n) => n.nettedPayableCents), netted.map((n) => n.nettedVatCents)]);
    const platformId = await this.bills.platformOrganizationId(m);
    for (const p of payouts) {
      await this.ledger.post(m, payoutSent({ sellerId: p.sellerId, platformId, method: 'SEPA_CREDIT_TRANSFER', payableCents: p.payableCents, vatCents: p.vatCents }),
        { idempotencyKey: `${p.key}:sent`, occurredAt: now, references: { billId: p.billId, paymentId: p.paymentId }, memo: `SEPA ${messageId} (${p.billNumber})` });
    }
    return { fileId, entries: payouts.length };
  }

  /** Sends one recorded Stripe transfer (its key makes a repeat return the first transfer) and marks it SENT with its entry. */
  private async sendTransfer(key: string): Promise<number> {
    const [p] = await this.db.query(
      `SELECT o.key, o.payment_id, o.bill_id, o.seller_id, o.payable_cents::int AS payable, o.vat_cents::int AS vat, o.amount_cents::int AS amount, o.destination,
              pm.stripe_charge_id AS charge, b.number, b.currency
         FROM payouts o JOIN payments pm ON pm.id = o.payment_id JOIN payable_bills b ON b.bill_id = o.bill_id WHERE o.key = $1 AND o.status = 'PENDING'`, [key]);
    if (!p) return 0;
    const transferId = await this.stripe.transfer({ paymentId: p.payment_id, sellerId: p.seller_id, amountCents: p.amount, currency: p.currency, destination: p.destination, chargeId: p.charge, billNumber: p.number });
    return this.db.transaction(async (m) => {
      const sent = await m.query(`WITH u AS (UPDATE payouts SET status = 'SENT', sent_at = now(), stripe_transfer_id = $2 WHERE key = $1 AND status = 'PENDING' RETURNING sent_at) SELECT * FROM u`, [key, transferId]);
      if (!sent.length) return 0;
      await this.ledger.post(m, payoutSent({ sellerId: p.seller_id, platformId: await this.bills.platformOrganizationId(m), currency: p.currency, method: 'STRIPE_TRANSFER', payableCents: p.payable, vatCents: p.vat }),
        { idempotencyKey: `${key}:sent`, occurredAt: sent[0].sent_at, references: { billId: p.bill_id, paymentId: p.payment_id }, memo: `Stripe transfer ${transferId} (${p.number})` });
      return 1;
    });
  }

  /**
   * The bank executed a SEPA file (the platform's FINANCE member says so from its bank
   * statement): each of its transfers leaves the platform's account (PAYOUT_SETTLED), once.
   */
  async confirmSepaFileExecuted(actor: Actor, fileId: string, executedOn: string): Promise<{ messageId: string; settled: number }> {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("SEPA files debit the platform's account: only its FINANCE members confirm them");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(executedOn) || executedOn > parisDay(new Date())) throw BadInputError.field('executedOn', 'must be the day the bank executed the file (YYYY-MM-DD), not in the future');
    return this.db.transaction(async (m) => {
      const [file] = await m.query(`SELECT message_id, to_char(executed_on, 'YYYY-MM-DD') AS executed_on FROM sepa_files WHERE id = $1 FOR UPDATE`, [fileId]);
      if (!file) throw new NotFoundError('SEPA file', fileId);
      if (file.executed_on) throw new ConflictError(`SEPA file ${file.message_id} was confirmed executed on ${file.executed_on}`).because(PaymentsReason.ALREADY_EXECUTED);
      await m.query(`UPDATE sepa_files SET executed_on = $2, executed_by = $3 WHERE id = $1`, [fileId, executedOn, actor.userId]);
      const payouts: { key: string; seller_id: string; amount: number; bill_id: string; payment_id: string }[] = await m.query(
        `SELECT key, seller_id, amount_cents::int AS amount, bill_id, payment_id FROM payouts WHERE sepa_file_id = $1 ORDER BY key`, [fileId]);
      const platformId = await this.bills.platformOrganizationId(m);
      const at = new Date(`${executedOn}T12:00:00Z`);
      for (const p of payouts) {
        await this.ledger.post(m, payoutSettled({ sellerId: p.seller_id, platformId, amountCents: p.amount }),
          { idempotencyKey: `${p.key}:settled`, occurredAt: at, references: { billId: p.bill_id, paymentId: p.payment_id }, memo: `SEPA ${file.message_id} executed` });
      }
      return { messageId: file.message_id, settled: payouts.length };
    });
  }

  /** The pain.001 XML of a file, for the platform's FINANCE members to hand to the bank. */
  async sepaFile(id: string): Promise<{ messageId: string; xml: string } | null> {
    const [f] = await this.db.query(`SELECT message_id AS "messageId", xml FROM sepa_files WHERE id = $1`, [id]);
    return f ?? null;
  }
}
