import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { GraphQLJSONObject } from 'graphql-type-json';
import { ConnectionArgs, IsIsoDate } from '@app/core';
import { LicenceTextPatchInput } from '@app/licensing';
import { QuoteRequestInput } from '@app/pricing';
import { AccessRequestRole, AccessRequestStateEnum, CnilFormality } from '../contracting.enums';
import { MAX_NOTE_LENGTH, type AccessRequestState } from '../negotiation';

@InputType({ description: 'What the buyer asks for: the population, the variables and the period of the data' })
export class AccessScopeInput {
  @Field({ description: 'The population studied, e.g. "Adult women treated for breast cancer since 2018"' })
  @IsString() @Length(3, 2000) population: string;

  @Field(() => [String], { description: 'The variables (or groups of variables) needed' })
  @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(200, { each: true }) variables: string[];

  @Field({ nullable: true, description: 'First day of the data period, YYYY-MM-DD' })
  @IsOptional() @IsIsoDate() periodStart?: string;

  @Field({ nullable: true, description: 'Last day of the data period, YYYY-MM-DD' })
  @IsOptional() @IsIsoDate() periodEnd?: string;
}

@InputType({ description: 'A request for access to an offering under one of its licences' })
export class CreateAccessRequestInput {
  @Field(() => ID, { description: 'A published offering you can see' }) @IsUUID() offeringId: string;

  @Field(() => ID, { description: 'One of the licence template versions the offering accepts (Offering.licences)' })
  @IsUUID() templateVersionId: string;

  @Field({ description: 'The purpose category: one of the values of the licence\'s purposeCategory variable, e.g. REAL_WORLD_EVIDENCE' })
  @IsString() @Length(1, 80) purposeCategory: string;

  @Field({ description: 'What the data is used for, in a few sentences; shown in the public transparency register once signed' })
  @IsString() @Length(10, 2000) purposeSummary: string;

  @Field({ description: 'The project\'s title' }) @IsString() @Length(3, 300) projectTitle: string;

  @Field({ description: 'The project\'s scientific lead: name and affiliation' }) @IsString() @Length(3, 200) principalInvestigator: string;

  @Field({ description: 'GDPR legal basis: one of the values of the licence\'s legalBasis variable, e.g. PUBLIC_INTEREST' })
  @IsString() @Length(1, 80) legalBasis: string;

  @Field(() => CnilFormality, { description: 'The CNIL formality covering the processing' }) @IsEnum(CnilFormality) cnilFormality: CnilFormality;

  @Field({ description: 'The reference of the MR-003/MR-004 declaration of conformity, or the CNIL authorisation number' })
  @IsString() @Length(3, 200) cnilReference: string;

  @Field({ nullable: true, description: 'Where the data is processed; default: the producer\'s secure processing environment' })
  @IsOptional() @IsString() @Length(3, 500) processingEnvironment?: string;

  @Field(() => AccessScopeInput) @ValidateNested() @Type(() => AccessScopeInput) scope: AccessScopeInput;

  @Field(() => Int, { description: 'Months of access, 1 to 120' }) @IsInt() @Min(1) @Max(120) durationMonths: number;

  @Field({ nullable: true, description: 'Wished first day of access, YYYY-MM-DD (Paris); default today. An agreement never starts before the day it is issued' })
  @IsOptional() @IsIsoDate() startDate?: string;

  @Field(() => QuoteRequestInput, { nullable: true, description: 'Tariff options and quantities (patients, preparation, expected usage); months default to durationMonths' })
  @IsOptional() @ValidateNested() @Type(() => QuoteRequestInput) pricing?: QuoteRequestInput;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Values of the licence\'s other variables (e.g. territory, jurisdiction); defaults apply to those left out' })
  @IsOptional() licenceVariables?: Record<string, unknown>;
}

@InputType({ description: 'A proposed change of one negotiable clause: a listed alternative, an edited text (where editable), or back to the standard text' })
export class ClauseChangeInput {
  @Field({ description: 'A negotiable clause of the licence' }) @IsString() @MaxLength(80) clauseId: string;
  @Field({ nullable: true, description: 'One of the clause\'s alternatives' }) @IsOptional() @IsString() @MaxLength(80) alternativeId?: string;
  @Field(() => LicenceTextPatchInput, { nullable: true, description: 'Edited text in every language of the licence, where the clause is editable' })
  @IsOptional() @ValidateNested() @Type(() => LicenceTextPatchInput) text?: LicenceTextPatchInput;
  @Field({ nullable: true, description: 'Drop any earlier change: the standard text applies again' }) @IsOptional() @IsBoolean() revertToStandard?: boolean;
}

@InputType({ description: 'The producer\'s quote: clause changes it proposes and, optionally, revised tariff options' })
export class QuoteAccessRequestInput {
  @Field(() => [ClauseChangeInput], { nullable: true, description: 'Changes of negotiable clauses the producer proposes' })
  @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ClauseChangeInput) changes?: ClauseChangeInput[];
  @Field(() => QuoteRequestInput, { nullable: true, description: 'Tariff options and quantities to price; default: those of the request' })
  @IsOptional() @ValidateNested() @Type(() => QuoteRequestInput) pricing?: QuoteRequestInput;
  @Field(() => Int, { nullable: true, defaultValue: 30, description: 'Days the quote stays valid, 1 to 365' })
  @IsOptional() @IsInt() @Min(1) @Max(365) validityDays?: number;
  @Field({ nullable: true, description: 'A message to the buyer' }) @IsOptional() @IsString() @MaxLength(MAX_NOTE_LENGTH) note?: string;
}

@InputType({ description: 'Filters of accessRequests' })
export class AccessRequestFilterInput {
  @Field(() => AccessRequestRole, { nullable: true, description: 'Only those your organisation made or received; both by default' })
  @IsOptional() @IsEnum(AccessRequestRole) role?: AccessRequestRole;
  @Field(() => [AccessRequestStateEnum], { nullable: true, description: 'Only requests in these states' })
  @IsOptional() @ArrayMaxSize(20) states?: AccessRequestState[];
}

@ArgsType()
export class AccessRequestsArgs extends ConnectionArgs {
  @Field(() => AccessRequestFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AccessRequestFilterInput) filter?: AccessRequestFilterInput;
}
