import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, UuidPipe } from '@app/core';
import { OfferingModel, OfferingProducers, OfferingService, toOfferingModel } from '@app/catalog';
import { OfferingLicenceInput } from './dto/licence-template.inputs';
import { toVersionModel } from './licence-template.mappers';
import { OfferingLicenceModel } from './licence-template.models';
import { LicensingContext, LicensingLoaders } from './licensing.loaders';
import { OfferingLicenceService } from './offering-licence.service';

/** The licences on the catalog's Offering type. */
@Resolver(() => OfferingModel)
export class OfferingLicenceResolver {
  constructor(
    private readonly offeringLicences: OfferingLicenceService,
    private readonly offerings: OfferingService,
    private readonly loaders: LicensingLoaders,
    private readonly producers: OfferingProducers,
  ) {}

  @Mutation(() => OfferingModel, {
    description: 'Producer PUBLISHER or ADMIN: replaces the licences the offering accepts, in order (published standard versions or your own)',
  })
  async setOfferingLicences(
    @CurrentActor() actor: Actor,
    @Args('offeringId', { type: () => ID, description: 'One of your organisation\'s offerings' }, UuidPipe) offeringId: string,
    @Args('licences', { type: () => [OfferingLicenceInput], description: 'Every licence the offering accepts, in the order buyers see them; [] removes them all' }) licences: OfferingLicenceInput[],
    @Context() ctx: LicensingContext,
  ) {
    await this.offeringLicences.setLicences(actor, offeringId, licences);
    return toOfferingModel(await this.offerings.get(actor, offeringId), this.producers.of(ctx));
  }

  @ResolveField(() => [OfferingLicenceModel], { complexity: 5, description: 'The licences a buyer may contract under, each with its tariff' })
  async licences(@Parent() o: OfferingModel, @Context() ctx: LicensingContext): Promise<OfferingLicenceModel[]> {
    const rows = await this.loaders.licencesOfOffering(ctx, o.id);
    return rows.map((r) => ({ templateVersion: toVersionModel(r), tariffVersionId: r.tariffVersionId }));
  }
}
