import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, NotFoundError, SqlReader, UnauthenticatedError } from '@app/core';
import {
  diffTemplates, renderTemplate, type ClauseDiff, type ClauseOverride, type Locale, type RenderedDocument, type VariableValues,
} from './engine';
import { compareVersions } from './definition-edits';
import { LicenceTemplateEntity, LicenceVersionView } from './licence-template.entities';
import { renderInputError } from './licensing.errors';
import { LicenceDefinitions } from './licence-definitions';
import {
  TEMPLATES_BY_IDS_SQL, VERSIONS_BY_IDS_SQL, VIEW_COLUMNS, VIEW_FROM, templateFromRow, viewFromRow, visibleVersionSql,
} from './licence-version.sql';

export interface LicenceTemplateFilter {
  standard?: boolean;
  mine?: boolean;
  family?: string;
}

/** Reading, comparing and rendering licence templates as one caller may see them. */
@Injectable()
export class LicenceTemplateService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sql: SqlReader,
    private readonly definitions: LicenceDefinitions,
  ) {}

  /** A version the caller may see; NOT_FOUND otherwise (another organisation's draft included). */
  async getVersion(actor: Actor | null, id: string, m: EntityManager = this.db.manager): Promise<LicenceVersionView> {
    const rows = await m.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE v.id = $1 AND ${visibleVersionSql('$2')}`,
      [id, actor?.organizationId ?? null],
    );
    if (!rows.length) throw new NotFoundError('LicenceTemplateVersion', id);
    return viewFromRow(rows[0]);
  }

  /** Versions by id, whoever may see them: for references already shown to the caller (a fork's standard). */
  async versionsByIds(ids: readonly string[], m?: EntityManager): Promise<LicenceVersionView[]> {
    const known = this.definitions.known(ids);
    const params = [ids, [...known.keys()]];
    const rows = m ? await m.query(VERSIONS_BY_IDS_SQL, params) : await this.sql.rows(VERSIONS_BY_IDS_SQL, params, 'licence-versions-by-ids');
    return rows.map((r: Record<string, any>) => viewFromRow({ ...r, definition: known.get(r.id) ?? this.definitions.keep(r.id, r.status, r.definition) }));
  }

  /** The versions of several templates the caller may see, newest first (DataLoader batch). */
  async visibleVersionsOf(templateIds: readonly string[], organizationId: string | null): Promise<LicenceVersionView[][]> {
    const rows = await this.db.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE v.template_id = ANY($1) AND ${visibleVersionSql('$2')}`,
      [templateIds, organizationId],
    );
    const views: LicenceVersionView[] = rows.map(viewFromRow);
    views.sort((a, b) => compareVersions(b.version.version, a.version.version));
    return templateIds.map((id) => views.filter((v) => v.template.id === id));
  }

  async templatesByIds(ids: readonly string[]): Promise<LicenceTemplateEntity[]> {
    return (await this.sql.rows(TEMPLATES_BY_IDS_SQL, [ids], 'licence-templates-by-ids')).map(templateFromRow);
  }

  /** Standard templates for everyone, and the caller's organisation's own ones. */
  async list(actor: Actor | null, filter: LicenceTemplateFilter, offset: number, limit: number) {
    if (filter.mine !== undefined && filter.mine !== null && !actor) {
      throw new UnauthenticatedError('filter.mine needs to know your organisation: send "Authorization: Bearer <token>"');
    }
    const org = actor?.organizationId ?? null;
    const params: unknown[] = [org];
    const where = ['(t.organization_id IS NULL OR t.organization_id = $1)'];
    if (filter.standard === true) where.push('t.organization_id IS NULL');
    if (filter.standard === false) where.push('t.organization_id IS NOT NULL');
    if (filter.mine === true) where.push('t.organization_id = $1');
    if (filter.mine === false) where.push('t.organization_id IS NULL');
    if (filter.family) {
      params.push(filter.family);
      where.push(`t.family = $${params.length}`);
    }
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT t.id, t.organization_id, t.key, t.family, t.based_on_version_id, t.created_at, count(*) OVER () AS total
         FROM licence_templates t WHERE ${where.join(' AND ')}
        ORDER BY t.organization_id IS NULL DESC, t.key, t.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && offset > 0) {
      const [count] = await this.db.query(`SELECT count(*)::int AS n FROM licence_templates t WHERE ${where.join(' AND ')}`, params);
      total = count.n;
    }
    const templates = rows.map((r) => Object.assign(new LicenceTemplateEntity(), {
      id: r.id, organizationId: r.organization_id, key: r.key, family: r.family, basedOnVersionId: r.based_on_version_id, createdAt: r.created_at,
    }));
    return { templates, total };
  }

  /** Clause-level differences from one version to another (e.g. a standard and its fork). */
  async diff(actor: Actor | null, fromVersionId: string, toVersionId: string): Promise<ClauseDiff[]> {
    const [from, to] = await Promise.all([this.getVersion(actor, fromVersionId), this.getVersion(actor, toVersionId)]);
    return diffTemplates(from.version.definition, to.version.definition);
  }

  /** Validates the values (every problem at once), resolves conditional clauses and numbers the clauses. */
  async render(actor: Actor | null, versionId: string, values: VariableValues, locale: Locale, overrides: ClauseOverride[]): Promise<RenderedDocument> {
    const { version } = await this.getVersion(actor, versionId);
    try {
      return renderTemplate(version.definition, values, locale, overrides);
    } catch (e) {
      throw renderInputError(e);
    }
  }
}
