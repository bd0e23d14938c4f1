import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, AuditService, BadInputError, ConflictError, DomainEvents, FieldProblem, ForbiddenError, NotFoundError, Role, inTurn, parisDay } from '@app/core';
import { CatalogReason, OfferingService, OfferingStatus } from '@app/catalog';
import { IdentityService, isBuyerKind, requireRole } from '@app/identity';
import { LicenceTemplateService, OfferingLicenceService, partyOf } from '@app/licensing';
import { renderTemplate, type TemplateDefinition } from '@app/licensing/engine';
import { NegotiatedQuoteService, PricingReason, QuoteRequestInput, QuoteService, type QuoteEntity } from '@app/pricing';
import { applyMove, lockRequest, refusalError, sideOf } from './access-request.moves';
import { checkLicenceVariables, licenceValues, variablesError } from './agreement-terms';
import { AgreementService } from './agreement.service';
import { AccessRequestEntity, AccessRequestEventEntity, RecordedProposal } from './contracting.entities';
import { AccessRequestRole } from './contracting.enums';
import { AccessRequestWithdrawn } from './contracting.events';
import { ClauseChangeInput, CreateAccessRequestInput, QuoteAccessRequestInput } from './dto/access-request.inputs';
import { planTransition, validateProposal, type AccessRequestState, type ProposedClauseChange, type TransitionName } from './negotiation';

const DEFAULT_PROCESSING_ENVIRONMENT = 'Environnement de traitement sécurisé du Producteur';
const DEFAULT_QUOTE_VALIDITY_DAYS = 30;

/** Plain JSON of a GraphQL input (class instances, undefined fields dropped). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {}));

/** Access requests and their negotiation; every transition runs on the locked row, so two cannot both succeed. */
@Injectable()
export class AccessRequestService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly offerings: OfferingService,
    private readonly offeringLicences: OfferingLicenceService,
    private readonly identity: IdentityService,
    private readonly pricing: NegotiatedQuoteService,
    private readonly quotes: QuoteService,
    private readonly templates: LicenceTemplateService,
    private readonly agreements: AgreementService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * A buyer's request, in DRAFT, with its estimate: the offering version, the licence version
   * and the tariff version it names are frozen now.
   */
  async create(actor: Actor, input: CreateAccessRequestInput): Promise<AccessRequestEntity> {
    if (!isBuyerKind(actor.organizationKind)) {
      throw new ForbiddenError(`Only buyer organisations request access to data; yours is a ${actor.organizationKind}`);
    }
    requireRole(actor, Role.BUYER, Role.ADMIN);
    const view = await this.offerings.get(actor, input.offeringId);
    if (view.offering.status !== OfferingStatus.PUBLISHED) {
      const refusal = new ConflictError(`This offering is ${view.offering.status.toLowerCase()}: access is requested to published offerings only`);
      throw view.offering.status === OfferingStatus.RETIRED ? refusal.because(CatalogReason.OFFERING_RETIRED) : refusal;
    }
    const [licences] = await this.offeringLicences.licencesOf([input.offeringId]);
    const licence = licences.find((l) => l.version.id === input.templateVersionId.toLowerCase());
    if (!licence) {
      const offered = licences.map((l) => `${l.template.key}@${l.version.version} (${l.version.id})`).join(', ') || 'none yet';
      throw BadInputError.field('input.templateVersionId', `is not a licence this offering accepts; it accepts: ${offered}`);
    }
    const def: TemplateDefinition = licence.version.definition;
    checkLicenceVariables(def, input.licenceVariables, 'input.licenceVariables');
    const today = parisDay(new Date());
    const startDate = input.startDate ?? today;
    const problems: FieldProblem[] = [];
    if (startDate < today) problems.push({ field: 'input.startDate', message: `must not be in the past (today is ${today} in Paris)` });
    const { periodStart, periodEnd } = input.scope;
    if (periodStart && periodEnd && periodEnd < periodStart) problems.push({ field: 'input.scope.periodEnd', message: 'must not precede periodStart' });
    if (problems.length) throw new BadInputError(problems);

    const tariffVersionId = await this.pricing.tariffVersionFor(input.offeringId, licence.tariffVersionId);
    const [buyerOrg, producerOrg] = await Promise.all([this.identity.organization(actor.organizationId), this.identity.organization(view.offering.producerId)]);
    const pricingInput = plain(input.pricing) as QuoteRequestInput;
    const priced = await this.pricing.price(tariffVersionId, pricingInput, buyerOrg, input.durationMonths, 'input.pricing');

    const fields = {
      purposeCategory: input.purposeCategory, purposeSummary: input.purposeSummary.trim(), projectTitle: input.projectTitle.trim(),
      principalInvestigator: input.principalInvestigator.trim(), legalBasis: input.legalBasis, cnilFormality: input.cnilFormality,
      cnilReference: input.cnilReference.trim(), processingEnvironment: input.processingEnvironment?.trim() || DEFAULT_PROCESSING_ENVIRONMENT,
      durationMonths: input.durationMonths, licenceVariables: plain(input.licenceVariables ?? {}),
    };
    // The licence must render with these values: a wrong purpose category or legal basis is refused now, not at acceptance.
    try {
      const dataset = { id: view.offering.id, title: view.version.content.title.fr, version: view.version.versionNo, producer: producerOrg.name };
      renderTemplate(def, licenceValues(def, fields, { producer: partyOf(producerOrg), buyer: partyOf(buyerOrg), dataset, startDate, fees: priced.result }), 'fr');
    } catch (e) {
      throw variablesError(e);
    }

    return this.db.transaction(async (m) => {
      const [{ seq }] = await m.query(`SELECT nextval('access_request_number_seq') AS seq`);
      const r = await m.save(m.create(AccessRequestEntity, {
        ...fields,
        number: `AR-${today.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
        offeringId: view.offering.id, offeringVersionId: view.version.id, templateVersionId: licence.version.id, tariffVersionId,
        buyerId: actor.organizationId, producerId: view.offering.producerId, state: 'DRAFT' as AccessRequestState,
        scope: { population: input.scope.population.trim(), variables: input.scope.variables, periodStart: periodStart ?? null, periodEnd: periodEnd ?? null },
        pricingRequest: pricingInput as never,
        startDate, estimate: priced.result, currentQuoteId: null, acceptedQuoteId: null, proposals: [], version: 1, createdBy: actor.userId,
      }));
      await this.audit.record(m, actor, 'access_request.created', 'AccessRequest', r.id, {
        number: r.number, offeringId: r.offeringId, templateVersionId: r.templateVersionId, tariffVersionId, estimateTotalCents: priced.result.totalCents,
      });
      return r;
    });
  }

  /** A request of the caller's organisation (buyer or producer); others get NOT_FOUND. */
  async get(actor: Actor, id: string): Promise<AccessRequestEntity> {
    const r = await this.db.getRepository(AccessRequestEntity).findOneBy({ id });
    if (!r || (r.buyerId !== actor.organizationId && r.producerId !== actor.organizationId)) throw new NotFoundError('AccessRequest', id);
    return r;
  }

  async list(actor: Actor, role: AccessRequestRole | undefined, states: AccessRequestState[] | undefined, offset: number, limit: number) {
    const qb = this.db.getRepository(AccessRequestEntity).createQueryBuilder('r');
    if (role === AccessRequestRole.AS_BUYER) qb.where('r.buyer_id = :org', { org: actor.organizationId });
    else if (role === AccessRequestRole.AS_PRODUCER) qb.where('r.producer_id = :org', { org: actor.organizationId });
    else qb.where('(r.buyer_id = :org OR r.producer_id = :org)', { org: actor.organizationId });
    if (states?.length) qb.andWhere('r.state IN (:...states)', { states });
    const [rows, total] = await qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id').skip(offset).take(limit).getManyAndCount();
    return { rows, total };
  }

  async eventsOf(requestIds: readonly string[]): Promise<AccessRequestEventEntity[]> {
    return this.db.getRepository(AccessRequestEventEntity).find({ where: { requestId: In([...requestIds]) }, order: { at: 'ASC', id: 'ASC' } });
  }

  /**
   * A move that needs nothing but a note: submit, startReview, requestInformation,
   * provideInformation, reject, withdraw; accept, quote and terminate are passed on. The
   * state machine decides from the locked state.
   */
  async transition(actor: Actor, id: string, name: TransitionName, note: string | null): Promise<AccessRequestEntity> {
    if (name === 'accept') return this.accept(actor, id, note);
    if (name === 'quote') return this.quote(actor, id, { note: note ?? undefined });
    return inTurn(`access_request:${id}`, () => this.db.transaction(async (m) => {
      const r = await lockRequest(m, actor, id);
      const side = sideOf(actor, r);
      const plan = planTransition(r.state, name, { side, roles: actor.roles, note });
      if (!plan.ok) throw refusalError(plan, r.state, side, actor.roles);
      if (name === 'counterPropose') throw BadInputError.field('transition', 'a counter-proposal carries clause changes: use counterProposeAccessRequest');
      if (name === 'sign') throw BadInputError.field('transition', 'signing needs your consent: use signAgreement(agreementId, consent, consentText)');
      if (name === 'terminate') {
        await this.agreements.terminateLocked(m, actor, r, note);
        return r;
      }
      await applyMove(m, this.audit, r, plan, actor, side, note);
      if (name === 'withdraw') await this.publishWithdrawal(m, r, plan.from);
      return r;
    }));
  }

  /**
   * In the withdrawal's transaction: billing invoices the costs incurred on the terms of the
   * accepted quote or, before acceptance, of the producer's latest quote (a buyer's
   * counter-proposal is not a quote the producer gave); none before any quote.
   */
  private async publishWithdrawal(m: EntityManager, r: AccessRequestEntity, fromState: AccessRequestState): Promise<void> {
    const producerQuote = [...r.proposals].reverse().find((p) => p.by === 'PRODUCER' && p.quoteId)?.quoteId ?? null;
    await this.events.publish(m, AccessRequestWithdrawn, {
      requestId: r.id, number: r.number, offeringId: r.offeringId, offeringVersionId: r.offeringVersionId, buyerId: r.buyerId, producerId: r.producerId,
      fromState, quoteId: r.acceptedQuoteId ?? producerQuote, requestedOn: parisDay(r.createdAt), withdrawnAt: new Date().toISOString(),
    });
  }

  /** The producer quotes: clause changes it proposes, and a binding quote priced with the frozen tariff version. */
  async quote(actor: Actor, id: string, input: QuoteAccessRequestInput): Promise<AccessRequestEntity> {
    return inTurn(`access_request:${id}`, () => this.db.transaction(async (m) => {
      const r = await lockRequest(m, actor, id);
      const side = sideOf(actor, r);
      const plan = planTransition(r.state, 'quote', { side, roles: actor.roles, note: input.note });
      if (!plan.ok) throw refusalError(plan, r.state, side, actor.roles);
      const changes = await this.checkedChanges(m, r, input.changes ?? [], 'input.changes');
      const pricingInput = input.pricing ? plain(input.pricing) : r.pricingRequest;
      const quote = await this.saveQuote(m, actor, r, pricingInput as QuoteRequestInput, input.validityDays ?? DEFAULT_QUOTE_VALIDITY_DAYS, 'input.pricing');
      this.propose(r, 'PRODUCER', changes, quote.id, input.note);
      await applyMove(m, this.audit, r, plan, actor, side, input.note ?? `Quote ${quote.number}: ${quote.totalCents} cents`);
      return r;
    }));
  }

  /** The buyer answers a quote with changes of negotiable clauses and, optionally, other tariff options (priced at once). */
  async counterPropose(actor: Actor, id: string, changesInput: ClauseChangeInput[], note: string | null, pricing: QuoteRequestInput | null): Promise<AccessRequestEntity> {
    return inTurn(`access_request:${id}`, () => this.db.transaction(async (m) => {
      const r = await lockRequest(m, actor, id);
      const side = sideOf(actor, r);
      const plan = planTransition(r.state, 'counterPropose', { side, roles: actor.roles, note });
      if (!plan.ok) throw refusalError(plan, r.state, side, actor.roles);
      if (!changesInput.length && !pricing) throw BadInputError.field('changes', 'a counter-proposal changes at least one negotiable clause or the tariff options');
      const changes = await this.checkedChanges(m, r, changesInput, 'changes');
      let quoteId: string | null = null;
      if (pricing) {
        const quote = await this.saveQuote(m, actor, r, plain(pricing), DEFAULT_QUOTE_VALIDITY_DAYS, 'pricing');
        quoteId = quote.id;
      }
      this.propose(r, 'BUYER', changes, quoteId, note);
      await applyMove(m, this.audit, r, plan, actor, side, note);
      return r;
    }));
  }

  /**
   * Whoever did not make the last proposal accepts it: the current quote becomes the accepted
   * one and the agreement is issued at once (AGREEMENT_ISSUED).
   */
  async accept(actor: Actor, id: string, note: string | null): Promise<AccessRequestEntity> {
    return inTurn(`access_request:${id}`, () => this.db.transaction(async (m) => {
      const r = await lockRequest(m, actor, id);
      const side = sideOf(actor, r);
      const plan = planTransition(r.state, 'accept', { side, roles: actor.roles, note });
      if (!plan.ok) throw refusalError(plan, r.state, side, actor.roles);
      const [quote] = r.currentQuoteId ? await this.quotes.byIds([r.currentQuoteId], m) : [];
      if (!quote) throw new ConflictError('There is no quote to accept yet', { state: r.state });
      if (quote.validUntil <= new Date()) {
        throw new ConflictError(`Quote ${quote.number} expired on ${quote.validUntil.toISOString()}: the producer quotes again (or the buyer counter-proposes new tariff options)`, { state: r.state }).because(PricingReason.QUOTE_EXPIRED);
      }
      r.acceptedQuoteId = quote.id;
      await applyMove(m, this.audit, r, plan, actor, side, note);
      const issue = planTransition(r.state, 'issueAgreement', { side: 'PLATFORM', roles: [] });
      if (!issue.ok) throw refusalError(issue, r.state);
      const agreement = await this.agreements.issue(m, r);
      await applyMove(m, this.audit, r, issue, null, 'PLATFORM', `Agreement ${agreement.number} issued`);
      return r;
    }));
  }

  private async saveQuote(m: EntityManager, actor: Actor, r: AccessRequestEntity, pricingInput: QuoteRequestInput, validityDays: number, field: string): Promise<QuoteEntity> {
    const buyerOrg = await this.identity.organization(r.buyerId, m);
    const priced = await this.pricing.price(r.tariffVersionId, pricingInput, buyerOrg, r.durationMonths, field, m);
    const quote = await this.pricing.save(m, actor, r, priced, validityDays);
    r.currentQuoteId = quote.id;
    r.pricingRequest = pricingInput as never;
    await this.audit.record(m, actor, 'quote.negotiated', 'Quote', quote.id, { number: quote.number, requestId: r.id, totalCents: quote.totalCents });
    return quote;
  }

  /** Clause changes checked against the frozen licence version: a locked clause is FORBIDDEN (named), other problems BAD_USER_INPUT. */
  private async checkedChanges(m: EntityManager, r: AccessRequestEntity, input: ClauseChangeInput[], field: string): Promise<ProposedClauseChange[]> {
    const changes: ProposedClauseChange[] = input.map((c) => {
      const change: ProposedClauseChange = { clauseId: c.clauseId };
      if (c.alternativeId) change.alternativeId = c.alternativeId;
      if (c.text) change.text = plain(c.text);
      if (c.revertToStandard) change.revertToStandard = true;
      return change;
    });
    if (!changes.length) return changes;
    const [{ version }] = await this.templates.versionsByIds([r.templateVersionId], m);
    const problems = validateProposal(version.definition, changes);
    const locked = problems.filter((p) => p.code === 'CLAUSE_LOCKED' || p.code === 'CLAUSE_CONDITIONAL');
    if (locked.length) {
      const error = new ForbiddenError(`${locked.map((p) => p.message).join('; ')}. Only negotiable clauses can change; nothing was saved.`);
      Object.assign(error.details, { clauseId: locked[0].clauseId, clauseIds: locked.map((p) => p.clauseId) });
      throw error;
    }
    if (problems.length) throw new BadInputError(problems.map((p) => ({ field: `${field}${p.path.slice('changes'.length)}`, message: p.message })));
    return changes;
  }

  private propose(r: AccessRequestEntity, by: 'BUYER' | 'PRODUCER', changes: ProposedClauseChange[], quoteId: string | null, note: string | null | undefined): void {
    const proposal: RecordedProposal = { by, changes, quoteId, note: note?.trim() || null, at: new Date().toISOString() };
    r.proposals = [...r.proposals, proposal];
  }
}
