// Two `npm test` runs at once on one server (or one machine) each get a database of their
// own: neither sees the other's tables, and one ending does not end the other.
import { Client } from 'pg';
import { prepareTestDatabase } from './setup/test-database';

jest.setTimeout(180_000);

async function rows(url: string, sql: string): Promise<unknown[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

// Two runs at once on one server: DATABASE_URL's when it is set, otherwise this run's own
// embedded server, standing in for a shared one (its `postgres` database as the admin one).
function sharedServer(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = new URL(process.env.E2E_DATABASE_URL!);
  url.pathname = '/postgres';
  return url.toString();
}

describe('a database per test run', () => {
  const before = process.env.DATABASE_URL;
  beforeAll(() => { process.env.DATABASE_URL = sharedServer(); });
  afterAll(() => {
    if (before === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = before;
  });

  it('two runs preparing at once on one server get two databases', async () => {
    const [a, b] = await Promise.all([prepareTestDatabase(), prepareTestDatabase()]);
    let aStopped = false;
    try {
      expect(a.url).not.toBe(b.url);
      expect(process.env.E2E_DATABASE_URL).not.toBe(a.url);
      for (const url of [a.url, b.url]) await rows(url, `CREATE TABLE agreements (id int PRIMARY KEY)`);
      await rows(a.url, `INSERT INTO agreements VALUES (1), (2)`);
      expect(await rows(b.url, `SELECT count(*)::int AS n FROM agreements`)).toEqual([{ n: 0 }]);
      await a.stop();
      aStopped = true;
      await rows(b.url, `INSERT INTO agreements VALUES (3)`);
      expect(await rows(b.url, `SELECT id FROM agreements`)).toEqual([{ id: 3 }]);
      // This run's own database is untouched too.
      expect(await rows(process.env.E2E_DATABASE_URL!, `SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      if (!aStopped) await a.stop();
      await b.stop();
    }
  });
});
