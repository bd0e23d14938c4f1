import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Actor, APP_CONFIG, AppConfig, AuditService, BadInputError, ConflictError, DomainError, ErrorCode, FieldProblem, ForbiddenError, NotFoundError, Role, SqlReader, inTurn,
} from '@app/core';
import { IdentityService, isProducerKind, requireRole } from '@app/identity';
import { OfferingContentInput, OfferingPatchInput } from './dto/offering.inputs';
import { OfferingSearchArgs } from './dto/offering.args';
import { ContributionService, plannedContributors } from './contribution.service';
import { CatalogReason } from './catalog.errors';
import { OfferingContent } from './offering.content';
import {
  OfferingEntity, OfferingStatus, OfferingVersionEntity, OfferingVersionStatus,
} from './offering.entities';
import { buildSearchSql, countLimit, countSql, facetsSql, FACETS, pageOutcome, SearchBounds, searchPageSql } from './offering.search';
import { themeLabels } from './vocabulary';

/** An offering as one caller sees it: the offering row and the version shown to them. */
export interface OfferingView {
  offering: OfferingEntity;
  version: OfferingVersionEntity;
  isOwner: boolean;
}

export interface SearchPage {
  views: OfferingView[];
  /** Every match, or a lower bound when more match than the search window. */
  total: number;
  totalIsLowerBound: boolean;
  hasNext: boolean;
}

@Injectable()
export class OfferingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sql: SqlReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
    private readonly contributions: ContributionService,
  ) {}

  async create(actor: Actor, input: OfferingContentInput): Promise<OfferingView> {
    this.requirePublisher(actor);
    return this.db.transaction(async (m) => {
      const content = await this.checkContent(m, actor, normalise(input));
      const offering = await m.save(m.create(OfferingEntity, {
        producerId: actor.organizationId, status: OfferingStatus.DRAFT, latestVersionId: null, publishedVersionId: null, retiredAt: null,
      }));
      const version = await this.insertVersion(m, actor, offering.id, 1, content, null);
      offering.latestVersionId = version.id;
      await m.save(offering);
      await this.audit.record(m, actor, 'offering.created', 'Offering', offering.id, { version: 1 });
      return { offering, version, isOwner: true };
    });
  }

  /** Edits the draft; editing a published offering starts a new draft version. */
  async update(actor: Actor, id: string, patch: OfferingPatchInput): Promise<OfferingView> {
    this.requirePublisher(actor);
    return inTurn(`offering:${id}`, () => this.db.transaction(async (m) => {
      const offering = await this.lockOwned(m, actor, id);
      if (offering.status === OfferingStatus.RETIRED) throw new ConflictError('This offering is retired and cannot be edited').because(CatalogReason.OFFERING_RETIRED);
      const latest = await m.findOneByOrFail(OfferingVersionEntity, { id: offering.latestVersionId! });
      const definedPatch = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const content = await this.checkContent(m, actor, normalise({ ...latest.content, ...definedPatch } as OfferingContentInput));
      let version: OfferingVersionEntity;
      if (latest.status === OfferingVersionStatus.DRAFT) {
        Object.assign(latest, columnsOf(content));
        latest.content = content;
        version = await m.save(latest);
        await this.saveSearchAndContributors(m, version, content, actor.organizationId, null);
      } else {
        version = await this.insertVersion(m, actor, offering.id, latest.versionNo + 1, content, latest.id);
        offering.latestVersionId = version.id;
        await m.save(offering);
      }
      await this.audit.record(m, actor, 'offering.edited', 'Offering', id, { version: version.versionNo, fields: Object.keys(definedPatch) });
      return { offering, version, isOwner: true };
    }));
  }

  async publish(actor: Actor, id: string): Promise<OfferingView> {
    this.requirePublisher(actor);
    return inTurn(`offering:${id}`, () => this.db.transaction(async (m) => {
      const offering = await this.lockOwned(m, actor, id);
      if (offering.status === OfferingStatus.RETIRED) throw new ConflictError('This offering is retired; it cannot be published again').because(CatalogReason.OFFERING_RETIRED);
      const version = await m.findOneByOrFail(OfferingVersionEntity, { id: offering.latestVersionId! });
      if (version.status !== OfferingVersionStatus.DRAFT) {
        throw new ConflictError(`Version ${version.versionNo} is already published: edit the offering to create a new draft first`);
      }
      await this.contributions.consentForPublication(m, actor, offering, version);
      if (offering.publishedVersionId) {
        await m.update(OfferingVersionEntity, { id: offering.publishedVersionId }, { status: OfferingVersionStatus.SUPERSEDED });
      }
      Object.assign(version, { status: OfferingVersionStatus.PUBLISHED, publishedAt: new Date(), publishedBy: actor.userId });
      await m.save(version);
      Object.assign(offering, { status: OfferingStatus.PUBLISHED, publishedVersionId: version.id });
      await m.save(offering);
      await refreshListing(m, await this.producerVerified(m, offering.producerId), 'o.id = $1', [id]);
      await this.audit.record(m, actor, 'offering.published', 'Offering', id, { version: version.versionNo });
      return { offering, version, isOwner: true };
    }));
  }

  async retire(actor: Actor, id: string): Promise<OfferingView> {
    this.requirePublisher(actor);
    return inTurn(`offering:${id}`, () => this.db.transaction(async (m) => {
      const offering = await this.lockOwned(m, actor, id);
      if (offering.status === OfferingStatus.RETIRED) throw new ConflictError('This offering is already retired').because(CatalogReason.OFFERING_RETIRED);
      Object.assign(offering, { status: OfferingStatus.RETIRED, retiredAt: new Date() });
      await m.save(offering);
      await refreshListing(m, await this.producerVerified(m, offering.producerId), 'o.id = $1', [id]);
      await this.audit.record(m, actor, 'offering.retired', 'Offering', id);
      const version = await m.findOneByOrFail(OfferingVersionEntity, { id: offering.latestVersionId! });
      return { offering, version, isOwner: true };
    }));
  }

  /** One offering as the caller may see it; `versionNo` selects a version from the history. */
  async get(actor: Actor | null, id: string, versionNo?: number): Promise<OfferingView> {
    const offering = await this.db.getRepository(OfferingEntity).findOneBy({ id });
    if (!offering) throw new NotFoundError('Offering', id);
    const isOwner = actor?.organizationId === offering.producerId;
    if (!isOwner) {
      const producer = await this.identity.organization(offering.producerId);
      if (offering.status === OfferingStatus.RETIRED && producer.verifiedAt) {
        // It was public: say it is withdrawn rather than unknown.
        throw new DomainError(ErrorCode.NOT_FOUND, `Offering "${id}" was retired by its producer: it is no longer offered`, { entity: 'Offering', id })
          .because(CatalogReason.OFFERING_RETIRED);
      }
      if (offering.status !== OfferingStatus.PUBLISHED || !producer.verifiedAt) throw new NotFoundError('Offering', id);
    }
    let version: OfferingVersionEntity | null;
    if (versionNo !== undefined) {
      version = await this.db.getRepository(OfferingVersionEntity).findOneBy({ offeringId: id, versionNo });
      if (!version || (!isOwner && version.status === OfferingVersionStatus.DRAFT)) throw new NotFoundError('OfferingVersion', `${id}@${versionNo}`);
    } else {
      version = await this.db.getRepository(OfferingVersionEntity).findOneByOrFail({ id: (isOwner ? offering.latestVersionId : offering.publishedVersionId)! });
    }
    return { offering, version, isOwner };
  }

  /** Version histories of several offerings at once (DataLoader batch), newest first. */
  async versionsOf(offeringIds: readonly string[], ownerOfferingIds: Set<string>): Promise<OfferingVersionEntity[][]> {
    const rows = await this.db.getRepository(OfferingVersionEntity).find({
      where: { offeringId: In([...offeringIds]) }, order: { versionNo: 'DESC' },
    });
    return offeringIds.map((id) => rows.filter((r) => r.offeringId === id && (ownerOfferingIds.has(id) || r.status !== OfferingVersionStatus.DRAFT)));
  }

  /** Versions by id, whoever may see them: for references a caller already holds (a quote's, a request's). */
  async versionsByIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<OfferingVersionEntity[]> {
    return m.findBy(OfferingVersionEntity, { id: In([...ids]) });
  }

  /** The offering row locked for update in the caller's transaction, null when there is none: for changes that depend on its status. */
  async lock(m: EntityManager, id: string): Promise<OfferingEntity | null> {
    return m.findOne(OfferingEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * One page of the catalog as the caller sees it. Counting stops past SEARCH_WINDOW
   * matches: `total` is then a lower bound, and `hasNext` says whether more follow.
   */
  async search(actor: Actor | null, args: OfferingSearchArgs, offset: number): Promise<SearchPage> {
    const s = buildSearchSql(actor, args);
    const limit = args.first ?? 20;
    const rows = await this.sql.rows(searchPageSql(s, args, limit, offset, this.bounds), s.params);
    let counted: number = rows.length ? rows[0].n : 0;
    if (!rows.length && offset > 0) [{ count: counted }] = await this.sql.rows<{ count: number }>(countSql(s, countLimit(offset, this.bounds, true)), s.params);
    const { page, ...outcome } = pageOutcome(rows, counted, limit, offset, this.bounds);
    return { views: page.map((r) => viewFromRow(r, actor)), ...outcome };
  }

  /** Facet counts over the search window: exact when no more offerings match than the window. */
  async facets(actor: Actor | null, args: OfferingSearchArgs): Promise<Record<string, { value: string; count: number }[]>> {
    const s = buildSearchSql(actor, args);
    const rows = await this.sql.rows<{ facet: string; value: string; count: number }>(facetsSql(s, this.bounds), s.params);
    const result: Record<string, { value: string; count: number }[]> = Object.fromEntries(Object.keys(FACETS).map((k) => [k, []]));
    for (const r of rows) result[r.facet].push({ value: r.value, count: r.count });
    return result;
  }

  private async producerVerified(m: EntityManager, producerId: string): Promise<boolean> {
    return (await this.identity.organization(producerId, m)).verifiedAt !== null;
  }

  private get bounds(): SearchBounds {
    return { window: this.config.searchWindow, horizon: this.config.searchHorizon };
  }

  private requirePublisher(actor: Actor): void {
    if (!isProducerKind(actor.organizationKind)) {
      throw new ForbiddenError(`Only producer organisations publish offerings; yours is a ${actor.organizationKind}`);
    }
    requireRole(actor, Role.PUBLISHER, Role.ADMIN);
  }

  /** The offering, locked for update, if the caller's organisation owns it. */
  private async lockOwned(m: EntityManager, actor: Actor, id: string): Promise<OfferingEntity> {
    const offering = await this.lock(m, id);
    if (!offering) throw new NotFoundError('Offering', id);
    if (offering.producerId !== actor.organizationId) {
      if (offering.status !== OfferingStatus.PUBLISHED) throw new NotFoundError('Offering', id);
      throw new ForbiddenError('This offering belongs to another producer: only its own publishers can change it');
    }
    return offering;
  }

  private async checkContent(m: EntityManager, actor: Actor, c: OfferingContent): Promise<OfferingContent> {
    const problems: FieldProblem[] = [];
    if (c.minTypicalAge != null && c.maxTypicalAge != null && c.minTypicalAge > c.maxTypicalAge) {
      problems.push({ field: 'maxTypicalAge', message: 'must be greater than or equal to minTypicalAge' });
    }
    if (c.temporalCoverage.end && c.temporalCoverage.end < c.temporalCoverage.start) {
      problems.push({ field: 'temporalCoverage.end', message: 'must not be before temporalCoverage.start' });
    }
    if (c.numberOfRecords != null && c.numberOfUniqueIndividuals != null && c.numberOfUniqueIndividuals > c.numberOfRecords) {
      problems.push({ field: 'numberOfUniqueIndividuals', message: 'cannot exceed numberOfRecords' });
    }
    const contributors = c.contributors ?? [];
    if (actor.organizationKind === 'NETWORK') {
      if (!contributors.length) problems.push({ field: 'contributors', message: 'a NETWORK offering lists its contributing producers with their weights' });
      const ids = contributors.map((x) => x.organizationId);
      if (new Set(ids).size !== ids.length) problems.push({ field: 'contributors', message: 'lists the same organisation twice' });
      const found = ids.length ? await this.identity.organizationsByIds(ids, m) : [];
      for (const id of ids) {
        const org = found.find((o) => o.id === id);
        if (!org) problems.push({ field: 'contributors.organizationId', message: `organisation ${id} does not exist` });
        // The network itself may hold a weight for its coordination work; other networks may not.
        else if (!isProducerKind(org.kind) || (org.kind === 'NETWORK' && org.id !== actor.organizationId)) {
          problems.push({ field: 'contributors.organizationId', message: `${org.name} is a ${org.kind}, not a producer that can contribute` });
        }
      }
    } else if (contributors.length) {
      problems.push({ field: 'contributors', message: 'only NETWORK organisations list contributing producers' });
    }
    if (problems.length) throw new BadInputError(problems);
    return c;
  }

  /** A new draft version; `basisVersionId` is the published version it starts from, whose consents an unchanged allocation keeps. */
  private async insertVersion(m: EntityManager, actor: Actor, offeringId: string, versionNo: number, content: OfferingContent, basisVersionId: string | null) {
    const version = await m.save(m.create(OfferingVersionEntity, {
      offeringId, versionNo, status: OfferingVersionStatus.DRAFT, content, ...columnsOf(content),
      producerId: actor.organizationId, producerKind: actor.organizationKind, listed: false,
      createdBy: actor.userId, publishedAt: null, publishedBy: null,
    }));
    await this.saveSearchAndContributors(m, version, content, actor.organizationId, basisVersionId);
    return version;
  }

  private async saveSearchAndContributors(m: EntityManager, version: OfferingVersionEntity, c: OfferingContent, producerId: string, basisVersionId: string | null) {
    const producer = await this.identity.organization(producerId, m);
    await m.query(
      `UPDATE offering_versions SET search_vector = offering_search_vector(content, $2, $3) WHERE id = $1`,
      [version.id, producer.name, themeLabels(c.themes)],
    );
    await this.contributions.writeDraftContributors(m, version.id, plannedContributors(c, producerId), basisVersionId);
  }
}

/**
 * Recomputes which versions the public catalog lists, for the offerings matching `where`
 * (all of one producer, whose verification the caller read from identity in `m`).
 */
export async function refreshListing(m: EntityManager, producerVerified: boolean, where: string, params: unknown[]): Promise<void> {
  await m.query(
    `UPDATE offering_versions v
        SET listed = (v.id = o.published_version_id AND o.status = 'PUBLISHED' AND $${params.length + 1}::boolean)
       FROM offerings o
      WHERE v.offering_id = o.id AND ${where}`,
    [...params, producerVerified],
  );
}

function normalise(input: OfferingContentInput): OfferingContent {
  const c = JSON.parse(JSON.stringify(input)) as OfferingContent;
  c.keywords = [...new Set((c.keywords ?? []).map((k) => k.trim()).filter(Boolean))];
  c.title = { fr: c.title.fr.trim(), en: c.title.en.trim() };
  return c;
}

function columnsOf(c: OfferingContent) {
  return {
    titleFr: c.title.fr, themes: c.themes, dataModel: c.dataModel, codingSystems: c.codingSystems ?? [],
    regions: c.regions, accessModality: c.accessModality, numberOfIndividuals: c.numberOfUniqueIndividuals ?? null,
  };
}

function viewFromRow(r: Record<string, any>, actor: Actor | null): OfferingView {
  const offering = Object.assign(new OfferingEntity(), {
    id: r.o_id, producerId: r.producer_id, status: r.o_status, latestVersionId: r.latest_version_id,
    publishedVersionId: r.published_version_id, createdAt: r.o_created_at, updatedAt: r.o_updated_at, retiredAt: r.retired_at,
  });
  const version = Object.assign(new OfferingVersionEntity(), {
    id: r.v_id, offeringId: r.offering_id, producerId: r.v_producer_id, producerKind: r.producer_kind, listed: r.listed, versionNo: r.version_no, status: r.v_status, content: r.content, titleFr: r.title_fr,
    themes: r.themes, dataModel: r.data_model, codingSystems: r.coding_systems, regions: r.regions, accessModality: r.access_modality,
    numberOfIndividuals: r.number_of_individuals === null ? null : Number(r.number_of_individuals),
    createdAt: r.v_created_at, createdBy: r.created_by, publishedAt: r.published_at, publishedBy: r.published_by,
  });
  return { offering, version, isOwner: actor?.organizationId === r.producer_id };
}

/**
 * SQL true when the offering `offeringId` (an SQL expression) is in the public catalog: for
 * another library's visibility filter, which cannot call a service row by row.
 */
export function listedOfferingSql(offeringId: string): string {
  return `EXISTS (SELECT 1 FROM offering_versions lv WHERE lv.offering_id = ${offeringId} AND lv.listed)`;
}
