import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '@app/core';
import { loadOrCreateSealCertificate, type LoadedSealCertificate, type SealingKey } from './signing';

/**
 * The platform's sealing key, loaded once at start: the P12 given by SEAL_P12_PATH and
 * SEAL_P12_PASSPHRASE, or else a self-signed certificate created (then reused) under
 * <DATA_DIR>/certs for the embedded default.
 */
@Injectable()
export class SealKeyProvider implements OnModuleInit {
  private loaded: LoadedSealCertificate | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.loaded = loadOrCreateSealCertificate({
      p12Path: this.config.sealP12Path ?? undefined,
      passphrase: this.config.sealP12Passphrase ?? undefined,
      devDir: path.join(this.config.dataDir, 'certs'),
    });
  }

  get key(): SealingKey {
    if (!this.loaded) throw new Error('the sealing key is loaded when the module starts');
    return this.loaded.key;
  }

  /** The name the seal shows in PDF readers: the certificate's organisation, else its common name. */
  get sealName(): string {
    const subject = this.key.subject;
    return subject.organization ?? subject.commonName ?? 'Plateforme';
  }
}
