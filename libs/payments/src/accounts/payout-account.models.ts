import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export enum PayoutMethodKind {
  STRIPE_TRANSFER = 'STRIPE_TRANSFER',
  SEPA_CREDIT_TRANSFER = 'SEPA_CREDIT_TRANSFER',
}
registerEnumType(PayoutMethodKind, { name: 'PayoutMethod', description: 'STRIPE_TRANSFER: to a Stripe connected account; SEPA_CREDIT_TRANSFER: a line of the platform\'s pain.001 file' });

@ObjectType('PayoutAccount', { description: "Where a seller is paid. The IBAN is never shown whole: only its country, check digits and last four characters" })
export class PayoutAccountModel {
  @Field(() => ID) organizationId: string;
  @Field() holderName: string;
  @Field(() => String, { nullable: true, description: 'e.g. FR76 **** **** 0189' }) ibanMasked: string | null;
  @Field(() => String, { nullable: true }) bic: string | null;
  @Field(() => String, { nullable: true, description: 'acct_…: transfers from Stripe payments go there' }) stripeAccountId: string | null;
  @Field(() => PayoutMethodKind, { description: 'How a payment through Stripe is paid out; bank transfers are always paid by SEPA credit transfer' }) preferredMethod: PayoutMethodKind;
  @Field() updatedAt: Date;
}

@InputType({ description: "Your organisation's payout account: an IBAN (with its BIC if you have it), a Stripe connected account, or both" })
export class RegisterPayoutAccountInput {
  @Field({ description: 'The account holder as the bank knows it (at most 140 characters)' })
  @IsString() @Length(1, 140) holderName: string;

  @Field(() => String, { nullable: true, description: 'IBAN, spaces allowed; checked (country format and check digits)' })
  @IsOptional() @IsString() @MaxLength(50) iban?: string | null;

  @Field(() => String, { nullable: true, description: 'BIC of 8 or 11 characters; optional for SEPA' })
  @IsOptional() @IsString() @MaxLength(20) bic?: string | null;

  @Field(() => String, { nullable: true, description: 'Your Stripe connected account (acct_…), if you have one' })
  @IsOptional() @IsString() @Matches(/^acct_[A-Za-z0-9]{6,64}$/, { message: 'stripeAccountId must look like acct_… (your Stripe connected account id)' }) stripeAccountId?: string | null;
}
