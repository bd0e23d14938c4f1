// Database failures a client can cause or meet (a value taken at the same moment, a row
// removed meanwhile, a lock held too long, an exhausted pool) answer coded errors; a query
// that would take a second connection inside a transaction is refused at once.
import { DataSource } from 'typeorm';
import { ErrorCode, SecondConnectionError, SqlReader, databaseErrorAsDomainError, guardTransactions, loadConfig, poolOptions } from '@app/core';
import { randomSiret, signUpOrganization } from './helpers/factories';
import { gqlOk } from './helpers/market';
import { startTestApp, TestApp } from './helpers/test-app';

const SIGN_UP = `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token organization { id } } }`;

const signUpInput = (siret: string, email: string) => ({
  input: {
    organization: { name: `Clinique ${siret}`, kind: 'HOSPITAL', siret, address: { line: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } },
    admin: { email, displayName: 'Dr Admin', password: 'a-long-enough-password' },
  },
});

/** The coded error a failing statement maps to. */
async function mapped(run: Promise<unknown>) {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).not.toBeNull();
  return databaseErrorAsDomainError(error);
}

describe('database limits and races', () => {
  let t: TestApp;
  const run = Date.now().toString(36);
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses, at once, a query that would take a second connection inside a transaction', async () => {
    await expect(t.db.transaction(async (m) => {
      await m.query('SELECT 1');
      await t.db.query('SELECT 2');
    })).rejects.toBeInstanceOf(SecondConnectionError);
    await expect(t.db.transaction(async (m) => {
      await m.query('SELECT 1');
      return t.db.getRepository('UserEntity').count();
    })).rejects.toBeInstanceOf(SecondConnectionError);
    expect(await t.db.transaction((m) => m.query('SELECT 2 AS two'))).toEqual([{ two: 2 }]);
    const reader = t.app.get(SqlReader);
    await expect(t.db.transaction(async (m) => {
      await m.query('SELECT 1');
      await reader.rows('SELECT 3');
    })).rejects.toBeInstanceOf(SecondConnectionError);
    expect(await reader.rows('SELECT $1::int AS four', [4], 'four')).toEqual([{ four: 4 }]);
  });

  it('maps a unique value taken, a missing reference, a lock wait and a slow statement to codes', async () => {
    const email = `unique.${run}@clinique.test`;
    const insertUser = () => t.db.query(`INSERT INTO users (email, display_name, password_hash) VALUES ($1, 'x', 'scrypt$secret')`, [email]);
    await insertUser();
    expect(await mapped(insertUser())).toMatchObject({ code: ErrorCode.CONFLICT, details: { field: 'email' } });

    const orphan = t.db.query(`INSERT INTO memberships (organization_id, user_id, roles) VALUES ($1, $1, '{BUYER}')`, ['00000000-0000-4000-8000-000000000000']);
    expect(await mapped(orphan)).toMatchObject({ code: ErrorCode.CONFLICT, details: { retryable: true } });

    // A statement the server cancels (statement timeout or cancel request: SQLSTATE 57014). It is
    // cancelled from another connection once it runs, so that no server timer is needed:
    // the seasons run fakes the clock of PostgreSQL too, and its timers do not fire under it.
    const marker = `slow-${run}`;
    const slow = t.db.transaction((m) => m.query(`SELECT pg_sleep(30) /* ${marker} */`));
    const slowError = slow.then(() => null, (e: unknown) => e);
    let cancelled = false;
    for (let i = 0; i < 200 && !cancelled; i++) {
      const rows: { c: boolean }[] = await t.db.query(
        `SELECT pg_cancel_backend(pid) AS c FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`, [`%${marker} */`]);
      cancelled = rows.some((r) => r.c);
      if (!cancelled) await new Promise((r) => setTimeout(r, 25));
    }
    expect(cancelled).toBe(true);
    expect(databaseErrorAsDomainError(await slowError)).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, details: { retryable: true } });

    // A row lock another transaction holds (lock timeout or NOWAIT: SQLSTATE 55P03).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = t.db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM users WHERE email = $1 FOR UPDATE`, [email]);
      locked();
      await held;
    });
    await isLocked;
    const waiter = t.db.query(`SELECT 1 FROM users WHERE email = $1 FOR UPDATE NOWAIT`, [email]);
    expect(await mapped(waiter)).toMatchObject({ code: ErrorCode.CONFLICT, details: { retryable: true } });
    release();
    await holder;

    // The pool's connections carry the configured timeouts, so a mistake degrades into these errors.
    const { database } = loadConfig({});
    const settings: { name: string; setting: string }[] = await t.db.query(
      `SELECT name, setting FROM pg_settings WHERE name IN ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout') ORDER BY name`);
    expect(settings).toEqual([
      { name: 'idle_in_transaction_session_timeout', setting: String(database.idleInTransactionTimeoutMs) },
      { name: 'lock_timeout', setting: String(database.lockTimeoutMs) },
      { name: 'statement_timeout', setting: String(database.statementTimeoutMs) },
    ]);
  });

  it('an exhausted pool answers SERVICE_UNAVAILABLE after the acquire timeout, not never', async () => {
    const { database } = loadConfig({ DB_POOL_SIZE: '1', DB_ACQUIRE_TIMEOUT_MS: '200' });
    const ds = await guardTransactions(new DataSource({ type: 'postgres', url: process.env.E2E_DATABASE_URL, extra: poolOptions(database) })).initialize();
    try {
      const runner = ds.createQueryRunner();
      await runner.connect();
      const started = Date.now();
      expect(await mapped(ds.query('SELECT 1'))).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
      expect(Date.now() - started).toBeLessThan(2000);
      await runner.release();
      expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await ds.destroy();
    }
  });

  it('concurrent sign-ups with one SIRET or one e-mail: one succeeds, the others answer CONFLICT naming the field', async () => {
    const siret = randomSiret();
    const bySiret = await Promise.all(Array.from({ length: 8 }, (_, i) => t.gql(SIGN_UP, signUpInput(siret, `siret${i}.${run}@clinique.test`))));
    expect(bySiret.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of bySiret.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'organization.siret' });

    const email = `same.${run}@clinique.test`;
    const byEmail = await Promise.all(Array.from({ length: 8 }, () => t.gql(SIGN_UP, signUpInput(randomSiret(), email))));
    expect(byEmail.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of byEmail.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'admin.email' });
  });

  it('two invitations of one new person accepted at once create one account that joins both organisations', async () => {
    const [a, b] = await Promise.all([signUpOrganization(t, 'PHARMA'), signUpOrganization(t, 'STARTUP')]);
    const email = `invitee.${run}@both.test`;
    const invite = `mutation($e: String!) { inviteMember(input: { email: $e, roles: [BUYER] }) { token } }`;
    const tokens = [(await gqlOk(t, invite, { e: email }, a.token)).inviteMember.token, (await gqlOk(t, invite, { e: email }, b.token)).inviteMember.token];
    const accept = `mutation($t: String!) { acceptInvitation(input: { token: $t, displayName: "Invitée", password: "a-long-enough-password" }) { organization { id } } }`;
    const results = await Promise.all(tokens.map((token) => t.gql(accept, { t: token })));
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`, [email]);
    expect(n).toBe(2);
  });
});
