import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export enum CommissionBasisEnum {
  OFFERING_KIND = 'OFFERING_KIND',
  CONTRACT = 'CONTRACT',
}
registerEnumType(CommissionBasisEnum, {
  name: 'CommissionBasis',
  description: 'OFFERING_KIND: the default of the producer\'s kind (COMMISSION_RATES); CONTRACT: a rate the platform operator set for this contract',
});

@ObjectType('AgreementCommission', { description: "The platform's commission on an agreement: a rate of each seller's share excl. VAT, frozen when the agreement is sealed" })
export class AgreementCommissionModel {
  @Field(() => ID) agreementId: string;
  @Field(() => Int, { description: 'Basis points (1000 = 10 %): frozen once sealed, else what sealing would freeze now' }) rateBp: number;
  @Field(() => CommissionBasisEnum) basis: CommissionBasisEnum;
  @Field({ description: 'True once the agreement is sealed: the rate no longer changes' }) frozen: boolean;
  @Field(() => Date, { nullable: true }) frozenAt: Date | null;
  @Field(() => Int, { description: "The default of the producer's kind, in basis points" }) defaultRateBp: number;
}

@InputType()
export class SetAgreementCommissionRateInput {
  @Field(() => ID) @IsUUID() agreementId: string;
  @Field(() => Int, { nullable: true, description: "Basis points from 0 to 5000 (50 %); null goes back to the default of the producer's kind" })
  @IsOptional() @IsInt() @Min(0) @Max(5000) rateBp?: number | null;
}

@ObjectType('CommissionInvoiceFailure')
export class CommissionInvoiceFailureModel {
  @Field(() => ID) sellerId: string;
  @Field({ description: 'What to fix; the next run tries again' }) reason: string;
}

@ObjectType('CommissionInvoiceRun', { description: 'What one run of the monthly commission invoices did' })
export class CommissionInvoiceRunModel {
  @Field({ description: 'YYYY-MM' }) month: string;
  @Field(() => Int, { description: 'Sellers charged a commission before the month ended' }) sellers: number;
  @Field(() => [ID], { description: 'Commission invoices issued by this run' }) issuedInvoiceIds: string[];
  @Field(() => Int, { description: 'Sellers whose month was invoiced before' }) alreadyIssued: number;
  @Field(() => [ID], { description: 'Sellers whose refunds and credit notes outweighed the month\'s commission: nothing issued, carried to the next month' }) carriedSellerIds: string[];
  @Field(() => Int) nothingToInvoice: number;
  @Field(() => [CommissionInvoiceFailureModel]) failures: CommissionInvoiceFailureModel[];
}
