import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import {
  APP_CONFIG, Actor, AppConfig, AuditService, BadInputError, DomainError, ErrorCode, ForbiddenError, Mailer, PASSWORD_RESET_PREFIX,
  hashPassword, hashToken, inTurn, newToken, redactError, verifyPassword,
} from '@app/core';
import { AttemptLimits } from './attempt-limits';
import { IdentityReason } from './identity.errors';
import { ChangePasswordInput, ResetPasswordInput } from './dto/identity.inputs';
import { PasswordResetEntity, SessionEntity, UserEntity } from './identity.entities';

/** Changing a password (signed in) and resetting a forgotten one (a single-use code sent by mail). */
@Injectable()
export class PasswordService implements OnApplicationShutdown {
  private readonly logger = new Logger('PasswordService');
  /** Reset messages being written and sent after their request was answered. */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly limits: AttemptLimits,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.sending);
  }

  /**
   * The signed-in person changes their password, giving the current one (wrong guesses count
   * towards the sign-in lockout). Their other sessions end and their reset codes stop working.
   */
  async change(actor: Actor, input: ChangePasswordInput, currentToken: string, address: string): Promise<void> {
    if (actor.kind !== 'USER' || !actor.userId) {
      throw new ForbiddenError('A password belongs to a person: sign in (signIn) and change it with that session, not with an API key');
    }
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: actor.userId });
    await this.limits.signInAttempt(user.email, address);
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throw BadInputError.field('input.currentPassword', 'is not your current password');
    }
    await this.limits.signInSucceeded(user.email, address);
    if (input.newPassword === input.currentPassword) throw BadInputError.field('input.newPassword', 'must differ from the current password');
    const passwordHash = await hashPassword(input.newPassword);
    await this.db.transaction(async (m) => {
      const now = new Date();
      await m.update(UserEntity, { id: user.id }, { passwordHash });
      const sessions = await m.update(SessionEntity, { userId: user.id, revokedAt: IsNull(), tokenHash: Not(hashToken(currentToken)) }, { revokedAt: now });
      await m.update(PasswordResetEntity, { userId: user.id, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
      await this.audit.record(m, actor, 'user.password_changed', 'User', user.id, { otherSessionsEnded: sessions.affected ?? 0 });
    });
  }

  /**
   * Sends a reset code to the e-mail if it has an account. The answer is the same, and as quick,
   * either way: the code is created and mailed after the answer. Requests are limited per e-mail
   * and per client address, known or not.
   */
  async requestReset(email: string, address: string): Promise<void> {
    const normalized = email.toLowerCase();
    await this.limits.resetRequest(normalized, address);
    const user = await this.db.getRepository(UserEntity).findOne({ where: { email: normalized }, select: { id: true, email: true, displayName: true } });
    if (!user) return;
    const sending = this.sendResetCode(user).catch((e) => this.logger.error({ err: redactError(e), userId: user.id }, 'the password-reset message could not be sent'));
    this.sending.add(sending);
    void sending.finally(() => this.sending.delete(sending));
  }

  private async sendResetCode(user: Pick<UserEntity, 'id' | 'email' | 'displayName'>): Promise<void> {
    const token = newToken(PASSWORD_RESET_PREFIX);
    const { ttlMinutes } = this.config.passwordReset;
    await this.db.transaction(async (m) => {
      await m.insert(PasswordResetEntity, { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMinutes * 60_000), usedAt: null, revokedAt: null });
      await this.audit.record(m, null, 'user.password_reset_requested', 'User', user.id);
    });
    await this.mailer.send({ to: user.email, ...resetMessage(user.displayName, token, ttlMinutes, this.config.publicBaseUrl) });
  }

  /**
   * Sets a new password with a reset code: the code is used up, the user's other codes stop
   * working, every session of the user ends (they sign in again) and a sign-in lockout of the
   * e-mail is lifted.
   */
  async reset(input: ResetPasswordInput): Promise<void> {
    const tokenHash = hashToken(input.token);
    const email = await inTurn(`password_reset:${tokenHash}`, () => this.db.transaction(async (m) => {
      const reset = await m.findOne(PasswordResetEntity, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      if (!reset || reset.usedAt || reset.revokedAt || reset.expiresAt <= now) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'This password-reset code is unknown, used or expired: ask for a new one (requestPasswordReset)', {
          fields: [{ field: 'input.token', message: 'is unknown, used or expired' }],
        }).because(IdentityReason.RESET_TOKEN_INVALID);
      }
      // Hashed only for a valid code, once: codes that are guessed or sent again cost no scrypt.
      const passwordHash = await hashPassword(input.newPassword);
      await m.update(PasswordResetEntity, { id: reset.id }, { usedAt: now });
      await m.update(PasswordResetEntity, { userId: reset.userId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
      await m.update(UserEntity, { id: reset.userId }, { passwordHash });
      const sessions = await m.update(SessionEntity, { userId: reset.userId, revokedAt: IsNull() }, { revokedAt: now });
      await this.audit.record(m, null, 'user.password_reset', 'User', reset.userId, { sessionsEnded: sessions.affected ?? 0 });
      return (await m.findOneByOrFail(UserEntity, { id: reset.userId })).email;
    }));
    await this.limits.signInSucceeded(email, null);
  }
}

function resetMessage(name: string, token: string, ttlMinutes: number, base: string) {
  return {
    subject: 'Réinitialisation de votre mot de passe / Password reset',
    text: [
      `Bonjour ${name},`,
      '',
      `Une réinitialisation du mot de passe de votre compte sur ${base} a été demandée. Ce code la permet une fois, pendant ${ttlMinutes} minutes (mutation resetPassword) :`,
      '',
      token,
      '',
      'Si vous n\'avez rien demandé, ignorez ce message : votre mot de passe reste le même.',
      '',
      '---',
      '',
      `A password reset was asked for your account on ${base}. This code allows it once, within ${ttlMinutes} minutes (resetPassword mutation):`,
      '',
      token,
      '',
      'If you did not ask for it, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}
