import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsEmail, IsEnum, IsInt, IsOptional, IsString, IsUrl,
  IsUUID, Length, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { IsIsoDate, PatchType } from '@app/core';
import {
  AccessModality, AccessRights, CodingSystem, DataModel, LegalBasis, PersonalDataCategory, Region, Theme, UpdateFrequency,
} from '../vocabulary';

@InputType()
export class LocalizedTextInput {
  @Field({ description: 'French (authoritative)' }) @IsString() @Length(1, 10000) fr: string;
  @Field({ description: 'English' }) @IsString() @Length(1, 10000) en: string;
}

@InputType()
export class ShortLocalizedTextInput {
  @Field() @IsString() @Length(3, 200) fr: string;
  @Field() @IsString() @Length(3, 200) en: string;
}

@InputType()
export class TemporalCoverageInput {
  @Field({ description: 'YYYY-MM-DD' }) @IsIsoDate() start: string;
  @Field({ nullable: true, description: 'YYYY-MM-DD; empty when still growing' }) @IsOptional() @IsIsoDate() end?: string;
}

@InputType()
export class ContactPointInput {
  @Field() @IsString() @Length(1, 200) name: string;
  @Field() @IsEmail() @MaxLength(254) email: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(40) phone?: string;
}

@InputType()
export class HdsHostingInput {
  @Field({ description: 'Hosted by a certified health-data host (HDS, art. L.1111-8 CSP)' }) @IsBoolean() certified: boolean;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) hostName?: string;
}

@InputType()
export class ContributorInput {
  @Field(() => ID, { description: 'A producer organisation of the network' }) @IsUUID() organizationId: string;
  @Field(() => Int, { description: 'Relative contribution weight (e.g. patients contributed), used to share revenue' })
  @IsInt() @Min(1) @Max(1_000_000_000) weight: number;
}

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true };

@InputType({ description: 'A dataset offering described with HealthDCAT-AP properties' })
export class OfferingContentInput {
  @Field(() => ShortLocalizedTextInput) @ValidateNested() @Type(() => ShortLocalizedTextInput) title: ShortLocalizedTextInput;
  @Field(() => LocalizedTextInput) @ValidateNested() @Type(() => LocalizedTextInput) description: LocalizedTextInput;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 60, { each: true }) keywords: string[];
  @Field(() => [Theme]) @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsEnum(Theme, { each: true }) themes: string[];
  @Field(() => LocalizedTextInput, { description: 'Who is in the data (HealthDCAT-AP populationCoverage)' })
  @ValidateNested() @Type(() => LocalizedTextInput) populationCoverage: LocalizedTextInput;
  @Field(() => Float, { nullable: true, description: 'numberOfRecords (an integer)' }) @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) numberOfRecords?: number;
  @Field(() => Float, { nullable: true, description: 'numberOfUniqueIndividuals (an integer)' }) @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) numberOfUniqueIndividuals?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(130) minTypicalAge?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(130) maxTypicalAge?: number;
  @Field(() => TemporalCoverageInput) @ValidateNested() @Type(() => TemporalCoverageInput) temporalCoverage: TemporalCoverageInput;
  @Field(() => [Region], { description: 'Spatial coverage' }) @ArrayMinSize(1) @ArrayMaxSize(20) @ArrayUnique() @IsEnum(Region, { each: true }) regions: string[];
  @Field(() => [CodingSystem], { defaultValue: [] }) @ArrayMaxSize(20) @ArrayUnique() @IsEnum(CodingSystem, { each: true }) codingSystems: string[];
  @Field(() => DataModel) @IsEnum(DataModel) dataModel: string;
  @Field(() => [LegalBasis]) @ArrayMinSize(1) @ArrayUnique() @IsEnum(LegalBasis, { each: true }) legalBases: string[];
  @Field(() => [PersonalDataCategory]) @ArrayMinSize(1) @ArrayUnique() @IsEnum(PersonalDataCategory, { each: true }) personalDataCategories: string[];
  @Field(() => AccessModality) @IsEnum(AccessModality) accessModality: string;
  @Field(() => AccessRights, { defaultValue: 'RESTRICTED' }) @IsEnum(AccessRights) accessRights: string;
  @Field(() => UpdateFrequency, { nullable: true }) @IsOptional() @IsEnum(UpdateFrequency) updateFrequency?: string;
  @Field(() => HdsHostingInput) @ValidateNested() @Type(() => HdsHostingInput) hdsHosting: HdsHostingInput;
  @Field(() => ContactPointInput) @ValidateNested() @Type(() => ContactPointInput) contactPoint: ContactPointInput;
  @Field({ nullable: true, description: 'Link to a sample or synthetic extract' }) @IsOptional() @IsUrl(URL_OPTS) @MaxLength(500) sampleUrl?: string;
  @Field({ nullable: true, description: 'Link to the data dictionary' }) @IsOptional() @IsUrl(URL_OPTS) @MaxLength(500) dataDictionaryUrl?: string;
  @Field({ nullable: true, description: 'Provenance: how the data is collected' }) @IsOptional() @IsString() @MaxLength(2000) provenance?: string;
  @Field(() => [ContributorInput], { nullable: true, description: 'NETWORK offerings only: the contributing producers and their weights' })
  @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ContributorInput) contributors?: ContributorInput[];
}

@InputType({ description: 'Only the fields given change' })
export class OfferingPatchInput extends PatchType(OfferingContentInput) {}
