import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, Role, Roles, UuidPipe } from '@app/core';
import { PayoutAccountModel, RegisterPayoutAccountInput } from './payout-account.models';
import { PayoutAccountService } from './payout-account.service';

@Resolver(() => PayoutAccountModel)
export class PayoutAccountResolver {
  constructor(private readonly accounts: PayoutAccountService) {}

  @Roles(Role.FINANCE)
  @Mutation(() => PayoutAccountModel, { description: "Registers or replaces your organisation's payout account (a seller's FINANCE member)" })
  registerPayoutAccount(@CurrentActor() actor: Actor, @Args('input') input: RegisterPayoutAccountInput) {
    return this.accounts.register(actor, input);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => PayoutAccountModel, { nullable: true, description: "Your organisation's payout account (the platform may name any organisation); null when none is registered" })
  payoutAccount(@CurrentActor() actor: Actor, @Args('organizationId', { type: () => ID, nullable: true }, UuidPipe) organizationId?: string) {
    return this.accounts.get(actor, organizationId ?? null);
  }
}
