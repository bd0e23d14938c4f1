import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { ConnectionArgs } from '@app/core';
import { OrganizationKind } from '../organization-kind';

@ArgsType()
export class OrganizationsFilterArgs extends ConnectionArgs {
  @Field(() => OrganizationKind, { nullable: true }) @IsOptional() @IsEnum(OrganizationKind) kind?: OrganizationKind;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() verified?: boolean;
}
