import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import DataLoader from 'dataloader';
import { Actor, CurrentActor, LoaderContext, Public, decodeCursor, perRequest, selects, toConnection, UuidPipe } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { OfferingContentInput, OfferingPatchInput } from './dto/offering.inputs';
import { OfferingSearchArgs } from './dto/offering.args';
import { ContributionLoaders } from './contribution.loader';
import { toContributorModel, toOfferingModel, toVersionModel } from './offering.mappers';
import {
  ContributorModel, OfferingConnection, OfferingFacetsModel, OfferingModel, OfferingVersionModel,
} from './offering.models';
import { OfferingProducers } from './offering-producers';
import { OfferingService } from './offering.service';

type Ctx = LoaderContext & { req: { actor?: Actor | null } };
type ConnectionSource = { args: OfferingSearchArgs; actor: Actor | null; facets?: ReturnType<OfferingService['facets']> };

@Resolver(() => OfferingModel)
export class OfferingResolver {
  constructor(
    private readonly service: OfferingService,
    private readonly identity: IdentityLoaders,
    private readonly contributions: ContributionLoaders,
    private readonly producers: OfferingProducers,
  ) {}

  @Public()
  @Query(() => OfferingConnection, { description: 'Searches the catalog: published offerings, plus your own drafts when signed in' })
  async offerings(@CurrentActor() actor: Actor | null, @Args() args: OfferingSearchArgs, @Context() ctx: Ctx, @Info() info: GraphQLResolveInfo) {
    const offset = decodeCursor(args.after);
    const found = await this.service.search(actor, args, offset);
    // What the page shows next, at the same time: its facets and its rows' producers.
    const source: ConnectionSource = { args, actor };
    if (selects(info, 'facets')) {
      const facets = this.service.facets(actor, args);
      // Awaited by the facets field; a failure of the producers first must not leave it unhandled.
      facets.catch(() => undefined);
      source.facets = facets;
    }
    if (found.views.length && selects(info, 'edges', 'node', 'producer')) {
      await this.producers.preload(ctx, found.views.map((v) => v.offering.producerId));
    }
    const producerOf = this.producers.of(ctx);
    const connection = toConnection(found.views.map((v) => toOfferingModel(v, producerOf)), found.total, offset);
    connection.pageInfo.hasNextPage = found.hasNext;
    return { ...connection, totalCountIsLowerBound: found.totalIsLowerBound, source };
  }

  @Public()
  @Query(() => OfferingModel, { description: 'One offering; `version` picks a version from its history' })
  async offering(
    @CurrentActor() actor: Actor | null,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Context() ctx: Ctx,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ) {
    return toOfferingModel(await this.service.get(actor, id, version ?? undefined), this.producers.of(ctx));
  }

  @Mutation(() => OfferingModel, { description: 'Creates a draft offering (producer PUBLISHER or ADMIN)' })
  async createOffering(@CurrentActor() actor: Actor, @Args('input') input: OfferingContentInput, @Context() ctx: Ctx) {
    return toOfferingModel(await this.service.create(actor, input), this.producers.of(ctx));
  }

  @Mutation(() => OfferingModel, { description: 'Edits an offering; once published, edits go to a new draft version' })
  async updateOffering(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: OfferingPatchInput,
    @Context() ctx: Ctx,
  ) {
    return toOfferingModel(await this.service.update(actor, id, input), this.producers.of(ctx));
  }

  @Mutation(() => OfferingModel, { description: 'Publishes the latest draft version; it becomes immutable' })
  async publishOffering(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string, @Context() ctx: Ctx) {
    return toOfferingModel(await this.service.publish(actor, id), this.producers.of(ctx));
  }

  @Mutation(() => OfferingModel, { description: 'Withdraws the offering from the catalog' })
  async retireOffering(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string, @Context() ctx: Ctx) {
    return toOfferingModel(await this.service.retire(actor, id), this.producers.of(ctx));
  }

  @ResolveField(() => Boolean, {
    description: 'Whether the public catalog lists this offering: it is published and its producer verified by the platform operator',
  })
  async publiclyVisible(@Parent() o: { producerId: string; offeringStatus: string }, @Context() ctx: Ctx): Promise<boolean> {
    return o.offeringStatus === 'PUBLISHED' && (await this.identity.organization(ctx, o.producerId)).verifiedAt !== null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Why nobody outside the producer sees this offering yet, and what makes it visible; null when it is publicly visible' })
  async visibilityNotice(@Parent() o: { producerId: string; offeringStatus: string }, @Context() ctx: Ctx): Promise<string | null> {
    const producer = await this.identity.organization(ctx, o.producerId);
    if (o.offeringStatus === 'RETIRED') return 'Retired: the offering has left the public catalog';
    if (o.offeringStatus !== 'PUBLISHED') return 'Draft: only your organisation sees it until you publish it';
    if (producer.verifiedAt === null) {
      return `Published, but not in the public catalog until the platform operator verifies ${producer.name}: until then only your organisation sees it`;
    }
    return null;
  }

  @ResolveField(() => [ContributorModel], { complexity: 5 })
  async contributors(@Parent() o: { versionId: string }, @Context() ctx: Ctx) {
    return (await this.contributions.contributorsOf(ctx, o.versionId)).map(toContributorModel);
  }

  @ResolveField(() => [OfferingVersionModel], { complexity: 10 })
  async versions(@Parent() o: OfferingModel & { hasUnpublishedChanges: boolean }, @Context() ctx: Ctx) {
    const actor = ctx.req.actor ?? null;
    const loader = perRequest<{ id: string; owner: boolean }, Omit<OfferingVersionModel, 'contributors'>[]>(ctx, 'offeringVersions', () =>
      new DataLoader(async (keys) => {
        const owned = new Set(keys.filter((k) => k.owner).map((k) => k.id));
        const lists = await this.service.versionsOf(keys.map((k) => k.id), owned);
        return lists.map((l) => l.map(toVersionModel));
      }, { cacheKeyFn: (k) => `${k.id}:${k.owner}` }),
    );
    return loader.load({ id: o.id, owner: actor?.organizationId === o.producerId });
  }
}

@Resolver(() => OfferingVersionModel)
export class OfferingVersionResolver {
  constructor(private readonly contributions: ContributionLoaders) {}

  @ResolveField(() => [ContributorModel], { complexity: 5 })
  async contributors(@Parent() v: { id: string }, @Context() ctx: Ctx) {
    return (await this.contributions.contributorsOf(ctx, v.id)).map(toContributorModel);
  }
}

@Resolver(() => OfferingConnection)
export class OfferingConnectionResolver {
  constructor(private readonly offerings: OfferingService) {}

  @ResolveField(() => OfferingFacetsModel)
  facets(@Parent() c: { source: ConnectionSource }) {
    return c.source.facets ?? this.offerings.facets(c.source.actor, c.source.args);
  }
}

@Resolver(() => ContributorModel)
export class ContributorResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => OrganizationModel)
  async organization(@Parent() c: { organizationId: string }, @Context() ctx: Ctx) {
    return toOrganizationModel(await this.identity.organization(ctx, c.organizationId));
  }
}
