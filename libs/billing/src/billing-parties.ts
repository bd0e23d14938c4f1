// The parties of an invoice as the engine wants them: identity's legal data (name, SIREN,
// SIRET, VAT number, address, kind) and what billing keeps beside it per organisation
// (electronic address, VAT regime, legal information, Chorus Pro references, channel).
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, BadInputError, ConflictError, frenchVatNumber } from '@app/core';
import type { OrganizationEntity } from '@app/identity';
import type { BuyerCategory } from '@app/pricing';
import { BillingReason } from './billing.errors';
import {
  FRENCH_DIRECTORY_SCHEME, FRENCH_VAT_TERRITORY, type ElectronicAddress, type InvoiceBuyer, type InvoiceIssuer, type InvoiceSeller,
  type PaymentInstructions, type SellerVatRegime,
} from './engine';

export type DispatchChannel = 'PA' | 'CHORUS_PRO';

/** Billing's own settings of an organisation (all optional: defaults come from identity). */
export interface BillingPartySettings {
  organizationId: string;
  electronicAddress: ElectronicAddress | null;
  vatRegime: SellerVatRegime;
  legalInformation: string | null;
  serviceCode: string | null;
  commitmentNumber: string | null;
  serviceCodeRequired: boolean;
  commitmentNumberRequired: boolean;
  dispatchChannel: DispatchChannel | null;
}

/** Electronic address schemes (EAS) of VAT numbers, for EU buyers without an address of their own. */
const VAT_SCHEMES: Readonly<Record<string, string>> = {
  AT: '9914', BE: '9925', BG: '9926', CY: '9928', CZ: '9929', DE: '9930', EE: '9931', GR: '9933', HR: '9934', IE: '9935',
  LU: '9938', LV: '9939', MT: '9943', NL: '9944', PL: '9945', PT: '9946', RO: '9947', SI: '9949', SK: '9950', SM: '9951',
  HU: '9910', IT: '0211', ES: '9920', DK: '0198', SE: '0007', FI: '0213', LT: '9937',
};

const PUBLIC_KINDS = new Set(['PUBLIC_BODY']);

export function defaultSettings(organizationId: string): BillingPartySettings {
  return {
    organizationId, electronicAddress: null, vatRegime: 'STANDARD', legalInformation: null, serviceCode: null, commitmentNumber: null,
    serviceCodeRequired: false, commitmentNumberRequired: false, dispatchChannel: null,
  };
}

function sirenOf(o: OrganizationEntity): string | null {
  return o.siren ?? (o.siret ? o.siret.slice(0, 9) : null);
}

function addressOf(o: OrganizationEntity) {
  return { line1: o.addressLine, postcode: o.postalCode, city: o.city, country: o.country };
}

function electronicAddressOf(o: OrganizationEntity, s: BillingPartySettings): ElectronicAddress {
  if (s.electronicAddress) return s.electronicAddress;
  const siren = sirenOf(o);
  if (siren && FRENCH_VAT_TERRITORY.has(o.country)) return { scheme: FRENCH_DIRECTORY_SCHEME, id: siren };
  if (o.vatNumber && VAT_SCHEMES[o.country]) return { scheme: VAT_SCHEMES[o.country], id: o.vatNumber };
  // Without a registered address, the buyer's organisation id at the platform (scheme 0088 is GLN; EM is mail): the id is stable.
  return { scheme: 'EM', id: `factures+${o.id}@invoices.invalid` };
}

export function sellerOf(o: OrganizationEntity, s: BillingPartySettings): InvoiceSeller {
  const siren = sirenOf(o);
  return {
    name: o.name,
    address: addressOf(o),
    siren: siren ?? '',
    siret: o.siret,
    vatNumber: o.vatNumber ?? (siren && s.vatRegime === 'STANDARD' ? frenchVatNumber(siren) : null),
    taxRegistrationId: null,
    electronicAddress: electronicAddressOf(o, s),
    vatRegime: s.vatRegime,
    legalInformation: s.legalInformation,
  };
}

export function buyerOf(o: OrganizationEntity, s: BillingPartySettings): InvoiceBuyer {
  const french = FRENCH_VAT_TERRITORY.has(o.country);
  const publicBuyer = PUBLIC_KINDS.has(o.kind) || s.serviceCodeRequired || s.commitmentNumberRequired || s.dispatchChannel === 'CHORUS_PRO';
  return {
    name: o.name,
    address: addressOf(o),
    kind: o.kind as BuyerCategory,
    siren: sirenOf(o),
    siret: o.siret,
    vatNumber: o.vatNumber ?? (french && sirenOf(o) ? frenchVatNumber(sirenOf(o)!) : null),
    electronicAddress: electronicAddressOf(o, s),
    publicSector: publicBuyer
      ? { serviceCode: s.serviceCode, commitmentNumber: s.commitmentNumber, serviceCodeRequired: s.serviceCodeRequired, commitmentNumberRequired: s.commitmentNumberRequired }
      : null,
  };
}

/** Billing's settings of organisations, and the platform's identity as the issuer. */
@Injectable()
export class BillingParties {
  constructor(@InjectDataSource() private readonly db: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async settingsOf(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, BillingPartySettings>> {
    const rows: Record<string, any>[] = ids.length ? await m.query(`SELECT * FROM billing_party_settings WHERE organization_id = ANY($1::uuid[])`, [ids]) : [];
    const out = new Map(ids.map((id) => [id, defaultSettings(id)]));
    for (const r of rows) {
      out.set(r.organization_id, {
        organizationId: r.organization_id,
        electronicAddress: r.electronic_address_scheme ? { scheme: r.electronic_address_scheme, id: r.electronic_address_id } : null,
        vatRegime: r.vat_regime, legalInformation: r.legal_information, serviceCode: r.service_code, commitmentNumber: r.commitment_number,
        serviceCodeRequired: r.service_code_required, commitmentNumberRequired: r.commitment_number_required, dispatchChannel: r.dispatch_channel,
      });
    }
    return out;
  }

  async saveSettings(m: EntityManager, s: BillingPartySettings): Promise<void> {
    await m.query(
      `INSERT INTO billing_party_settings (organization_id, electronic_address_scheme, electronic_address_id, vat_regime, legal_information, service_code,
         commitment_number, service_code_required, commitment_number_required, dispatch_channel, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (organization_id) DO UPDATE SET electronic_address_scheme = EXCLUDED.electronic_address_scheme,
         electronic_address_id = EXCLUDED.electronic_address_id, vat_regime = EXCLUDED.vat_regime, legal_information = EXCLUDED.legal_information,
         service_code = EXCLUDED.service_code, commitment_number = EXCLUDED.commitment_number, service_code_required = EXCLUDED.service_code_required,
         commitment_number_required = EXCLUDED.commitment_number_required, dispatch_channel = EXCLUDED.dispatch_channel, updated_at = now()`,
      [s.organizationId, s.electronicAddress?.scheme ?? null, s.electronicAddress?.id ?? null, s.vatRegime, s.legalInformation, s.serviceCode,
        s.commitmentNumber, s.serviceCodeRequired, s.commitmentNumberRequired, s.dispatchChannel],
    );
  }

  /** Replaces an organisation's settings (what is not given takes its default). */
  async update(organizationId: string, input: {
    electronicAddressScheme?: string | null; electronicAddressId?: string | null; vatRegime?: SellerVatRegime; legalInformation?: string | null;
    serviceCode?: string | null; commitmentNumber?: string | null; serviceCodeRequired?: boolean; commitmentNumberRequired?: boolean;
    dispatchChannel?: DispatchChannel | null;
  }): Promise<BillingPartySettings> {
    if (!!input.electronicAddressScheme !== !!input.electronicAddressId) {
      throw BadInputError.field('electronicAddressId', 'give the electronic address with its scheme (electronicAddressScheme), or neither');
    }
    const s: BillingPartySettings = {
      organizationId,
      electronicAddress: input.electronicAddressScheme && input.electronicAddressId ? { scheme: input.electronicAddressScheme, id: input.electronicAddressId } : null,
      vatRegime: input.vatRegime ?? 'STANDARD', legalInformation: input.legalInformation ?? null, serviceCode: input.serviceCode ?? null,
      commitmentNumber: input.commitmentNumber ?? null, serviceCodeRequired: input.serviceCodeRequired ?? false,
      commitmentNumberRequired: input.commitmentNumberRequired ?? false, dispatchChannel: input.dispatchChannel ?? null,
    };
    await this.db.transaction((m) => this.saveSettings(m, s));
    return s;
  }

  issuer(): InvoiceIssuer {
    return { name: this.config.billing.issuerName, siren: this.config.billing.issuerSiren };
  }

  /** Buyers pay the platform, which collects for its sellers (BG-10 payee, BG-16 the platform's account). */
  payment(): PaymentInstructions {
    const b = this.config.billing;
    return { meansCode: '58', iban: b.iban, bic: b.bic, accountName: `${b.issuerName} – fonds des vendeurs`, payee: { name: b.issuerName, siren: b.issuerSiren } };
  }

  paymentTermsDays(): number {
    return this.config.billing.paymentTermsDays;
  }

  /** The platform as the seller of its own service (the commission): BILLING_ISSUER_* settings. */
  platformAsSeller(): InvoiceSeller {
    const b = this.config.billing;
    if (!b.issuerAddress) {
      throw new ConflictError('The platform\'s address is not configured: set BILLING_ISSUER_ADDRESS, BILLING_ISSUER_POSTCODE and BILLING_ISSUER_CITY to issue commission invoices')
        .because(BillingReason.INVOICE_INCOMPLETE);
    }
    return {
      name: b.issuerName, address: { line1: b.issuerAddress.line, postcode: b.issuerAddress.postcode, city: b.issuerAddress.city, country: 'FR' },
      siren: b.issuerSiren, siret: null, vatNumber: b.issuerVatNumber, taxRegistrationId: null,
      electronicAddress: { scheme: FRENCH_DIRECTORY_SCHEME, id: b.issuerSiren }, vatRegime: 'STANDARD', legalInformation: b.issuerLegalInformation,
    };
  }

  /** The platform's own account, for its own invoices (no separate payee). */
  platformPayment(): PaymentInstructions {
    const b = this.config.billing;
    return { meansCode: '58', iban: b.iban, bic: b.bic, accountName: b.issuerName, payee: null };
  }
}
