import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { ConnectionType } from '@app/core';
import { LocalizedTextModel } from '@app/catalog';
import { TariffVersionStatus } from './tariff.entities';
import './pricing.enums';

@ObjectType('StandardTariffGrid', { description: 'A tariff template shipped with the platform; a producer starts a tariff from it (createTariff gridKey)' })
export class StandardTariffGridModel {
  @Field({ description: 'Pass as createTariff(gridKey)' }) key: string;
  @Field(() => LocalizedTextModel) name: LocalizedTextModel;
  @Field(() => LocalizedTextModel) description: LocalizedTextModel;
  @Field(() => GraphQLJSON, { description: 'The tariff definition (engine format: components, reductions, purpose rules, minimum and maximum; money in integer euro cents, rates in basis points)' })
  definition: unknown;
}

@ObjectType('TariffVersion', { description: 'One version of a tariff; immutable once published' })
export class TariffVersionModel {
  @Field(() => ID) id: string;
  @Field(() => ID) tariffId: string;
  @Field(() => Int, { description: '1, 2, 3... within the tariff' }) version: number;
  @Field(() => TariffVersionStatus) status: TariffVersionStatus;
  @Field(() => GraphQLJSON, { description: 'The tariff definition; its `version` is set to this version number' })
  definition: unknown;
  @Field(() => String, { nullable: true, description: 'First day it applies (YYYY-MM-DD, French time); null while a draft' })
  effectiveFrom: string | null;
  @Field(() => String, { nullable: true, description: 'Last day it applies (YYYY-MM-DD), set when a later version is published; null while open-ended' })
  effectiveTo: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
}

@ObjectType('Tariff', { description: 'A producer\'s prices for one offering, in versions' })
export class TariffModel {
  @Field(() => ID) id: string;
  @Field(() => ID) offeringId: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'The standard grid it started from' }) gridKey: string | null;
  @Field() createdAt: Date;
  producerId: string;
}

export const StandardTariffGridConnection = ConnectionType(StandardTariffGridModel, 'StandardTariffGrid');
export const TariffConnection = ConnectionType(TariffModel, 'Tariff');
