import { Actor } from '@app/core';
import { OfferingFilterInput, OfferingOrderField, OfferingSearchArgs, OrderDirection } from './dto/offering.args';

/**
 * How much of the catalog a search looks at, so that its cost stays bounded however many
 * offerings match and however large the catalog grows:
 * - `window`: matches are counted up to this many; when no more match, relevance and facets
 *   are exact. Past it, relevance ranks and facets count the `window` most recently
 *   published matches among the `horizon` most recently published offerings of the catalog
 *   (the search window), and the other matches follow, newest first.
 */
export interface SearchBounds {
  window: number;
  horizon: number;
}

/**
 * A catalog search as SQL: the matching versions are the union of `branches` (each a FROM
 * and WHERE over a version aliased `v`), with their parameters.
 */
export interface SearchSql {
  branches: Branch[];
  params: unknown[];
  /** The parsed search text, or null without one. */
  tsquery: string | null;
}

interface Branch {
  from: string;
  where: string;
  /** Whether the branch holds drafts (no publication date): a producer's own offerings. */
  own: boolean;
}

/**
 * Builds the visibility rules and filters of a catalog search once, for the page, the count
 * and the facets. Everyone sees listed versions (the published version of a verified
 * producer's offering); a producer sees its own offerings at their latest version instead.
 * The two are separate branches so that each can use its own index and stop early.
 */
export function buildSearchSql(actor: Actor | null, args: Pick<OfferingSearchArgs, 'search' | 'filter'>): SearchSql {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const f: OfferingFilterInput = args.filter ?? {};
  const me = actor ? p(actor.organizationId) : null;
  const where: string[] = [];
  let tsquery: string | null = null;
  const text = args.search?.trim();
  if (text) {
    tsquery = `websearch_to_tsquery('fr_unaccent', ${p(text)})`;
    where.push(`v.search_vector @@ ${tsquery}`);
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
  const and = (first: string[]) => [...first, ...where].join(' AND ');

  const ownOnly = !!f.mine || !!f.statuses?.length;
  const branches: Branch[] = [];
  if (me === null) {
    branches.push({ from: 'offering_versions v', where: and([ownOnly ? 'false' : 'v.listed']), own: false });
  } else {
    if (!ownOnly) branches.push({ from: 'offering_versions v', where: and(['v.listed', `v.producer_id <> ${me}`]), own: false });
    const status = f.statuses?.length ? [`o.status = ANY(${p(f.statuses)})`] : [];
    branches.push({ from: 'offerings o JOIN offering_versions v ON v.id = o.latest_version_id', where: and([`o.producer_id = ${me}`, ...status]), own: true });
  }
  return { branches, params, tsquery };
}

type Order = (alias: string) => string;

/** Newest first (a producer's drafts, not yet published, before everything): the order of the search window. */
const RECENT: Order = (a) => `${a}.published_at DESC, ${a}.created_at DESC, ${a}.offering_id`;

/** The order of a page when it is not by relevance. */
function plainOrder(args: OfferingSearchArgs): Order {
  const dir = args.orderBy?.direction === OrderDirection.ASC ? 'ASC' : 'DESC';
  switch (args.orderBy?.field) {
    case OfferingOrderField.TITLE:
      return (a) => `${a}.title_fr ${dir}, ${a}.offering_id`;
    case OfferingOrderField.INDIVIDUALS:
      return (a) => `${a}.number_of_individuals ${dir} NULLS LAST, ${a}.offering_id`;
    default:
      return (a) => `${a}.published_at ${dir}, ${a}.created_at ${dir}, ${a}.offering_id`;
  }
}

/** Relevance applies with a search text, unless another order is asked for. */
export function byRelevance(s: SearchSql, args: OfferingSearchArgs): boolean {
  const field = args.orderBy?.field ?? OfferingOrderField.RELEVANCE;
  return s.tsquery !== null && field === OfferingOrderField.RELEVANCE;
}

/**
 * The matching versions' `columns`: the first `limit` in `order` (any `limit` without one),
 * `limit` being a number or an SQL expression; `since`, if given, keeps those published
 * since that SQL value (and a producer's drafts).
 */
function matches(s: SearchSql, columns: string[], order: Order | null, limit: number | string, since?: string): string {
  const select = columns.map((c) => `v.${c}`).join(', ');
  const cut = (a: string) => `${order ? ` ORDER BY ${order(a)}` : ''} LIMIT ${limit}`;
  const parts = s.branches.map((b) => {
    const recent = since === undefined ? '' : b.own ? ` AND (v.published_at IS NULL OR v.published_at >= ${since})` : ` AND v.published_at >= ${since}`;
    return `SELECT ${select} FROM ${b.from} WHERE ${b.where}${recent}${cut('v')}`;
  });
  return parts.length === 1 ? parts[0] : `SELECT * FROM (${parts.map((q) => `(${q})`).join(' UNION ALL ')}) u${cut('u')}`;
}

/**
 * The start of the CTEs of a search: `n`, the matches counted up to one past the window,
 * and `w`, the search window with `columns`: every match when they are no more than the
 * window, otherwise the most recent ones within the horizon. Each alternative is gated by
 * `n`, so only one runs; the horizon's start is read from the index of listed versions.
 */
function windowCtes(s: SearchSql, bounds: SearchBounds, columns: string[]): string {
  const { window, horizon } = bounds;
  return `n AS (SELECT count(*)::int AS c FROM (${matches(s, ['id'], null, countLimit(0, bounds, false))}) c),
    h AS (SELECT coalesce((SELECT published_at FROM offering_versions WHERE listed
            ORDER BY ${RECENT('offering_versions')} OFFSET ${horizon - 1} LIMIT 1), '-infinity') AS since),
    w AS MATERIALIZED (
      SELECT * FROM (${matches(s, columns, RECENT, window)}) every WHERE (SELECT c FROM n) <= ${window}
      UNION ALL
      SELECT * FROM (${matches(s, columns, RECENT, window, '(SELECT since FROM h)')}) recent WHERE (SELECT c FROM n) > ${window})`;
}

export const FACETS: Record<string, string> = {
  themes: 'unnest(m.themes)',
  codingSystems: 'unnest(m.coding_systems)',
  regions: 'unnest(m.regions)',
  producerKinds: 'm.producer_kind',
  dataModels: 'm.data_model',
  accessModalities: 'm.access_modality',
};

/** All facet counts in one statement, over the search window. */
export function facetsSql(s: SearchSql, bounds: SearchBounds): string {
  const parts = Object.entries(FACETS).map(
    ([name, expr]) => `SELECT '${name}' AS facet, x.value, count(*)::int AS count FROM w m, LATERAL (SELECT ${expr} AS value) x GROUP BY x.value`,
  );
  const columns = ['themes', 'coding_systems', 'regions', 'producer_kind', 'data_model', 'access_modality', 'published_at', 'created_at', 'offering_id'];
  return `WITH ${windowCtes(s, bounds, columns)}
    ${parts.join('\n    UNION ALL ')}
    ORDER BY 1, 3 DESC, 2`;
}

const VERSION_COLUMNS = `v.id AS v_id, v.offering_id, v.producer_id AS v_producer_id, v.producer_kind, v.listed, v.version_no,
  v.status AS v_status, v.content, v.title_fr, v.themes, v.data_model, v.coding_systems, v.regions, v.access_modality,
  v.number_of_individuals, v.created_at AS v_created_at, v.created_by, v.published_at, v.published_by`;
const OFFERING_COLUMNS = `o.id AS o_id, o.producer_id, o.status AS o_status, o.latest_version_id, o.published_version_id,
  o.created_at AS o_created_at, o.updated_at AS o_updated_at, o.retired_at`;

/**
 * One page of matches, and one more row when more follow; each row carries `n`, the matches
 * counted (up to one past the window).
 *
 * By relevance, the search window is ranked, best first, and the other matches follow,
 * newest first (they are read only when a page reaches them). Every other order is exact
 * and stops at the page's end through an index. Either way the work is bounded by the
 * window, the horizon and the page, not by the number of matches or the catalog's size.
 */
export function searchPageSql(s: SearchSql, args: OfferingSearchArgs, limit: number, offset: number, bounds: SearchBounds): string {
  const [n, o] = [Number(limit), Number(offset)];
  if (byRelevance(s, args)) {
    const keys = ['id', 'offering_id', 'published_at', 'created_at'];
    return `WITH ${windowCtes(s, bounds, [...keys, 'search_vector'])},
      wn AS (SELECT count(*)::int AS c FROM w),
      page AS (
        (SELECT w.id, 0 AS part, ts_rank(w.search_vector, ${s.tsquery}) AS score FROM w ORDER BY score DESC, w.offering_id LIMIT ${n + 1} OFFSET ${o})
        UNION ALL
        (SELECT r.id, 1 AS part, NULL FROM (${matches(s, keys, RECENT, o + n + 1)}) r
          WHERE r.id NOT IN (SELECT id FROM w) ORDER BY ${RECENT('r')}
          LIMIT greatest(0, ${o + n + 1} - (SELECT c FROM wn)) OFFSET greatest(0, ${o} - (SELECT c FROM wn))))
      SELECT ${OFFERING_COLUMNS}, ${VERSION_COLUMNS}, (SELECT c FROM n) AS n
        FROM page JOIN offering_versions v ON v.id = page.id JOIN offerings o ON o.id = v.offering_id
       ORDER BY page.part, page.score DESC, CASE WHEN page.part = 0 THEN v.offering_id END, ${RECENT('v')}`;
  }
  const order = plainOrder(args);
  const keys = ['id', 'offering_id', 'published_at', 'created_at', 'title_fr', 'number_of_individuals'];
  return `WITH n AS (SELECT count(*)::int AS c FROM (${matches(s, ['id'], null, countLimit(o, bounds, false))}) c),
      page AS (SELECT * FROM (${matches(s, keys, order, o + n + 1)}) p ORDER BY ${order('p')} LIMIT ${n + 1} OFFSET ${o})
    SELECT ${OFFERING_COLUMNS}, ${VERSION_COLUMNS}, (SELECT c FROM n) AS n
      FROM page JOIN offering_versions v ON v.id = page.id JOIN offerings o ON o.id = v.offering_id
     ORDER BY ${order('v')}`;
}

/** The matches counted up to `limit`, for a page that came back empty. */
export function countSql(s: SearchSql, limit: number): string {
  return `SELECT count(*)::int AS count FROM (${matches(s, ['id'], null, limit)}) c`;
}

/** How far the count of a page goes: one past the window, and for a page that came back empty, one past its start. */
export function countLimit(offset: number, bounds: SearchBounds, emptyPage: boolean): number {
  return (emptyPage ? Math.max(bounds.window, offset) : bounds.window) + 1;
}

/**
 * What a page tells: its rows (without the one past the page), whether more follow, and
 * the total: exact when the count did not reach its limit or when the page holds the last
 * match, otherwise a lower bound (the window, or the page's end when further).
 */
export function pageOutcome<T>(rows: T[], counted: number, limit: number, offset: number, bounds: SearchBounds) {
  const hasNext = rows.length > limit;
  const page = hasNext ? rows.slice(0, limit) : rows;
  const outcome = (total: number, totalIsLowerBound: boolean) => ({ page, hasNext, total, totalIsLowerBound });
  if (counted < countLimit(offset, bounds, rows.length === 0)) return outcome(counted, false);
  if (!hasNext && page.length) return outcome(offset + page.length, false);
  return outcome(Math.max(bounds.window, offset + limit), true);
}
