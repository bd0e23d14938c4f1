import { Actor } from '@app/core';
import { OfferingFilterInput, OfferingOrderField, OfferingSearchArgs, OrderDirection } from './dto/offering.args';

/** A parameterised SQL fragment: the WHERE clause and FROM of a catalog search. */
export interface SearchSql {
  from: string;
  where: string;
  params: unknown[];
  rank: string | null;
}

/**
 * Builds the visibility rules and filters of a catalog search once, for both the page
 * query and the facet query. Everyone sees listed versions (the published version of a
 * verified producer's offering); a producer sees its own offerings at their latest version.
 */
export function buildSearchSql(actor: Actor | null, args: Pick<OfferingSearchArgs, 'search' | 'filter'>): SearchSql {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const f: OfferingFilterInput = args.filter ?? {};
  const where: string[] = [];
  let joinOffering = false;
  if (actor) {
    const me = p(actor.organizationId);
    joinOffering = true;
    const own = `(o.producer_id = ${me} AND v.id = o.latest_version_id)`;
    where.push(f.mine ? own : `((v.listed AND o.producer_id <> ${me}) OR ${own})`);
    if (f.statuses?.length) where.push(`(o.producer_id = ${me} AND o.status = ANY(${p(f.statuses)}))`);
  } else {
    where.push('v.listed');
    if (f.statuses?.length || f.mine) where.push('false');
  }
  let rank: string | null = null;
  const text = args.search?.trim();
  if (text) {
    const query = `websearch_to_tsquery('fr_unaccent', ${p(text)})`;
    where.push(`v.search_vector @@ ${query}`);
    rank = `ts_rank(v.search_vector, ${query})`;
  }
  if (f.themes?.length) where.push(`v.themes && ${p(f.themes)}::text[]`);
  if (f.producerKinds?.length) where.push(`v.producer_kind = ANY(${p(f.producerKinds)})`);
  if (f.producerIds?.length) where.push(`v.producer_id = ANY(${p(f.producerIds)}::uuid[])`);
  if (f.dataModels?.length) where.push(`v.data_model = ANY(${p(f.dataModels)})`);
  if (f.codingSystems?.length) where.push(`v.coding_systems && ${p(f.codingSystems)}::text[]`);
  if (f.regions?.length) where.push(`v.regions && ${p(f.regions)}::text[]`);
  if (f.accessModalities?.length) where.push(`v.access_modality = ANY(${p(f.accessModalities)})`);
  if (f.minIndividuals !== undefined && f.minIndividuals !== null) where.push(`v.number_of_individuals >= ${p(f.minIndividuals)}`);
  if (f.maxIndividuals !== undefined && f.maxIndividuals !== null) where.push(`v.number_of_individuals <= ${p(f.maxIndividuals)}`);
  return {
    from: joinOffering ? 'offering_versions v JOIN offerings o ON o.id = v.offering_id' : 'offering_versions v',
    where: where.join(' AND '),
    params,
    rank,
  };
}

export function orderBySql(args: OfferingSearchArgs, rank: string | null): string {
  const dir = args.orderBy?.direction === OrderDirection.ASC ? 'ASC' : 'DESC';
  const field = args.orderBy?.field ?? (rank ? OfferingOrderField.RELEVANCE : OfferingOrderField.PUBLISHED_AT);
  switch (field) {
    case OfferingOrderField.RELEVANCE:
      return rank ? `${rank} ${dir}, v.offering_id` : `v.published_at ${dir} NULLS LAST, v.offering_id`;
    case OfferingOrderField.TITLE:
      return `v.title_fr ${dir}, v.offering_id`;
    case OfferingOrderField.INDIVIDUALS:
      return `v.number_of_individuals ${dir} NULLS LAST, v.offering_id`;
    default:
      return `v.published_at ${dir} NULLS LAST, v.created_at ${dir}, v.offering_id`;
  }
}

export const FACETS: Record<string, string> = {
  themes: 'unnest(m.themes)',
  codingSystems: 'unnest(m.coding_systems)',
  regions: 'unnest(m.regions)',
  producerKinds: 'm.producer_kind',
  dataModels: 'm.data_model',
  accessModalities: 'm.access_modality',
};

/** All facet counts of the matching set in one statement. */
export function facetsSql(s: SearchSql): string {
  const parts = Object.entries(FACETS).map(
    ([name, expr]) => `SELECT '${name}' AS facet, x.value, count(*)::int AS count FROM m, LATERAL (SELECT ${expr} AS value) x GROUP BY x.value`,
  );
  return `WITH m AS (SELECT v.themes, v.coding_systems, v.regions, v.producer_kind, v.data_model, v.access_modality FROM ${s.from} WHERE ${s.where})
    ${parts.join('\n    UNION ALL ')}
    ORDER BY 1, 3 DESC, 2`;
}

const VERSION_COLUMNS = `v.id AS v_id, v.offering_id, v.producer_id AS v_producer_id, v.producer_kind, v.listed, v.version_no,
  v.status AS v_status, v.content, v.title_fr, v.themes, v.data_model, v.coding_systems, v.regions, v.access_modality,
  v.number_of_individuals, v.created_at AS v_created_at, v.created_by, v.published_at, v.published_by`;
const OFFERING_COLUMNS = `o.id AS o_id, o.producer_id, o.status AS o_status, o.latest_version_id, o.published_version_id,
  o.created_at AS o_created_at, o.updated_at AS o_updated_at, o.retired_at`;

/** One page of matches: ranked and counted on the versions alone, then joined for that page only. */
export function searchPageSql(s: SearchSql, args: OfferingSearchArgs, limit: number, offset: number): string {
  const order = orderBySql(args, s.rank);
  return `SELECT ${OFFERING_COLUMNS}, ${VERSION_COLUMNS}, page.total
    FROM (SELECT v.id AS vid, count(*) OVER () AS total
            FROM ${s.from} WHERE ${s.where} ORDER BY ${order} LIMIT ${Number(limit)} OFFSET ${Number(offset)}) page
    JOIN offering_versions v ON v.id = page.vid JOIN offerings o ON o.id = v.offering_id
   ORDER BY ${order}`;
}
