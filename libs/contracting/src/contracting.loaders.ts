import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoaderContext, perRequest } from '@app/core';
import { OfferingService, type OfferingVersionEntity } from '@app/catalog';
import { LicenceTemplateService, LicenceVersionView } from '@app/licensing';
import { QuoteService, type QuoteEntity } from '@app/pricing';
import { AccessRequestService } from './access-request.service';
import { AgreementService } from './agreement.service';
import { AccessRequestEventEntity, AgreementEntity, AgreementSignatureEntity } from './contracting.entities';

function one<T>(keys: readonly string[], rows: T[], key: (row: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function many<T>(keys: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  return keys.map((k) => rows.filter((r) => key(r) === k));
}

/** Batches the nested fields of requests and agreements into one query per field and request. */
@Injectable()
export class ContractingLoaders {
  constructor(
    private readonly requests: AccessRequestService,
    private readonly agreements: AgreementService,
    private readonly templates: LicenceTemplateService,
    private readonly quotes: QuoteService,
    private readonly offerings: OfferingService,
  ) {}

  events(ctx: LoaderContext, requestId: string): Promise<AccessRequestEventEntity[]> {
    return perRequest<string, AccessRequestEventEntity[]>(ctx, 'accessRequestEvents', () =>
      new DataLoader(async (ids) => many(ids, await this.requests.eventsOf(ids), (e) => e.requestId)),
    ).load(requestId);
  }

  licenceVersion(ctx: LoaderContext, id: string): Promise<LicenceVersionView | null> {
    return perRequest<string, LicenceVersionView | null>(ctx, 'requestLicenceVersion', () =>
      new DataLoader(async (ids) => one(ids, await this.templates.versionsByIds(ids), (v) => v.version.id)),
    ).load(id);
  }

  quote(ctx: LoaderContext, id: string): Promise<QuoteEntity | null> {
    return perRequest<string, QuoteEntity | null>(ctx, 'requestQuote', () =>
      new DataLoader(async (ids) => one(ids, await this.quotes.byIds(ids), (q) => q.id)),
    ).load(id);
  }

  offeringVersion(ctx: LoaderContext, id: string): Promise<OfferingVersionEntity | null> {
    return perRequest<string, OfferingVersionEntity | null>(ctx, 'requestOfferingVersion', () =>
      new DataLoader(async (ids) => one(ids, await this.offerings.versionsByIds(ids), (v) => v.id)),
    ).load(id);
  }

  agreementOfRequest(ctx: LoaderContext, requestId: string): Promise<AgreementEntity | null> {
    return perRequest<string, AgreementEntity | null>(ctx, 'requestAgreement', () =>
      new DataLoader(async (ids) => one(ids, await this.agreements.byRequestIds(ids), (a) => a.requestId)),
    ).load(requestId);
  }

  signatures(ctx: LoaderContext, agreementId: string): Promise<AgreementSignatureEntity[]> {
    return perRequest<string, AgreementSignatureEntity[]>(ctx, 'agreementSignatures', () =>
      new DataLoader(async (ids) => many(ids, await this.agreements.signaturesOf(ids), (s) => s.agreementId)),
    ).load(agreementId);
  }
}
