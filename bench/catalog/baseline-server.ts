// The catalog's searches answered with no framework: node:http, pg, JSON. It runs the API's
// own SQL (the same builders and statements, prepared under the same names) and answers the
// same JSON, which the benchmark checks request by request; the ratio of the API's
// throughput to this one is the framework's overhead.
import { createServer, IncomingMessage } from 'node:http';
import { Pool } from 'pg';
import { THEMES } from '@app/catalog';
import { API_KEY_PREFIX, decodeCursor, encodeCursor, hashToken, loadConfig, SESSION_PREFIX } from '@app/core';
import { API_KEY_ACTOR_SQL, ORGANIZATIONS_BY_IDS_SQL, SESSION_ACTOR_SQL } from '@app/identity';
import { buildSearchSql, countLimit, countSql, FACETS, facetsSql, pageOutcome, searchPageSql } from '../../libs/catalog/src/offering.search';
import { FACETED, LIST, SINGLE } from './requests';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const port = Number(process.env.PORT ?? 3101);
const config = loadConfig();
const bounds = { window: config.searchWindow, horizon: config.searchHorizon };

type Rows = (text: string, values: unknown[], name?: string) => Promise<Record<string, any>[]>;

/** Runs statements for one request, counting them. */
function statementsOf(count: { n: number }): Rows {
  return async (text, values, name) => {
    count.n++;
    return (await pool.query(name ? { name, text, values } : { text, values })).rows;
  };
}

/** The caller's organisation, by the API's own statements; null when anonymous. */
async function actorOf(rows: Rows, req: IncomingMessage): Promise<{ organizationId: string } | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  const hash = hashToken(token);
  const [r] = token.startsWith(API_KEY_PREFIX)
    ? await rows(API_KEY_ACTOR_SQL, [hash], 'api-key-actor')
    : token.startsWith(SESSION_PREFIX) ? await rows(SESSION_ACTOR_SQL, [hash], 'session-actor') : [];
  if (!r) throw new Error('unknown token');
  return { organizationId: r.org_id };
}

async function answer(rows: Rows, req: IncomingMessage, query: string, v: Record<string, any>) {
  const actor = await actorOf(rows, req);
  const args = { search: v.q, filter: v.filter, orderBy: v.orderBy, first: v.first ?? 20 };
  const offset = decodeCursor(v.after);
  const s = buildSearchSql(actor as never, args);
  const found = await rows(searchPageSql(s, args, args.first, offset, bounds), s.params);
  let counted: number = found.length ? found[0].n : 0;
  if (!found.length && offset > 0) [{ count: counted }] = await rows(countSql(s, countLimit(offset, bounds, true)), s.params);
  const { page, ...outcome } = pageOutcome(found, counted, args.first, offset, bounds);
  // As the API resolves them: the producers of the page and the facets at the same time.
  const ids = [...new Set(page.map((r) => r.producer_id as string))];
  const [producerRows, facetRows] = await Promise.all([
    ids.length ? rows(ORGANIZATIONS_BY_IDS_SQL, [ids], 'organizations-by-ids') : [],
    query === FACETED ? rows(facetsSql(s, bounds), s.params) : null,
  ]);
  const producers = new Map(producerRows.map((p) => [p.id, { id: p.id, name: p.name, kind: p.kind }]));
  const node = (r: Record<string, any>) => ({
    id: r.o_id,
    title: { fr: r.content.title.fr },
    producer: producers.get(r.producer_id),
    themes: r.content.themes.map((code: string) => ({ code, labelFr: THEMES[code].fr })),
  });
  if (query === SINGLE) return { offerings: { totalCount: outcome.total, edges: page.map((r) => ({ node: node(r) })) } };
  const edges = page.map((r, i) => ({
    cursor: encodeCursor(offset + i),
    node: { ...node(r), numberOfUniqueIndividuals: r.content.numberOfUniqueIndividuals ?? null, accessModality: r.content.accessModality, publishedAt: r.published_at },
  }));
  const offerings: Record<string, unknown> = {
    totalCount: outcome.total,
    totalCountIsLowerBound: outcome.totalIsLowerBound,
    pageInfo: { hasNextPage: outcome.hasNext, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    edges,
  };
  if (facetRows) {
    const facets: Record<string, { value: string; count: number }[]> = Object.fromEntries(Object.keys(FACETS).map((k) => [k, []]));
    for (const r of facetRows) facets[r.facet].push({ value: r.value, count: r.count });
    offerings.facets = { themes: facets.themes, producerKinds: facets.producerKinds, regions: facets.regions, accessModalities: facets.accessModalities };
  }
  return { offerings };
}

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { query, variables } = JSON.parse(Buffer.concat(chunks).toString());
  if (![SINGLE, LIST, FACETED].includes(query)) {
    res.writeHead(400).end();
    return;
  }
  const count = { n: 0 };
  const data = await answer(statementsOf(count), req, query, variables ?? {});
  res.writeHead(200, { 'content-type': 'application/json', 'x-sql-statements': String(count.n) });
  res.end(JSON.stringify({ data }));
}).listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
