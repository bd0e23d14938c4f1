import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { CentsScalar } from '@app/core';

@ObjectType('BillPaymentIntent', { description: "What the buyer's front end needs to pay a bill by card or SEPA Debit with Stripe.js" })
export class BillPaymentIntentModel {
  @Field(() => ID) billId: string;
  @Field() billNumber: string;
  @Field({ description: 'pi_…' }) paymentIntentId: string;
  @Field({ description: 'Confirm it with stripe.confirmPayment; never log or store it' }) clientSecret: string;
  @Field(() => CentsScalar) amountCents: number;
  @Field() status: string;
}

@ObjectType('BillPaymentRecord')
export class PaymentRecordModel {
  @Field(() => ID) id: string;
  @Field({ description: 'STRIPE or BANK' }) method: string;
  @Field(() => CentsScalar) amountCents: number;
  @Field(() => CentsScalar, { description: 'What it paid of the bill (the rest, if any, is held for the buyer)' }) appliedCents: number;
  @Field(() => CentsScalar, { description: "Stripe's fee, borne by the platform" }) feeCents: number;
  @Field(() => String, { nullable: true }) bankReference: string | null;
  @Field() receivedOn: string;
}

@ObjectType('BillPayment', { description: "A bill's payment: what is owed, what was paid and how" })
export class BillPaymentModel {
  @Field(() => ID) billId: string;
  @Field() billNumber: string;
  @Field({ description: 'OPEN, PARTIALLY_PAID, PAID, or CANCELLED (credited in full before any payment: nothing to pay)' }) status: string;
  @Field(() => CentsScalar, { description: 'What the buyer owes in all, less what credit notes took off before it paid' }) totalCents: number;
  @Field(() => CentsScalar) paidCents: number;
  @Field(() => CentsScalar) outstandingCents: number;
  @Field(() => CentsScalar, { description: 'Refunded or to refund: refunds, and credit notes on what was already paid' }) refundedCents: number;
  @Field(() => CentsScalar, { description: "What the bill's credit notes credited, incl. VAT" }) creditedCents: number;
  @Field(() => CentsScalar, { description: 'Refunds decided and not yet paid back to the buyer' }) refundsOwedCents: number;
  @Field(() => Int, { description: "The platform's commission on this bill, in basis points of each seller's share excl. VAT" }) commissionBp: number;
  @Field(() => [PaymentRecordModel]) payments: PaymentRecordModel[];
  @Field(() => [RefundModel], { description: 'Refunds and credit notes paid back, or to pay back, to the buyer' }) refunds: RefundModel[];
  @Field(() => String, { nullable: true, description: "The Stripe payment's state (processing, succeeded, requires_payment_method…)" }) stripeStatus: string | null;
  @Field(() => String, { nullable: true, description: 'Why the last Stripe attempt failed' }) stripeError: string | null;
}

@InputType()
export class RecordBankTransferInput {
  @Field({ description: 'The bill number the buyer gave as reference' }) @IsString() @Length(1, 40) billNumber: string;
  @Field(() => CentsScalar) @IsInt() @Min(1) amountCents: number;
  @Field({ description: 'The day the bank credited it (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) receivedOn: string;
  @Field({ description: "The bank's reference of the transfer: recorded once per bill" }) @IsString() @Length(1, 70) bankReference: string;
}

@InputType()
export class RefundBillInput {
  @Field(() => ID) @IsUUID() billId: string;
  @Field(() => CentsScalar, { description: 'Incl. VAT, at most what was paid and not yet refunded' }) @IsInt() @Min(1) amountCents: number;
  @Field() @IsString() @Length(1, 500) reason: string;
}

@ObjectType('RefundPart', { description: 'What a refund takes back from one seller: its share and VAT, and the commission it gives back' })
export class RefundPartModel {
  @Field(() => ID) sellerId: string;
  @Field(() => CentsScalar) netCents: number;
  @Field(() => CentsScalar) vatCents: number;
  @Field(() => CentsScalar) commissionNetCents: number;
  @Field(() => CentsScalar) commissionVatCents: number;
}

@ObjectType('TransferReversal')
export class TransferReversalModel {
  @Field(() => ID) sellerId: string;
  @Field(() => CentsScalar) amountCents: number;
  @Field() status: string;
}

@ObjectType('Refund')
export class RefundModel {
  @Field(() => ID) id: string;
  @Field(() => ID) billId: string;
  @Field(() => CentsScalar) amountCents: number;
  @Field() reason: string;
  @Field({ description: 'PENDING until paid back to the buyer through Stripe, OWED until the platform transfers it back (a bill paid by bank transfer), then PAID' }) status: string;
  @Field(() => ID, { nullable: true, description: 'The credit note that made it owed, if any' }) creditNoteId: string | null;
  @Field(() => [RefundPartModel]) parts: RefundPartModel[];
  @Field(() => [TransferReversalModel]) reversals: TransferReversalModel[];
}

@InputType()
export class RecordRefundTransferInput {
  @Field(() => ID) @IsUUID() refundId: string;
  @Field({ description: "The bank's reference of the transfer back to the buyer" }) @IsString() @Length(1, 70) bankReference: string;
  @Field({ description: 'The day the bank executed it (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) paidOn: string;
}

@ObjectType('PayoutRun')
export class PayoutRunModel {
  @Field(() => ID, { nullable: true }) runId: string | null;
  @Field({ description: 'Another run was under way: this one did nothing' }) skipped: boolean;
  @Field(() => Int) transfers: number;
  @Field(() => Int) sepaLines: number;
  @Field(() => Int, { description: 'Payouts waiting for the seller to register a payout account' }) waiting: number;
  @Field(() => CentsScalar, { description: 'Deducted from the payouts for what sellers owed back (refunds and credit notes after an earlier payout)' }) nettedCents: number;
  @Field(() => ID, { nullable: true, description: 'The pain.001 file for the bank: GET /payouts/sepa-files/<id>.xml' }) sepaFileId: string | null;
}

@ObjectType('LedgerBalance', { description: 'An account of an organisation: debits, credits and the balance on its normal side' })
export class LedgerBalanceModel {
  @Field(() => ID) organizationId: string;
  @Field() account: string;
  @Field() currency: string;
  @Field(() => CentsScalar) debitCents: number;
  @Field(() => CentsScalar) creditCents: number;
  @Field(() => CentsScalar) balanceCents: number;
}

@ArgsType()
export class LedgerBalancesArgs {
  @Field(() => ID, { nullable: true, description: "Your organisation when omitted; the platform may name any" }) @IsOptional() @IsUUID() organizationId?: string;
  @Field(() => String, { nullable: true, description: 'Balances over the entries before this instant' }) @IsOptional() @IsISO8601() before?: string;
}

@ArgsType()
export class StatementArgs {
  @Field({ description: 'YYYY-MM (Paris)' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must read YYYY-MM' }) month: string;
  @Field(() => ID, { nullable: true, description: 'The seller; yours when omitted (the platform may name any)' }) @IsOptional() @IsUUID() organizationId?: string;
}

@ObjectType('SepaFileExecution')
export class SepaFileExecutionModel {
  @Field() messageId: string;
  @Field(() => Int, { description: 'Transfers of the file now settled' }) settled: number;
}
