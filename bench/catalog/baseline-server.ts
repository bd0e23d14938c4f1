// The same catalog search answered with no framework: node:http, pg, JSON. The ratio of
// the API's throughput to this one is the framework's overhead.
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { THEMES } from '@app/catalog';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const port = Number(process.env.PORT ?? 3101);

const SEARCH_SQL = `SELECT o.id, o.producer_id, v.content, count(*) OVER () AS total
  FROM offerings o JOIN organizations p ON p.id = o.producer_id JOIN offering_versions v ON v.id = o.published_version_id
 WHERE o.status = 'PUBLISHED' AND p.verified_at IS NOT NULL AND v.search_vector @@ websearch_to_tsquery('fr_unaccent', $1)
 ORDER BY ts_rank_cd(v.search_vector, websearch_to_tsquery('fr_unaccent', $1)) DESC, o.id LIMIT 20`;

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { variables } = JSON.parse(Buffer.concat(chunks).toString());
  const { rows } = await pool.query(SEARCH_SQL, [variables.q]);
  const ids = [...new Set(rows.map((r) => r.producer_id))];
  const producers = new Map(
    (await pool.query('SELECT id, name, kind FROM organizations WHERE id = ANY($1::uuid[])', [ids])).rows.map((p) => [p.id, p]),
  );
  const body = {
    data: {
      offerings: {
        totalCount: rows.length ? Number(rows[0].total) : 0,
        edges: rows.map((r) => ({
          node: {
            id: r.id,
            title: { fr: r.content.title.fr },
            producer: producers.get(r.producer_id),
            themes: r.content.themes.map((code: string) => ({ code, labelFr: THEMES[code].fr })),
          },
        })),
      },
    },
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}).listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
