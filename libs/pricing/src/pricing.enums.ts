import { registerEnumType } from '@nestjs/graphql';
import { TariffVersionStatus } from './tariff.entities';

// GraphQL enums mirroring the engine's string unions (engine/types.ts); the values are the
// engine's own codes, so inputs pass through unchanged.

export enum QuoteLocale {
  FR = 'fr',
  EN = 'en',
}

export enum BuyerCategory {
  PHARMA = 'PHARMA',
  STARTUP = 'STARTUP',
  SME = 'SME',
  ACADEMIC = 'ACADEMIC',
  PUBLIC_BODY = 'PUBLIC_BODY',
}

export enum Purpose {
  SCIENTIFIC_RESEARCH = 'SCIENTIFIC_RESEARCH',
  PUBLIC_HEALTH = 'PUBLIC_HEALTH',
  EDUCATION = 'EDUCATION',
  REGULATORY = 'REGULATORY',
  PRODUCT_DEVELOPMENT = 'PRODUCT_DEVELOPMENT',
  AI_TRAINING = 'AI_TRAINING',
  COMMERCIAL = 'COMMERCIAL',
}

export enum PreparationStage {
  EXTRACTION = 'EXTRACTION',
  PSEUDONYMISATION = 'PSEUDONYMISATION',
  ANONYMISATION = 'ANONYMISATION',
  LINKAGE = 'LINKAGE',
}

export enum WithdrawalPoint {
  APPLICATION = 'APPLICATION',
  EXTRACTION = 'EXTRACTION',
  PSEUDONYMISATION = 'PSEUDONYMISATION',
  ANONYMISATION = 'ANONYMISATION',
  LINKAGE = 'LINKAGE',
}

export enum PriceLineKind {
  FIXED_FEE = 'FIXED_FEE',
  PREPARATION = 'PREPARATION',
  VOLUME = 'VOLUME',
  DURATION = 'DURATION',
  USAGE = 'USAGE',
  PURPOSE_FEE = 'PURPOSE_FEE',
  PURPOSE_ADJUSTMENT = 'PURPOSE_ADJUSTMENT',
  REDUCTION = 'REDUCTION',
  MINIMUM = 'MINIMUM',
  MAXIMUM = 'MAXIMUM',
}

export enum ChargeNature {
  COST = 'COST',
  MARGIN = 'MARGIN',
}

export enum VatRegime {
  FR_STANDARD = 'FR_STANDARD',
  REVERSE_CHARGE_EU = 'REVERSE_CHARGE_EU',
  OUT_OF_SCOPE_NON_EU = 'OUT_OF_SCOPE_NON_EU',
}

export enum QuoteStatus {
  ISSUED = 'ISSUED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(TariffVersionStatus, {
  name: 'TariffVersionStatus',
  description: 'DRAFT (edited in place) -> PUBLISHED (immutable, applies from effectiveFrom to effectiveTo) -> RETIRED (replaced before it took effect)',
});
registerEnumType(QuoteLocale, { name: 'QuoteLocale', description: 'Language of labels and rule texts; legal VAT mentions are always in French' });
registerEnumType(BuyerCategory, { name: 'BuyerCategory', description: 'Who buys: decides reductions (EHDS) and costs-only pricing (Data Act); a buyer organisation\'s kind' });
registerEnumType(Purpose, { name: 'Purpose', description: 'What the data will be used for; a tariff may adjust prices by purpose' });
registerEnumType(PreparationStage, { name: 'PreparationStage', description: 'Data preparation stages, performed in the tariff\'s order' });
registerEnumType(WithdrawalPoint, { name: 'WithdrawalPoint', description: 'The last step finished when the buyer withdrew: APPLICATION or a preparation stage' });
registerEnumType(PriceLineKind, {
  name: 'PriceLineKind',
  description: 'Charge lines: FIXED_FEE, PREPARATION, VOLUME, DURATION, USAGE, PURPOSE_FEE. Adjustments: PURPOSE_ADJUSTMENT, REDUCTION, MINIMUM, MAXIMUM',
});
registerEnumType(ChargeNature, { name: 'ChargeNature', description: 'COST recovers a cost; MARGIN is waived for costs-only buyers (Data Act art. 9)' });
registerEnumType(VatRegime, {
  name: 'VatRegime',
  description: 'FR_STANDARD: French VAT; REVERSE_CHARGE_EU: EU business buyer with a VAT number, no VAT charged (art. 283-2 CGI); OUT_OF_SCOPE_NON_EU: buyer outside the EU',
});
registerEnumType(QuoteStatus, { name: 'QuoteStatus', description: 'ISSUED until validUntil, then EXPIRED' });
