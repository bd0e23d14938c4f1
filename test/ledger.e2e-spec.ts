import { randomUUID } from 'node:crypto';
import { BadInputError, ConflictError } from '@app/core';
import { billIssued, CHART, commissionInvoiced, LedgerService, paymentReceived, payoutSent, refund } from '@app/ledger';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

describe('ledger: double-entry, append-only, one writer', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let platformId: string;
  let buyer: OrgSession;
  let chuA: OrgSession;
  let chuB: OrgSession;
  const run = Date.now().toString(36);
  const key = (what: string) => `test:${run}:${what}:${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    await platformAdminToken(t);
    [{ id: platformId }] = await t.db.query(`SELECT id FROM organizations WHERE kind = 'PLATFORM'`);
    buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires du grand livre ${run}`);
    chuA = await signUpOrganization(t, 'HOSPITAL', `CHU de Caen ${run}`);
    chuB = await signUpOrganization(t, 'HOSPITAL', `CHU de Rouen ${run}`);
    ledger = t.app.get(LedgerService);
  });

  afterAll(() => t.close());

  const bill = () => billIssued({
    buyerId: buyer.organizationId,
    shares: [{ sellerId: chuA.organizationId, netCents: 70_000, vatCents: 14_000 }, { sellerId: chuB.organizationId, netCents: 30_000, vatCents: 6_000 }],
  });
  const post = (draft: ReturnType<typeof bill>, meta: Parameters<LedgerService['post']>[2]) => t.db.transaction((m) => ledger.post(m, draft, meta));

  it('the chart in the database is the engine\'s', async () => {
    const rows = await t.db.query(`SELECT code, category, normal_side AS "normalSide", holder, name FROM ledger_accounts ORDER BY code`);
    expect(rows).toEqual(Object.values(CHART).sort((a, b) => (a.code < b.code ? -1 : 1)));
  });

  it('posts an entry once per source event: the same key returns the first entry, other content is a conflict', async () => {
    const billId = randomUUID();
    const meta = { idempotencyKey: key('bill'), occurredAt: new Date(), references: { billId }, memo: 'Facture F-1' };
    const first = await post(bill(), meta);
    expect(first.created).toBe(true);
    expect(first.entry).toMatchObject({ kind: 'BILL_ISSUED', billId, memo: 'Facture F-1', idempotencyKey: meta.idempotencyKey });
    const again = await post(bill(), { ...meta, occurredAt: new Date(Date.now() + 1000) });
    expect(again).toEqual({ created: false, entry: first.entry });
    const other = billIssued({ buyerId: buyer.organizationId, shares: [{ sellerId: chuA.organizationId, netCents: 1, vatCents: 0 }] });
    await expect(post(other, meta)).rejects.toBeInstanceOf(ConflictError);
    await expect(post(bill(), { ...meta, references: { billId: randomUUID() } })).rejects.toThrow(/already posted with other lines or references/);
    const lines = await ledger.linesOf([first.entry], null);
    expect(lines.map((l) => [l.lineNo, l.account, l.organizationId, l.debitCents, l.creditCents])).toEqual([
      [1, 'BUYER_RECEIVABLE', buyer.organizationId, 120_000, 0],
      [2, 'SELLER_PAYABLE', chuA.organizationId, 0, 70_000],
      [3, 'SELLER_VAT_COLLECTED', chuA.organizationId, 0, 14_000],
      [4, 'SELLER_PAYABLE', chuB.organizationId, 0, 30_000],
      [5, 'SELLER_VAT_COLLECTED', chuB.organizationId, 0, 6_000],
    ]);
    expect((await ledger.linesOf([first.entry], chuB.organizationId)).map((l) => l.lineNo)).toEqual([4, 5]);
  });

  it('two posts of one key at once write one entry', async () => {
    const meta = { idempotencyKey: key('race'), occurredAt: new Date() };
    const results = await Promise.all([post(bill(), meta), post(bill(), meta), post(bill(), meta)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE idempotency_key = $1`, [meta.idempotencyKey]);
    expect(n).toBe(1);
  });

  it('is posted in the caller\'s transaction: rolled back with it', async () => {
    const meta = { idempotencyKey: key('rollback'), occurredAt: new Date() };
    await expect(t.db.transaction(async (m) => {
      await ledger.post(m, bill(), meta);
      throw new Error('the caller fails after posting');
    })).rejects.toThrow('the caller fails');
    expect(await t.db.query(`SELECT 1 FROM ledger_entries WHERE idempotency_key = $1`, [meta.idempotencyKey])).toEqual([]);
  });

  it('refuses bad metadata, naming each field', async () => {
    const err = await post(bill(), { idempotencyKey: 'has space', occurredAt: new Date('x'), references: { billId: 'F-1' }, memo: 'm'.repeat(501) }).catch((e) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).problems.map((p) => p.field)).toEqual(['idempotencyKey', 'occurredAt', 'memo', 'references.billId']);
  });

  it('creates the partition of a month that has none, and again after a rolled-back creation', async () => {
    const occurredAt = new Date(Date.UTC(2019, 2, 31, 22, 30)); // 1 April 2019 in Paris (CEST)
    await expect(t.db.transaction(async (m) => {
      await ledger.post(m, bill(), { idempotencyKey: key('old'), occurredAt });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const posted = await post(bill(), { idempotencyKey: key('old'), occurredAt });
    const [row] = await t.db.query(`SELECT tableoid::regclass::text AS partition FROM ledger_lines WHERE entry_id = $1 LIMIT 1`, [posted.entry.id]);
    expect(row.partition).toBe('ledger_lines_2019_04');
  });

  describe('the database refuses', () => {
    let entryId: string;
    beforeAll(async () => {
      entryId = (await post(bill(), { idempotencyKey: key('guarded'), occurredAt: new Date() })).entry.id;
    });

    it('updates, deletes and truncation of entries and lines', async () => {
      await expect(t.db.query(`UPDATE ledger_lines SET credit_cents = credit_cents + 1 WHERE entry_id = $1`, [entryId])).rejects.toThrow(/append-only: UPDATE/);
      await expect(t.db.query(`DELETE FROM ledger_lines WHERE entry_id = $1`, [entryId])).rejects.toThrow(/append-only: DELETE/);
      await expect(t.db.query(`UPDATE ledger_entries SET memo = 'changed' WHERE id = $1`, [entryId])).rejects.toThrow(/append-only: UPDATE/);
      await expect(t.db.query(`DELETE FROM ledger_entries WHERE id = $1`, [entryId])).rejects.toThrow(/append-only: DELETE/);
      await expect(t.db.query(`TRUNCATE ledger_lines`)).rejects.toThrow(/append-only: TRUNCATE/);
      const [{ partition }] = await t.db.query(`SELECT tableoid::regclass::text AS partition FROM ledger_lines WHERE entry_id = $1 LIMIT 1`, [entryId]);
      await expect(t.db.query(`TRUNCATE ${partition}`)).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(t.db.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
    });

    it('a line added later to an entry, even a balanced pair', async () => {
      await expect(t.db.query(
        `INSERT INTO ledger_lines (organization_id, entry_id, line_no, occurred_at, account, currency, debit_cents, credit_cents)
         SELECT $2, id, n, occurred_at, 'SELLER_PAYABLE', 'EUR', CASE n WHEN 6 THEN 100 ELSE 0 END, CASE n WHEN 7 THEN 100 ELSE 0 END
           FROM ledger_entries, generate_series(6, 7) n WHERE id = $1`, [entryId, chuA.organizationId],
      )).rejects.toThrow(/lines are written with their entry, in its transaction/);
    });

    const rawEntry = async (lines: [string, number, number, string?][]) => t.db.transaction(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO ledger_entries (kind, occurred_at, idempotency_key, content_sha256) VALUES ('PAYMENT_RECEIVED', now(), $1, repeat('0', 64)) RETURNING id`, [key('raw')]);
      let n = 0;
      for (const [account, debit, credit, currency] of lines) {
        await m.query(`INSERT INTO ledger_lines (organization_id, entry_id, line_no, occurred_at, account, currency, debit_cents, credit_cents)
          SELECT $1, id, $3, occurred_at, $4, $5, $6, $7 FROM ledger_entries WHERE id = $2`, [platformId, id, ++n, account, currency ?? 'EUR', debit, credit]);
      }
      return id;
    });

    it('at commit, an unbalanced entry, or one of fewer than two lines', async () => {
      await expect(rawEntry([['CASH_BANK', 1000, 0], ['BUYER_RECEIVABLE', 0, 999]])).rejects.toThrow(/is unbalanced: debits minus credits are EUR 1/);
      await expect(rawEntry([['CASH_BANK', 1000, 0], ['BUYER_RECEIVABLE', 0, 1000, 'CHF'], ['CASH_STRIPE', 0, 1000]])).rejects.toThrow(/is unbalanced: debits minus credits are .*CHF -1000/);
      await expect(rawEntry([['CASH_BANK', 1000, 0]])).rejects.toThrow(/has 1 line\(s\): an entry needs at least two/);
      await expect(rawEntry([])).rejects.toThrow(/has 0 line\(s\)/);
      await expect(rawEntry([['CASH_BANK', 1000, 1000], ['BUYER_RECEIVABLE', 0, 0]])).rejects.toThrow(/ledger_lines_one_side/);
      expect(await rawEntry([['CASH_BANK', 1000, 0], ['BUYER_RECEIVABLE', 0, 1000]])).toEqual(expect.any(String));
    });
  });

  it('balances per organisation and account, on each account\'s side, and the whole ledger balances', async () => {
    const seller = await signUpOrganization(t, 'HOSPITAL', `CHU de Cherbourg ${run}`);
    const payer = await signUpOrganization(t, 'STARTUP', `Start-up du bilan ${run}`);
    const s = seller.organizationId;
    const b = payer.organizationId;
    const at = new Date();
    const entries = [
      billIssued({ buyerId: b, shares: [{ sellerId: s, netCents: 50_000, vatCents: 10_000 }] }),
      commissionInvoiced({ sellerId: s, platformId, netCents: 5_000, vatCents: 1_000 }),
      paymentReceived({ buyerId: b, platformId, via: 'BANK', amountCents: 60_000, outstandingCents: 60_000 }),
      refund({ buyerId: b, platformId, amountCents: 6_000, remaining: [{ sellerId: s, netCents: 50_000, vatCents: 10_000, commissionNetCents: 5_000, commissionVatCents: 1_000 }] }).entry,
      // what it is owed: its share less the part refunded, less its commission less the part reversed, and its VAT
      payoutSent({ sellerId: s, platformId, method: 'SEPA_CREDIT_TRANSFER', payableCents: 50_000 - 5_000 - 6_000 + 600, vatCents: 10_000 - 1_000 }),
    ];
    for (const [i, e] of entries.entries()) await post(e, { idempotencyKey: key(`books-${i}`), occurredAt: new Date(at.getTime() + i) });
    expect((await ledger.balances(s)).map((x) => [x.account, x.debitCents, x.creditCents, x.balanceCents])).toEqual([
      ['SELLER_PAYABLE', 6_000 + 5_000 + 39_600, 50_000 + 600, 0],
      ['SELLER_VAT_COLLECTED', 1_000 + 9_000, 10_000, 0],
      ['PAYOUTS_IN_TRANSIT', 0, 48_600, 48_600],
    ]);
    expect((await ledger.balances(b)).map((x) => [x.account, x.balanceCents])).toEqual([['BUYER_RECEIVABLE', 0], ['REFUNDS_PAYABLE', 6_000]]);
    // before the payout
    expect((await ledger.balances(s, new Date(at.getTime() + 4))).map((x) => [x.account, x.balanceCents])).toEqual([
      ['SELLER_PAYABLE', 50_000 - 6_000 + 600 - 5_000], ['SELLER_VAT_COLLECTED', 10_000 - 1_000],
    ]);
    const page = await ledger.entries(s, {}, 0, 3);
    expect(page.total).toBe(4); // the payment has no line of the seller
    expect(page.rows.map((e) => e.kind)).toEqual(['PAYOUT_SENT', 'REFUND', 'COMMISSION_INVOICED']);
    expect((await ledger.entries(s, { account: 'SELLER_VAT_COLLECTED' }, 0, 10)).rows.map((e) => e.kind)).toEqual(['PAYOUT_SENT', 'REFUND', 'BILL_ISSUED']);
    expect((await ledger.entries(b, { kind: 'PAYMENT_RECEIVED' }, 0, 10)).total).toBe(1);
    const [{ debit, credit }] = await t.db.query(`SELECT sum(debit_cents)::text AS debit, sum(credit_cents)::text AS credit FROM ledger_lines`);
    expect(debit).toBe(credit);
  });
});
