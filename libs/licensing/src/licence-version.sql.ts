import { listedOfferingSql } from '@app/catalog';
import { LicenceTemplateEntity, LicenceTemplateVersionEntity, LicenceVersionView } from './licence-template.entities';

/** Columns of a version (alias v) but its definition, and of its template (alias t), for `viewFromRow`. */
const META_COLUMNS = `v.id, v.template_id, v.version, v.status, v.hash, v.created_at, v.created_by,
  v.submitted_by, v.submitted_at, v.published_by, v.published_at, v.deprecated_at,
  t.organization_id AS t_organization_id, t.key AS t_key, t.family AS t_family,
  t.based_on_version_id AS t_based_on_version_id, t.created_at AS t_created_at`;

/** Columns of a version (alias v) and of its template (alias t) for `viewFromRow`. */
export const VIEW_COLUMNS = `v.definition, ${META_COLUMNS}`;

export const VIEW_FROM = `licence_template_versions v JOIN licence_templates t ON t.id = v.template_id`;

/**
 * Whether version v of template t is visible to the organisation in parameter `orgParam`
 * (NULL when anonymous): published standard versions to everyone, an organisation's own
 * versions to its members, another organisation's published versions to whoever can see a
 * catalog offering that accepts them.
 */
export function visibleVersionSql(orgParam: string): string {
  return `((t.organization_id IS NULL AND v.status IN ('PUBLISHED', 'DEPRECATED'))
    OR t.organization_id = ${orgParam}
    OR (v.status IN ('PUBLISHED', 'DEPRECATED') AND EXISTS (
      SELECT 1 FROM offering_licences ol WHERE ol.template_version_id = v.id AND ${listedOfferingSql('ol.offering_id')})))`;
}

/** Versions by id; the definition only of those not in `$2` (the ones the caller already holds). */
export const VERSIONS_BY_IDS_SQL = `SELECT ${META_COLUMNS}, CASE WHEN v.id = ANY($2::uuid[]) THEN NULL ELSE v.definition END AS definition
  FROM ${VIEW_FROM} WHERE v.id = ANY($1::uuid[])`;

export const TEMPLATES_BY_IDS_SQL = `SELECT id, organization_id, key, family, based_on_version_id, created_at FROM licence_templates WHERE id = ANY($1::uuid[])`;

export function templateFromRow(r: Record<string, any>): LicenceTemplateEntity {
  return { id: r.id, organizationId: r.organization_id, key: r.key, family: r.family, basedOnVersionId: r.based_on_version_id, createdAt: r.created_at };
}

export function viewFromRow(r: Record<string, any>): LicenceVersionView {
  const template = Object.assign(new LicenceTemplateEntity(), {
    id: r.template_id, organizationId: r.t_organization_id, key: r.t_key, family: r.t_family,
    basedOnVersionId: r.t_based_on_version_id, createdAt: r.t_created_at,
  });
  const version = Object.assign(new LicenceTemplateVersionEntity(), {
    id: r.id, templateId: r.template_id, version: r.version, status: r.status, definition: r.definition, hash: r.hash,
    createdAt: r.created_at, createdBy: r.created_by, submittedBy: r.submitted_by, submittedAt: r.submitted_at,
    publishedBy: r.published_by, publishedAt: r.published_at, deprecatedAt: r.deprecated_at,
  });
  return { template, version };
}
