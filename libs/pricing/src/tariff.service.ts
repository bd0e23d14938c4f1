import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Actor, AuditService, BadInputError, ConflictError, DomainError, DomainEvents, ErrorCode, ForbiddenError, NotFoundError, Role, inTurn,
  addDays, ISO_DATE_PROBLEM, isIsoDate, parisDay,
} from '@app/core';
import { CatalogReason, OfferingService, OfferingStatus } from '@app/catalog';
import { isProducerKind, requireRole } from '@app/identity';
import { CompiledTariff, compileTariff, TariffDefinition, validateTariff } from './engine';
import { loadStandardGrids, StandardGrid } from './grids';
import { CreateTariffArgs } from './dto/pricing.args';
import { PricingReason } from './pricing.errors';
import { TariffPublished } from './pricing.events';
import { EffectiveTariff, PricingContexts } from './pricing-contexts';
import { definitionProblems } from './quote-request.mapper';
import { TariffEntity, TariffVersionEntity, TariffVersionStatus } from './tariff.entities';

/** A definition larger than this is not a tariff someone wrote. */
const MAX_DEFINITION_BYTES = 200_000;
/** Compiled tariffs kept in memory; versions are few, this only bounds a pathological case. */
const MAX_COMPILED = 10_000;

@Injectable()
export class TariffService {
  private readonly grids: readonly StandardGrid[] = loadStandardGrids();
  /** Published versions never change (a trigger refuses it), so a compiled one never goes stale. */
  private readonly compiled = new Map<string, CompiledTariff>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly offerings: OfferingService,
    private readonly events: DomainEvents,
    private readonly contexts: PricingContexts,
  ) {}

  standardGrids(): readonly StandardGrid[] {
    return this.grids;
  }

  /** A tariff for one of the caller's offerings, version 1 as a draft. */
  async create(actor: Actor, offeringId: string, args: CreateTariffArgs): Promise<TariffEntity> {
    this.requirePublisher(actor);
    const view = await this.offerings.get(actor, offeringId);
    if (!view.isOwner) throw new ForbiddenError('This offering belongs to another producer: only its own publishers set its tariffs');
    if (view.offering.status === OfferingStatus.RETIRED) throw new ConflictError('This offering is retired; it takes no new tariff').because(CatalogReason.OFFERING_RETIRED);
    let source = args.definition;
    if (args.gridKey !== undefined && args.gridKey !== null) {
      const grid = this.grids.find((g) => g.key === args.gridKey);
      if (!grid) throw BadInputError.field('gridKey', `unknown standard grid "${args.gridKey}"; expected one of ${this.grids.map((g) => g.key).join(', ')}`);
      source ??= structuredClone(grid.tariff);
    }
    if (source === undefined || source === null) throw BadInputError.field('definition', 'give a definition or a gridKey to start from');
    const definition = checkedDefinition(source, 1);
    return this.db.transaction(async (m) => {
      const tariff = await m.save(m.create(TariffEntity, {
        offeringId, producerId: actor.organizationId, name: args.name.trim(), gridKey: args.gridKey ?? null, createdBy: actor.userId,
      }));
      await m.insert(TariffVersionEntity, {
        tariffId: tariff.id, versionNo: 1, status: TariffVersionStatus.DRAFT, definition, createdBy: actor.userId,
      });
      await this.audit.record(m, actor, 'tariff.created', 'Tariff', tariff.id, { offeringId, gridKey: tariff.gridKey });
      return tariff;
    });
  }

  /** Edits the draft in place; when the latest version is published, starts version N+1 as a draft. */
  async updateDraft(actor: Actor, tariffId: string, source: unknown): Promise<TariffEntity> {
    this.requirePublisher(actor);
    return this.withOwnTariff(actor, tariffId, async (m, tariff) => {
      const latest = await this.latestVersion(m, tariffId);
      let versionNo = latest.versionNo;
      if (latest.status === TariffVersionStatus.DRAFT) {
        await m.update(TariffVersionEntity, { id: latest.id }, { definition: checkedDefinition(source, versionNo) });
      } else {
        versionNo += 1;
        await m.insert(TariffVersionEntity, {
          tariffId, versionNo, status: TariffVersionStatus.DRAFT, definition: checkedDefinition(source, versionNo), createdBy: actor.userId,
        });
      }
      await this.audit.record(m, actor, 'tariff.draft_edited', 'Tariff', tariffId, { version: versionNo });
      return tariff;
    });
  }

  /**
   * Publishes the draft from `effectiveFrom` (today or later). Published versions starting on
   * or after that day are retired (they never apply); the one in effect before ends the day before.
   */
  async publish(actor: Actor, tariffId: string, effectiveFrom: string): Promise<TariffEntity> {
    this.requirePublisher(actor);
    const today = parisDay(new Date());
    if (!isIsoDate(effectiveFrom)) throw BadInputError.field('effectiveFrom', ISO_DATE_PROBLEM);
    if (effectiveFrom < today) {
      throw BadInputError.field('effectiveFrom', `must be today (${today}, French time) or later: quotes already given keep their prices, a tariff does not change the past`);
    }
    const tariff = await this.withOwnTariff(actor, tariffId, async (m, owned) => {
      const draft = await this.latestVersion(m, tariffId);
      if (draft.status !== TariffVersionStatus.DRAFT) {
        throw new ConflictError(
          `Version ${draft.versionNo} is already ${draft.status.toLowerCase()} and cannot be changed: edit the tariff (updateTariffDraft) to start version ${draft.versionNo + 1}`,
          { version: draft.versionNo },
        );
      }
      checkedDefinition(draft.definition, draft.versionNo);
      const retired: number[] = [];
      const ended: number[] = [];
      for (const v of await m.findBy(TariffVersionEntity, { tariffId, status: TariffVersionStatus.PUBLISHED })) {
        if (v.effectiveFrom! >= effectiveFrom) {
          await m.update(TariffVersionEntity, { id: v.id }, { status: TariffVersionStatus.RETIRED });
          retired.push(v.versionNo);
        } else if (v.effectiveTo === null || v.effectiveTo >= effectiveFrom) {
          await m.update(TariffVersionEntity, { id: v.id }, { effectiveTo: addDays(effectiveFrom, -1) });
          ended.push(v.versionNo);
        }
      }
      await m.update(TariffVersionEntity, { id: draft.id }, {
        status: TariffVersionStatus.PUBLISHED, effectiveFrom, publishedAt: new Date(), publishedBy: actor.userId,
      });
      await this.audit.record(m, actor, 'tariff.published', 'Tariff', tariffId, { version: draft.versionNo, effectiveFrom, retired, ended });
      await this.events.publish(m, TariffPublished, {
        tariffId, offeringId: owned.offeringId, producerId: owned.producerId, versionId: draft.id, versionNo: draft.versionNo, effectiveFrom,
      });
      return owned;
    });
    this.contexts.forgetOffering(tariff.offeringId);
    return tariff;
  }

  /** An offering's tariffs: all of them for its producer, those with a published version for others. */
  async list(actor: Actor | null, offeringId: string, offset: number, limit: number): Promise<{ rows: TariffEntity[]; total: number }> {
    const view = await this.offerings.get(actor, offeringId);
    const qb = this.db.getRepository(TariffEntity).createQueryBuilder('t').where('t.offering_id = :offeringId', { offeringId });
    if (!view.isOwner) {
      qb.andWhere(`EXISTS (SELECT 1 FROM tariff_versions v WHERE v.tariff_id = t.id AND v.status = 'PUBLISHED')`);
    }
    const [rows, total] = await qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').offset(offset).limit(limit).getManyAndCount();
    return { rows, total };
  }

  /** Versions of several tariffs (DataLoader batch), newest first; drafts only for the owner. */
  async versionsOf(tariffIds: readonly string[], ownedIds: Set<string>): Promise<TariffVersionEntity[][]> {
    const rows = await this.db.getRepository(TariffVersionEntity).find({
      where: { tariffId: In([...tariffIds]) }, order: { versionNo: 'DESC' },
    });
    return tariffIds.map((id) => rows.filter((v) => v.tariffId === id && (ownedIds.has(id) || v.status === TariffVersionStatus.PUBLISHED)));
  }

  /** The status of each of `ids` that is a version of one of the offering's tariffs. */
  async versionStatuses(offeringId: string, ids: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, TariffVersionStatus>> {
    const rows: { id: string; status: TariffVersionStatus }[] = await m.query(
      `SELECT tv.id, tv.status FROM tariff_versions tv JOIN tariffs t ON t.id = tv.tariff_id WHERE tv.id = ANY($1) AND t.offering_id = $2`,
      [ids, offeringId],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  async versionsByIds(ids: readonly string[]): Promise<TariffVersionEntity[]> {
    return this.db.getRepository(TariffVersionEntity).findBy({ id: In([...ids]) });
  }

  /**
   * The tariff version in effect on `day` for an offering (or one of its tariffs), compiled.
   * An offering with several tariffs in effect needs `tariffId` to say which one.
   */
  async effective(offeringId: string, tariffId: string | null, day: string): Promise<EffectiveTariff> {
    const rows: { id: string; tariff_id: string; version_no: number }[] = await this.db.query(
      `SELECT v.id, v.tariff_id, v.version_no
         FROM tariff_versions v JOIN tariffs t ON t.id = v.tariff_id
        WHERE t.offering_id = $1 AND ($3::uuid IS NULL OR t.id = $3)
          AND v.status = 'PUBLISHED' AND v.effective_from <= $2::date AND (v.effective_to IS NULL OR v.effective_to >= $2::date)`,
      [offeringId, day, tariffId],
    );
    if (rows.length === 0) {
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        tariffId
          ? `Tariff "${tariffId}" of this offering has no published version in effect on ${day}`
          : `This offering has no published tariff in effect on ${day}: its producer has not priced it yet`,
        { entity: 'Tariff', offeringId, day },
      ).because(PricingReason.TARIFF_NOT_IN_EFFECT);
    }
    if (rows.length > 1) {
      throw BadInputError.field('tariffId', `this offering has ${rows.length} tariffs in effect; say which one (${rows.map((r) => r.tariff_id).join(', ')})`);
    }
    const [row] = rows;
    return { tariffId: row.tariff_id, versionId: row.id, versionNo: row.version_no, compiled: await this.compiledVersion(row.id) };
  }

  /** A published version's definition, compiled once per process; `m`: the caller's transaction, if any. */
  async compiledVersion(versionId: string, m: EntityManager = this.db.manager): Promise<CompiledTariff> {
    let compiled = this.compiled.get(versionId);
    if (!compiled) {
      const version = await m.findOneByOrFail(TariffVersionEntity, { id: versionId });
      compiled = compileTariff(version.definition);
      if (this.compiled.size >= MAX_COMPILED) this.compiled.delete(this.compiled.keys().next().value!);
      this.compiled.set(versionId, compiled);
    }
    return compiled;
  }

  /**
   * The caller's own tariff at its latest version (the open draft, if any), compiled for a
   * preview; nothing is locked or saved. Another producer's tariff is refused as `withOwnTariff` does.
   */
  async latestForPreview(actor: Actor, tariffId: string): Promise<{ tariff: TariffEntity; version: TariffVersionEntity; compiled: CompiledTariff }> {
    this.requirePublisher(actor);
    const tariff = await this.db.getRepository(TariffEntity).findOneBy({ id: tariffId });
    if (!tariff) throw new NotFoundError('Tariff', tariffId);
    if (tariff.producerId !== actor.organizationId) {
      const visible = await this.offerings.get(actor, tariff.offeringId).then(() => true, () => false);
      if (!visible) throw new NotFoundError('Tariff', tariffId);
      throw new ForbiddenError('This tariff belongs to another producer: preview your own tariffs, or estimate its published price with estimate');
    }
    const version = await this.latestVersion(this.db.manager, tariffId);
    // a published version is compiled once per process; a draft changes, so it is compiled each time
    const compiled = version.status === TariffVersionStatus.DRAFT ? compileTariff(version.definition) : await this.compiledVersion(version.id);
    return { tariff, version, compiled };
  }

  private requirePublisher(actor: Actor): void {
    if (!isProducerKind(actor.organizationKind)) {
      throw new ForbiddenError(`Only producer organisations set tariffs; yours is a ${actor.organizationKind}`);
    }
    requireRole(actor, Role.PUBLISHER, Role.ADMIN);
  }

  /**
   * Runs `work` in a transaction on the tariff, locked, if the caller's organisation owns
   * it. What another producer is told is decided once that transaction has ended: nothing
   * reads outside the transaction that holds the lock.
   */
  private async withOwnTariff<T>(actor: Actor, id: string, work: (m: EntityManager, tariff: TariffEntity) => Promise<T>): Promise<T> {
    let foreign: TariffEntity | null = null;
    const result = await inTurn(`tariff:${id}`, () => this.db.transaction(async (m) => {
      const tariff = await m.findOne(TariffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!tariff) throw new NotFoundError('Tariff', id);
      if (tariff.producerId === actor.organizationId) return work(m, tariff);
      foreign = tariff;
      return null;
    }));
    if (foreign === null) return result as T;
    // Another producer learns that the tariff exists only when its offering is public.
    const visible = await this.offerings.get(actor, (foreign as TariffEntity).offeringId).then(() => true, () => false);
    if (!visible) throw new NotFoundError('Tariff', id);
    throw new ForbiddenError('This tariff belongs to another producer: only its own publishers can change it');
  }

  private async latestVersion(m: EntityManager, tariffId: string): Promise<TariffVersionEntity> {
    const [latest] = await m.find(TariffVersionEntity, { where: { tariffId }, order: { versionNo: 'DESC' }, take: 1 });
    return latest;
  }
}

/** A definition checked by the engine, with `version` set to the version number it is stored as. */
function checkedDefinition(source: unknown, versionNo: number): TariffDefinition {
  if (JSON.stringify(source ?? null).length > MAX_DEFINITION_BYTES) {
    throw BadInputError.field('definition', `is larger than ${MAX_DEFINITION_BYTES / 1000} kB`);
  }
  const definition = typeof source === 'object' && source !== null && !Array.isArray(source)
    ? { ...(source as object), version: String(versionNo) }
    : source;
  const problems = validateTariff(definition);
  if (problems.length) throw definitionProblems(problems);
  return definition as TariffDefinition;
}
