import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { QuantityScalar } from '@app/pricing';

export const MAX_EVENTS_PER_MUTATION = 1_000;

// Each event is checked by the service, so that a bad one is refused alone and the others kept.
@InputType({ description: 'One metered usage; (agreementId, eventId) identifies it: resending it changes nothing' })
export class UsageEventInput {
  @Field(() => ID) @Allow() agreementId: string;
  @Field({ description: 'COMPUTE_HOURS, STORAGE_GB_MONTHS, EXTRACTIONS or API_CALLS, priced by the agreement\'s tariff' }) @Allow() meter: string;
  @Field(() => QuantityScalar, { description: 'Non-negative, at most 3 decimals' }) @Allow() quantity: string | number;
  @Field({ description: 'ISO 8601 with its offset, e.g. 2026-11-05T14:30:00Z' }) @Allow() occurredAt: string;
  @Field({ description: 'Your id of the event, unique per agreement (1 to 128 printable characters)' }) @Allow() eventId: string;
}

@ArgsType()
export class RecordUsageArgs {
  @Field(() => [UsageEventInput], { description: `At most ${MAX_EVENTS_PER_MUTATION.toLocaleString('en')} events` })
  @ArrayMaxSize(MAX_EVENTS_PER_MUTATION) @ValidateNested({ each: true }) @Type(() => UsageEventInput) events: UsageEventInput[];
}

@ArgsType()
export class AgreementUsageArgs {
  @Field(() => ID) @IsUUID() agreementId: string;
  @Field({ nullable: true, description: 'YYYY-MM (Paris calendar month); the current month when omitted' }) @IsOptional() @IsString() @MaxLength(7) month?: string;
}
