import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, AuditService, BadInputError, ConflictError, NotFoundError, Role } from '@app/core';
import { IdentityService, requireRole } from '@app/identity';
import { billingMandate, BillingMandateText } from './billing-mandate';
import { CatalogReason } from './catalog.errors';
import { OfferingContent } from './offering.content';
import {
  ContributionStatus, OfferingContributorEntity, OfferingEntity, OfferingStatus, OfferingVersionEntity, OfferingVersionStatus,
} from './offering.entities';

/** What billing splits by: one contributor of a published offering version. */
export interface FrozenContributor {
  organizationId: string;
  position: number;
  weight: number;
}

/** A contribution as its contributor sees it: the request, the offering it concerns, the mandate to accept. */
export interface ContributionView {
  contributor: OfferingContributorEntity;
  version: OfferingVersionEntity;
  offering: OfferingEntity;
  totalWeight: number;
  mandate: BillingMandateText;
}

const MAX_REASON = 1000;

/** The allocation a version's content asks for: a network's list, or the single producer itself. */
export function plannedContributors(c: OfferingContent, producerId: string): FrozenContributor[] {
  const listed = c.contributors?.length ? c.contributors : [{ organizationId: producerId, weight: 1 }];
  return listed.map((x, i) => ({ organizationId: x.organizationId, weight: x.weight, position: i + 1 }));
}

/** Consent is given to a whole allocation: any change of contributor, weight or order asks everyone again. */
function sameAllocation(a: readonly FrozenContributor[], b: readonly FrozenContributor[]): boolean {
  const key = (l: readonly FrozenContributor[]) => [...l].sort((x, y) => x.position - y.position).map((x) => `${x.organizationId}:${x.weight}`).join(',');
  return a.length === b.length && key(a) === key(b);
}

/**
 * Contributors consent: each producer named as a contributor of an offering accepts (or
 * declines) its weight and the billing mandate; a version is published only with every
 * consent, and its contributors are then frozen with it (the database refuses changes).
 */
@Injectable()
export class ContributionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  /**
   * Writes a draft version's contributors. Consents given to the same allocation are kept:
   * those of the draft itself, or of the published version the draft was started from.
   */
  async writeDraftContributors(m: EntityManager, versionId: string, planned: FrozenContributor[], basisVersionId: string | null): Promise<void> {
    const current = await m.find(OfferingContributorEntity, { where: { versionId } });
    if (current.length && sameAllocation(current, planned)) return;
    if (current.length) await m.delete(OfferingContributorEntity, { versionId });
    const basis = basisVersionId ? await m.find(OfferingContributorEntity, { where: { versionId: basisVersionId } }) : [];
    const carried = basis.length > 0 && sameAllocation(basis, planned);
    await m.insert(OfferingContributorEntity, planned.map((p) => {
      const previous = carried ? basis.find((b) => b.organizationId === p.organizationId)! : null;
      return {
        versionId, organizationId: p.organizationId, weight: p.weight, position: p.position,
        status: previous?.status ?? ContributionStatus.PENDING,
        requestedAt: previous?.requestedAt ?? new Date(),
        decidedAt: previous?.decidedAt ?? null,
        decidedByUserId: previous?.decidedByUserId ?? null,
        decidedByApiKeyId: previous?.decidedByApiKeyId ?? null,
        mandateVersion: previous?.mandateVersion ?? null,
        mandateSha256: previous?.mandateSha256 ?? null,
        declineReason: previous?.declineReason ?? null,
      };
    }));
  }

  /**
   * Before publication: the publisher's own organisation consents by publishing; every other
   * contributor must have accepted. CONFLICT names those still pending or having declined.
   */
  async consentForPublication(m: EntityManager, actor: Actor, offering: OfferingEntity, version: OfferingVersionEntity): Promise<void> {
    const rows = await m.find(OfferingContributorEntity, { where: { versionId: version.id }, order: { position: 'ASC' } });
    const own = rows.find((r) => r.organizationId === actor.organizationId);
    if (own && own.status !== ContributionStatus.ACCEPTED) {
      const mandate = await this.mandateFor(m, offering, own, rows);
      Object.assign(own, this.decision(actor, ContributionStatus.ACCEPTED, mandate, null));
      await m.save(own);
    }
    const missing = rows.filter((r) => r.status !== ContributionStatus.ACCEPTED);
    if (!missing.length) return;
    const orgs = await this.identity.organizationsByIds(missing.map((r) => r.organizationId), m);
    const named = missing.map((r) => ({ organizationId: r.organizationId, name: orgs.find((o) => o.id === r.organizationId)?.name ?? r.organizationId, status: r.status }));
    const pending = named.filter((x) => x.status === ContributionStatus.PENDING).map((x) => x.name);
    const declined = named.filter((x) => x.status === ContributionStatus.DECLINED).map((x) => x.name);
    const parts = [
      pending.length ? `still pending: ${pending.join(', ')}` : null,
      declined.length ? `declined: ${declined.join(', ')}` : null,
    ].filter(Boolean);
    throw new ConflictError(
      `Version ${version.versionNo} cannot be published before every contributor has accepted its weight and the billing mandate (${parts.join('; ')}). ` +
        'Their ADMIN or FINANCE member answers with acceptContribution; change the contributors of the draft to replace one that declined.',
      { contributors: named },
    );
  }

  /** The caller's organisation's contribution requests, newest first. */
  async requests(actor: Actor, status: ContributionStatus | null, offset: number, limit: number): Promise<{ views: ContributionView[]; total: number }> {
    const params: unknown[] = [actor.organizationId, status];
    // Not the producer's own row (its consent is its publication), nor drafts of retired offerings.
    const where = `c.organization_id = $1 AND v.producer_id <> $1 AND ($2::text IS NULL OR c.consent = $2)
      AND NOT (o.status = 'RETIRED' AND v.status = 'DRAFT')`;
    const from = `offering_contributors c JOIN offering_versions v ON v.id = c.version_id JOIN offerings o ON o.id = v.offering_id`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`, params);
    const keys: { version_id: string }[] = await this.db.query(
      `SELECT c.version_id FROM ${from} WHERE ${where} ORDER BY c.requested_at DESC, v.id OFFSET $3 LIMIT $4`, [...params, offset, limit],
    );
    return { views: await this.views(this.db.manager, keys.map((k) => k.version_id), actor.organizationId), total };
  }

  async accept(actor: Actor, versionId: string, weight: number, mandateSha256: string): Promise<ContributionView> {
    requireRole(actor, Role.ADMIN, Role.FINANCE);
    return this.db.transaction(async (m) => {
      const { row, all, offering, version } = await this.lockOpen(m, actor, versionId);
      if (row.weight !== weight) {
        throw new ConflictError(`Your weight in version ${version.versionNo} is now ${row.weight}, not ${weight}: read the request again before accepting`, { weight: row.weight });
      }
      const mandate = await this.mandateFor(m, offering, row, all);
      if (mandate.sha256 !== mandateSha256.toLowerCase()) {
        throw new ConflictError('The billing mandate you accept is not the one of this request: read it again (mandate.sha256) before accepting', { mandateSha256: mandate.sha256 });
      }
      Object.assign(row, this.decision(actor, ContributionStatus.ACCEPTED, mandate, null));
      await m.save(row);
      await this.audit.record(m, actor, 'offering.contribution.accepted', 'Offering', offering.id, {
        version: version.versionNo, organizationId: row.organizationId, weight: row.weight, mandateVersion: mandate.version, mandateSha256: mandate.sha256,
      });
      return (await this.views(m, [versionId], actor.organizationId))[0];
    });
  }

  async decline(actor: Actor, versionId: string, reason: string | null): Promise<ContributionView> {
    requireRole(actor, Role.ADMIN, Role.FINANCE);
    const text = reason?.trim() || null;
    if (text && text.length > MAX_REASON) throw BadInputError.field('reason', `must be at most ${MAX_REASON} characters`);
    return this.db.transaction(async (m) => {
      const { row, all, offering, version } = await this.lockOpen(m, actor, versionId);
      const mandate = await this.mandateFor(m, offering, row, all);
      Object.assign(row, this.decision(actor, ContributionStatus.DECLINED, mandate, text));
      await m.save(row);
      await this.audit.record(m, actor, 'offering.contribution.declined', 'Offering', offering.id, {
        version: version.versionNo, organizationId: row.organizationId, weight: row.weight, reason: text,
      });
      return (await this.views(m, [versionId], actor.organizationId))[0];
    });
  }

  /** Contributors of several versions (DataLoader batch), in their order. */
  async contributorsOf(versionIds: readonly string[]): Promise<OfferingContributorEntity[][]> {
    const rows = await this.db.getRepository(OfferingContributorEntity).find({ where: { versionId: In([...versionIds]) }, order: { position: 'ASC' } });
    return versionIds.map((id) => rows.filter((r) => r.versionId === id));
  }

  /**
   * The contributors billing splits an agreement's amounts by: those of the published (or
   * since superseded) offering version it was concluded on, frozen with that version.
   */
  async frozenContributors(offeringVersionId: string, m: EntityManager = this.db.manager): Promise<FrozenContributor[]> {
    const version = await m.findOneBy(OfferingVersionEntity, { id: offeringVersionId });
    if (!version) throw new NotFoundError('OfferingVersion', offeringVersionId);
    if (version.status === OfferingVersionStatus.DRAFT) {
      throw new ConflictError(`Offering version ${version.versionNo} is a draft: its contributors are frozen only once it is published`);
    }
    const rows = await m.find(OfferingContributorEntity, { where: { versionId: offeringVersionId }, order: { position: 'ASC' } });
    return rows.map((r) => ({ organizationId: r.organizationId, position: r.position, weight: r.weight }));
  }

  /** The caller's contribution to a draft, with the offering locked against publication meanwhile. */
  private async lockOpen(m: EntityManager, actor: Actor, versionId: string) {
    const version = await m.findOneBy(OfferingVersionEntity, { id: versionId });
    const notFound = new NotFoundError('ContributionRequest', versionId);
    if (!version) throw notFound;
    const offering = await m.findOne(OfferingEntity, { where: { id: version.offeringId }, lock: { mode: 'pessimistic_read' } });
    const fresh = await m.findOneByOrFail(OfferingVersionEntity, { id: versionId });
    const all = await m.find(OfferingContributorEntity, { where: { versionId }, order: { position: 'ASC' } });
    const row = all.find((r) => r.organizationId === actor.organizationId);
    if (!offering || !row) throw notFound;
    if (fresh.status !== OfferingVersionStatus.DRAFT) {
      throw new ConflictError(`Version ${fresh.versionNo} of this offering is published: its contributors and their consents are frozen with it`);
    }
    if (offering.status === OfferingStatus.RETIRED) throw new ConflictError('This offering is retired: its draft will not be published').because(CatalogReason.OFFERING_RETIRED);
    return { row, all, offering, version: fresh };
  }

  private decision(actor: Actor, status: ContributionStatus, mandate: BillingMandateText, reason: string | null): Partial<OfferingContributorEntity> {
    return {
      status, decidedAt: new Date(), decidedByUserId: actor.userId, decidedByApiKeyId: actor.apiKeyId,
      mandateVersion: mandate.version, mandateSha256: mandate.sha256, declineReason: reason,
    };
  }

  private async mandateFor(m: EntityManager, offering: OfferingEntity, row: OfferingContributorEntity, all: OfferingContributorEntity[]): Promise<BillingMandateText> {
    const orgs = await this.identity.organizationsByIds([row.organizationId, offering.producerId], m);
    const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
    return billingMandate({
      contributor: name(row.organizationId), network: name(offering.producerId), offeringId: offering.id,
      weight: row.weight, totalWeight: all.reduce((s, r) => s + r.weight, 0),
    });
  }

  /** One organisation's contributions to these versions, in the order given. */
  private async views(m: EntityManager, versionIds: string[], organizationId: string): Promise<ContributionView[]> {
    if (!versionIds.length) return [];
    const [versions, rows] = await Promise.all([
      m.findBy(OfferingVersionEntity, { id: In(versionIds) }),
      m.findBy(OfferingContributorEntity, { versionId: In(versionIds) }),
    ]);
    const offerings = await m.findBy(OfferingEntity, { id: In([...new Set(versions.map((v) => v.offeringId))]) });
    const orgs = await this.identity.organizationsByIds([...new Set([organizationId, ...offerings.map((o) => o.producerId)])], m);
    const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
    return versionIds.map((versionId) => {
      const version = versions.find((v) => v.id === versionId)!;
      const offering = offerings.find((o) => o.id === version.offeringId)!;
      const all = rows.filter((r) => r.versionId === versionId);
      const contributor = all.find((r) => r.organizationId === organizationId)!;
      const totalWeight = all.reduce((s, r) => s + r.weight, 0);
      const mandate = billingMandate({
        contributor: name(organizationId), network: name(offering.producerId), offeringId: offering.id, weight: contributor.weight, totalWeight,
      });
      return { contributor, version, offering, totalWeight, mandate };
    });
  }
}
