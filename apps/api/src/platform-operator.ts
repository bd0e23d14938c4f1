import { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@app/core';
import { IdentityService } from '@app/identity';

/**
 * The platform operator's first admin. Configured by PLATFORM_OPERATOR_EMAIL/PASSWORD; on
 * the embedded development database without them, generated once and kept in
 * <DATA_DIR>/platform-operator.json (git-ignored, mode 0600) so that a newcomer can sign in.
 */
export async function ensurePlatformOperator(app: INestApplication, config: AppConfig, embedded: boolean): Promise<string | null> {
  let email = config.platformOperatorEmail;
  let password = config.platformOperatorPassword;
  const file = path.join(config.dataDir, 'platform-operator.json');
  if (!email || !password) {
    if (!embedded) return null;
    if (fs.existsSync(file)) {
      ({ email, password } = JSON.parse(fs.readFileSync(file, 'utf8')));
    } else {
      email = 'operator@platform.local';
      password = randomBytes(18).toString('base64url');
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ email, password }, null, 2), { mode: 0o600 });
    }
  }
  await app.get(IdentityService).bootstrapPlatformOperator({ email: email!, password: password!, displayName: 'Platform operator' });
  return email;
}
