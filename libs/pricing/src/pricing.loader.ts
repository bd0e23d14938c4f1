import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoaderContext, perRequest } from '@app/core';
import { OfferingService, type OfferingVersionEntity } from '@app/catalog';
import { byId } from '@app/identity';
import { TariffVersionEntity } from './tariff.entities';
import { TariffService } from './tariff.service';

/** Batches the nested fields of tariffs and quotes into one query per request. */
@Injectable()
export class PricingLoaders {
  constructor(private readonly tariffs: TariffService, private readonly offerings: OfferingService) {}

  /** A tariff's versions, newest first; drafts only when `owner`. */
  tariffVersions(ctx: LoaderContext, tariffId: string, owner: boolean): Promise<TariffVersionEntity[]> {
    return perRequest<{ id: string; owner: boolean }, TariffVersionEntity[]>(ctx, 'tariffVersions', () =>
      new DataLoader((keys) => this.tariffs.versionsOf(keys.map((k) => k.id), new Set(keys.filter((k) => k.owner).map((k) => k.id))), {
        cacheKeyFn: (k) => `${k.id}:${k.owner}`,
      }),
    ).load({ id: tariffId, owner });
  }

  tariffVersion(ctx: LoaderContext, id: string): Promise<TariffVersionEntity> {
    return perRequest<string, TariffVersionEntity>(ctx, 'tariffVersion', () =>
      new DataLoader(async (ids) => byId(ids, await this.tariffs.versionsByIds(ids))),
    ).load(id);
  }

  offeringVersion(ctx: LoaderContext, id: string): Promise<OfferingVersionEntity> {
    return perRequest<string, OfferingVersionEntity>(ctx, 'quotedOfferingVersion', () =>
      new DataLoader(async (ids) => byId(ids, await this.offerings.versionsByIds(ids))),
    ).load(id);
  }
}
