import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, TooManyRequestsError, hashToken } from '@app/core';
import { IdentityReason } from './identity.errors';

type Limiter = RateLimiterPostgres;

const isLimit = (e: unknown): e is RateLimiterRes => e instanceof RateLimiterRes;

/**
 * Attempts counted in PostgreSQL (table rate_limits, through TypeORM's pool), so that every API
 * process and replica sees one count: rate-limiter-flexible's atomic upserts. An attempt takes
 * its point before the password is checked, so that concurrent guesses cannot all pass the
 * count; a successful sign-in gives it back. Keys are hashes of the e-mail or address, which
 * every limit counts whether or not an account exists.
 */
@Injectable()
export class AttemptLimits implements OnModuleDestroy {
  private readonly signInByEmail: Limiter;
  private readonly signInByAddress: Limiter;
  private readonly resetByEmail: Limiter;
  private readonly resetByAddress: Limiter;
  private readonly sweeper: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly db: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    const limiter = (keyPrefix: string, points: number, duration: number, blockDuration = 0) => new RateLimiterPostgres({
      storeClient: db, storeType: 'typeorm', tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false,
      keyPrefix, points, duration, blockDuration,
    });
    const { signIn, passwordReset } = config;
    this.signInByEmail = limiter('sign-in:email', signIn.maxFailures, signIn.windowSeconds, signIn.lockoutSeconds);
    this.signInByAddress = limiter('sign-in:address', signIn.maxFailuresPerAddress, signIn.windowSeconds, signIn.lockoutSeconds);
    this.resetByEmail = limiter('password-reset:email', passwordReset.maxPerEmail, passwordReset.windowSeconds);
    this.resetByAddress = limiter('password-reset:address', passwordReset.maxPerAddress, passwordReset.windowSeconds);
    // Counters an hour past their expiry are of no use to anyone.
    this.sweeper = setInterval(() => void this.db.query('DELETE FROM rate_limits WHERE expire < $1', [Date.now() - 3600_000]).catch(() => undefined), 300_000).unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweeper);
  }

  /**
   * Takes a sign-in attempt for the e-mail and the client address, or refuses it while either is
   * locked (whatever the password). Give it back with signInSucceeded.
   */
  async signInAttempt(email: string, address: string): Promise<void> {
    const [byEmail, byAddress] = await Promise.allSettled([
      this.signInByEmail.consume(hashToken(email)), this.signInByAddress.consume(hashToken(address)),
    ]);
    for (const r of [byEmail, byAddress]) if (r.status === 'rejected' && !isLimit(r.reason)) throw r.reason;
    if (byEmail.status === 'rejected') {
      throw new TooManyRequestsError(
        `Too many failed sign-ins for this e-mail: it is locked for ${seconds(byEmail.reason)} s, whatever the password; try again then, or reset the password (requestPasswordReset)`,
        seconds(byEmail.reason),
      ).because(IdentityReason.SIGN_IN_LOCKED);
    }
    if (byAddress.status === 'rejected') {
      throw new TooManyRequestsError(
        `Too many failed sign-ins from your address: sign-ins from it are refused for ${seconds(byAddress.reason)} s`,
        seconds(byAddress.reason),
      ).because(IdentityReason.ADDRESS_LOCKED);
    }
  }

  /** The right password: the e-mail's count of failures starts again, the address gets its point back. */
  async signInSucceeded(email: string, address: string | null): Promise<void> {
    await Promise.all([
      this.signInByEmail.delete(hashToken(email)),
      address === null ? null : this.signInByAddress.reward(hashToken(address)),
    ]);
  }

  /** Reset requests: a few per e-mail and per address in each window, the same answer for unknown e-mails. */
  async resetRequest(email: string, address: string): Promise<void> {
    const results = await Promise.allSettled([
      this.resetByEmail.consume(hashToken(email)), this.resetByAddress.consume(hashToken(address)),
    ]);
    for (const r of results) if (r.status === 'rejected' && !isLimit(r.reason)) throw r.reason;
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused.length) {
      const wait = Math.max(...refused.map((r) => seconds(r.reason)));
      throw new TooManyRequestsError(
        `Too many password-reset requests for this e-mail or from your address: try again in ${wait} s (a message already sent stays valid for ${this.config.passwordReset.ttlMinutes} minutes)`,
        wait,
      ).because(IdentityReason.PASSWORD_RESET_LIMITED);
    }
  }
}

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
