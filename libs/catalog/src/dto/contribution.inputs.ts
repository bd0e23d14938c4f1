import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsHexadecimal, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { ConnectionArgs } from '@app/core';
import { ContributionStatus } from '../offering.entities';

@ArgsType()
export class ContributionRequestsArgs extends ConnectionArgs {
  @Field(() => ContributionStatus, { nullable: true, description: 'Only requests with this answer; all when omitted' })
  @IsOptional() @IsEnum(ContributionStatus) status?: ContributionStatus;
}

@InputType({ description: 'What you accept, as the request showed it: if the network changed it meanwhile, the answer is CONFLICT' })
export class AcceptContributionInput {
  @Field(() => ID) @IsUUID() offeringVersionId: string;
  @Field(() => Int, { description: 'Your weight as shown in the request' }) @IsInt() @Min(1) weight: number;
  @Field({ description: 'mandate.sha256 of the request: the billing mandate you accept' })
  @IsString() @Length(64, 64) @IsHexadecimal() mandateSha256: string;
}

@InputType()
export class DeclineContributionInput {
  @Field(() => ID) @IsUUID() offeringVersionId: string;
  @Field({ nullable: true, description: 'Why, for the network (at most 1,000 characters)' }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}
