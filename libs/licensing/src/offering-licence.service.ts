import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor, AuditService, BadInputError, ConflictError, FieldProblem, ForbiddenError, NotFoundError, Role, SqlReader, inTurn,
} from '@app/core';
import { CatalogReason, OfferingService, OfferingStatus } from '@app/catalog';
import { isProducerKind, requireRole } from '@app/identity';
import { TariffService } from '@app/pricing';
import { LicenceVersionStatus, LicenceVersionView, OfferingLicenceEntity } from './licence-template.entities';
import { LicenceTemplateService } from './licence-template.service';
import { VIEW_COLUMNS, VIEW_FROM, viewFromRow } from './licence-version.sql';

export interface OfferingLicenceChoice {
  templateVersionId: string;
  tariffVersionId?: string | null;
}

export interface OfferingLicenceRow extends LicenceVersionView {
  tariffVersionId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LICENCES = 20;

/** The licences an offering accepts: published standard versions or the producer's own. */
@Injectable()
export class OfferingLicenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sql: SqlReader,
    private readonly audit: AuditService,
    private readonly offerings: OfferingService,
    private readonly tariffs: TariffService,
    private readonly templates: LicenceTemplateService,
  ) {}

  /** Replaces the offering's licences, in the order given. */
  async setLicences(actor: Actor, offeringId: string, licences: OfferingLicenceChoice[]): Promise<void> {
    if (!isProducerKind(actor.organizationKind)) {
      throw new ForbiddenError(`Only producer organisations choose the licences of offerings; yours is a ${actor.organizationKind}`);
    }
    requireRole(actor, Role.PUBLISHER, Role.ADMIN);
    const choices = licences.map((l) => ({ templateVersionId: l.templateVersionId.toLowerCase(), tariffVersionId: l.tariffVersionId?.toLowerCase() ?? null }));
    const problems = checkShape(choices);
    if (problems.length) throw new BadInputError(problems);
    await inTurn(`offering:${offeringId}`, () => this.db.transaction(async (m) => {
      const offering = await this.offerings.lock(m, offeringId);
      if (!offering || (offering.producerId !== actor.organizationId && offering.status !== OfferingStatus.PUBLISHED)) {
        throw new NotFoundError('Offering', offeringId);
      }
      if (offering.producerId !== actor.organizationId) throw new ForbiddenError('This offering belongs to another producer: only its own publishers choose its licences');
      if (offering.status === OfferingStatus.RETIRED) throw new ConflictError('This offering is retired: its licences can no longer change').because(CatalogReason.OFFERING_RETIRED);

      const ids = choices.map((c) => c.templateVersionId);
      const rows = ids.length ? await m.query(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE v.id = ANY($1)`, [ids]) : [];
      const found = new Map<string, LicenceVersionView>(rows.map((r: Record<string, unknown>) => [r.id as string, viewFromRow(r)]));
      choices.forEach((c, i) => {
        const view = found.get(c.templateVersionId);
        const field = `licences[${i}].templateVersionId`;
        const ownOrStandard = view && (view.template.organizationId === null || view.template.organizationId === actor.organizationId);
        if (!view || !ownOrStandard) {
          problems.push({ field, message: `no licence template version ${c.templateVersionId} among the standard ones and your organisation's` });
        } else if (view.version.status !== LicenceVersionStatus.PUBLISHED) {
          problems.push({ field, message: `${view.template.key}@${view.version.version} is ${view.version.status}: only published versions can be offered` });
        }
      });
      problems.push(...(await this.tariffProblems(m, offeringId, choices)));
      if (problems.length) throw new BadInputError(problems);

      await m.delete(OfferingLicenceEntity, { offeringId });
      if (choices.length) {
        await m.insert(OfferingLicenceEntity, choices.map((c, position) => ({ offeringId, ...c, position })));
      }
      await this.audit.record(m, actor, 'offering.licences_set', 'Offering', offeringId, {
        licences: choices.map((c) => {
          const v = found.get(c.templateVersionId)!;
          return { templateVersionId: c.templateVersionId, template: `${v.template.key}@${v.version.version}`, tariffVersionId: c.tariffVersionId };
        }),
      });
    }));
  }

  /** A licence's tariff is a published version of one of this offering's tariffs. */
  private async tariffProblems(m: EntityManager, offeringId: string, choices: OfferingLicenceChoice[]): Promise<FieldProblem[]> {
    const ids = choices.map((c) => c.tariffVersionId).filter((id): id is string => !!id);
    if (!ids.length) return [];
    const status = await this.tariffs.versionStatuses(offeringId, ids, m);
    const problems: FieldProblem[] = [];
    choices.forEach((c, i) => {
      if (!c.tariffVersionId) return;
      const field = `licences[${i}].tariffVersionId`;
      const found = status.get(c.tariffVersionId);
      if (!found) problems.push({ field, message: `no tariff version ${c.tariffVersionId} among this offering's tariffs` });
      else if (found !== 'PUBLISHED') problems.push({ field, message: `tariff version ${c.tariffVersionId} is ${found}: only a published tariff version can apply` });
    });
    return problems;
  }

  /** The licences of several offerings, in their order (DataLoader batch): each version read once, however many offerings accept it. */
  async licencesOf(offeringIds: readonly string[]): Promise<OfferingLicenceRow[][]> {
    const links = await this.sql.rows<{ offering_id: string; template_version_id: string; tariff_version_id: string | null }>(
      'SELECT offering_id, template_version_id, tariff_version_id FROM offering_licences WHERE offering_id = ANY($1::uuid[]) ORDER BY position',
      [offeringIds], 'offering-licence-links',
    );
    const ids = [...new Set(links.map((l) => l.template_version_id))];
    const views = new Map((ids.length ? await this.templates.versionsByIds(ids) : []).map((v) => [v.version.id, v]));
    return offeringIds.map((id) =>
      links.filter((l) => l.offering_id === id).map((l) => ({ ...views.get(l.template_version_id)!, tariffVersionId: l.tariff_version_id })),
    );
  }
}

function checkShape(choices: OfferingLicenceChoice[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (choices.length > MAX_LICENCES) problems.push({ field: 'licences', message: `at most ${MAX_LICENCES} licences per offering` });
  const seen = new Set<string>();
  choices.forEach((c, i) => {
    if (!UUID.test(c.templateVersionId)) problems.push({ field: `licences[${i}].templateVersionId`, message: `"${c.templateVersionId.slice(0, 60)}" is not an ID issued by this API (a UUID)` });
    else if (seen.has(c.templateVersionId)) problems.push({ field: `licences[${i}].templateVersionId`, message: 'is listed twice' });
    seen.add(c.templateVersionId);
    if (c.tariffVersionId && !UUID.test(c.tariffVersionId)) problems.push({ field: `licences[${i}].tariffVersionId`, message: `"${c.tariffVersionId.slice(0, 60)}" is not an ID issued by this API (a UUID)` });
  });
  return problems;
}
