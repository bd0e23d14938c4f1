import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditEntry } from './audit.entity';

/** Who changed what: written in the same transaction as the change itself. */
@Injectable()
export class AuditService {
  async record(
    manager: EntityManager,
    actor: Actor | null,
    action: string,
    entityType: string,
    entityId: string,
    changes: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.insert(AuditEntry, {
      actorUserId: actor?.userId ?? null,
      actorApiKeyId: actor?.apiKeyId ?? null,
      organizationId: actor?.organizationId ?? null,
      action,
      entityType,
      entityId,
      changes: changes as object,
    });
  }
}
