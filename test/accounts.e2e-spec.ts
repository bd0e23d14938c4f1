import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { hashToken } from '@app/core';
import { signUpOrganization } from './helpers/factories';
import { GqlResult, TestApp, startTestApp } from './helpers/test-app';

// Node's crypto module itself, so that a spy sees every scrypt the server runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto: typeof import('node:crypto') = require('node:crypto');

const PASSWORD = 'a-long-enough-password';
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(input: { email: $e, password: $p }) { token } }`;
const LIMITS = {
  SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCKOUT_SECONDS: '2', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '10', SIGN_IN_WINDOW_SECONDS: '600',
  PASSWORD_RESET_MAX_PER_EMAIL: '3', PASSWORD_RESET_MAX_PER_ADDRESS: '10',
  // Each test speaks from its own client address, said by X-Forwarded-For through the trusted loopback proxy.
  TRUST_PROXY: 'loopback',
};

let addresses = 0;
/** A client address of its own (TEST-NET ranges), so that no test counts another's attempts. */
const newAddress = () => `198.51.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

async function gqlFrom(t: TestApp, address: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult> {
  const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', address);
  if (token) req.set('authorization', `Bearer ${token}`);
  return (await req.send({ query, variables })).body;
}

const signIn = (t: TestApp, address: string, email: string, password: string) => gqlFrom(t, address, SIGN_IN, { e: email, p: password });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unknownEmail = () => `nobody-${Math.random().toString(36).slice(2)}@nowhere.test`;

describe('sign-in limits', () => {
  let t: TestApp;
  let replica: TestApp;
  beforeAll(async () => {
    t = await startTestApp(LIMITS);
    replica = await startTestApp(LIMITS);
  });
  afterAll(async () => {
    await t.close();
    await replica.close();
  });

  it('locks an e-mail after repeated wrong passwords, refuses even the right one meanwhile, and lets it in once the lockout is over', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const address = newAddress();
    for (let i = 0; i < 3; i++) {
      expect((await signIn(t, address, org.email, 'not-the-password')).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const locked = await signIn(t, address, org.email, PASSWORD);
    expect(locked.data).toBeNull();
    expect(locked.errors![0]).toMatchObject({
      message: expect.stringMatching(/^Too many failed sign-ins for this e-mail: it is locked for \d+ s, whatever the password/),
      extensions: { code: 'TOO_MANY_REQUESTS', reason: 'SIGN_IN_LOCKED', retryable: true, retryAfterSeconds: expect.any(Number) },
    });
    const retryAfter = locked.errors![0].extensions.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    // From another address too: the e-mail is locked, not the client.
    expect((await signIn(t, newAddress(), org.email, PASSWORD)).errors![0].extensions.reason).toBe('SIGN_IN_LOCKED');

    await sleep(retryAfter * 1000 + 100);
    let after = await signIn(t, address, org.email, PASSWORD);
    for (let i = 0; i < 10 && after.errors?.[0].extensions.code === 'TOO_MANY_REQUESTS'; i++) {
      await sleep(1000 * (after.errors[0].extensions.retryAfterSeconds as number));
      after = await signIn(t, address, org.email, PASSWORD);
    }
    expect(after.errors).toBeUndefined();
    expect(after.data.signIn.token).toMatch(/^hdm_ses_/);
  });

  it('answers an unknown e-mail exactly as a known one, before and during the lockout', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const nobody = unknownEmail();
    const known: GqlResult[] = [];
    const unknown: GqlResult[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await signIn(t, newAddress(), org.email, 'not-the-password'));
      unknown.push(await signIn(t, newAddress(), nobody, 'not-the-password'));
    }
    const shape = (r: GqlResult) => ({ data: r.data, errors: r.errors!.map((e) => ({ ...e, extensions: { ...e.extensions, retryAfterSeconds: typeof e.extensions.retryAfterSeconds } })) });
    expect(known.map(shape)).toEqual(unknown.map(shape));
    expect(known.map((r) => r.errors![0].extensions.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS']);
  });

  it('costs an unknown e-mail the same password hash as a known one', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const scrypt = jest.spyOn(nodeCrypto, 'scrypt');
    try {
      await signIn(t, newAddress(), org.email, 'not-the-password');
      const known = scrypt.mock.calls.length;
      scrypt.mockClear();
      await signIn(t, newAddress(), unknownEmail(), 'not-the-password');
      expect(known).toBe(1);
      expect(scrypt.mock.calls.length).toBe(known);
    } finally {
      scrypt.mockRestore();
    }
  });

  it('counts failures in the database: guesses spread over two API processes lock the e-mail on both', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    await signIn(t, newAddress(), org.email, 'not-the-password');
    await signIn(replica, newAddress(), org.email, 'not-the-password');
    await signIn(t, newAddress(), org.email, 'not-the-password');
    for (const app of [replica, t]) {
      expect((await signIn(app, newAddress(), org.email, PASSWORD)).errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'SIGN_IN_LOCKED' });
    }
  });

  it('lets concurrent guesses check no more passwords than the limit allows', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i % 2 ? replica : t, newAddress(), org.email, 'not-the-password')));
    const codes = answers.map((r) => r.errors![0].extensions.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(3);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(9);
  });

  it('starts the count again after a successful sign-in', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const address = newAddress();
    for (let round = 0; round < 3; round++) {
      await signIn(t, address, org.email, 'not-the-password');
      await signIn(t, address, org.email, 'not-the-password');
      expect((await signIn(t, address, org.email, PASSWORD)).errors).toBeUndefined();
    }
  });

  it('locks a client address that guesses across many e-mails, not the others', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const address = newAddress();
    for (let i = 0; i < 10; i++) {
      expect((await signIn(t, address, unknownEmail(), 'not-the-password')).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await signIn(t, address, org.email, PASSWORD)).errors![0]).toMatchObject({
      extensions: { code: 'TOO_MANY_REQUESTS', reason: 'ADDRESS_LOCKED', retryAfterSeconds: expect.any(Number) },
    });
    expect((await signIn(t, newAddress(), org.email, PASSWORD)).errors).toBeUndefined();
  });
});

describe('passwords: change and reset', () => {
  let t: TestApp;
  let outbox: string;
  beforeAll(async () => {
    outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'hdm-outbox-'));
    t = await startTestApp({ ...LIMITS, MAIL_TRANSPORT: 'outbox', MAIL_OUTBOX_DIR: outbox, PASSWORD_RESET_TTL_MINUTES: '30' });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  const messagesTo = (email: string) => fs.readdirSync(outbox).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')))
    .filter((m) => m.to === email);

  /** The reset codes mailed to `email`, once `count` messages have arrived (they are sent after the answer). */
  async function codesFor(email: string, count = 1): Promise<string[]> {
    for (let i = 0; i < 200 && messagesTo(email).length < count; i++) await sleep(50);
    const messages = messagesTo(email);
    expect(messages).toHaveLength(count);
    return messages.map((m) => m.text.match(/hdm_pwr_[A-Za-z0-9_-]+/)[0]);
  }

  const CHANGE = `mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) }`;
  const REQUEST = `mutation($e: String!) { requestPasswordReset(input: { email: $e }) }`;
  const RESET = `mutation($t: String!, $n: String!) { resetPassword(input: { token: $t, newPassword: $n }) }`;
  const ME = '{ me { user { email } } }';

  it('changes the password of the signed-in user, given the current one; other sessions end, this one goes on', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const address = newAddress();
    const other = (await signIn(t, address, org.email, PASSWORD)).data.signIn.token;

    expect((await gqlFrom(t, address, CHANGE, { c: 'not-the-password', n: 'a-brand-new-password' }, org.token)).errors![0]).toMatchObject({
      message: 'input.currentPassword: is not your current password', extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await gqlFrom(t, address, CHANGE, { c: PASSWORD, n: 'short' }, org.token)).errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.newPassword', message: 'must be longer than or equal to 12 characters' }] },
    });
    expect((await gqlFrom(t, address, CHANGE, { c: PASSWORD, n: PASSWORD }, org.token)).errors![0].message).toBe('input.newPassword: must differ from the current password');

    expect((await gqlFrom(t, address, CHANGE, { c: PASSWORD, n: 'a-brand-new-password' }, org.token)).data).toEqual({ changePassword: true });
    expect((await gqlFrom(t, address, ME, {}, org.token)).data.me.user.email).toBe(org.email);
    expect((await gqlFrom(t, address, ME, {}, other)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await signIn(t, address, org.email, PASSWORD)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await signIn(t, address, org.email, 'a-brand-new-password')).errors).toBeUndefined();
  });

  it('refuses a password change without a session, or with an API key', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const key = await gqlFrom(t, newAddress(), `mutation { createApiKey(input: { name: "ETL", roles: [ADMIN] }) { secret } }`, {}, org.token);
    const withKey = await gqlFrom(t, newAddress(), CHANGE, { c: PASSWORD, n: 'a-brand-new-password' }, key.data.createApiKey.secret);
    expect(withKey.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/^A password belongs to a person: sign in/) });
    expect((await gqlFrom(t, newAddress(), CHANGE, { c: PASSWORD, n: 'a-brand-new-password' })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('counts wrong current passwords towards the sign-in lockout', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    for (let i = 0; i < 3; i++) await gqlFrom(t, newAddress(), CHANGE, { c: 'not-the-password', n: 'a-brand-new-password' }, org.token);
    const res = await gqlFrom(t, newAddress(), CHANGE, { c: PASSWORD, n: 'a-brand-new-password' }, org.token);
    expect(res.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'SIGN_IN_LOCKED' });
  });

  it('answers a reset request the same for an unknown e-mail, and mails a single-use code, stored hashed, to a known one', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const nobody = unknownEmail();
    const forNobody = await gqlFrom(t, newAddress(), REQUEST, { e: nobody });
    const forKnown = await gqlFrom(t, newAddress(), REQUEST, { e: org.email.toUpperCase() });
    expect(forNobody).toEqual({ data: { requestPasswordReset: true } });
    expect(forKnown).toEqual(forNobody);

    const [code] = await codesFor(org.email);
    expect(messagesTo(nobody)).toEqual([]);
    const [message] = messagesTo(org.email);
    expect(message).toMatchObject({ subject: 'Réinitialisation de votre mot de passe / Password reset', from: expect.any(String) });
    expect(message.text).toContain('30 minutes');
    const stored = await t.db.query(`SELECT * FROM password_resets WHERE token_hash = $1`, [hashToken(code)]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code);

    const session = (await signIn(t, newAddress(), org.email, PASSWORD)).data.signIn.token;
    expect((await gqlFrom(t, newAddress(), RESET, { t: code, n: 'short' })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await gqlFrom(t, newAddress(), RESET, { t: code, n: 'a-reset-new-password' })).toEqual({ data: { resetPassword: true } });
    // Every session of the user ends: whoever had one signs in again.
    expect((await gqlFrom(t, newAddress(), ME, {}, session)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gqlFrom(t, newAddress(), ME, {}, org.token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await signIn(t, newAddress(), org.email, PASSWORD)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await signIn(t, newAddress(), org.email, 'a-reset-new-password')).errors).toBeUndefined();

    const again = await gqlFrom(t, newAddress(), RESET, { t: code, n: 'yet-another-password' });
    expect(again.errors![0]).toMatchObject({
      message: 'This password-reset code is unknown, used or expired: ask for a new one (requestPasswordReset)',
      extensions: { code: 'BAD_USER_INPUT', reason: 'RESET_TOKEN_INVALID' },
    });
  });

  it('ends the other codes of the user once one is used, and refuses an expired or unknown code', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    await gqlFrom(t, newAddress(), REQUEST, { e: org.email });
    await gqlFrom(t, newAddress(), REQUEST, { e: org.email });
    const [first, second] = await codesFor(org.email, 2);
    expect(first).not.toBe(second);
    expect((await gqlFrom(t, newAddress(), RESET, { t: second, n: 'a-reset-new-password' })).data).toEqual({ resetPassword: true });
    expect((await gqlFrom(t, newAddress(), RESET, { t: first, n: 'another-new-password' })).errors![0].extensions.reason).toBe('RESET_TOKEN_INVALID');

    const other = await signUpOrganization(t, 'HOSPITAL');
    await gqlFrom(t, newAddress(), REQUEST, { e: other.email });
    const [code] = await codesFor(other.email);
    await t.db.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(code)]);
    expect((await gqlFrom(t, newAddress(), RESET, { t: code, n: 'a-reset-new-password' })).errors![0].extensions.reason).toBe('RESET_TOKEN_INVALID');
    expect((await gqlFrom(t, newAddress(), RESET, { t: 'hdm_pwr_' + 'x'.repeat(43), n: 'a-reset-new-password' })).errors![0].extensions.reason).toBe('RESET_TOKEN_INVALID');
  });

  it('uses a code once when it is sent many times at once: one reset succeeds, the others are refused with a code', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    await gqlFrom(t, newAddress(), REQUEST, { e: org.email });
    const [code] = await codesFor(org.email);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => gqlFrom(t, newAddress(), RESET, { t: code, n: `concurrent-password-${i}` })));
    const winners = answers.flatMap((r, i) => (r.data?.resetPassword ? [i] : []));
    expect(winners).toHaveLength(1);
    const codes = answers.filter((r) => r.errors).map((r) => r.errors![0].extensions.code);
    expect(codes).toHaveLength(19);
    expect(codes.every((c) => c === 'BAD_USER_INPUT' || c === 'CONFLICT')).toBe(true);
    expect((await signIn(t, newAddress(), org.email, `concurrent-password-${winners[0]}`)).errors).toBeUndefined();
  });

  it('lifts a sign-in lockout with a reset: the owner of the mailbox gets back in', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    for (let i = 0; i < 4; i++) await signIn(t, newAddress(), org.email, 'not-the-password');
    expect((await signIn(t, newAddress(), org.email, PASSWORD)).errors![0].extensions.code).toBe('TOO_MANY_REQUESTS');
    await gqlFrom(t, newAddress(), REQUEST, { e: org.email });
    const [code] = await codesFor(org.email);
    await gqlFrom(t, newAddress(), RESET, { t: code, n: 'a-reset-new-password' });
    expect((await signIn(t, newAddress(), org.email, 'a-reset-new-password')).errors).toBeUndefined();
  });

  it('limits reset requests per e-mail, known or not, and per client address', async () => {
    const org = await signUpOrganization(t, 'HOSPITAL');
    const nobody = unknownEmail();
    for (const email of [org.email, nobody]) {
      for (let i = 0; i < 3; i++) expect((await gqlFrom(t, newAddress(), REQUEST, { e: email })).data).toEqual({ requestPasswordReset: true });
    }
    const known = await gqlFrom(t, newAddress(), REQUEST, { e: org.email });
    const unknown = await gqlFrom(t, newAddress(), REQUEST, { e: nobody });
    expect(known.errors![0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS', reason: 'PASSWORD_RESET_LIMITED', retryAfterSeconds: expect.any(Number) } });
    expect(unknown.errors![0].message).toBe(known.errors![0].message);
    await codesFor(org.email, 3);

    const address = newAddress();
    for (let i = 0; i < 10; i++) await gqlFrom(t, address, REQUEST, { e: unknownEmail() });
    expect((await gqlFrom(t, address, REQUEST, { e: unknownEmail() })).errors![0].extensions.reason).toBe('PASSWORD_RESET_LIMITED');
  });
});
