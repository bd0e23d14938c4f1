// Pricing for a negotiation: always with the tariff version the request froze (estimates and
// requestQuote price with the version in effect today, for the caller's own organisation),
// and binding quotes the producer saves for the buyer, in the negotiation's transaction.
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, BadInputError, parisDay } from '@app/core';
import type { OrganizationEntity } from '@app/identity';
import { BuyerCategory, computeQuote, PricingInputError, QuoteBuyer, QuoteRequest, QuoteResult } from './engine';
import { QuoteRequestInput } from './dto/quote.inputs';
import { QuoteEntity } from './quote.entities';
import { QuoteSubject, saveQuote } from './quote-writer';
import { BUYER_ORGANIZATION, requestProblems, toEngineRequest } from './quote-request.mapper';
import { TariffService } from './tariff.service';

export interface PricedRequest {
  request: QuoteRequest;
  result: QuoteResult;
}

@Injectable()
export class NegotiatedQuoteService {
  constructor(private readonly tariffs: TariffService) {}

  /** The tariff an offering's licence is sold with, or else the offering's tariff in effect today. */
  async tariffVersionFor(offeringId: string, licenceTariffVersionId: string | null): Promise<string> {
    if (licenceTariffVersionId) return licenceTariffVersionId;
    return (await this.tariffs.effective(offeringId, null, parisDay(new Date()))).versionId;
  }

  /**
   * Prices `input` for the buyer organisation with a frozen tariff version; `months` is the
   * request's duration, used when the tariff counts months and the input gives none. Problems
   * name `field`.<parameter>.
   */
  async price(
    tariffVersionId: string, input: QuoteRequestInput, buyerOrg: OrganizationEntity, months: number, field: string, m?: EntityManager,
  ): Promise<PricedRequest> {
    const compiled = await this.tariffs.compiledVersion(tariffVersionId, m);
    const buyer: QuoteBuyer = { category: buyerOrg.kind as BuyerCategory, country: buyerOrg.country, vatNumber: buyerOrg.vatNumber };
    const withMonths = compiled.hasDuration && (input.months === undefined || input.months === null) ? { ...input, months } : input;
    const request = toEngineRequest(withMonths, buyer);
    try {
      return { request, result: computeQuote(compiled, request, { locale: 'fr' }) };
    } catch (e) {
      if (!(e instanceof PricingInputError)) throw e;
      const problems = requestProblems(e, BUYER_ORGANIZATION).problems;
      throw new BadInputError(problems.map((p) => ({ ...p, field: p.field.startsWith('request') ? `${field}${p.field.slice('request'.length)}` : p.field })));
    }
  }

  /** Saves a binding quote for the buyer, in the caller's transaction. */
  async save(m: EntityManager, actor: Actor, subject: QuoteSubject, priced: PricedRequest, validityDays: number): Promise<QuoteEntity> {
    return saveQuote(m, actor.userId, subject, priced, validityDays);
  }

}
