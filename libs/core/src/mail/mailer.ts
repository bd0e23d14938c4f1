import { Inject, Injectable, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig, MailSettings } from '../config/config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail to people; MAIL_TRANSPORT picks the adapter. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}

/** Through an SMTP relay (SMTP_URL). nodemailer logs nothing unless asked. */
export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: MailSettings) {
    super();
    this.transport = createTransport(settings.smtpUrl!);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.settings.from, ...message });
  }
}

/**
 * Development and tests: each message becomes one JSON file in MAIL_OUTBOX_DIR, written whole
 * (renamed into place) so that a reader never sees half a message.
 */
export class OutboxMailer extends Mailer {
  constructor(private readonly settings: MailSettings) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    await fs.mkdir(this.settings.outboxDir, { recursive: true, mode: 0o700 });
    const sentAt = new Date().toISOString();
    const name = `${sentAt.replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.json`;
    const file = path.join(this.settings.outboxDir, name);
    await fs.writeFile(`${file}.tmp`, JSON.stringify({ from: this.settings.from, ...message, sentAt }, null, 2), { mode: 0o600 });
    await fs.rename(`${file}.tmp`, file);
  }
}

@Injectable()
class ConfiguredMailer extends Mailer {
  private readonly adapter: Mailer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.adapter = config.mail.transport === 'smtp' ? new SmtpMailer(config.mail) : new OutboxMailer(config.mail);
  }

  send(message: MailMessage): Promise<void> {
    return this.adapter.send(message);
  }
}

@Module({
  providers: [{ provide: Mailer, useClass: ConfiguredMailer }],
  exports: [Mailer],
})
export class MailModule {}
