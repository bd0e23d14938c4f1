// The same catalog search answered with no framework: node:http, pg, JSON. The ratio of
// the API's throughput to this one is the framework's overhead.
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { THEMES } from '@app/catalog';
import { buildSearchSql, searchPageSql } from '../../libs/catalog/src/offering.search';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const port = Number(process.env.PORT ?? 3101);

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { variables } = JSON.parse(Buffer.concat(chunks).toString());
  const args = { search: variables.q, first: 20 };
  const search = buildSearchSql(null, args);
  const { rows } = await pool.query(searchPageSql(search, args, 20, 0), search.params);
  const ids = [...new Set(rows.map((r) => r.producer_id as string))];
  const producers = new Map(
    (await pool.query('SELECT id, name, kind FROM organizations WHERE id = ANY($1::uuid[])', [ids])).rows.map((p) => [p.id, p]),
  );
  const body = {
    data: {
      offerings: {
        totalCount: rows.length ? Number(rows[0].total) : 0,
        edges: rows.map((r) => ({
          node: {
            id: r.o_id,
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
