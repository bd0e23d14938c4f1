import { Args, Context, Extensions, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, ConnectionArgs, CurrentActor, LoaderContext, Public, decodeCursor, toConnection, UuidPipe, NO_PUBLIC_CACHE } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { EstimateArgs, RequestQuoteArgs } from './dto/pricing.args';
import { PricingLoaders } from './pricing.loader';
import { toEstimateModel, toQuoteModel, toTariffVersionModel } from './pricing.mappers';
import { EstimateModel, QuoteConnection, QuoteModel, QuotedOfferingModel } from './quote.models';
import { QuoteService } from './quote.service';
import { TariffVersionModel } from './tariff.models';


const TARIFF_ID = { type: () => ID, nullable: true, description: 'Needed only when the offering has several tariffs in effect' };

@Resolver(() => QuoteModel)
export class QuoteResolver {
  constructor(
    private readonly service: QuoteService,
    private readonly loaders: PricingLoaders,
    private readonly identity: IdentityLoaders,
  ) {}

  @Public()
  // A price depends on today's tariff: never served from the public response cache.
  @Query(() => EstimateModel, {
    description: 'Prices a request for a published offering with the tariff in effect today; saves nothing. A buyer organisation is priced as itself',
  })
  @Extensions(NO_PUBLIC_CACHE.extensions)
  async estimate(
    @CurrentActor() actor: Actor | null,
    @Args('offeringId', { type: () => ID }, UuidPipe) offeringId: string,
    @Args('tariffId', TARIFF_ID, UuidPipe) tariffId: string | null,
    @Args() args: EstimateArgs,
  ): Promise<EstimateModel> {
    return toEstimateModel(await this.service.estimate(actor, offeringId, tariffId ?? null, args));
  }

  @Query(() => EstimateModel, {
    description: "Producer (PUBLISHER or ADMIN): prices a request with your own tariff's latest version, its draft included, for a buyer of the given category; saves nothing, and buyers see none of it until the tariff is published",
  })
  @Extensions(NO_PUBLIC_CACHE.extensions)
  async previewTariff(
    @CurrentActor() actor: Actor,
    @Args('tariffId', { type: () => ID }, UuidPipe) tariffId: string,
    @Args() args: EstimateArgs,
  ): Promise<EstimateModel> {
    return toEstimateModel(await this.service.preview(actor, tariffId, args));
  }

  @Mutation(() => QuoteModel, { description: 'Saves a binding quote for your buyer organisation (BUYER or ADMIN); it freezes the offering and tariff versions' })
  async requestQuote(
    @CurrentActor() actor: Actor,
    @Args('offeringId', { type: () => ID }, UuidPipe) offeringId: string,
    @Args('tariffId', TARIFF_ID, UuidPipe) tariffId: string | null,
    @Args() args: RequestQuoteArgs,
  ): Promise<QuoteModel> {
    return toQuoteModel(await this.service.request(actor, offeringId, tariffId ?? null, args));
  }

  @Query(() => QuoteModel, { description: 'A quote of your organisation, as buyer or producer' })
  async quote(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<QuoteModel> {
    return toQuoteModel(await this.service.get(actor, id));
  }

  @Query(() => QuoteConnection, { description: 'Quotes your organisation asked for or was asked for, newest first' })
  async quotes(@CurrentActor() actor: Actor, @Args() args: ConnectionArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.service.list(actor, offset, args.first ?? 20);
    const now = new Date();
    return toConnection(rows.map((q) => toQuoteModel(q, now)), total, offset);
  }

  @ResolveField(() => QuotedOfferingModel)
  async offering(@Parent() q: QuoteModel, @Context() ctx: LoaderContext): Promise<QuotedOfferingModel> {
    const v = await this.loaders.offeringVersion(ctx, q.offeringVersionId);
    return { id: q.offeringId, version: v.versionNo, titleFr: v.content.title.fr, titleEn: v.content.title.en };
  }

  @ResolveField(() => TariffVersionModel, { description: 'The tariff version the quote froze' })
  async tariffVersion(@Parent() q: QuoteModel, @Context() ctx: LoaderContext): Promise<TariffVersionModel> {
    return toTariffVersionModel(await this.loaders.tariffVersion(ctx, q.tariffVersionId));
  }

  @ResolveField(() => OrganizationModel)
  async buyer(@Parent() q: QuoteModel, @Context() ctx: LoaderContext): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(ctx, q.buyerId));
  }

  @ResolveField(() => OrganizationModel)
  async producer(@Parent() q: QuoteModel, @Context() ctx: LoaderContext): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(ctx, q.producerId));
  }
}
