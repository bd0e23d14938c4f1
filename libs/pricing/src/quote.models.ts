import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CentsScalar, ConnectionType } from '@app/core';
import {
  BuyerCategory, ChargeNature, PriceLineKind, QuoteLocale, QuoteStatus, VatRegime,
} from './pricing.enums';

// Money is integer euro cents everywhere (fields ending in `Cents`, the Cents scalar: a JSON
// integer, exact beyond 32 bits); rates are basis points (2000 = 20 %).

@ObjectType('PriceLine', { description: 'A charge line or an adjustment, with the rule that produced it' })
export class PriceLineModel {
  @Field({ description: 'Component code, suffixed for stages, tiers and metrics: "PREPARATION.EXTRACTION", "PATIENTS.T2"' }) code: string;
  @Field() componentCode: string;
  @Field() label: string;
  @Field(() => PriceLineKind) kind: string;
  @Field(() => ChargeNature) nature: string;
  @Field({ description: 'Decimal string with a dot ("2.5", "12000")' }) quantity: string;
  @Field() unit: string;
  @Field(() => CentsScalar, { description: 'Integer euro cents, for `per` units as the rule says' }) unitPriceCents: number;
  @Field(() => CentsScalar, { description: 'Integer euro cents, excl. VAT, rounded half-up; negative only for adjustments' }) amountCents: number;
  @Field(() => Int, { description: 'VAT rate in basis points (0 under reverse charge or outside the EU)' }) vatRateBp: number;
  @Field({ description: 'Which rule produced the amount, in words' }) rule: string;
  @Field({ description: 'The quantity is an estimate (tariff estimate or expected usage)' }) estimate: boolean;
  @Field({ description: 'A margin line zeroed for a costs-only buyer (Data Act)' }) waived: boolean;
}

@ObjectType('VatLine', { description: 'VAT of one rate, computed on the rounded base of that rate' })
export class VatLineModel {
  @Field(() => Int) rateBp: number;
  @Field(() => CentsScalar) baseCents: number;
  @Field(() => CentsScalar) vatCents: number;
  @Field() label: string;
}

@ObjectType('Price', { description: 'An exact, explained price: every line with its rule, adjustments, VAT per rate, totals (integer euro cents)' })
export class PriceModel {
  @Field() tariffKey: string;
  @Field(() => String, { nullable: true }) tariffVersion: string | null;
  @Field() currency: string;
  @Field(() => QuoteLocale) locale: string;
  @Field(() => [PriceLineModel], { description: 'Charge lines, never negative' }) lines: PriceLineModel[];
  @Field(() => CentsScalar, { description: 'Sum of the charge lines' }) chargesCents: number;
  @Field(() => [PriceLineModel], { description: 'Purpose multiplier, buyer reduction, minimum top-up, maximum cap' }) adjustments: PriceLineModel[];
  @Field(() => CentsScalar, { description: 'Total excl. VAT = charges + adjustments' }) subtotalCents: number;
  @Field(() => VatRegime) vatRegime: string;
  @Field(() => [VatLineModel]) vatLines: VatLineModel[];
  @Field(() => CentsScalar) vatCents: number;
  @Field(() => CentsScalar, { description: 'Total incl. VAT = subtotal + VAT' }) totalCents: number;
  @Field(() => String, { nullable: true, description: 'Legal mention to print (reverse charge, outside the EU); null under French VAT' }) vatMention: string | null;
  @Field({ description: 'Some quantity is an estimate: the final amount depends on actual days or usage' }) estimate: boolean;
  @Field({ description: 'Priced as withdrawn: only costs already incurred' }) withdrawn: boolean;
  @Field({ description: 'The buyer pays costs only (no margin)' }) costsOnly: boolean;
  @Field(() => [String], { description: 'Explanations that are not lines: withdrawal, costs-only rule, VAT regime...' }) notes: string[];
}

@ObjectType('PricedBuyer', { description: 'The buyer as priced: from the buyer organisation, or as given to an anonymous estimate' })
export class PricedBuyerModel {
  @Field(() => BuyerCategory) category: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @Field(() => String, { nullable: true }) vatNumber: string | null;
}

@ObjectType('Estimate', { description: 'A price computed with the tariff version in effect today; nothing is saved' })
export class EstimateModel {
  @Field(() => ID) offeringId: string;
  @Field(() => Int, { description: 'The published offering version priced' }) offeringVersion: number;
  @Field(() => ID) tariffId: string;
  @Field(() => ID) tariffVersionId: string;
  @Field(() => Int) tariffVersion: number;
  @Field({ description: 'The day whose tariff applies (YYYY-MM-DD, French time)' }) pricedOn: string;
  @Field(() => PricedBuyerModel) buyer: PricedBuyerModel;
  @Field(() => PriceModel) price: PriceModel;
}

@ObjectType('QuotedOffering', { description: 'The offering version a quote froze' })
export class QuotedOfferingModel {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field() titleFr: string;
  @Field() titleEn: string;
}

@ObjectType('Quote', { description: 'A saved quote, binding until validUntil; visible to the buyer and the producer only' })
export class QuoteModel {
  @Field(() => ID) id: string;
  @Field({ description: '"Q-2026-000123"' }) number: string;
  @Field(() => QuoteStatus) status: QuoteStatus;
  @Field() createdAt: Date;
  @Field() validUntil: Date;
  @Field(() => PricedBuyerModel) pricedBuyer: PricedBuyerModel;
  @Field(() => PriceModel) price: PriceModel;
  @Field({ description: 'The quote as a PDF: GET this path with the same Authorization header' }) pdfPath: string;
  offeringId: string;
  offeringVersionId: string;
  tariffVersionId: string;
  buyerId: string;
  producerId: string;
}

export const QuoteConnection = ConnectionType(QuoteModel, 'Quote');
