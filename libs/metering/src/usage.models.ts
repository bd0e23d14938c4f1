import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PriceModel } from '@app/pricing';
import { UsageRefusalCode } from './engine';

export enum UsageMeter {
  COMPUTE_HOURS = 'COMPUTE_HOURS',
  STORAGE_GB_MONTHS = 'STORAGE_GB_MONTHS',
  EXTRACTIONS = 'EXTRACTIONS',
  API_CALLS = 'API_CALLS',
}
registerEnumType(UsageRefusalCode, { name: 'UsageRefusalCode', description: 'Why a usage event was refused (the rest of its batch is kept)' });
registerEnumType(UsageMeter, { name: 'UsageMeter', description: 'What a secure environment meters: compute hours, storage GB-months, extractions, API calls' });

@ObjectType('UsageEventRefusal', { description: 'One event of a batch that was not recorded, and why' })
export class UsageEventRefusalModel {
  @Field(() => Int, { description: 'Position of the event in the batch (0-based)' }) index: number;
  @Field(() => String, { nullable: true }) eventId: string | null;
  @Field(() => UsageRefusalCode) code: UsageRefusalCode;
  @Field() message: string;
}

@ObjectType('UsageRecordResult', { description: 'received = recorded + duplicates + refused' })
export class UsageRecordResultModel {
  @Field(() => Int) received: number;
  @Field(() => Int, { description: 'New events, recorded now' }) recorded: number;
  @Field(() => Int, { description: 'Events already recorded with the same content: nothing changed' }) duplicates: number;
  @Field(() => [UsageEventRefusalModel]) refused: UsageEventRefusalModel[];
}

@ObjectType('UsageMeterTotal')
export class UsageMeterTotalModel {
  @Field(() => UsageMeter) meter: string;
  @Field({ description: 'Exact decimal sum ("12.5")' }) quantity: string;
  @Field(() => Int) events: number;
  @Field(() => Date, { nullable: true }) lastOccurredAt: Date | null;
}

@ObjectType('AgreementUsage', { description: 'An agreement\'s usage of one calendar month (Paris time) and its amount with the agreement\'s frozen tariff' })
export class AgreementUsageModel {
  @Field(() => ID) agreementId: string;
  @Field() agreementNumber: string;
  @Field({ description: 'YYYY-MM' }) month: string;
  @Field({ description: 'Midnight in Paris on the first day of the month' }) from: Date;
  @Field({ description: 'Midnight in Paris on the first day of the next month (excluded)' }) to: Date;
  @Field({ description: 'The current month: the amount is still running' }) open: boolean;
  @Field(() => [UsageMeterTotalModel], { description: 'Every meter of the tariff, and any other that recorded events' }) meters: UsageMeterTotalModel[];
  @Field(() => PriceModel, { nullable: true, description: 'Priced with priceUsage and the accepted quote\'s tariff version, buyer and purpose; null when the tariff prices no usage' })
  amount: PriceModel | null;
}
