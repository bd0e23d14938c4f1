import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, decodeCursor, LoaderContext, Role, Roles, toConnection } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { ContributionService } from './contribution.service';
import { AcceptContributionInput, ContributionRequestsArgs, DeclineContributionInput } from './dto/contribution.inputs';
import { toContributionRequestModel } from './offering.mappers';
import { ContributionRequestConnection, ContributionRequestModel } from './offering.models';

/** A producer's answers to the networks that name it as a contributor. */
@Resolver(() => ContributionRequestModel)
export class ContributionResolver {
  constructor(private readonly contributions: ContributionService, private readonly identity: IdentityLoaders) {}

  @Query(() => ContributionRequestConnection, { description: 'Offerings of other organisations that name yours as a contributor, newest first' })
  async contributionRequests(@CurrentActor() actor: Actor, @Args() args: ContributionRequestsArgs) {
    const offset = decodeCursor(args.after);
    const { views, total } = await this.contributions.requests(actor, args.status ?? null, offset, args.first ?? 20);
    return toConnection(views.map(toContributionRequestModel), total, offset);
  }

  @Roles(Role.ADMIN, Role.FINANCE)
  @Mutation(() => ContributionRequestModel, { description: 'Accepts your weight and the billing mandate for a draft offering version (ADMIN or FINANCE)' })
  async acceptContribution(@CurrentActor() actor: Actor, @Args('input') input: AcceptContributionInput) {
    return toContributionRequestModel(await this.contributions.accept(actor, input.offeringVersionId, input.weight, input.mandateSha256));
  }

  @Roles(Role.ADMIN, Role.FINANCE)
  @Mutation(() => ContributionRequestModel, { description: 'Declines to contribute to a draft offering version; the network cannot publish it so (ADMIN or FINANCE)' })
  async declineContribution(@CurrentActor() actor: Actor, @Args('input') input: DeclineContributionInput) {
    return toContributionRequestModel(await this.contributions.decline(actor, input.offeringVersionId, input.reason ?? null));
  }

  @ResolveField(() => OrganizationModel)
  async network(@Parent() r: { networkId: string }, @Context() ctx: LoaderContext) {
    return toOrganizationModel(await this.identity.organization(ctx, r.networkId));
  }
}
