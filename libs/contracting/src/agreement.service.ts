import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, AuditService, BadInputError, ConflictError, DomainEvents, ForbiddenError, NotFoundError, Role, addMonths, inTurn, parisDay, parisInstant } from '@app/core';
import { ContributionService, OfferingService } from '@app/catalog';
import { IdentityService, requireRole, type OrganizationEntity } from '@app/identity';
import { renderTemplate, type TemplateDefinition } from '@app/licensing/engine';
import { LicenceTemplateService, partyOf } from '@app/licensing';
import { QuoteService } from '@app/pricing';
import {
  renderAgreementPdf, sealAgreement, verifyAgreementPdf, type AgreementContributor, type AgreementFees, type AgreementParty, type AgreementPdfInput, type AuditEvent,
} from './agreement';
import { applyMove, lockRequest, refusalError, sideOf } from './access-request.moves';
import { datasetDescription, enumLabel, hydrateRenderInput, licenceValues, storableRenderInput, variablesError } from './agreement-terms';
import { AccessRequestEntity, AgreementEntity, AgreementSignatureEntity } from './contracting.entities';
import { AgreementActivated, AgreementExpired, AgreementFacts, AgreementSealed, AgreementTerminated } from './contracting.events';
import { mergeProposals, planTransition } from './negotiation';
import { SealKeyProvider } from './seal-key.provider';
import { sha256Hex } from './signing';

export interface SignatureContext {
  ip: string;
  userAgent: string;
}

export interface VerifiedAgreement {
  agreement: AgreementEntity;
  parties: { side: 'BUYER' | 'PRODUCER'; name: string; siret: string | null; signerName: string | null; signedAt: Date | null }[];
}

export interface RegisterRow {
  number: string;
  producer_name: string;
  buyer_name: string;
  title: { fr: string; en: string };
  purpose_category: string;
  purpose_category_label: string;
  purpose_summary: string;
  starts_on: string;
  ends_on: string;
  status: AgreementEntity['status'];
  sealed_at: Date;
  total_cents: string | null;
  currency: string | null;
}

/** What usage metering needs of an agreement: its parties, its period, its state and what froze its prices. */
export interface AgreementUsageTerms {
  agreementId: string;
  number: string;
  /** The access request it came from. */
  requestId: string;
  requestNumber: string;
  status: AgreementEntity['status'];
  producerId: string;
  buyerId: string;
  /** Midnight in Paris of the first day, and of the first day without access. */
  startsAt: Date;
  endsAt: Date;
  tariffVersionId: string;
  acceptedQuoteId: string;
  offeringId: string;
  offeringVersionId: string;
  /** When a party ended it before its end date, else null. */
  terminatedAt: Date | null;
}

const USAGE_TERMS_SQL = `SELECT a.id, a.number, r.id AS request_id, r.number AS request_number, a.status, r.producer_id, r.buyer_id, r.tariff_version_id, r.accepted_quote_id, r.offering_id, r.offering_version_id,
              to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on, a.terminated_at
         FROM agreements a JOIN access_requests r ON r.id = a.request_id`;

function toUsageTerms(r: Record<string, any>): AgreementUsageTerms {
  return {
    agreementId: r.id, number: r.number, requestId: r.request_id, requestNumber: r.request_number, status: r.status, producerId: r.producer_id, buyerId: r.buyer_id,
    startsAt: parisInstant(r.starts_on), endsAt: parisInstant(r.ends_on), tariffVersionId: r.tariff_version_id, acceptedQuoteId: r.accepted_quote_id,
    offeringId: r.offering_id, offeringVersionId: r.offering_version_id, terminatedAt: r.terminated_at ?? null,
  };
}

const MAX_CONSENT = 2000;

/** Agreements: issued on acceptance, signed by both parties in the application, sealed, then run their course. */
@Injectable()
export class AgreementService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
    private readonly offerings: OfferingService,
    private readonly contributions: ContributionService,
    private readonly templates: LicenceTemplateService,
    private readonly quotes: QuoteService,
    private readonly seal: SealKeyProvider,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Generates the agreement of an accepted request, in the caller's transaction: the frozen
   * template version, the negotiated clauses, both parties' legal identities, the dataset,
   * the purpose and the accepted quote; records the hashes and the exact render input.
   */
  async issue(m: EntityManager, r: AccessRequestEntity): Promise<AgreementEntity> {
    const [{ version, template }] = await this.templates.versionsByIds([r.templateVersionId], m);
    const def: TemplateDefinition = version.definition;
    const [quote] = await this.quotes.byIds([r.acceptedQuoteId!], m);
    const [offering] = await this.offerings.versionsByIds([r.offeringVersionId], m);
    const orgs = await this.identity.organizationsByIds([r.producerId, r.buyerId], m);
    const producerOrg = orgs.find((o) => o.id === r.producerId)!;
    const buyerOrg = orgs.find((o) => o.id === r.buyerId)!;

    const today = parisDay(new Date());
    const startsOn = r.startDate > today ? r.startDate : today;
    const producer = partyOf(producerOrg);
    const buyer = partyOf(buyerOrg);
    const dataset = { id: r.offeringId, title: offering.content.title.fr, version: offering.versionNo, producer: producer.name };
    const values = licenceValues(def, r, { producer, buyer, dataset, startDate: startsOn, fees: quote.result });
    const negotiated = mergeProposals(def, r.proposals.map((p) => ({ by: p.by, changes: p.changes })));
    let document;
    try {
      document = renderTemplate(def, values, 'fr', negotiated.overrides);
    } catch (e) {
      throw variablesError(e, 'request');
    }

    const [{ seq }] = await m.query(`SELECT nextval('agreement_number_seq') AS seq`);
    const number = `AGR-${today.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
    const input: AgreementPdfInput = {
      agreementNumber: number,
      document,
      producer: { ...producer, signer: await this.signerOf(m, producerOrg) },
      buyer: { ...buyer, signer: await this.signerOf(m, buyerOrg) },
      dataset: { title: dataset.title, version: dataset.version },
      purpose: { category: enumLabel(def, 'purposeCategory', r.purposeCategory), summary: r.purposeSummary },
      startDate: startsOn,
      durationMonths: r.durationMonths,
      fees: quote.result as unknown as AgreementFees,
      datasetDescription: datasetDescription(offering.content, producer.name, r.scope),
      contributors: await this.contributorsOf(m, r.offeringVersionId),
      creationDate: new Date(),
    };
    // Rendered from what is stored, so that sealing re-renders exactly these bytes.
    const renderInput = storableRenderInput(input);
    const unsigned = await renderAgreementPdf(hydrateRenderInput(renderInput));
    const agreement = await m.save(m.create(AgreementEntity, {
      number, requestId: r.id, templateKey: template.key, templateVersion: version.version, templateHash: document.templateHash,
      variables: JSON.parse(JSON.stringify(values)), variablesHash: document.variablesHash, renderInput,
      unsignedPdfSha256: sha256Hex(unsigned), sealedPdf: null, sealedPdfSha256: null,
      startsOn, endsOn: addMonths(startsOn, r.durationMonths), status: 'ISSUED', publishPrice: false,
      terminationReason: null, sealedAt: null, terminatedAt: null,
    }));
    await this.audit.record(m, null, 'agreement.issued', 'Agreement', agreement.id, {
      number, requestId: r.id, templateHash: agreement.templateHash, variablesHash: agreement.variablesHash, unsignedPdfSha256: agreement.unsignedPdfSha256,
    });
    return agreement;
  }

  /** The contributors frozen with the offering version, named as in their legal identity. */
  private async contributorsOf(m: EntityManager, offeringVersionId: string): Promise<AgreementContributor[]> {
    const frozen = await this.contributions.frozenContributors(offeringVersionId, m);
    const orgs = await this.identity.organizationsByIds(frozen.map((c) => c.organizationId), m);
    return frozen.map((c) => {
      const o = orgs.find((x) => x.id === c.organizationId);
      return { organizationId: c.organizationId, position: c.position, weight: c.weight, name: o?.name ?? c.organizationId, siret: o?.siret ?? null };
    });
  }

  /** The person named as signatory (identity's rule: the first SIGNER, else the first ADMIN). */
  private async signerOf(m: EntityManager, org: OrganizationEntity): Promise<AgreementParty['signer']> {
    const signatory = await this.identity.signatoryOf(org.id, m);
    if (!signatory) throw new ConflictError(`${org.name} has no member who can sign: its ADMIN gives someone the SIGNER role first`);
    return signatory;
  }

  /** An agreement of the caller's organisation; others cannot tell it exists. */
  async get(actor: Actor, id: string): Promise<{ agreement: AgreementEntity; request: AccessRequestEntity }> {
    const agreement = await this.db.getRepository(AgreementEntity).findOneBy({ id });
    const request = agreement && (await this.db.getRepository(AccessRequestEntity).findOneBy({ id: agreement.requestId }));
    if (!agreement || !request || (request.buyerId !== actor.organizationId && request.producerId !== actor.organizationId)) {
      throw new NotFoundError('Agreement', id);
    }
    return { agreement, request };
  }

  async byRequestIds(ids: readonly string[]): Promise<AgreementEntity[]> {
    return this.db.getRepository(AgreementEntity).findBy({ requestId: In([...ids]) });
  }

  /** Usage terms of the agreements with these ids (unknown ids are left out), in one query. */
  async usageTerms(ids: readonly string[], m: EntityManager = this.db.manager): Promise<AgreementUsageTerms[]> {
    if (!ids.length) return [];
    const rows: Record<string, any>[] = await m.query(`${USAGE_TERMS_SQL} WHERE a.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toUsageTerms);
  }

  /**
   * The sealed agreements (signed, active, expired or terminated) whose access period overlaps
   * [from, to) and that were not terminated before `from`: what a billing run of that span reads.
   */
  async billableTerms(from: Date, to: Date): Promise<AgreementUsageTerms[]> {
    const rows: Record<string, any>[] = await this.db.query(
      `${USAGE_TERMS_SQL}
        WHERE a.status IN ('SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED') AND a.sealed_at IS NOT NULL
          AND (a.starts_on::timestamp AT TIME ZONE 'Europe/Paris') < $2 AND (a.ends_on::timestamp AT TIME ZONE 'Europe/Paris') > $1
          AND (a.terminated_at IS NULL OR a.terminated_at > $1)
        ORDER BY a.id`,
      [from, to],
    );
    return rows.map(toUsageTerms);
  }

  async signaturesOf(agreementIds: readonly string[]): Promise<AgreementSignatureEntity[]> {
    return this.db.getRepository(AgreementSignatureEntity).find({ where: { agreementId: In([...agreementIds]) }, order: { signedAt: 'ASC' } });
  }

  /**
   * A party's SIGNER signs in the application. When both parties have signed, the final
   * document (signature page and audit trail filled) is sealed with the platform's
   * certificate and stored once; the request is SIGNED, and ACTIVE at once if it starts today.
   */
  async sign(actor: Actor, id: string, consent: boolean, consentText: string, publishPrice: boolean, where: SignatureContext): Promise<AgreementEntity> {
    const text = consentText?.trim() ?? '';
    // A signature is a person's act: an API key is a program's credential, whoever created it.
    if (actor.kind !== 'USER' || !actor.userId) {
      throw new ForbiddenError('Signing is a person\'s act: sign in (signIn) as a member with the SIGNER role and sign with that session, not with an API key');
    }
    const userId = actor.userId;
    return inTurn(`agreement:${id}`, () => this.db.transaction(async (m) => {
      const found = await m.findOneBy(AgreementEntity, { id });
      if (!found) throw new NotFoundError('Agreement', id);
      const r = await lockRequest(m, actor, found.requestId).catch(() => {
        throw new NotFoundError('Agreement', id);
      });
      const agreement = await m.findOneByOrFail(AgreementEntity, { id });
      const side = sideOf(actor, r);
      const signatures = await m.find(AgreementSignatureEntity, { where: { agreementId: id }, order: { signedAt: 'ASC' } });
      const plan = planTransition(r.state, 'sign', { side, roles: actor.roles, signedBy: signatures.map((s) => s.side) });
      if (!plan.ok) throw refusalError(plan, r.state, side, actor.roles);
      if (consent !== true) throw BadInputError.field('consent', 'must be true: you consent to sign this agreement on behalf of your organisation');
      if (text.length < 10 || text.length > MAX_CONSENT) throw BadInputError.field('consentText', `must be the consent text you accepted, 10 to ${MAX_CONSENT} characters`);
      const user = await this.identity.user(userId, m);

      const signature = await m.save(m.create(AgreementSignatureEntity, {
        agreementId: id, side: side, organizationId: actor.organizationId, userId, apiKeyId: null,
        signerName: user.displayName, signerEmail: user.email, consentText: text, publishPrice, signedAt: new Date(),
        ip: where.ip || 'unknown', userAgent: where.userAgent?.slice(0, 500) || 'unknown', unsignedPdfSha256: agreement.unsignedPdfSha256,
      }));
      await this.audit.record(m, actor, 'agreement.signed', 'Agreement', id, { number: agreement.number, side, signer: user.email, ip: signature.ip });
      await applyMove(m, this.audit, r, plan, actor, side, `Signed by ${user.displayName}`);
      if (!plan.signature!.complete) return agreement;

      const all = [...signatures, signature];
      const auditTrail: AuditEvent[] = all.map((s) => ({
        side: s.side, signerName: s.signerName, signerEmail: s.signerEmail, signedAt: s.signedAt, ip: s.ip, userAgent: s.userAgent,
        consentText: s.consentText, documentSha256: s.unsignedPdfSha256,
      }));
      const sealedAt = new Date();
      const sealed = await sealAgreement({
        input: hydrateRenderInput(agreement.renderInput), auditTrail, sealingKey: this.seal.key,
        meta: { name: this.seal.sealName, location: 'Paris, France', signedAt: sealedAt },
      });
      Object.assign(agreement, {
        sealedPdf: sealed.pdf, sealedPdfSha256: sealed.sha256, sealedAt, status: 'SIGNED', publishPrice: all.every((s) => s.publishPrice),
      });
      await m.save(agreement);
      await this.audit.record(m, null, 'agreement.sealed', 'Agreement', id, { number: agreement.number, sealedPdfSha256: sealed.sha256 });
      await this.events.publish(m, AgreementSealed, { ...factsOf(r, agreement), sealedAt: sealedAt.toISOString(), sealedPdfSha256: sealed.sha256 });
      await this.activateIfDue(m, r, agreement, sealedAt);
      return agreement;
    }));
  }

  private async activateIfDue(m: EntityManager, r: AccessRequestEntity, agreement: AgreementEntity, now: Date): Promise<boolean> {
    const plan = planTransition(r.state, 'activate', { side: 'PLATFORM', roles: [], now, startsOn: agreement.startsOn });
    if (!plan.ok) return false;
    await applyMove(m, this.audit, r, plan, null, 'PLATFORM', `Start date ${agreement.startsOn} reached`);
    agreement.status = 'ACTIVE';
    await m.save(agreement);
    await this.events.publish(m, AgreementActivated, { ...factsOf(r, agreement), activatedAt: now.toISOString() });
    return true;
  }

  /** Either party ends a signed or active agreement early, giving a reason. */
  async terminate(actor: Actor, id: string, reason: string): Promise<AgreementEntity> {
    return inTurn(`agreement:${id}`, () => this.db.transaction(async (m) => {
      const found = await m.findOneBy(AgreementEntity, { id });
      if (!found) throw new NotFoundError('Agreement', id);
      const r = await lockRequest(m, actor, found.requestId).catch(() => {
        throw new NotFoundError('Agreement', id);
      });
      return this.terminateLocked(m, actor, r, reason);
    }));
  }

  /** Terminates the agreement of a locked request (also reached through transitionAccessRequest). */
  async terminateLocked(m: EntityManager, actor: Actor, r: AccessRequestEntity, reason: string | null): Promise<AgreementEntity> {
    const side = sideOf(actor, r);
    const plan = planTransition(r.state, 'terminate', { side, roles: actor.roles, note: reason });
    if (!plan.ok) throw refusalError(plan, r.state, side, actor.roles);
    const agreement = await m.findOneByOrFail(AgreementEntity, { requestId: r.id });
    await applyMove(m, this.audit, r, plan, actor, side, reason);
    Object.assign(agreement, { status: 'TERMINATED', terminatedAt: new Date(), terminationReason: reason!.trim() });
    await m.save(agreement);
    await this.events.publish(m, AgreementTerminated, {
      ...factsOf(r, agreement), terminatedAt: agreement.terminatedAt!.toISOString(), by: side, reason: agreement.terminationReason!,
    });
    return agreement;
  }

  /** The platform's scheduler (or its operator): activates agreements whose start date has come and expires those that ended. */
  async runLifecycle(actor: Actor | null, now = new Date()): Promise<{ activated: string[]; expired: string[] }> {
    if (actor) {
      if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError('Only the platform operator runs the agreement lifecycle');
      requireRole(actor, Role.ADMIN);
    }
    const today = parisDay(now);
    const due: { id: string; status: string }[] = await this.db.query(
      `SELECT id, status FROM agreements WHERE (status = 'SIGNED' AND starts_on <= $1) OR (status = 'ACTIVE' AND ends_on <= $1) ORDER BY starts_on, id`,
      [today],
    );
    const out = { activated: [] as string[], expired: [] as string[] };
    for (const { id } of due) {
      await inTurn(`agreement:${id}`, () => this.db.transaction(async (m) => {
        const found = await m.findOneByOrFail(AgreementEntity, { id });
        const r = await lockRequest(m, null, found.requestId);
        const agreement = await m.findOneByOrFail(AgreementEntity, { id });
        if (agreement.status === 'SIGNED') {
          if (await this.activateIfDue(m, r, agreement, now)) out.activated.push(agreement.number);
        } else if (agreement.status === 'ACTIVE') {
          const plan = planTransition(r.state, 'expire', { side: 'PLATFORM', roles: [], now, expiresOn: agreement.endsOn });
          if (!plan.ok) return;
          await applyMove(m, this.audit, r, plan, actor, 'PLATFORM', `End date ${agreement.endsOn} reached`);
          agreement.status = 'EXPIRED';
          await m.save(agreement);
          await this.events.publish(m, AgreementExpired, { ...factsOf(r, agreement), expiredAt: now.toISOString() });
          out.expired.push(agreement.number);
        }
      }));
    }
    return out;
  }

  /** The agreement PDF for one of its parties: the sealed file once signed, else the unsigned one they are asked to sign. */
  async pdf(actor: Actor, id: string): Promise<{ number: string; pdf: Buffer }> {
    const { agreement } = await this.get(actor, id);
    if (agreement.sealedPdfSha256) {
      const [row] = await this.db.query(`SELECT sealed_pdf FROM agreements WHERE id = $1`, [id]);
      return { number: agreement.number, pdf: row.sealed_pdf };
    }
    return { number: agreement.number, pdf: await renderAgreementPdf(hydrateRenderInput(agreement.renderInput)) };
  }

  /** Checks a PDF: issued here (a sealed agreement's hash), unaltered (signatures), who signed and when. */
  async verify(pdf: Buffer) {
    if (!pdf?.length || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw BadInputError.field('pdf', 'is not a PDF file');
    const result = await verifyAgreementPdf<VerifiedAgreement>(pdf, async (sha) => {
      const agreement = await this.db.getRepository(AgreementEntity).findOneBy({ sealedPdfSha256: sha });
      if (!agreement) return null;
      const request = await this.db.getRepository(AccessRequestEntity).findOneByOrFail({ id: agreement.requestId });
      const [orgs, signatures] = await Promise.all([
        this.identity.organizationsByIds([request.producerId, request.buyerId]),
        this.signaturesOf([agreement.id]),
      ]);
      const party = (side: 'BUYER' | 'PRODUCER', orgId: string) => {
        const org = orgs.find((o) => o.id === orgId)!;
        const s = signatures.find((x) => x.side === side);
        return { side, name: org.name, siret: org.siret, signerName: s?.signerName ?? null, signedAt: s?.signedAt ?? null };
      };
      return { agreement, parties: [party('PRODUCER', request.producerId), party('BUYER', request.buyerId)] };
    });
    return result;
  }

  /** The public transparency register: signed agreements, newest first, without anything confidential. */
  async register(offset: number, limit: number): Promise<{ rows: RegisterRow[]; total: number }> {
    const where = `a.sealed_pdf_sha256 IS NOT NULL`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM agreements a WHERE ${where}`);
    const page: (Omit<RegisterRow, 'producer_name' | 'buyer_name' | 'title'> & { producer_id: string; buyer_id: string; offering_version_id: string })[] = await this.db.query(
      `SELECT a.number, r.producer_id, r.buyer_id, r.offering_version_id,
              r.purpose_category, a.render_input->'purpose'->>'category' AS purpose_category_label, r.purpose_summary,
              to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on, a.status, a.sealed_at,
              CASE WHEN a.publish_price THEN a.render_input->'fees'->>'totalCents' END AS total_cents,
              CASE WHEN a.publish_price THEN a.render_input->'fees'->>'currency' END AS currency
         FROM agreements a JOIN access_requests r ON r.id = a.request_id
        WHERE ${where}
        ORDER BY a.sealed_at DESC, a.id
        OFFSET $1 LIMIT $2`,
      [offset, limit],
    );
    // The parties' names and the dataset's title from their owners, one batch each.
    const [orgs, versions] = await Promise.all([
      this.identity.organizationsByIds([...new Set(page.flatMap((x) => [x.producer_id, x.buyer_id]))]),
      this.offerings.versionsByIds([...new Set(page.map((x) => x.offering_version_id))]),
    ]);
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    const title = new Map(versions.map((v) => [v.id, v.content.title]));
    const rows = page.map(({ producer_id, buyer_id, offering_version_id, ...row }) => ({
      ...row, producer_name: name.get(producer_id)!, buyer_name: name.get(buyer_id)!, title: title.get(offering_version_id)!,
    }));
    return { rows, total };
  }
}

function factsOf(r: AccessRequestEntity, a: AgreementEntity): AgreementFacts {
  return {
    agreementId: a.id, number: a.number, requestId: r.id, offeringId: r.offeringId, buyerId: r.buyerId, producerId: r.producerId,
    startsOn: a.startsOn, endsOn: a.endsOn,
  };
}
