import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID } from 'class-validator';
import { ConnectionArgs } from '@app/core';
import { OrganizationKind } from '../organization-kind';
import { OrganizationVerificationStatus } from '../identity.models';

export const REFUSAL_REASON_MAX = 1000;

@ArgsType()
export class OrganizationsFilterArgs extends ConnectionArgs {
  @Field(() => OrganizationKind, { nullable: true }) @IsOptional() @IsEnum(OrganizationKind) kind?: OrganizationKind;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() verified?: boolean;
  @Field(() => OrganizationVerificationStatus, { nullable: true, description: 'PENDING: neither verified nor refused' })
  @IsOptional() @IsEnum(OrganizationVerificationStatus) verificationStatus?: OrganizationVerificationStatus;
}

/** The reason's length and emptiness are checked by the service, after trimming, with the field named. */
@ArgsType()
export class RefuseOrganizationArgs {
  @Field(() => ID) @IsUUID() organizationId: string;
  @Field({ description: `Why, in words the organisation can act on (1 to ${REFUSAL_REASON_MAX} characters)` }) @IsString() reason: string;
}
