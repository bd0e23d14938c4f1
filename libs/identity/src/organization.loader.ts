import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoaderContext, perRequest } from '@app/core';
import { OrganizationEntity, UserEntity } from './identity.entities';
import { IdentityService } from './identity.service';

export function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | Error)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? new Error(`missing ${id}`));
}

/** Batches organisation and user look-ups of nested fields into one query per request. */
@Injectable()
export class IdentityLoaders {
  constructor(private readonly identity: IdentityService) {}

  organization(ctx: LoaderContext, id: string): Promise<OrganizationEntity> {
    return perRequest<string, OrganizationEntity>(ctx, 'organization', () =>
      new DataLoader(async (ids) => byId(ids, await this.identity.organizationsByIds(ids))),
    ).load(id);
  }

  user(ctx: LoaderContext, id: string): Promise<UserEntity> {
    return perRequest<string, UserEntity>(ctx, 'user', () =>
      new DataLoader(async (ids) => byId(ids, await this.identity.usersByIds(ids))),
    ).load(id);
  }
}
