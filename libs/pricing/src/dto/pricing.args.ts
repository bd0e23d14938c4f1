import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLJSON } from 'graphql-type-json';
import { IsIsoCountry } from '@app/core';
import { BuyerCategory, QuoteLocale } from '../pricing.enums';
import { QuoteRequestInput } from './quote.inputs';

@ArgsType()
export class CreateTariffArgs {
  @Field({ description: 'A name for producers and buyers, e.g. "Tarif recherche 2026"' })
  @IsString() @Length(1, 200) name: string;
  @Field(() => String, { nullable: true, description: 'Start from this standard grid (standardTariffGrids); its definition is used unless `definition` is given' })
  @IsOptional() @IsString() @MaxLength(100) gridKey?: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The tariff definition (engine format); required without gridKey' })
  @IsOptional() definition?: unknown;
}

@ArgsType()
export class PriceArgs {
  @Field(() => QuoteRequestInput) @ValidateNested() @Type(() => QuoteRequestInput) request: QuoteRequestInput;
  @Field(() => QuoteLocale, { defaultValue: QuoteLocale.FR, description: 'Language of labels and rule texts' })
  @IsEnum(QuoteLocale) locale: QuoteLocale = QuoteLocale.FR;
}

@ArgsType()
export class EstimateArgs extends PriceArgs {
  @Field(() => BuyerCategory, { nullable: true, description: 'Without a buyer organisation (anonymous, producer): the category to price for; default PHARMA (full price)' })
  @IsOptional() @IsEnum(BuyerCategory) buyerCategory?: BuyerCategory;
  @Field(() => String, { nullable: true, description: 'Without a buyer organisation: ISO 3166-1 alpha-2 country; default FR' })
  @IsOptional() @IsIsoCountry() buyerCountry?: string;
  @Field(() => String, { nullable: true, description: 'Without a buyer organisation: EU VAT number (reverse charge for a business outside France)' })
  @IsOptional() @IsString() @MaxLength(20) buyerVatNumber?: string;
}

@ArgsType()
export class RequestQuoteArgs extends PriceArgs {
  @Field(() => Int, { defaultValue: 30, description: 'Days the quote stays binding, 1 to 90' })
  @IsInt() @Min(1) @Max(90) validityDays: number = 30;
}
