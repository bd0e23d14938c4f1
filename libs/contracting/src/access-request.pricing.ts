// Pricing for a negotiation: always with the tariff version the request froze (the pricing
// library prices with the version in effect today, for the caller's own organisation), and
// quotes saved by the producer for the buyer.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadInputError, parisDay } from '@app/core';
import { OrganizationEntity } from '@app/identity';
import { CompiledTariff, compileTariff, computeQuote, PricingInputError, QuoteEntity, TariffService, TariffVersionEntity, type QuoteBuyer, type QuoteRequest, type QuoteResult, type BuyerCategory } from '@app/pricing';
import { QuoteRequestInput } from '@app/pricing/dto/quote.inputs';
import { BUYER_ORGANIZATION, requestProblems, toEngineRequest } from '@app/pricing/quote-request.mapper';

const DAY_MS = 86_400_000;

export interface PricedRequest {
  request: QuoteRequest;
  result: QuoteResult;
}

@Injectable()
export class AccessRequestPricing {
  /** Published tariff versions never change (a trigger refuses it): compiled once per process. */
  private readonly compiled = new Map<string, CompiledTariff>();

  constructor(@InjectDataSource() private readonly db: DataSource, private readonly tariffs: TariffService) {}

  /** The tariff an offering's licence is sold with, or else the offering's tariff in effect today. */
  async tariffVersionFor(offeringId: string, licenceTariffVersionId: string | null): Promise<string> {
    if (licenceTariffVersionId) return licenceTariffVersionId;
    return (await this.tariffs.effective(offeringId, null, parisDay(new Date()))).versionId;
  }

  /** Prices `input` for the buyer organisation with a frozen tariff version; problems name `field`.<parameter>. */
  async price(tariffVersionId: string, input: QuoteRequestInput, buyerOrg: OrganizationEntity, months: number, field: string): Promise<PricedRequest> {
    const compiled = await this.compiledVersion(tariffVersionId);
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

  /** Saves a binding quote for the request's buyer, in the caller's transaction. */
  async saveQuote(
    m: EntityManager, actor: Actor, r: { offeringId: string; offeringVersionId: string; tariffVersionId: string; buyerId: string; producerId: string },
    priced: PricedRequest, validityDays: number,
  ): Promise<QuoteEntity> {
    const [{ seq }] = await m.query(`SELECT nextval('quote_number_seq') AS seq`);
    const createdAt = new Date();
    return m.save(m.create(QuoteEntity, {
      number: `Q-${parisDay(createdAt).slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      offeringId: r.offeringId, offeringVersionId: r.offeringVersionId, tariffVersionId: r.tariffVersionId,
      buyerId: r.buyerId, producerId: r.producerId, request: priced.request, result: priced.result,
      totalCents: priced.result.totalCents, currency: priced.result.currency,
      createdAt, validUntil: new Date(createdAt.getTime() + validityDays * DAY_MS), createdBy: actor.userId,
    }));
  }

  private async compiledVersion(versionId: string): Promise<CompiledTariff> {
    let compiled = this.compiled.get(versionId);
    if (!compiled) {
      const version = await this.db.getRepository(TariffVersionEntity).findOneByOrFail({ id: versionId });
      compiled = compileTariff(version.definition);
      this.compiled.set(versionId, compiled);
    }
    return compiled;
  }
}
