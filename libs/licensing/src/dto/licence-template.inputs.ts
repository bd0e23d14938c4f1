import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '@app/core';
import { LicenceClauseMode, LicenceFamily } from '../licence-template.models';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CLAUSE_TEXT_MAX = 20000;

@InputType({ description: 'Licence text in each language; give English too when the template has it' })
export class LicenceTextInput {
  @Field({ description: 'French (authoritative)' }) @IsString() @Length(1, CLAUSE_TEXT_MAX) fr: string;
  @Field({ nullable: true, description: 'English' }) @IsOptional() @IsString() @Length(1, CLAUSE_TEXT_MAX) en?: string;
}

@InputType({ description: 'Replacement text for some languages; languages left out keep their text' })
export class LicenceTextPatchInput {
  @Field({ nullable: true, description: 'French (authoritative)' }) @IsOptional() @IsString() @Length(1, CLAUSE_TEXT_MAX) fr?: string;
  @Field({ nullable: true, description: 'English' }) @IsOptional() @IsString() @Length(1, CLAUSE_TEXT_MAX) en?: string;
}

@InputType({ description: 'A named wording of a negotiable clause' })
export class LicenceClauseAlternativeInput {
  @Field({ description: 'kebab-case, unique within the clause' }) @IsString() @Matches(KEBAB, { message: 'id must be kebab-case' }) @MaxLength(80) id: string;
  @Field(() => LicenceTextInput, { description: 'Short label (plain text)' }) @ValidateNested() @Type(() => LicenceTextInput) label: LicenceTextInput;
  @Field(() => LicenceTextInput, { description: 'The wording, with {{variable}} markup' }) @ValidateNested() @Type(() => LicenceTextInput) text: LicenceTextInput;
}

@InputType({ description: 'Changes to one clause; only the fields given change. Locked and conditional clauses of the standard template are refused.' })
export class EditLicenceClauseInput {
  @Field(() => LicenceTextPatchInput, { nullable: true, description: 'New title' }) @IsOptional() @ValidateNested() @Type(() => LicenceTextPatchInput) title?: LicenceTextPatchInput;
  @Field(() => LicenceTextPatchInput, { nullable: true, description: 'New text, with {{variable}} markup' }) @IsOptional() @ValidateNested() @Type(() => LicenceTextPatchInput) text?: LicenceTextPatchInput;
  @Field(() => [LicenceClauseAlternativeInput], { nullable: true, description: 'Replaces every alternative of a negotiable clause' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => LicenceClauseAlternativeInput) alternatives?: LicenceClauseAlternativeInput[];
  @Field({ nullable: true, description: 'Negotiable clauses: whether parties may edit the text freely' }) @IsOptional() @IsBoolean() editable?: boolean;
}

@InputType({ description: 'A clause the organisation adds to its version of a standard template' })
export class AddLicenceClauseInput {
  @Field({ description: 'kebab-case, unique within the template' }) @IsString() @Matches(KEBAB, { message: 'id must be kebab-case' }) @MaxLength(80) id: string;
  @Field(() => LicenceClauseMode, { description: 'LOCKED, NEGOTIABLE or CONDITIONAL' }) @IsEnum(LicenceClauseMode) mode: LicenceClauseMode;
  @Field(() => LicenceTextInput, { description: 'Title' }) @ValidateNested() @Type(() => LicenceTextInput) title: LicenceTextInput;
  @Field(() => LicenceTextInput, { description: 'Text, with {{variable}} markup' }) @ValidateNested() @Type(() => LicenceTextInput) text: LicenceTextInput;
  @Field(() => [LicenceClauseAlternativeInput], { nullable: true, description: 'NEGOTIABLE only' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => LicenceClauseAlternativeInput) alternatives?: LicenceClauseAlternativeInput[];
  @Field({ nullable: true, description: 'NEGOTIABLE only: free text edits allowed (a negotiable clause needs alternatives or editable: true)' })
  @IsOptional() @IsBoolean() editable?: boolean;
  @Field({ nullable: true, description: 'CONDITIONAL only: a boolean variable, or "enumVariable == VALUE"' }) @IsOptional() @IsString() @MaxLength(200) when?: string;
  @Field({ nullable: true, description: 'Id of the clause to insert after; at the end when absent' }) @IsOptional() @IsString() @MaxLength(80) after?: string;
}

@InputType({ description: 'A negotiated change of one clause, for a rendering: an alternative, or edited text where the clause allows it' })
export class LicenceClauseOverrideInput {
  @Field({ description: 'A negotiable clause of the version' }) @IsString() @MaxLength(80) clauseId: string;
  @Field({ nullable: true, description: 'One of the clause\'s alternatives' }) @IsOptional() @IsString() @MaxLength(80) alternativeId?: string;
  @Field(() => LicenceTextPatchInput, { nullable: true, description: 'Edited text, where the clause is editable' }) @IsOptional() @ValidateNested() @Type(() => LicenceTextPatchInput) text?: LicenceTextPatchInput;
}

@InputType({ description: 'A licence an offering accepts' })
export class OfferingLicenceInput {
  @Field(() => ID, { description: 'A published version of a standard template or of one of your organisation\'s templates' }) @IsString() templateVersionId: string;
  @Field(() => ID, { nullable: true, description: 'The tariff version that applies under this licence' }) @IsOptional() @IsString() tariffVersionId?: string;
}

@InputType({ description: 'Every filter narrows the list' })
export class LicenceTemplateFilterInput {
  @Field({ nullable: true, description: 'true: standard templates only; false: organisations\' templates only' }) @IsOptional() @IsBoolean() standard?: boolean;
  @Field({ nullable: true, description: 'true: your organisation\'s templates only (needs a token)' }) @IsOptional() @IsBoolean() mine?: boolean;
  @Field(() => LicenceFamily, { nullable: true, description: 'Only templates of this family' }) @IsOptional() @IsEnum(LicenceFamily) family?: LicenceFamily;
}

@ArgsType()
export class LicenceTemplatesArgs extends ConnectionArgs {
  @Field(() => LicenceTemplateFilterInput, { nullable: true, description: 'Narrows the list' }) @IsOptional() @ValidateNested() @Type(() => LicenceTemplateFilterInput) filter?: LicenceTemplateFilterInput;
}
