import * as crypto from 'node:crypto';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Looked up at each call (not bound once), so that a test can count the hashes a request costs.
const scrypt = (password: string, salt: Buffer, length: number) => new Promise<Buffer>((resolve, reject) =>
  crypto.scrypt(password, salt, length, (error, key) => (error ? reject(error) : resolve(key))));

export const API_KEY_PREFIX = 'hdm_key_';
export const SESSION_PREFIX = 'hdm_ses_';
export const INVITATION_PREFIX = 'hdm_inv_';
export const PASSWORD_RESET_PREFIX = 'hdm_pwr_';

/** A new random secret token; only its hash is stored. */
export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens carry 256 bits of entropy, so an unsalted SHA-256 is a safe lookup key. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

// Checked instead of a hash when no account has the e-mail, so that the answer costs the same.
const STAND_IN_HASH = hashPassword(randomBytes(16).toString('hex'));
STAND_IN_HASH.catch(() => undefined);

/**
 * Checks `password` against a user's stored hash, or against a stand-in hash when there is no
 * such user (`stored` null), which is never a match: one scrypt either way, so the time of the
 * answer does not tell whether an e-mail has an account.
 */
export async function verifyPasswordOrStandIn(password: string, stored: string | null): Promise<boolean> {
  const matches = await verifyPassword(password, stored ?? (await STAND_IN_HASH));
  return stored !== null && matches;
}
