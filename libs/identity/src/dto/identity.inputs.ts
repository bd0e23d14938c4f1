import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, Matches, MaxLength,
  MinLength, ValidateNested,
} from 'class-validator';
import { IsIsoCountry, IsSiret, Role } from '@app/core';
import { OrganizationKind } from '../organization-kind';

export const PASSWORD_RULE = 'At least 12 characters (at most 200)';

/** The rule for every password a person chooses: at sign-up, on joining, on a change or a reset. */
const IsNewPassword = () => (target: object, property: string) => {
  IsString()(target, property);
  MinLength(12)(target, property);
  MaxLength(200)(target, property);
};

@InputType()
export class AddressInput {
  @Field() @IsString() @Length(1, 200) line: string;
  @Field() @IsString() @Length(1, 20) postalCode: string;
  @Field() @IsString() @Length(1, 100) city: string;
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. FR' }) @IsIsoCountry() country: string;
}

@InputType()
export class OrganizationIdentityInput {
  @Field() @IsString() @Length(2, 200) name: string;
  @Field(() => OrganizationKind) @IsEnum(OrganizationKind) kind: OrganizationKind;
  @Field(() => String, { nullable: true, description: 'Required for French organisations: 14 digits, checked (Luhn)' })
  @IsOptional() @IsSiret() siret?: string | null;
  @Field(() => String, { nullable: true, description: 'Intra-EU VAT number, e.g. FR12345678901' })
  @IsOptional() @IsString() @MaxLength(20) vatNumber?: string | null;
  @Field(() => AddressInput) @ValidateNested() @Type(() => AddressInput) address: AddressInput;
}

@InputType()
export class FirstAdminInput {
  @Field() @IsEmail() @MaxLength(254) email: string;
  @Field() @IsString() @Length(1, 120) displayName: string;
  @Field({ description: PASSWORD_RULE }) @IsNewPassword() password: string;
}

@InputType()
export class SignUpOrganizationInput {
  @Field(() => OrganizationIdentityInput) @ValidateNested() @Type(() => OrganizationIdentityInput) organization: OrganizationIdentityInput;
  @Field(() => FirstAdminInput) @ValidateNested() @Type(() => FirstAdminInput) admin: FirstAdminInput;
}

@InputType()
export class UpdateOrganizationInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(2, 200) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20) vatNumber?: string | null;
  @Field(() => AddressInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => AddressInput) address?: AddressInput;
}

@InputType()
export class SignInInput {
  @Field() @IsEmail() @MaxLength(254) email: string;
  @Field() @IsString() @MaxLength(200) password: string;
  @Field(() => ID, { nullable: true, description: 'Required when the user belongs to several organisations' })
  @IsOptional() @IsUUID() organizationId?: string;
}

const ROLES_FIELD = { description: 'One or more roles' };

@InputType()
export class CreateApiKeyInput {
  @Field() @IsString() @Length(1, 100) name: string;
  @Field(() => [Role], ROLES_FIELD) @ArrayMinSize(1) @ArrayMaxSize(6) @ArrayUnique() @IsEnum(Role, { each: true }) roles: Role[];
}

@InputType()
export class InviteMemberInput {
  @Field() @IsEmail() @MaxLength(254) email: string;
  @Field(() => [Role], ROLES_FIELD) @ArrayMinSize(1) @ArrayMaxSize(6) @ArrayUnique() @IsEnum(Role, { each: true }) roles: Role[];
}

@InputType()
export class AcceptInvitationInput {
  @Field() @IsString() @Matches(/^hdm_inv_[A-Za-z0-9_-]{20,}$/, { message: 'token must be the invitation token you received' }) token: string;
  @Field({ nullable: true, description: 'For a new user' }) @IsOptional() @IsString() @Length(1, 120) displayName?: string;
  @Field({ description: 'A new user chooses it (12+ characters); an existing user gives theirs' })
  @IsNewPassword() password: string;
}

@InputType()
export class UpdateMemberRolesInput {
  @Field(() => ID) @IsUUID() userId: string;
  @Field(() => [Role], ROLES_FIELD) @ArrayMinSize(1) @ArrayMaxSize(6) @ArrayUnique() @IsEnum(Role, { each: true }) roles: Role[];
}

@InputType()
export class ChangePasswordInput {
  @Field() @IsString() @MaxLength(200) currentPassword: string;
  @Field({ description: PASSWORD_RULE }) @IsNewPassword() newPassword: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field() @IsEmail() @MaxLength(254) email: string;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: 'The code of the reset message (hdm_pwr_…)' })
  @IsString() @Matches(/^hdm_pwr_[A-Za-z0-9_-]{20,100}$/, { message: 'token must be the code of the password-reset message you received' }) token: string;
  @Field({ description: PASSWORD_RULE }) @IsNewPassword() newPassword: string;
}
