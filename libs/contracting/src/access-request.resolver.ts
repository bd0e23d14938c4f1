import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, LoaderContext, UuidPipe, decodeCursor, toConnection } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { LicenceTemplateVersionModel, RedlineKind, toVersionModel } from '@app/licensing';
import { QuoteModel, QuoteRequestInput, toQuoteModel } from '@app/pricing';
import {
  AccessRequestConnection, AccessRequestEventModel, AccessRequestModel, ClauseDeviationModel, RequestedOfferingModel,
} from './access-request.models';
import { AccessRequestService } from './access-request.service';
import { AgreementModel } from './agreement.models';
import { AccessRequestTransitionEnum, DeviationKindEnum, PartySide } from './contracting.enums';
import { ContractingLoaders } from './contracting.loaders';
import { toAccessRequestModel, toAgreementModel } from './contracting.mappers';
import { AccessRequestsArgs, ClauseChangeInput, CreateAccessRequestInput, QuoteAccessRequestInput } from './dto/access-request.inputs';
import { allowedTransitions, mergeProposals, type TransitionName } from './negotiation';

const ID_ARG = { type: () => ID, description: 'The access request' };
const NOTE = { nullable: true, description: 'A message to the other side, kept in the history' };

@Resolver(() => AccessRequestModel)
export class AccessRequestResolver {
  constructor(
    private readonly service: AccessRequestService,
    private readonly loaders: ContractingLoaders,
    private readonly identity: IdentityLoaders,
  ) {}

  @Mutation(() => AccessRequestModel, { description: 'Buyer (BUYER or ADMIN): a request in DRAFT for a published offering under one of its licences, with its estimate' })
  async createAccessRequest(@CurrentActor() actor: Actor, @Args('input') input: CreateAccessRequestInput): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.create(actor, input));
  }

  @Mutation(() => AccessRequestModel, { description: 'Buyer: DRAFT -> SUBMITTED, the producer may now review it' })
  async submitAccessRequest(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('note', NOTE) note?: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, 'submit', note ?? null));
  }

  @Mutation(() => AccessRequestModel, { description: 'Producer (PUBLISHER or ADMIN): SUBMITTED -> UNDER_REVIEW' })
  async startAccessRequestReview(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('note', NOTE) note?: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, 'startReview', note ?? null));
  }

  @Mutation(() => AccessRequestModel, { description: 'Producer: a binding quote priced with the frozen tariff version, with the clause changes it proposes (-> QUOTED)' })
  async quoteAccessRequest(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG, UuidPipe) id: string,
    @Args('input', { type: () => QuoteAccessRequestInput, nullable: true }) input?: QuoteAccessRequestInput,
  ): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.quote(actor, id, input ?? {}));
  }

  @Mutation(() => AccessRequestModel, { description: 'Buyer: answers a quote with changes of negotiable clauses (locked ones cannot move) and/or other tariff options (-> COUNTER_PROPOSED)' })
  async counterProposeAccessRequest(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG, UuidPipe) id: string,
    @Args('changes', { type: () => [ClauseChangeInput], description: 'Changes of negotiable clauses' }) changes: ClauseChangeInput[],
    @Args('note', NOTE) note?: string,
    @Args('pricing', { type: () => QuoteRequestInput, nullable: true, description: 'Other tariff options, priced at once' }) pricing?: QuoteRequestInput,
  ): Promise<AccessRequestModel> {
    // An absent optional input may reach here as an empty object: only given options are priced.
    const options = pricing && Object.keys(JSON.parse(JSON.stringify(pricing))).length ? pricing : null;
    return toAccessRequestModel(await this.service.counterPropose(actor, id, changes, note ?? null, options));
  }

  @Mutation(() => AccessRequestModel, { description: 'The side that did not make the last proposal accepts it: the agreement is issued at once (-> AGREEMENT_ISSUED)' })
  async acceptAccessRequest(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('note', NOTE) note?: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.accept(actor, id, note ?? null));
  }

  @Mutation(() => AccessRequestModel, { description: 'Producer: rejects the request, giving a reason (-> REJECTED)' })
  async rejectAccessRequest(
    @CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('reason', { description: 'Why, for the buyer' }) reason: string,
  ): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, 'reject', reason));
  }

  @Mutation(() => AccessRequestModel, { description: 'Producer: asks the buyer for more information (-> INFORMATION_REQUESTED)' })
  async requestInformation(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('note', { description: 'What is needed' }) note: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, 'requestInformation', note));
  }

  @Mutation(() => AccessRequestModel, { description: 'Buyer: answers a request for information (-> UNDER_REVIEW)' })
  async provideInformation(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('note', { description: 'The information' }) note: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, 'provideInformation', note));
  }

  @Mutation(() => AccessRequestModel, { description: 'Buyer: withdraws the request before signature (-> WITHDRAWN); only costs already incurred are due' })
  async withdrawAccessRequest(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string, @Args('note', NOTE) note?: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, 'withdraw', note ?? null));
  }

  @Mutation(() => AccessRequestModel, { description: 'Any move by name, as allowedTransitions lists them; counterPropose and sign have their own mutations' })
  async transitionAccessRequest(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG, UuidPipe) id: string,
    @Args('transition', { type: () => AccessRequestTransitionEnum }) transition: TransitionName,
    @Args('note', NOTE) note?: string,
  ): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.transition(actor, id, transition, note ?? null));
  }

  @Query(() => AccessRequestModel, { description: 'A request your organisation made or received' })
  async accessRequest(@CurrentActor() actor: Actor, @Args('id', ID_ARG, UuidPipe) id: string): Promise<AccessRequestModel> {
    return toAccessRequestModel(await this.service.get(actor, id));
  }

  @Query(() => AccessRequestConnection, { description: 'Requests your organisation made or received, newest first' })
  async accessRequests(@CurrentActor() actor: Actor, @Args() args: AccessRequestsArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.service.list(actor, args.filter?.role, args.filter?.states, offset, args.first ?? 20);
    return toConnection(rows.map(toAccessRequestModel), total, offset);
  }

  @ResolveField(() => RequestedOfferingModel, { description: 'The offering version requested (frozen at creation)' })
  async offering(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<RequestedOfferingModel> {
    const v = (await this.loaders.offeringVersion(ctx, r.offeringVersionId))!;
    return { id: r.offeringId, versionId: v.id, version: v.versionNo, title: v.content.title };
  }

  @ResolveField(() => LicenceTemplateVersionModel, { description: 'The licence version requested (frozen at creation)' })
  async licence(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<LicenceTemplateVersionModel> {
    return toVersionModel((await this.loaders.licenceVersion(ctx, r.templateVersionId))!);
  }

  @ResolveField(() => OrganizationModel, { description: 'The organisation asking for access' })
  async buyer(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(ctx, r.buyerId));
  }

  @ResolveField(() => OrganizationModel, { description: 'The data producer' })
  async producer(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(ctx, r.producerId));
  }

  @ResolveField(() => QuoteModel, { nullable: true, description: 'The quote on the table (the latest one priced)' })
  async currentQuote(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<QuoteModel | null> {
    const q = r.currentQuoteId ? await this.loaders.quote(ctx, r.currentQuoteId) : null;
    return q ? toQuoteModel(q) : null;
  }

  @ResolveField(() => QuoteModel, { nullable: true, description: 'The quote accepted, once accepted' })
  async acceptedQuote(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<QuoteModel | null> {
    const q = r.acceptedQuoteId ? await this.loaders.quote(ctx, r.acceptedQuoteId) : null;
    return q ? toQuoteModel(q) : null;
  }

  @ResolveField(() => [AccessRequestTransitionEnum], { description: 'The moves your organisation and roles may attempt now' })
  allowedTransitions(@Parent() r: AccessRequestModel, @CurrentActor() actor: Actor): TransitionName[] {
    const side = actor.organizationId === r.buyerId ? 'BUYER' : 'PRODUCER';
    return allowedTransitions(r.state, side, actor.roles);
  }

  @ResolveField(() => [AccessRequestEventModel], { description: 'Every transition, oldest first: who, when, from and to which state, with the note' })
  async history(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<AccessRequestEventModel[]> {
    const events = await this.loaders.events(ctx, r.id);
    return events.map((e) => ({ ...e, transition: e.transition as TransitionName, side: e.side as PartySide }));
  }

  @ResolveField(() => [ClauseDeviationModel], { description: 'The negotiated clauses as they now stand, each a tracked deviation from the standard text with its redline' })
  async deviations(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<ClauseDeviationModel[]> {
    const view = (await this.loaders.licenceVersion(ctx, r.templateVersionId))!;
    const merged = mergeProposals(view.version.definition, r.proposals.map((p) => ({ by: p.by as 'BUYER' | 'PRODUCER', changes: p.changes.map((c) => ({
      clauseId: c.clauseId,
      ...(c.alternativeId ? { alternativeId: c.alternativeId } : {}),
      ...(c.text ? { text: Object.fromEntries(Object.entries(c.text).filter(([, v]) => v !== null)) } : {}),
      ...(c.revertToStandard ? { revertToStandard: true } : {}),
    })) })));
    const segments = (s: { kind: string; text: string }[] | undefined) => (s ?? []).map((x) => ({ kind: x.kind as RedlineKind, text: x.text }));
    return merged.deviations.map((d) => ({
      clauseId: d.clauseId,
      title: { fr: d.title.fr ?? null, en: d.title.en ?? null },
      kind: d.kind as DeviationKindEnum,
      alternativeId: d.alternativeId ?? null,
      redline: { fr: segments(d.redline.fr), en: segments(d.redline.en) },
      proposedBy: (d.proposedBy as PartySide | undefined) ?? null,
    }));
  }

  @ResolveField(() => AgreementModel, { nullable: true, description: 'The agreement, once issued' })
  async agreement(@Parent() r: AccessRequestModel, @Context() ctx: LoaderContext): Promise<AgreementModel | null> {
    const a = await this.loaders.agreementOfRequest(ctx, r.id);
    return a ? toAgreementModel(a, r) : null;
  }
}
