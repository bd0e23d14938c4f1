import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { CentsScalar, ConnectionArgs, ConnectionType } from '@app/core';
import { PayoutMethodKind } from '../accounts/payout-account.models';

export enum PayoutStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  NETTED = 'NETTED',
}
registerEnumType(PayoutStatus, {
  name: 'PayoutStatus',
  description: 'PENDING: a Stripe transfer recorded, sent by this or the next run; SENT: transferred, or a line of a SEPA file; NETTED: taken whole by what the seller owed back, nothing sent',
});

@ObjectType('Payout', { description: "What the platform paid a seller of one bill: its share less the commission, and the VAT on it, less what it owed back" })
export class PayoutModel {
  @Field(() => ID, { description: 'The payout key, one per (payment, seller)' }) id: string;
  @Field(() => ID) sellerId: string;
  @Field(() => ID) billId: string;
  @Field() billNumber: string;
  @Field(() => PayoutMethodKind, { nullable: true, description: 'null when NETTED: no money moved' }) method: PayoutMethodKind | null;
  @Field(() => PayoutStatus) status: PayoutStatus;
  @Field(() => CentsScalar, { description: 'Sent: payableCents + vatCents' }) amountCents: number;
  @Field(() => CentsScalar, { description: "The seller's share excl. VAT less the commission incl. VAT, less what was netted" }) payableCents: number;
  @Field(() => CentsScalar) vatCents: number;
  @Field(() => CentsScalar, { description: 'Deducted for what the seller owed back (refunds and credit notes after an earlier payout)' }) nettedCents: number;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The IBAN masked (FR76 **** **** 0189) or the Stripe connected account (acct_…); null when NETTED' }) destination: string | null;
  @Field(() => String, { nullable: true, description: 'tr_…, once a Stripe transfer is sent' }) stripeTransferId: string | null;
  @Field(() => String, { nullable: true, description: 'The SEPA file (pain.001 message id) the payout is a line of' }) sepaMessageId: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the day the bank executed its SEPA file, once the platform confirmed it' }) sepaExecutedOn: string | null;
}

export const PayoutConnection = ConnectionType(PayoutModel, 'Payout');

@ArgsType()
export class PayoutsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'The seller; yours when omitted (the platform may name any, or omit it for all)' }) @IsOptional() @IsUUID() organizationId?: string;
}

@ObjectType('SepaFile', { description: "A pain.001 file of a payout run, for the platform's bank" })
export class SepaFileModel {
  @Field(() => ID) id: string;
  @Field() messageId: string;
  @Field({ description: 'YYYY-MM-DD: the execution date the file asks of the bank' }) executionDate: string;
  @Field(() => Int) transferCount: number;
  @Field(() => CentsScalar) totalCents: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the day the bank executed it (confirmSepaFileExecuted); null until then' }) executedOn: string | null;
  @Field() createdAt: Date;
  @Field({ description: 'GET with the same Authorization header: the pain.001 XML (/payouts/sepa-files/<id>.xml)' }) downloadPath: string;
}

export const SepaFileConnection = ConnectionType(SepaFileModel, 'SepaFile');
