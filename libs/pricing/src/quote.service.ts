import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Actor, AuditService, BadInputError, ConflictError, FieldProblem, ForbiddenError, NotFoundError, Role,
  parisDay,
} from '@app/core';
import { CatalogReason, OfferingService, OfferingStatus } from '@app/catalog';
import { IdentityService, OrganizationEntity, isBuyerKind, requireRole } from '@app/identity';
import { BuyerCategory as EngineBuyerCategory, computeQuote, PricingInputError, QuoteBuyer, QuoteRequest, QuoteResult } from './engine';
import { QuotePdfParty, renderQuotePdf } from './pdf';
import { PricingContext, PricingContexts } from './pricing-contexts';
import { EstimateArgs, RequestQuoteArgs } from './dto/pricing.args';
import { QuoteRequestInput } from './dto/quote.inputs';
import { QuoteEntity } from './quote.entities';
import { saveQuote } from './quote-writer';
import { BUYER_ARGUMENTS, BUYER_ORGANIZATION, BuyerFields, requestProblems, toEngineRequest } from './quote-request.mapper';
import { TariffService } from './tariff.service';

/** A price computed for an offering with the tariff version in effect today. */
export interface Priced {
  offeringId: string;
  offeringVersionId: string;
  offeringVersionNo: number;
  producerId: string;
  tariffId: string;
  tariffVersionId: string;
  tariffVersionNo: number;
  pricedOn: string;
  request: QuoteRequest;
  result: QuoteResult;
}

@Injectable()
export class QuoteService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly offerings: OfferingService,
    private readonly identity: IdentityService,
    private readonly tariffs: TariffService,
    private readonly contexts: PricingContexts,
  ) {}

  /**
   * Prices a request without saving anything. A buyer organisation is priced as itself; anyone
   * else (anonymous, a producer previewing) says which buyer to price for.
   */
  async estimate(actor: Actor | null, offeringId: string, tariffId: string | null, args: EstimateArgs): Promise<Priced> {
    if (actor && isBuyerKind(actor.organizationKind)) {
      // The registered identity came with the caller's credentials: no extra query.
      const buyer: QuoteBuyer = {
        category: actor.organizationKind as EngineBuyerCategory, country: actor.organizationCountry, vatNumber: actor.organizationVatNumber,
      };
      const contradictions: FieldProblem[] = [];
      const given = { buyerCategory: [args.buyerCategory, buyer.category], buyerCountry: [args.buyerCountry, buyer.country], buyerVatNumber: [args.buyerVatNumber, buyer.vatNumber] };
      for (const [field, [value, own]] of Object.entries(given)) {
        if (value !== undefined && value !== null && value !== own) {
          contradictions.push({ field, message: `contradicts your organisation (${own ?? 'none'}): a buyer organisation is priced as itself; omit it` });
        }
      }
      if (contradictions.length) throw new BadInputError(contradictions);
      return this.price(actor, offeringId, tariffId, args.request, buyer, args.locale, BUYER_ORGANIZATION, true);
    }
    const buyer: QuoteBuyer = {
      category: args.buyerCategory ?? 'PHARMA',
      country: args.buyerCountry ?? 'FR',
      vatNumber: args.buyerVatNumber ?? null,
    };
    return this.price(actor, offeringId, tariffId, args.request, buyer, args.locale, BUYER_ARGUMENTS, true);
  }

  /**
   * A producer's preview of its own tariff at its latest version, a draft included: the
   * request priced as a buyer of the given category would be, with the offering's latest
   * version; nothing is saved and buyers see none of it until the tariff is published.
   */
  async preview(actor: Actor, tariffId: string, args: EstimateArgs): Promise<Priced> {
    const { tariff, version, compiled } = await this.tariffs.latestForPreview(actor, tariffId);
    const view = await this.offerings.get(actor, tariff.offeringId);
    const buyer: QuoteBuyer = { category: args.buyerCategory ?? 'PHARMA', country: args.buyerCountry ?? 'FR', vatNumber: args.buyerVatNumber ?? null };
    const request = toEngineRequest(args.request, buyer);
    let result: QuoteResult;
    try {
      result = computeQuote(compiled, request, { locale: args.locale });
    } catch (e) {
      if (e instanceof PricingInputError) throw requestProblems(e, BUYER_ARGUMENTS);
      throw e;
    }
    return {
      offeringId: tariff.offeringId, offeringVersionId: view.version.id, offeringVersionNo: view.version.versionNo, producerId: tariff.producerId,
      tariffId: tariff.id, tariffVersionId: version.id, tariffVersionNo: version.versionNo, pricedOn: parisDay(new Date()), request, result,
    };
  }

  /** Saves a quote for the caller's buyer organisation, freezing the offering and tariff versions. */
  async request(actor: Actor, offeringId: string, tariffId: string | null, args: RequestQuoteArgs): Promise<QuoteEntity> {
    if (!isBuyerKind(actor.organizationKind)) {
      throw new ForbiddenError(`Only buyer organisations request quotes; yours is a ${actor.organizationKind}. Use estimate to preview prices`);
    }
    requireRole(actor, Role.BUYER, Role.ADMIN);
    // VAT and reductions follow the organisation's registered identity, never the client's word.
    const buyer = buyerOf(await this.identity.organization(actor.organizationId));
    const priced = await this.price(actor, offeringId, tariffId, args.request, buyer, args.locale, BUYER_ORGANIZATION, false);
    return this.db.transaction(async (m) => {
      const quote = await saveQuote(m, actor.userId, { ...priced, buyerId: actor.organizationId }, priced, args.validityDays);
      await this.audit.record(m, actor, 'quote.requested', 'Quote', quote.id, {
        number: quote.number, offeringId, tariffVersion: priced.tariffVersionNo, totalCents: quote.totalCents,
      });
      return quote;
    });
  }

  /** A quote, for its buyer and its producer only: others cannot tell it exists. */
  async get(actor: Actor, id: string): Promise<QuoteEntity> {
    const quote = await this.db.getRepository(QuoteEntity).findOneBy({ id });
    if (!quote || (quote.buyerId !== actor.organizationId && quote.producerId !== actor.organizationId)) {
      throw new NotFoundError('Quote', id);
    }
    return quote;
  }

  /** Quotes the caller's organisation asked for or was asked for, newest first. */
  async list(actor: Actor, offset: number, limit: number): Promise<{ rows: QuoteEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(QuoteEntity).findAndCount({
      where: [{ buyerId: actor.organizationId }, { producerId: actor.organizationId }],
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { rows, total };
  }

  /** The quote document, rendered from the saved quote with both parties' legal identity. */
  async pdf(actor: Actor, id: string): Promise<{ number: string; pdf: Buffer }> {
    const quote = await this.get(actor, id);
    const [parties, version] = await Promise.all([
      this.identity.organizationsByIds([quote.producerId, quote.buyerId]),
      this.offerings.versionsByIds([quote.offeringVersionId]).then(([v]) => v),
    ]);
    const party = (orgId: string) => toParty(parties.find((o) => o.id === orgId)!);
    const locale = quote.result.locale;
    const pdf = await renderQuotePdf({
      quoteNumber: quote.number,
      issueDate: parisDay(quote.createdAt),
      validUntil: parisDay(quote.validUntil),
      seller: party(quote.producerId),
      buyer: party(quote.buyerId),
      offeringTitle: version.content.title[locale],
      quote: quote.result,
    });
    return { number: quote.number, pdf };
  }

  /** Quotes by id, for references a caller already holds (a request's); `m`: the caller's transaction, if any. */
  async byIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<QuoteEntity[]> {
    return m.findBy(QuoteEntity, { id: In([...ids]) });
  }

  private async price(
    actor: Actor | null, offeringId: string, tariffId: string | null, input: QuoteRequestInput, buyer: QuoteBuyer,
    locale: 'fr' | 'en', buyerFields: BuyerFields, reuse: boolean,
  ): Promise<Priced> {
    const ctx = await this.context(actor, offeringId, tariffId, reuse);
    const request = toEngineRequest(input, buyer);
    let result: QuoteResult;
    try {
      result = computeQuote(ctx.tariff.compiled, request, { locale });
    } catch (e) {
      if (e instanceof PricingInputError) throw requestProblems(e, buyerFields);
      throw e;
    }
    return {
      offeringId, offeringVersionId: ctx.offeringVersionId, offeringVersionNo: ctx.offeringVersionNo, producerId: ctx.producerId,
      tariffId: ctx.tariff.tariffId, tariffVersionId: ctx.tariff.versionId, tariffVersionNo: ctx.tariff.versionNo, pricedOn: ctx.day,
      request, result,
    };
  }

  /** The offering as the caller may see it (published), its published version and the tariff in effect today. */
  private async context(actor: Actor | null, offeringId: string, tariffId: string | null, reuse: boolean): Promise<PricingContext> {
    const day = parisDay(new Date());
    const now = Date.now();
    const key = `${offeringId}/${tariffId ?? ''}`;
    const known = reuse ? this.contexts.get(key) : undefined;
    if (known && known.day === day && known.expiresAt > now && (known.public || known.producerId === actor?.organizationId)) return known;

    const view = await this.offerings.get(actor, offeringId);
    if (view.offering.status !== OfferingStatus.PUBLISHED) {
      const refusal = new ConflictError(`This offering is ${view.offering.status.toLowerCase()}: only published offerings are priced`);
      throw view.offering.status === OfferingStatus.RETIRED ? refusal.because(CatalogReason.OFFERING_RETIRED) : refusal;
    }
    const published = view.version.id === view.offering.publishedVersionId
      ? view.version
      : (await this.offerings.versionsByIds([view.offering.publishedVersionId!]))[0];
    const ctx: PricingContext = {
      offeringVersionId: published.id, offeringVersionNo: published.versionNo, producerId: view.offering.producerId,
      tariff: await this.tariffs.effective(offeringId, tariffId, day), day, expiresAt: now + PricingContexts.ttlMs, public: !view.isOwner,
    };
    this.contexts.set(key, ctx);
    return ctx;
  }
}

function buyerOf(org: OrganizationEntity): QuoteBuyer {
  return { category: org.kind as EngineBuyerCategory, country: org.country, vatNumber: org.vatNumber };
}

function toParty(org: OrganizationEntity): QuotePdfParty {
  return {
    name: org.name,
    siret: org.siret,
    vatNumber: org.vatNumber,
    address: `${org.addressLine}, ${org.postalCode} ${org.city}`,
    country: org.country,
  };
}
