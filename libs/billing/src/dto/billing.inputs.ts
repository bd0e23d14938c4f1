import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { CentsScalar, ConnectionArgs } from '@app/core';
import { BillKindEnum, BillStatusEnum, InvoiceDocumentType, InvoiceStatusEnum } from '../billing.models';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = 'must be a day written YYYY-MM-DD';

@InputType()
export class InvoiceFilterInput {
  @Field(() => InvoiceStatusEnum, { nullable: true }) @IsOptional() status?: InvoiceStatusEnum;
  @Field(() => InvoiceDocumentType, { nullable: true }) @IsOptional() documentType?: InvoiceDocumentType;
  @Field(() => BillKindEnum, { nullable: true }) @IsOptional() kind?: BillKindEnum;
  @Field({ nullable: true, description: 'Periods starting on or after this day' }) @IsOptional() @Matches(DAY, { message: `periodFrom ${DAY_MESSAGE}` }) periodFrom?: string;
  @Field({ nullable: true, description: 'Periods starting on or before this day' }) @IsOptional() @Matches(DAY, { message: `periodTo ${DAY_MESSAGE}` }) periodTo?: string;
  @Field(() => ID, { nullable: true, description: 'The other party: the buyer for a seller, a seller for the buyer' }) @IsOptional() @IsUUID() counterpartId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() billId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() agreementId?: string;
  @Field(() => ID, { nullable: true, description: 'The access request the bill comes from (a withdrawal bill has no agreement)' }) @IsOptional() @IsUUID() accessRequestId?: string;
}

@ArgsType()
export class InvoicesArgs extends ConnectionArgs {
  @Field(() => InvoiceFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => InvoiceFilterInput) filter?: InvoiceFilterInput;
}

@InputType()
export class BillFilterInput {
  @Field(() => BillStatusEnum, { nullable: true }) @IsOptional() status?: BillStatusEnum;
  @Field(() => BillKindEnum, { nullable: true }) @IsOptional() kind?: BillKindEnum;
  @Field({ nullable: true }) @IsOptional() @Matches(DAY, { message: `periodFrom ${DAY_MESSAGE}` }) periodFrom?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(DAY, { message: `periodTo ${DAY_MESSAGE}` }) periodTo?: string;
  @Field(() => ID, { nullable: true, description: 'The buyer, the network or a seller of the bill' }) @IsOptional() @IsUUID() counterpartId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() agreementId?: string;
  @Field(() => ID, { nullable: true, description: 'The access request the bill comes from (a withdrawal bill has no agreement)' }) @IsOptional() @IsUUID() accessRequestId?: string;
}

@ArgsType()
export class BillsArgs extends ConnectionArgs {
  @Field(() => BillFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => BillFilterInput) filter?: BillFilterInput;
}

@InputType()
export class CreditLineInput {
  @Field({ description: 'The invoice line id (BT-126)' }) @IsString() @MaxLength(20) lineId: string;
  @Field(() => CentsScalar, { description: 'Cents excl. VAT credited on this line' }) @IsInt() @Min(1) amountCents: number;
}

@InputType()
export class IssueCreditNoteInput {
  @Field(() => ID) @IsUUID() invoiceId: string;
  @Field(() => [CreditLineInput], { nullable: true, description: 'Omit to credit the whole invoice' })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => CreditLineInput) lines?: CreditLineInput[];
  @Field() @IsString() @MaxLength(500) reason: string;
}

@InputType()
export class BillingSettingsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[0-9A-Z]{2,4}$/, { message: 'electronicAddressScheme must be an EAS code such as 0225' }) electronicAddressScheme?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) electronicAddressId?: string | null;
  @Field({ nullable: true, description: 'STANDARD when omitted' }) @IsOptional() @IsIn(['STANDARD', 'FRANCHISE']) vatRegime?: 'STANDARD' | 'FRANCHISE';
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(300) legalInformation?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) serviceCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(50) commitmentNumber?: string | null;
  @Field({ nullable: true, description: 'false when omitted' }) @IsOptional() @IsBoolean() serviceCodeRequired?: boolean;
  @Field({ nullable: true, description: 'false when omitted' }) @IsOptional() @IsBoolean() commitmentNumberRequired?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(['PA', 'CHORUS_PRO']) dispatchChannel?: 'PA' | 'CHORUS_PRO' | null;
}
