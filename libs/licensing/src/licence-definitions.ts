import { Injectable } from '@nestjs/common';
import type { TemplateDefinition } from './engine';
import { LicenceVersionStatus } from './licence-template.entities';

const KEPT = 100;

/**
 * Definitions of licence versions past DRAFT, kept in memory: they never change (a database
 * trigger refuses it) and weigh about 100 KB each, so a page that shows licences reads
 * them from the database once per process instead of once per request and offering.
 * Frozen, so that no caller can alter what the next one reads. The oldest goes first.
 */
@Injectable()
export class LicenceDefinitions {
  private readonly byId = new Map<string, TemplateDefinition>();

  /** The definitions known among `ids`, at this moment. */
  known(ids: readonly string[]): Map<string, TemplateDefinition> {
    const found = new Map<string, TemplateDefinition>();
    for (const id of ids) {
      const d = this.byId.get(id);
      if (d) found.set(id, d);
    }
    return found;
  }

  /** The definition to use for a version read from the database: kept when it can no longer change. */
  keep(id: string, status: string, definition: TemplateDefinition): TemplateDefinition {
    if (status === LicenceVersionStatus.DRAFT) return definition;
    if (this.byId.size >= KEPT) this.byId.delete(this.byId.keys().next().value!);
    const frozen = deepFreeze(definition);
    this.byId.set(id, frozen);
    return frozen;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
