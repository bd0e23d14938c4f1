import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '@app/core';
import { OrganizationKind } from '@app/identity';
import { OfferingStatus } from '../offering.entities';
import { AccessModality, CodingSystem, DataModel, Region, Theme } from '../vocabulary';

export enum OfferingOrderField {
  RELEVANCE = 'RELEVANCE',
  PUBLISHED_AT = 'PUBLISHED_AT',
  TITLE = 'TITLE',
  INDIVIDUALS = 'INDIVIDUALS',
}
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OfferingOrderField, { name: 'OfferingOrderField', description: 'RELEVANCE applies with a search text; otherwise newest first' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType({ description: 'Every filter narrows the results; values within one list are alternatives' })
export class OfferingFilterInput {
  @Field(() => [Theme], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @IsEnum(Theme, { each: true }) themes?: string[];
  @Field(() => [OrganizationKind], { nullable: true }) @IsOptional() @ArrayMaxSize(11) @IsEnum(OrganizationKind, { each: true }) producerKinds?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @IsUUID('all', { each: true }) producerIds?: string[];
  @Field(() => [DataModel], { nullable: true }) @IsOptional() @ArrayMaxSize(10) @IsEnum(DataModel, { each: true }) dataModels?: string[];
  @Field(() => [CodingSystem], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @IsEnum(CodingSystem, { each: true }) codingSystems?: string[];
  @Field(() => [Region], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @IsEnum(Region, { each: true }) regions?: string[];
  @Field(() => [AccessModality], { nullable: true }) @IsOptional() @ArrayMaxSize(5) @IsEnum(AccessModality, { each: true }) accessModalities?: string[];
  @Field(() => Int, { nullable: true, description: 'At least this many individuals' }) @IsOptional() @IsInt() @Min(0) minIndividuals?: number;
  @Field(() => Int, { nullable: true, description: 'At most this many individuals' }) @IsOptional() @IsInt() @Min(0) maxIndividuals?: number;
  @Field(() => [OfferingStatus], { nullable: true, description: 'Your own offerings only: e.g. [DRAFT]' })
  @IsOptional() @IsEnum(OfferingStatus, { each: true }) statuses?: OfferingStatus[];
  @Field({ nullable: true, description: 'Only your own organisation\'s offerings (drafts included)' }) @IsOptional() mine?: boolean;
}

@InputType()
export class OfferingOrderInput {
  @Field(() => OfferingOrderField) @IsEnum(OfferingOrderField) field: OfferingOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC }) @IsEnum(OrderDirection) direction: OrderDirection;
}

@ArgsType()
export class OfferingSearchArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'French full-text search; accents and word endings do not matter' })
  @IsOptional() @IsString() @MaxLength(200) search?: string;
  @Field(() => OfferingFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => OfferingFilterInput) filter?: OfferingFilterInput;
  @Field(() => OfferingOrderInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => OfferingOrderInput) orderBy?: OfferingOrderInput;
}
