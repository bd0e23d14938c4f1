import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { CentsScalar, ConnectionArgs, ConnectionType } from '@app/core';

const MONTH = /^(?!0000)\d{4}-(0[1-9]|1[0-2])$/;

@ObjectType('CommissionInvoiceItem', { description: "What a commission invoice says of one of the seller's invoices" })
export class CommissionInvoiceItemModel {
  @Field(() => ID) billId: string;
  @Field(() => ID, { description: "The seller's invoice the commission was charged on" }) sellerInvoiceId: string;
  @Field({ description: "Its number, in the seller's series" }) sellerInvoiceNumber: string;
  @Field(() => CentsScalar, { description: 'Excl. VAT: positive, commission invoiced (a line); negative, commission given back by a refund or credit note after an earlier invoice (an allowance)' })
  amountCents: number;
}

@ObjectType('CommissionInvoice', {
  description: "The platform's own invoice to a seller for its commission over one Paris month, in the platform's series (<SIREN>-C000001); Factur-X EN 16931, immutable",
})
export class CommissionInvoiceModel {
  @Field(() => ID) id: string;
  @Field({ description: "In the platform's gapless series of commission invoices" }) number: string;
  @Field({ description: 'The month invoiced, YYYY-MM (Paris)' }) month: string;
  @Field({ description: 'YYYY-MM-DD' }) issueDate: string;
  @Field({ description: 'YYYY-MM-DD: the commission is deducted from the payouts' }) dueDate: string;
  @Field() currency: string;
  @Field({ description: 'S (French VAT 20 %), AE (reverse charge, a seller in another EU country) or O (outside the EU)' }) vatCategory: string;
  @Field(() => CentsScalar) netCents: number;
  @Field(() => CentsScalar) vatCents: number;
  @Field(() => CentsScalar) totalCents: number;
  @Field(() => ID, { description: 'The seller invoiced' }) customerId: string;
  @Field({ description: 'GET with the same Authorization header: the Factur-X PDF (PDF/A-3b with factur-x.xml)' }) pdfUrl: string;
  @Field({ description: 'GET with the same Authorization header: the CII XML' }) xmlUrl: string;
}

export const CommissionInvoiceConnection = ConnectionType(CommissionInvoiceModel, 'CommissionInvoice');

@InputType()
export class CommissionInvoiceFilterInput {
  @Field({ nullable: true, description: 'YYYY-MM' }) @IsOptional() @Matches(MONTH, { message: 'month must be a calendar month written YYYY-MM, e.g. 2026-11' }) month?: string;
  @Field(() => ID, { nullable: true, description: 'The seller invoiced (the platform filters; a seller sees only its own)' }) @IsOptional() @IsUUID() customerId?: string;
}

@ArgsType()
export class CommissionInvoicesArgs extends ConnectionArgs {
  @Field(() => CommissionInvoiceFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => CommissionInvoiceFilterInput) filter?: CommissionInvoiceFilterInput;
}
