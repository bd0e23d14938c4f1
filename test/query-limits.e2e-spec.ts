import { startTestApp, TestApp } from './helpers/test-app';
import { createOffering, publishOffering, signUpOrganization, verify } from './helpers/factories';
import { platformAdminToken } from './helpers/test-app';

const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

const NODE = `id versionId version status offeringStatus hasUnpublishedChanges createdAt updatedAt publishedAt
  title { fr en } description { fr en } keywords themes { code labelFr labelEn } populationCoverage { fr en }
  numberOfRecords numberOfUniqueIndividuals minTypicalAge maxTypicalAge temporalCoverage { start end } regions codingSystems
  dataModel legalBases personalDataCategories accessModality accessRights updateFrequency hdsHosting { certified hostName }
  contactPoint { name email phone } sampleUrl dataDictionaryUrl provenance
  producer { id name kind siret siren vatNumber verified verifiedAt isBuyer isProducer createdAt address { line postalCode city country } }
  contributors { organizationId weight organization { id name kind } }
  versions { id version status publishedAt title { fr en } }`;
const FACETS = `facets { themes { value count } producerKinds { value count } dataModels { value count }
  codingSystems { value count } regions { value count } accessModalities { value count } }`;

describe('a query is measured before it runs, in time linear in its size', () => {
  let t: TestApp;
  let producerToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    const producer = await signUpOrganization(t, 'HOSPITAL');
    producerToken = producer.token;
    await verify(t, await platformAdminToken(t), producer.organizationId);
    const offering = await createOffering(t, producer.token);
    await publishOffering(t, producer.token, offering.id);
  });
  afterAll(() => t.close());

  /** Refused before execution: no `data` at all, a 400 and the code given. */
  async function refused(body: object, code: string) {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').send(body);
    expect({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, data: 'data' in res.body }).toEqual({ status: 400, code, data: false });
    return res.body.errors[0] as { message: string; extensions: Record<string, unknown> };
  }

  it('serves a page of 50 offerings with facets, and the largest page with every field of an offering', async () => {
    const readme = await t.gql(`{ offerings(first: 50) { totalCount edges { node { id title { fr } producer { name kind } themes { code labelFr }
      numberOfUniqueIndividuals accessModality } } ${FACETS} } }`);
    expect(readme.errors).toBeUndefined();
    expect(readme.data.offerings.totalCount).toBeGreaterThanOrEqual(1);
    const largest = await t.gql(`{ offerings(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NODE} } } ${FACETS} } }`);
    expect(largest.errors).toBeUndefined();
    expect(largest.data.offerings.edges[0].node.versions.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses two such pages in one query as too costly, naming the cost and the limit', async () => {
    const page = `offerings(first: 100) { edges { node { ${NODE} } } }`;
    const error = await refused({ query: `{ a: ${page} b: ${page} }` }, 'QUERY_TOO_COMPLEX');
    expect(error.message).toMatch(/^This query costs \d+, more than the limit of 10000: ask for fewer fields or smaller pages \(first\)$/);
    expect(error.extensions).toMatchObject({ maxComplexity: 10000 });
  });

  it('refuses 24 levels of fragments spreading each other twice (1.7 KB) as too costly', async () => {
    const query = `{ ...F0 }\n${times(24, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)}\nfragment F24 on Query { offerings { totalCount } }`;
    expect(query.length).toBeLessThan(1800);
    const error = await refused({ query }, 'QUERY_TOO_COMPLEX');
    expect(error.message).toBe(`This document selects ${2 ** 25} fields once its fragments are expanded, each costing at least 1, more than the limit of 10000: ask for fewer fields`);
  });

  it('answers a fragment cycle with a validation error', async () => {
    const error = await refused({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { offerings { totalCount } ...A }' }, 'BAD_USER_INPUT');
    expect(error.message).toBe('Cannot spread fragment "A" within itself via "B": a fragment may not spread itself, directly or not');
  });

  it('refuses a chain of 2,000 fragments and a 2 MB selection as too large', async () => {
    const chain = `{ ...C0 }\n${times(2000, (i) => `fragment C${i} on Query { ...C${i + 1} }`)}\nfragment C2000 on Query { __typename }`;
    expect((await refused({ query: chain }, 'QUERY_TOO_COMPLEX')).message)
      .toBe('This document has more than 3000 tokens: send a smaller query (split it, drop unused fragments)');
    const flat = `{ offerings { edges { node { ${'id '.repeat(700_000)} } } } }`;
    await refused({ query: flat }, 'QUERY_TOO_COMPLEX');
  });

  it('counts aliases: 10,001 aliases of a list field, or 60 small ones, are refused', async () => {
    await refused({ query: `{ ${times(10_001, (i) => `a${i}: offerings { totalCount }`)} }` }, 'QUERY_TOO_COMPLEX');
    const error = await refused({ query: `{ ${times(60, (i) => `a${i}: offerings(first: 1) { totalCount }`)} }` }, 'QUERY_TOO_COMPLEX');
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', complexity: 60 * 201, maxComplexity: 10000 });
  });

  it('refuses page sizes given in variables when they make the query too costly', async () => {
    const query = `query($n: Int) { offerings(first: $n) { edges { node { ${NODE} } } } }`;
    expect((await t.gql(query, { n: 100 })).errors).toBeUndefined();
    await refused({ query, variables: { n: 1000 } }, 'QUERY_TOO_COMPLEX');
  });

  it('refuses brackets nested thousands deep and a field repeated hundreds of times, before validating them', async () => {
    const nested = await refused({ query: `{ offerings(filter: { themes: ${'['.repeat(2500)}${']'.repeat(2500)} }) { totalCount } }` }, 'QUERY_TOO_COMPLEX');
    expect(nested.message).toMatch(/^Brackets are nested more than 64 deep \(line 1, column \d+\): flatten the query or its arguments$/);
    const repeated = await refused({ query: `{ offerings { ${'pageInfo { endCursor } '.repeat(400)} } }` }, 'QUERY_TOO_COMPLEX');
    expect(repeated.message).toBe('"offerings.pageInfo" is selected 21 times or more (at most 20): select each field once');
  });

  it('counts mutations as writes: six sign-ups in one request are refused and none happens', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM organizations');
    const signUp = (i: number) => `s${i}: signUpOrganization(input: { organization: { name: "Batch ${i}", kind: STARTUP, address: { line: "1 rue", postalCode: "75001", city: "Paris", country: "BE" } },
      admin: { email: "batch${i}.${Date.now()}@startup.test", displayName: "Batch", password: "a-long-enough-password" } }) { token }`;
    await refused({ query: `mutation { ${times(6, signUp)} }` }, 'QUERY_TOO_COMPLEX');
    expect(await t.db.query('SELECT count(*)::int AS n FROM organizations')).toEqual(before);
    const one = await t.gql(`mutation { ${signUp(0)} }`);
    expect(one.errors).toBeUndefined();
  });

  it('keeps producers\' own queries working', async () => {
    const mine = await t.gql('{ offerings(filter: { mine: true }) { totalCount } me { organization { name } } }', {}, producerToken);
    expect(mine.errors).toBeUndefined();
  });
});
