import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadInputError, ConflictError, ForbiddenError, NotFoundError, parisDay, type FieldProblem } from '@app/core';
import { IdentityService } from '@app/identity';
import { ACCOUNT_CODES, assertBalanced, normalBalance, type AccountCode, type EntryDraft, type EntryKind } from './engine';
import { LedgerEntryEntity, LedgerLineEntity } from './ledger.entities';

/** What a posted entry refers to: the documents and money movements of other libraries. */
export interface EntryReferences {
  billId?: string | null;
  invoiceId?: string | null;
  paymentId?: string | null;
  payoutId?: string | null;
  refundId?: string | null;
}

export interface EntryMeta {
  /** Unique per source event (`bill:<id>:issued`, `stripe:<event id>`): posting it again returns the first entry. */
  idempotencyKey: string;
  /** When the movement happened (the source event's time): it decides the month partition. */
  occurredAt: Date;
  references?: EntryReferences;
  memo?: string | null;
}

export interface PostedEntry {
  entry: LedgerEntryEntity;
  /** False when the idempotency key had already been posted (the same content): nothing was written. */
  created: boolean;
}

export interface AccountBalance {
  organizationId: string;
  account: AccountCode;
  currency: string;
  debitCents: number;
  creditCents: number;
  /** On the account's normal side: positive when it stands there (what a seller is owed, what a buyer owes). */
  balanceCents: number;
}

export interface EntryFilter {
  account?: AccountCode | null;
  kind?: EntryKind | null;
  billId?: string | null;
  occurredFrom?: Date | null;
  occurredBefore?: Date | null;
}

const REFERENCES = ['billId', 'invoiceId', 'paymentId', 'payoutId', 'refundId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[\x21-\x7e]{1,200}$/;

function cents(v: string | null): number {
  const n = Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`ledger sum ${v} is beyond the safe integer range of cents`);
  return n;
}

function byChartOrder(a: { account: AccountCode; currency: string }, b: { account: AccountCode; currency: string }): number {
  return ACCOUNT_CODES.indexOf(a.account) - ACCOUNT_CODES.indexOf(b.account) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);
}

function toBalance(organizationId: string, r: { account: AccountCode; currency: string; debit: string; credit: string }): AccountBalance {
  const debitCents = cents(r.debit);
  const creditCents = cents(r.credit);
  return { organizationId, account: r.account, currency: r.currency, debitCents, creditCents, balanceCents: normalBalance(r.account, debitCents, creditCents) };
}

/**
 * The one writer of the ledger. Other libraries post the entries the posting engine builds,
 * inside their own transaction (pass its EntityManager), so that a movement is recorded with
 * the change that causes it or not at all. Reads are scoped to one organisation.
 */
@Injectable()
export class LedgerService implements OnApplicationBootstrap {
  /** Paris months whose partition of ledger_lines is known to be committed (prepared at start). */
  private readonly months = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identity: IdentityService,
  ) {}

  /** The partitions of this month and the next two, so that posting rarely creates one. */
  async onApplicationBootstrap(): Promise<void> {
    const rows: { at: Date }[] = await this.db.query(
      `SELECT at FROM (SELECT now() + make_interval(months => n) AS at FROM generate_series(0, 2) n) x, ledger_lines_partition(x.at)`);
    for (const r of rows) this.months.add(parisDay(r.at).slice(0, 7));
  }

  /**
   * Posts `draft` (from the posting engine) in the caller's transaction. The same idempotency
   * key posted again returns the entry already written; with other content it is a CONFLICT,
   * since one source event has one entry. The database checks the balance again at commit.
   */
  async post(m: EntityManager, draft: EntryDraft, meta: EntryMeta): Promise<PostedEntry> {
    assertBalanced(draft);
    const refs = this.checkMeta(meta);
    const sha = createHash('sha256')
      .update(JSON.stringify([draft.kind, REFERENCES.map((k) => refs[k]), draft.lines.map((l) => [l.account, l.organizationId, l.currency, l.debitCents, l.creditCents])]))
      .digest('hex');
    await this.ensurePartition(m, meta.occurredAt);
    const inserted: LedgerEntryEntity[] = await m.query(
      `INSERT INTO ledger_entries (kind, occurred_at, idempotency_key, content_sha256, bill_id, invoice_id, payment_id, payout_id, refund_id, memo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [draft.kind, meta.occurredAt, meta.idempotencyKey, sha, ...REFERENCES.map((k) => refs[k]), meta.memo ?? null],
    );
    if (inserted.length === 0) {
      const existing = await m.findOneByOrFail(LedgerEntryEntity, { idempotencyKey: meta.idempotencyKey });
      if (existing.contentSha256 !== sha) {
        throw new ConflictError(`Ledger entry "${meta.idempotencyKey}" was already posted with other lines or references: one source event has one entry`, { idempotencyKey: meta.idempotencyKey });
      }
      return { entry: existing, created: false };
    }
    const id = inserted[0].id;
    const l = draft.lines;
    await m.query(
      `INSERT INTO ledger_lines (organization_id, entry_id, line_no, occurred_at, account, currency, debit_cents, credit_cents)
       SELECT x.organization_id, $1, x.n, $2, x.account, x.currency, x.debit, x.credit
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::bigint[]) WITH ORDINALITY AS x(organization_id, account, currency, debit, credit, n)`,
      [id, meta.occurredAt, l.map((x) => x.organizationId), l.map((x) => x.account), l.map((x) => x.currency), l.map((x) => x.debitCents), l.map((x) => x.creditCents)],
    );
    return { entry: await m.findOneByOrFail(LedgerEntryEntity, { id }), created: true };
  }

  /** An organisation's balance per account and currency, over the entries that occurred before `before` (all when null). */
  async balances(organizationId: string, before: Date | null = null, m: EntityManager = this.db.manager): Promise<AccountBalance[]> {
    const rows: { account: AccountCode; currency: string; debit: string; credit: string }[] = await m.query(
      `SELECT account, currency, sum(debit_cents)::text AS debit, sum(credit_cents)::text AS credit
         FROM ledger_lines
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR occurred_at < $2)
        GROUP BY account, currency`,
      [organizationId, before],
    );
    return rows.map((r) => toBalance(organizationId, r)).sort(byChartOrder);
  }

  /** The entries with a line of `organizationId`, newest first. */
  async entries(organizationId: string, filter: EntryFilter, offset: number, limit: number, m: EntityManager = this.db.manager): Promise<{ rows: LedgerEntryEntity[]; total: number }> {
    const params: unknown[] = [organizationId];
    const p = (v: unknown) => `$${params.push(v)}`;
    const lineWhere = ['l.organization_id = $1'];
    const entryWhere: string[] = [];
    if (filter.account) lineWhere.push(`l.account = ${p(filter.account)}`);
    if (filter.occurredFrom) {
      const at = p(filter.occurredFrom);
      lineWhere.push(`l.occurred_at >= ${at}`);
      entryWhere.push(`e.occurred_at >= ${at}`);
    }
    if (filter.occurredBefore) {
      const at = p(filter.occurredBefore);
      lineWhere.push(`l.occurred_at < ${at}`);
      entryWhere.push(`e.occurred_at < ${at}`);
    }
    if (filter.kind) entryWhere.push(`e.kind = ${p(filter.kind)}`);
    if (filter.billId) entryWhere.push(`e.bill_id = ${p(filter.billId)}`);
    const where = [`e.id IN (SELECT l.entry_id FROM ledger_lines l WHERE ${lineWhere.join(' AND ')})`, ...entryWhere].join(' AND ');
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM ledger_entries e WHERE ${where}`, params);
    const ids: { id: string }[] = await m.query(
      `SELECT e.id FROM ledger_entries e WHERE ${where} ORDER BY e.occurred_at DESC, e.id DESC OFFSET ${p(offset)} LIMIT ${p(limit)}`, params);
    const found = await m.findBy(LedgerEntryEntity, ids.map((r) => ({ id: r.id })));
    const byId = new Map(found.map((e) => [e.id, e]));
    return { rows: ids.map((r) => byId.get(r.id)!), total };
  }

  /** The lines of `entries`, of `organizationId` only unless null (the platform's view), in entry and line order. */
  async linesOf(entries: readonly Pick<LedgerEntryEntity, 'id' | 'occurredAt'>[], organizationId: string | null, m: EntityManager = this.db.manager): Promise<LedgerLineEntity[]> {
    if (entries.length === 0) return [];
    const times = entries.map((e) => e.occurredAt.getTime());
    // the entries' time span names the partitions to read
    return m.createQueryBuilder(LedgerLineEntity, 'l')
      .where('l.entry_id = ANY(:ids)', { ids: entries.map((e) => e.id) })
      .andWhere('l.occurred_at BETWEEN :from AND :to', { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) })
      .andWhere(organizationId ? 'l.organization_id = :org' : 'true', { org: organizationId })
      .orderBy('l.entry_id').addOrderBy('l.line_no')
      .getMany();
  }

  /** The organisation whose accounts `actor` may read: its own, or any for the platform; NOT_FOUND otherwise. */
  async readableOrganization(actor: Actor, organizationId: string | null | undefined): Promise<string> {
    const id = organizationId ?? actor.organizationId;
    if (id === actor.organizationId) return id;
    if (!this.isPlatform(actor) || (await this.identity.organizationsByIds([id])).length === 0) throw new NotFoundError('Organization', id);
    return id;
  }

  /** Whether `actor` sees every line of an entry (the platform keeps the books) or only its organisation's. */
  isPlatform(actor: Actor): boolean {
    return actor.organizationKind === 'PLATFORM';
  }

  /** Totals per account and currency over the whole ledger: every currency's debits equal its credits. The platform's only. */
  async trialBalance(actor: Actor, before: Date | null): Promise<AccountBalance[]> {
    if (!this.isPlatform(actor)) {
      throw new ForbiddenError("The trial balance covers every organisation's accounts: only the platform's FINANCE and ADMIN members read it; ask ledgerBalances for your organisation's");
    }
    const rows: { account: AccountCode; currency: string; debit: string; credit: string }[] = await this.db.query(
      `SELECT account, currency, sum(debit_cents)::text AS debit, sum(credit_cents)::text AS credit
         FROM ledger_lines WHERE ($1::timestamptz IS NULL OR occurred_at < $1) GROUP BY account, currency`,
      [before],
    );
    return rows.map((r) => toBalance(actor.organizationId, r)).sort(byChartOrder);
  }

  private checkMeta(meta: EntryMeta): Record<(typeof REFERENCES)[number], string | null> {
    const problems: FieldProblem[] = [];
    if (typeof meta.idempotencyKey !== 'string' || !KEY.test(meta.idempotencyKey)) {
      problems.push({ field: 'idempotencyKey', message: 'must be 1 to 200 printable ASCII characters without spaces' });
    }
    if (!(meta.occurredAt instanceof Date) || Number.isNaN(meta.occurredAt.getTime())) problems.push({ field: 'occurredAt', message: 'must be a valid instant' });
    if (meta.memo != null && (typeof meta.memo !== 'string' || meta.memo.length > 500)) problems.push({ field: 'memo', message: 'must be at most 500 characters' });
    const refs = {} as Record<(typeof REFERENCES)[number], string | null>;
    for (const k of REFERENCES) {
      const v = meta.references?.[k] ?? null;
      if (v !== null && !UUID.test(v)) problems.push({ field: `references.${k}`, message: `must be a UUID, got "${String(v).slice(0, 60)}"` });
      refs[k] = v;
    }
    if (problems.length) throw new BadInputError(problems);
    return refs;
  }

  /**
   * Creates the month's partition in the caller's transaction when missing. Only months
   * prepared at start are remembered: one created here is gone if the caller rolls back.
   */
  private async ensurePartition(m: EntityManager, at: Date): Promise<void> {
    if (!this.months.has(parisDay(at).slice(0, 7))) await m.query(`SELECT ledger_lines_partition($1)`, [at]);
  }
}
