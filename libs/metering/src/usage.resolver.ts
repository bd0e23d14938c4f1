import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@app/core';
import { AgreementUsageArgs, MAX_EVENTS_PER_MUTATION, RecordUsageArgs } from './dto/usage.inputs';
import { toAgreementUsageModel } from './usage.mappers';
import { AgreementUsageModel, UsageRecordResultModel } from './usage.models';
import { UsageService } from './usage.service';

@Resolver()
export class UsageResolver {
  constructor(private readonly usage: UsageService) {}

  @Mutation(() => UsageRecordResultModel, {
    description: 'Records usage events (at most 1,000; the HTTP endpoint POST /usage-events takes 10,000), with an API key of the agreement\'s producer or of the platform',
  })
  recordUsage(@CurrentActor() actor: Actor, @Args() args: RecordUsageArgs) {
    return this.usage.record(actor, args.events, MAX_EVENTS_PER_MUTATION);
  }

  @Query(() => AgreementUsageModel, { description: 'Usage of an agreement for a calendar month and its running amount, for the buyer and the producer' })
  async agreementUsage(@CurrentActor() actor: Actor, @Args() args: AgreementUsageArgs) {
    return toAgreementUsageModel(await this.usage.statement(actor, args.agreementId, args.month ?? null));
  }
}
