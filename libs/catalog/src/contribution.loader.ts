import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoaderContext, perRequest } from '@app/core';
import { ContributionService } from './contribution.service';
import { OfferingContributorEntity } from './offering.entities';

/** Batches the contributors of every version in a response into one query. */
@Injectable()
export class ContributionLoaders {
  constructor(private readonly contributions: ContributionService) {}

  contributorsOf(ctx: LoaderContext, versionId: string): Promise<OfferingContributorEntity[]> {
    return perRequest<string, OfferingContributorEntity[]>(ctx, 'offeringContributors', () =>
      new DataLoader((ids) => this.contributions.contributorsOf(ids)),
    ).load(versionId);
  }
}
