// Parties, a tariff and contexts shared by the billing specs (not exported by the library).
// Identifiers are well formed (Luhn SIREN/SIRET, French VAT keys) but fictitious.

import { TariffDefinition } from '@app/pricing/engine';
import { ShareInvoiceContext } from './build-invoice';
import { InvoiceBuyer, InvoiceIssuer, InvoiceSeller, PaymentInstructions } from './types';

export const PLATFORM: InvoiceIssuer = { name: 'Plateforme Données Santé SAS', siren: '752000018' };

export const PLATFORM_PAYMENT: PaymentInstructions = {
  meansCode: '58',
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPPXXX',
  accountName: 'Plateforme Données Santé – fonds des vendeurs',
  payee: { name: PLATFORM.name, siren: PLATFORM.siren },
};

function hospital(name: string, siren: string, siret: string, vat: string, city: string, postcode: string): InvoiceSeller {
  return {
    name,
    address: { line1: '1 place de l’Hôpital', postcode, city, country: 'FR' },
    siren,
    siret,
    vatNumber: vat,
    electronicAddress: { scheme: '0225', id: siren },
    vatRegime: 'STANDARD',
    legalInformation: 'Établissement public de santé',
  };
}

export const CHU_PARIS = hospital('CHU de Paris', '267500049', '26750004900015', 'FR50267500049', 'Paris', '75004');
export const CHU_LYON = hospital('Hospices Civils de Lyon', '266900026', '26690002600011', 'FR10266900026', 'Lyon', '69002');
export const CHU_MARSEILLE = hospital('AP-HM Marseille', '261300024', '26130002400013', 'FR16261300024', 'Marseille', '13005');

/** An association keeping a registry, under the VAT franchise. */
export const REGISTRY_FRANCHISE: InvoiceSeller = {
  name: 'Registre Régional des Cancers (association)',
  address: { line1: '12 rue des Registres', postcode: '35000', city: 'Rennes', country: 'FR' },
  siren: '552100554',
  siret: '55210055400013',
  vatNumber: 'FR96552100554',
  electronicAddress: { scheme: '0225', id: '552100554_FACTURES' },
  vatRegime: 'FRANCHISE',
  legalInformation: 'Association loi 1901',
};

export const FRENCH_PHARMA: InvoiceBuyer = {
  name: 'Laboratoires Exemple SA',
  address: { line1: '10 avenue de la Recherche', postcode: '75013', city: 'Paris', country: 'FR' },
  kind: 'PHARMA',
  siren: '404833048',
  siret: '40483304800014',
  vatNumber: 'FR83404833048',
  electronicAddress: { scheme: '0225', id: '404833048' },
};

export const GERMAN_PHARMA: InvoiceBuyer = {
  name: 'Beispiel Pharma GmbH',
  address: { line1: 'Forschungsstraße 5', postcode: '10115', city: 'Berlin', country: 'DE' },
  kind: 'PHARMA',
  vatNumber: 'DE123456789',
  electronicAddress: { scheme: '9930', id: 'DE123456789' },
};

export const SWISS_BIOTECH: InvoiceBuyer = {
  name: 'Exempel Bio AG',
  address: { line1: 'Bahnhofstrasse 1', postcode: '4051', city: 'Basel', country: 'CH' },
  kind: 'STARTUP',
  vatNumber: 'CHE123456789MWST',
  electronicAddress: { scheme: '0183', id: 'CHE123456789' },
};

export const US_PHARMA: InvoiceBuyer = {
  name: 'Example Therapeutics Inc.',
  address: { line1: '100 Main Street', postcode: '02139', city: 'Cambridge MA', country: 'US' },
  kind: 'PHARMA',
  electronicAddress: { scheme: '0060', id: '123456789' },
};

/** A public body receiving through Chorus Pro, which requires its service code and a commitment number. */
export const PUBLIC_AGENCY: InvoiceBuyer = {
  name: 'Agence Nationale de Santé Publique',
  address: { line1: '12 rue du Val d’Osne', postcode: '94410', city: 'Saint-Maurice', country: 'FR' },
  kind: 'PUBLIC_BODY',
  siren: '180005001',
  siret: '18000500100011',
  vatNumber: 'FR10180005001',
  electronicAddress: { scheme: '0225', id: '180005001' },
  publicSector: { serviceCode: 'DIR-ETUDES', commitmentNumber: 'EJ2026000042', serviceCodeRequired: true, commitmentNumberRequired: true },
};

const label = (fr: string, en: string) => ({ fr, en });

/** Fees due at signature and usage rates, with a reduction for public buyers and a purpose surcharge. */
export function billingTariff(): TariffDefinition {
  return {
    key: 'billing-sample',
    version: '1.0.0',
    currency: 'EUR',
    components: [
      { kind: 'FIXED_FEE', code: 'APP', label: label('Instruction de la demande', 'Application handling'), amountCents: 150000, incurredAt: 'APPLICATION' },
      {
        kind: 'PREPARATION',
        code: 'PREP',
        label: label('Préparation des données', 'Data preparation'),
        stages: [
          { stage: 'EXTRACTION', dayRateCents: 80000, estimatedDays: '3' },
          { stage: 'PSEUDONYMISATION', dayRateCents: 80000, estimatedDays: '2.5' },
        ],
      },
      { kind: 'VOLUME', code: 'REC', label: label('Mise à disposition des enregistrements', 'Records made available'), basis: 'RECORDS', model: 'PER_UNIT', unitPriceCents: 250, per: 1000 },
      { kind: 'DURATION', code: 'TERM', label: label('Accès à l’espace sécurisé', 'Secure environment access'), monthlyFeeCents: 50000, minimumMonths: 6 },
      {
        kind: 'USAGE',
        code: 'SDE',
        label: label('Espace sécurisé', 'Secure environment'),
        rates: [
          { metric: 'COMPUTE_HOURS', unitPriceCents: 120 },
          { metric: 'STORAGE_GB_MONTHS', unitPriceCents: 9 },
          { metric: 'API_CALLS', unitPriceCents: 50, per: 1000 },
        ],
      },
    ],
    reductions: [{ categories: ['ACADEMIC', 'PUBLIC_BODY'], reductionBp: 5000 }],
    purposeRules: [{ purpose: 'AI_TRAINING', multiplierBp: 15000, appliesTo: ['VOLUME'] }],
  };
}

/** Parties and references of an invoice issued by the platform for `seller`. */
export function shareContext(seller: InvoiceSeller, buyer: InvoiceBuyer, number: string, issueDate: string): ShareInvoiceContext {
  return {
    number,
    issueDate,
    paymentTermsDays: 30,
    deliveryDate: issueDate,
    billingPeriod: null,
    seller,
    buyer,
    issuer: PLATFORM,
    contractReference: 'AGR-2026-0007',
    billReference: 'BILL-2026-000123',
    payment: PLATFORM_PAYMENT,
  };
}
