import { Injectable } from '@nestjs/common';
import { LoaderContext } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { ProducerOf } from './offering.mappers';

const LOADED = 'offering-producers';

/**
 * The producers of the offerings a request returns. A page of results loads its producers
 * at once (one batch, as the organisation loader would), so that each row then answers
 * `producer` synchronously: no resolver call and no promise per row. Anything else goes
 * through the request's organisation loader.
 */
@Injectable()
export class OfferingProducers {
  constructor(private readonly identity: IdentityLoaders) {}

  of(ctx: LoaderContext): ProducerOf {
    const loaded = this.loaded(ctx);
    return (id) => loaded.get(id) ?? this.identity.organization(ctx, id).then(toOrganizationModel);
  }

  async preload(ctx: LoaderContext, ids: Iterable<string>): Promise<void> {
    const loaded = this.loaded(ctx);
    const missing = [...new Set(ids)].filter((id) => !loaded.has(id));
    const organizations = await Promise.all(missing.map((id) => this.identity.organization(ctx, id)));
    for (const o of organizations) loaded.set(o.id, toOrganizationModel(o));
  }

  private loaded(ctx: LoaderContext): Map<string, OrganizationModel> {
    ctx.loaders ??= new Map();
    let loaded = ctx.loaders.get(LOADED) as Map<string, OrganizationModel> | undefined;
    if (!loaded) ctx.loaders.set(LOADED, (loaded = new Map()));
    return loaded;
  }
}
