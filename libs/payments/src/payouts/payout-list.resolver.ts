import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor, ConnectionArgs, CurrentActor, decodeCursor, Role, Roles, toConnection } from '@app/core';
import { PayoutConnection, PayoutsArgs, SepaFileConnection } from './payout-list.models';
import { PayoutListService } from './payout-list.service';

@Resolver()
export class PayoutListResolver {
  constructor(private readonly list: PayoutListService) {}

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => PayoutConnection, { description: "Your organisation's payouts, newest first (its FINANCE and ADMIN members; the platform's for any seller, or all when organizationId is omitted)" })
  async payouts(@CurrentActor() actor: Actor, @Args() args: PayoutsArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.list.payouts(actor, args.organizationId ?? null, offset, args.first ?? 20);
    return toConnection(rows, total, offset);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => SepaFileConnection, { description: "The payout runs' SEPA files, newest first (the platform's FINANCE and ADMIN members)" })
  async sepaFiles(@CurrentActor() actor: Actor, @Args() args: ConnectionArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.list.sepaFiles(actor, offset, args.first ?? 20);
    return toConnection(rows, total, offset);
  }
}
