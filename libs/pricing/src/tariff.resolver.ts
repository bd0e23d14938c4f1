import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Actor, ConnectionArgs, CurrentActor, LoaderContext, Public, decodeCursor, parisDay, toConnection, UuidPipe } from '@app/core';
import { CreateTariffArgs } from './dto/pricing.args';
import { PricingLoaders } from './pricing.loader';
import { toGridModel, toTariffModel, toTariffVersionModel } from './pricing.mappers';
import { TariffVersionStatus } from './tariff.entities';
import { StandardTariffGridConnection, TariffConnection, TariffModel, TariffVersionModel } from './tariff.models';
import { TariffService } from './tariff.service';

type Ctx = LoaderContext & { req: { actor?: Actor | null } };

@Resolver(() => TariffModel)
export class TariffResolver {
  constructor(private readonly service: TariffService, private readonly loaders: PricingLoaders) {}

  @Public()
  @Query(() => StandardTariffGridConnection, { description: 'The standard tariff grids a producer starts from' })
  standardTariffGrids(@Args() args: ConnectionArgs) {
    const offset = decodeCursor(args.after);
    const grids = this.service.standardGrids();
    return toConnection(grids.slice(offset, offset + (args.first ?? 20)).map(toGridModel), grids.length, offset);
  }

  @Public()
  @Query(() => TariffConnection, { description: 'An offering\'s tariffs: all versions for its producer, published versions for others' })
  async tariffs(
    @CurrentActor() actor: Actor | null,
    @Args('offeringId', { type: () => ID }, UuidPipe) offeringId: string,
    @Args() args: ConnectionArgs,
  ) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.service.list(actor, offeringId, offset, args.first ?? 20);
    return toConnection(rows.map(toTariffModel), total, offset);
  }

  @Mutation(() => TariffModel, { description: 'Creates a tariff for one of your offerings, from a standard grid or a definition; version 1 is a draft (producer PUBLISHER or ADMIN)' })
  async createTariff(
    @CurrentActor() actor: Actor,
    @Args('offeringId', { type: () => ID }, UuidPipe) offeringId: string,
    @Args() args: CreateTariffArgs,
  ) {
    return toTariffModel(await this.service.create(actor, offeringId, args));
  }

  @Mutation(() => TariffModel, { description: 'Replaces the draft\'s definition; when the latest version is published, starts the next version as a draft' })
  async updateTariffDraft(
    @CurrentActor() actor: Actor,
    @Args('tariffId', { type: () => ID }, UuidPipe) tariffId: string,
    @Args('definition', { type: () => GraphQLJSON, description: 'The whole tariff definition (engine format)' }) definition: unknown,
  ) {
    return toTariffModel(await this.service.updateDraft(actor, tariffId, definition));
  }

  @Mutation(() => TariffModel, { description: 'Publishes the draft: immutable from now on, applied from effectiveFrom; the version in effect before ends the day before' })
  async publishTariff(
    @CurrentActor() actor: Actor,
    @Args('tariffId', { type: () => ID }, UuidPipe) tariffId: string,
    @Args('effectiveFrom', { description: 'First day it applies, YYYY-MM-DD (French time), today or later' }) effectiveFrom: string,
  ) {
    return toTariffModel(await this.service.publish(actor, tariffId, effectiveFrom));
  }

  @ResolveField(() => [TariffVersionModel], { description: 'Newest first; drafts are shown to the producer only' })
  async versions(@Parent() t: TariffModel, @Context() ctx: Ctx): Promise<TariffVersionModel[]> {
    const owner = ctx.req.actor?.organizationId === t.producerId;
    return (await this.loaders.tariffVersions(ctx, t.id, owner)).map(toTariffVersionModel);
  }

  @ResolveField(() => TariffVersionModel, { nullable: true, description: 'The published version in effect today (French time)' })
  async currentVersion(@Parent() t: TariffModel, @Context() ctx: Ctx): Promise<TariffVersionModel | null> {
    const owner = ctx.req.actor?.organizationId === t.producerId;
    const today = parisDay(new Date());
    const current = (await this.loaders.tariffVersions(ctx, t.id, owner)).find((v) =>
      v.status === TariffVersionStatus.PUBLISHED && v.effectiveFrom! <= today && (v.effectiveTo === null || v.effectiveTo >= today));
    return current ? toTariffVersionModel(current) : null;
  }
}
