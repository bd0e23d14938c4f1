import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { PreparationStage, Purpose, WithdrawalPoint } from '../pricing.enums';
import { QuantityScalar } from '../quantity.scalar';

// The engine's QuoteRequest as typed GraphQL inputs (engine/types.ts). The buyer is not an
// input: it comes from the caller's organisation. The engine checks quantities and whether
// each parameter fits the tariff, and names the parameter when it does not.

@InputType({ description: 'Quoted days per stage; a stage left out is priced at the tariff\'s estimate' })
export class PreparationDaysInput {
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() extraction?: string | number;
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() pseudonymisation?: string | number;
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() anonymisation?: string | number;
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() linkage?: string | number;
}

@InputType({ description: 'Data preparation: optional stages wanted and quoted days' })
export class PreparationRequestInput {
  @Field(() => [PreparationStage], { nullable: true, description: 'Optional stages wanted; mandatory stages are always included' })
  @IsOptional() @ArrayMaxSize(4) @IsEnum(PreparationStage, { each: true }) stages?: PreparationStage[];
  @Field(() => PreparationDaysInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => PreparationDaysInput) days?: PreparationDaysInput;
}

@InputType({ description: 'Up-front estimate of secure-environment usage' })
export class ExpectedUsageInput {
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() computeHours?: string | number;
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() storageGbMonths?: string | number;
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() extractions?: string | number;
  @Field(() => QuantityScalar, { nullable: true }) @IsOptional() apiCalls?: string | number;
}

@InputType({ description: 'A withdrawn request pays only costs already incurred: give afterStage or completedStages, not both' })
export class WithdrawalInput {
  @Field(() => WithdrawalPoint, { nullable: true, description: 'The last step finished, in the tariff\'s stage order' })
  @IsOptional() @IsEnum(WithdrawalPoint) afterStage?: WithdrawalPoint;
  @Field(() => [PreparationStage], { nullable: true, description: 'The exact stages completed' })
  @IsOptional() @ArrayMaxSize(4) @IsEnum(PreparationStage, { each: true }) completedStages?: PreparationStage[];
}

@InputType({ description: 'What the buyer asks for; which parameters are needed depends on the tariff' })
export class QuoteRequestInput {
  @Field(() => Purpose, { nullable: true }) @IsOptional() @IsEnum(Purpose) purpose?: Purpose;
  @Field(() => Float, { nullable: true, description: 'Patients (a whole number), for a tariff priced by patient' }) @IsOptional() patients?: number;
  @Field(() => Float, { nullable: true, description: 'Records (a whole number), for a tariff priced by record' }) @IsOptional() records?: number;
  @Field(() => Int, { nullable: true, description: 'Whole months of access' }) @IsOptional() months?: number;
  @Field(() => PreparationRequestInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => PreparationRequestInput) preparation?: PreparationRequestInput;
  @Field(() => ExpectedUsageInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => ExpectedUsageInput) expectedUsage?: ExpectedUsageInput;
  @Field(() => WithdrawalInput, { nullable: true, description: 'Price the request as withdrawn (EHDS: only costs incurred)' })
  @IsOptional() @ValidateNested() @Type(() => WithdrawalInput) withdrawal?: WithdrawalInput;
}
