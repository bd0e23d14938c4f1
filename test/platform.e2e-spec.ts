import * as fs from 'node:fs';
import * as path from 'node:path';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { startTestApp, TestApp } from './helpers/test-app';

describe('the server as a load balancer and a client see it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers { __typename } on /graphql without a token', async () => {
    expect(await t.gql('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('has health endpoints for load balancers', async () => {
    expect((await t.http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await t.http.get('/health/ready')).body).toMatchObject({ status: 'ok', database: 'up', connections: { waiting: 0 } });
  });

  it('serves the schema that is committed in schema.gql', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const committed = fs.readFileSync(path.resolve(__dirname, '../schema.gql'), 'utf8');
    const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const served = lines(printSchema(lexicographicSortSchema(schema)));
    const file = lines(committed);
    const onlyServed = served.filter((l) => !file.includes(l)).slice(0, 10);
    const onlyFile = file.filter((l) => !served.includes(l)).slice(0, 10);
    // On failure: run `npm run schema` (it regenerates schema.gql) and commit the file.
    expect({ onlyServed, onlyFile }).toEqual({ onlyServed: [], onlyFile: [] });
    expect(file).toEqual(served);
  });

  it('marks the answers that must never come from the public cache', () => {
    const fields = t.app.get(GraphQLSchemaHost).schema.getQueryType()!.getFields();
    expect(fields.estimate.extensions.publicCache).toBe(false);
    expect(fields.verifyAgreement.extensions.publicCache).toBe(false);
    expect(fields.offerings.extensions.publicCache).toBeUndefined();
  });

  it('refuses a query deeper than the limit before running it', async () => {
    // The deepest path of the schema has 8 levels; a server limited to 5 refuses it.
    const shallow = await startTestApp({ GRAPHQL_MAX_DEPTH: '5' });
    try {
      const deep = `{ offerings { edges { node { versions { contributors { organization { address { city } } } } } } } }`;
      const res = await shallow.gql(deep);
      expect(res.data).toBeUndefined();
      expect(res.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(res.errors![0].message).toMatch(/exceeds maximum operation depth of 5/);
      expect((await shallow.gql('{ offerings { edges { node { producer { name } } } } }')).errors).toBeUndefined();
    } finally {
      await shallow.close();
    }
  });

  it('refuses a query costlier than the complexity limit', async () => {
    const page = (alias: string) => `${alias}: offerings(first: 100) { edges { node { id title { fr en } versions { id title { fr } } producer { name } } } }`;
    const res = await t.gql(`{ ${['a', 'b', 'c', 'd', 'e'].map(page).join(' ')} }`);
    expect(res.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0].message).toMatch(/costs \d+, more than the limit of 10000/);
    expect(res.data).toBeUndefined();
  });

  it('answers an unknown token with UNAUTHENTICATED and a hint', async () => {
    const res = await t.gql('{ me { roles } }', {}, 'hdm_key_doesnotexist');
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(/unknown or has been revoked/);
    const anonymous = await t.gql('{ me { roles } }');
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(anonymous.errors![0].message).toMatch(/Authorization: Bearer/);
  });

  it('does not leak internal error text', async () => {
    const res = await t.gql('{ offering(id: "not-a-uuid") { id } }');
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('id: "not-a-uuid" is not an ID issued by this API (a UUID)');
    expect(JSON.stringify(res)).not.toMatch(/QueryFailedError|invalid input syntax/i);
  });
});
