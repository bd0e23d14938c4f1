import * as jsonld from 'jsonld';
import { startTestApp, TestApp, platformAdminToken } from './helpers/test-app';
import { startTestWorker } from './helpers/test-worker';
import {
  OFFERING_FIELDS, OrgSession, createOffering, offeringInput, publishOffering, signUpOrganization, verify,
} from './helpers/factories';

const SEARCH = `query($search: String, $filter: OfferingFilterInput, $first: Int, $after: String) {
  offerings(search: $search, filter: $filter, first: $first, after: $after) {
    totalCount totalCountIsLowerBound
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title { fr } producer { name } themes { code } } }
    facets { themes { value count } producerKinds { value count } dataModels { value count } accessModalities { value count } regions { value count } }
  }
}`;

describe('the catalog: publishing and finding offerings', () => {
  let t: TestApp;
  let operator: string;
  let hospital: OrgSession;
  let registry: OrgSession;
  let buyer: OrgSession;
  // A word unique to this run keeps searches independent of other specs' data; a test that
  // counts what a search finds adds a word of its own, so that it does not depend on the others.
  const tag = `zq${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await platformAdminToken(t);
    hospital = await signUpOrganization(t, 'HOSPITAL', `Hôpital Saint-Éloi ${tag}`);
    registry = await signUpOrganization(t, 'REGISTRY', `Registre des cancers ${tag}`);
    buyer = await signUpOrganization(t, 'PHARMA', `Pharma ${tag}`);
    await verify(t, operator, hospital.organizationId);
    await verify(t, operator, registry.organizationId);
  });
  afterAll(() => t.close());

  it('a hospital publishes; a buyer finds it by French words typed without accents; facets count right', async () => {
    const word = `${tag}find`;
    const o1 = await createOffering(t, hospital.token, { keywords: [word, 'hôpital'] });
    const o2 = await createOffering(t, hospital.token, {
      keywords: [word], themes: ['CARDIOLOGY', 'EPIDEMIOLOGY'], dataModel: 'FHIR', accessModality: 'EXTRACTION',
      title: { fr: 'Insuffisance cardiaque : épidémiologie hospitalière', en: 'Heart failure: hospital epidemiology' },
    });
    const o3 = await createOffering(t, registry.token, {
      keywords: [word], themes: ['ONCOLOGY', 'EPIDEMIOLOGY'], regions: ['FR_OCC'],
      description: { fr: 'Registre populationnel des cancers du Tarn depuis 1982.', en: 'Population-based cancer registry of the Tarn since 1982.' },
    });
    for (const [token, o] of [[hospital.token, o1], [hospital.token, o2], [registry.token, o3]] as const) await publishOffering(t, token, o.id);

    const hopital = await t.gql(SEARCH, { search: `hopital ${word}` }, buyer.token);
    expect(hopital.errors).toBeUndefined();
    expect(hopital.data.offerings.edges.map((e: any) => e.node.id).sort()).toEqual([o1.id, o2.id].sort());

    const epidemio = await t.gql(SEARCH, { search: `epidemiologie ${word}` }, buyer.token);
    const ids = epidemio.data.offerings.edges.map((e: any) => e.node.id);
    expect(ids.sort()).toEqual([o1.id, o2.id, o3.id].sort()); // o1 through its description, o2 its title, o3 its theme only
    const f = epidemio.data.offerings.facets;
    expect(f.themes).toEqual([
      { value: 'EPIDEMIOLOGY', count: 2 }, { value: 'ONCOLOGY', count: 2 }, { value: 'CARDIOLOGY', count: 1 },
    ]);
    expect(f.producerKinds).toEqual([{ value: 'HOSPITAL', count: 2 }, { value: 'REGISTRY', count: 1 }]);
    expect(f.dataModels).toEqual([{ value: 'OMOP_CDM', count: 2 }, { value: 'FHIR', count: 1 }]);
    expect(f.regions).toEqual([{ value: 'FR_IDF', count: 2 }, { value: 'FR_OCC', count: 1 }]);

    const filtered = await t.gql(SEARCH, { search: word, filter: { themes: ['ONCOLOGY'], producerKinds: ['REGISTRY'] } });
    expect(filtered.data.offerings.edges.map((e: any) => e.node.id)).toEqual([o3.id]);
    expect(filtered.data.offerings.edges[0].node.producer.name).toBe(registry.name);
  });

  it('pages through results with Relay cursors', async () => {
    const word = `${tag}pages`;
    for (let i = 0; i < 3; i++) await publishOffering(t, hospital.token, (await createOffering(t, hospital.token, { keywords: [word] })).id);
    const first = await t.gql(SEARCH, { search: word, first: 2 });
    expect(first.data.offerings.totalCount).toBe(3);
    expect(first.data.offerings.totalCountIsLowerBound).toBe(false);
    expect(first.data.offerings.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql(SEARCH, { search: word, first: 2, after: first.data.offerings.pageInfo.endCursor });
    expect(second.data.offerings.edges).toHaveLength(1);
    expect(second.data.offerings.pageInfo.hasNextPage).toBe(false);
    const all = [...first.data.offerings.edges, ...second.data.offerings.edges].map((e: any) => e.node.id);
    expect(new Set(all).size).toBe(3);
    const bad = await t.gql(SEARCH, { search: tag, after: 'garbage' });
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(bad.errors![0].message).toMatch(/^after: /);
  });

  it('a buyer cannot create or edit offerings', async () => {
    const created = await t.gql(`mutation($i: OfferingContentInput!) { createOffering(input: $i) { id } }`, { i: offeringInput() }, buyer.token);
    expect(created.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(created.errors![0].message).toMatch(/Only producer organisations publish offerings; yours is a PHARMA/);
    const o = await createOffering(t, hospital.token, { keywords: [tag, 'edit-test'] });
    await publishOffering(t, hospital.token, o.id);
    const edited = await t.gql(`mutation($id: ID!) { updateOffering(id: $id, input: { keywords: ["x"] }) { id } }`, { id: o.id }, buyer.token);
    expect(edited.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('a producer cannot edit another producer\'s offering', async () => {
    const o = await createOffering(t, hospital.token, { keywords: [tag, 'foreign'] });
    await publishOffering(t, hospital.token, o.id);
    const res = await t.gql(`mutation($id: ID!) { updateOffering(id: $id, input: { keywords: ["mine now"] }) { id } }`, { id: o.id }, registry.token);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(res.errors![0].message).toMatch(/belongs to another producer/);
    const retire = await t.gql(`mutation($id: ID!) { retireOffering(id: $id) { id } }`, { id: o.id }, registry.token);
    expect(retire.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('drafts are visible only to their organisation', async () => {
    const draft = await createOffering(t, hospital.token, { keywords: [tag, 'brouillon'] });
    const asOwner = await t.gql(SEARCH, { search: `brouillon ${tag}` }, hospital.token);
    expect(asOwner.data.offerings.edges.map((e: any) => e.node.id)).toEqual([draft.id]);
    for (const token of [buyer.token, registry.token, null]) {
      const res = await t.gql(SEARCH, { search: `brouillon ${tag}` }, token);
      expect(res.data.offerings.totalCount).toBe(0);
      const one = await t.gql(`query($id: ID!) { offering(id: $id) { id } }`, { id: draft.id }, token);
      expect(one.errors![0].extensions.code).toBe('NOT_FOUND');
    }
    const foreignEdit = await t.gql(`mutation($id: ID!) { updateOffering(id: $id, input: { keywords: ["x"] }) { id } }`, { id: draft.id }, registry.token);
    expect(foreignEdit.errors![0].extensions.code).toBe('NOT_FOUND');
    const mine = await t.gql(`{ offerings(filter: { mine: true, statuses: [DRAFT] }, first: 100) { edges { node { id offeringStatus } } } }`, {}, hospital.token);
    expect(mine.data.offerings.edges.map((e: any) => e.node.id)).toContain(draft.id);
  });

  it('keeps published versions immutable: an edit makes a new version, with history', async () => {
    const o = await createOffering(t, hospital.token, { keywords: [tag, 'versions'] });
    await publishOffering(t, hospital.token, o.id);
    const edited = await t.gql(
      `mutation($id: ID!) { updateOffering(id: $id, input: { numberOfUniqueIndividuals: 50000, keywords: ["${tag}", "versions", "v2"] }) { version status hasUnpublishedChanges numberOfUniqueIndividuals } }`,
      { id: o.id }, hospital.token,
    );
    expect(edited.data.updateOffering).toEqual({ version: 2, status: 'DRAFT', hasUnpublishedChanges: true, numberOfUniqueIndividuals: 50000 });
    // Buyers still see version 1 until version 2 is published.
    const seen = await t.gql(`query($id: ID!) { offering(id: $id) { version numberOfUniqueIndividuals versions { version status } } }`, { id: o.id }, buyer.token);
    expect(seen.data.offering).toEqual({ version: 1, numberOfUniqueIndividuals: 45000, versions: [{ version: 1, status: 'PUBLISHED' }] });
    await publishOffering(t, hospital.token, o.id);
    const after = await t.gql(`query($id: ID!) { offering(id: $id) { version numberOfUniqueIndividuals versions { version status } } }`, { id: o.id }, buyer.token);
    expect(after.data.offering).toEqual({
      version: 2, numberOfUniqueIndividuals: 50000, versions: [{ version: 2, status: 'PUBLISHED' }, { version: 1, status: 'SUPERSEDED' }],
    });
    const v1 = await t.gql(`query($id: ID!) { offering(id: $id, version: 1) { version numberOfUniqueIndividuals } }`, { id: o.id }, buyer.token);
    expect(v1.data.offering).toEqual({ version: 1, numberOfUniqueIndividuals: 45000 });
    await expect(t.db.query(`UPDATE offering_versions SET content = content || '{"keywords":[]}' WHERE offering_id = $1 AND version_no = 1`, [o.id]))
      .rejects.toThrow(/published and immutable/);
    const republish = await t.gql(`mutation($id: ID!) { publishOffering(id: $id) { id } }`, { id: o.id }, hospital.token);
    expect(republish.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('shows a producer\'s offerings publicly only once the platform has verified it (the worker lists them)', async () => {
    const fresh = await signUpOrganization(t, 'COHORT', `Cohorte ${tag}`);
    const o = await createOffering(t, fresh.token, { keywords: [tag, 'cohortepending'] });
    await publishOffering(t, fresh.token, o.id);
    expect((await t.gql(SEARCH, { search: `cohortepending ${tag}` })).data.offerings.totalCount).toBe(0);
    await verify(t, operator, fresh.organizationId);
    // The listing is the catalog's reaction to organization.verified, run by the worker: the event waits for it.
    expect((await t.gql(SEARCH, { search: `cohortepending ${tag}` })).data.offerings.totalCount).toBe(0);
    const worker = await startTestWorker();
    try {
      await worker.settled();
    } finally {
      await worker.stop();
    }
    expect((await t.gql(SEARCH, { search: `cohortepending ${tag}` })).data.offerings.totalCount).toBe(1);
  });

  it('validates offerings: enums, sizes, missing fields and cross-field rules name the field', async () => {
    const create = (i: Record<string, unknown>) => t.gql(`mutation($i: OfferingContentInput!) { createOffering(input: $i) { id } }`, { i }, hospital.token);
    const badEnum = await create(offeringInput({ themes: ['ASTROLOGY'] }));
    expect(badEnum.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badEnum.errors![0].message).toMatch(/ASTROLOGY/);
    const oversized = await create(offeringInput({ title: { fr: 'x'.repeat(201), en: 'ok title' } }));
    expect(oversized.errors![0].extensions.fields).toEqual([{ field: 'input.title.fr', message: 'must be shorter than or equal to 200 characters' }]);
    const missing = offeringInput();
    delete (missing as Record<string, unknown>).dataModel;
    const res = await create(missing);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/Field "dataModel" of required type "DataModel!" was not provided/);
    const ages = await create(offeringInput({ minTypicalAge: 60, maxTypicalAge: 18 }));
    expect(ages.errors![0].extensions.fields).toEqual([{ field: 'maxTypicalAge', message: 'must be greater than or equal to minTypicalAge' }]);
    const impossible = await create(offeringInput({ temporalCoverage: { start: '2020-02-30', end: '2021-02-29' } }));
    expect(impossible.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const fields = impossible.errors![0].extensions.fields as { field: string; message: string }[];
    expect(fields.map((f) => f.field)).toEqual(['input.temporalCoverage.start', 'input.temporalCoverage.end']);
    expect(fields[0].message).toMatch(/calendar day that exists, written YYYY-MM-DD/);
  });

  it('a NETWORK offering lists its contributing producers with their weights', async () => {
    const network = await signUpOrganization(t, 'NETWORK', `Réseau ${tag}`);
    const missing = await t.gql(`mutation($i: OfferingContentInput!) { createOffering(input: $i) { id } }`, { i: offeringInput() }, network.token);
    expect(missing.errors![0].extensions.fields).toEqual([{ field: 'contributors', message: expect.stringMatching(/lists its contributing producers/) }]);
    const o = await createOffering(t, network.token, {
      keywords: [tag, 'reseau'],
      contributors: [{ organizationId: hospital.organizationId, weight: 3 }, { organizationId: registry.organizationId, weight: 1 }],
    });
    const res = await t.gql(`query($id: ID!) { offering(id: $id) { contributors { weight organization { name kind } } } }`, { id: o.id }, network.token);
    expect(res.data.offering.contributors).toEqual([
      { weight: 3, organization: { name: hospital.name, kind: 'HOSPITAL' } },
      { weight: 1, organization: { name: registry.name, kind: 'REGISTRY' } },
    ]);
    const buyerAsContributor = await t.gql(`mutation($id: ID!, $c: [ContributorInput!]) { updateOffering(id: $id, input: { contributors: $c }) { id } }`,
      { id: o.id, c: [{ organizationId: buyer.organizationId, weight: 1 }] }, network.token);
    expect(buyerAsContributor.errors![0].message).toMatch(/is a PHARMA, not a producer/);
  });

  it('exports the public catalog as HealthDCAT-AP JSON-LD that expands cleanly', async () => {
    const title = `Cohorte exportée ${tag}`;
    const o = await createOffering(t, hospital.token, { title: { fr: title, en: `Exported cohort ${tag}` } });
    await publishOffering(t, hospital.token, o.id);
    const res = await t.http.get('/catalog.jsonld');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/ld\+json/);
    const expanded = await jsonld.expand(res.body);
    const catalog = expanded[0] as Record<string, any>;
    expect(catalog['@type']).toEqual(['http://www.w3.org/ns/dcat#Catalog']);
    const datasets = catalog['http://www.w3.org/ns/dcat#dataset'];
    // Newest first: the offering just published is on the first page, whatever other specs published.
    const frTitle = (d: any) => d['http://purl.org/dc/terms/title'].find((x: any) => x['@language'] === 'fr')['@value'];
    const one = datasets.find((d: any) => frTitle(d) === title);
    expect(one['@type']).toEqual(['http://www.w3.org/ns/dcat#Dataset']);
    expect(one['http://healthdataportal.eu/ns/health#numberOfUniqueIndividuals'][0]['@type']).toBe('http://www.w3.org/2001/XMLSchema#nonNegativeInteger');
    expect(one['http://purl.org/dc/terms/publisher'][0]['http://xmlns.com/foaf/0.1/name']).toEqual([{ '@value': hospital.name }]);

    const single = await t.http.get(`/offerings/${o.id}.jsonld`);
    expect(single.status).toBe(200);
    const [node] = await jsonld.expand(single.body);
    expect(node['@id']).toMatch(new RegExp(`/offerings/${o.id}$`));
    const notFound = await t.http.get('/offerings/00000000-0000-4000-8000-000000000000.jsonld');
    expect(notFound.status).toBe(404);
    expect(notFound.body.error.code).toBe('NOT_FOUND');
  });

  it('resolves producers of a page with a bounded number of SQL statements', async () => {
    // Four offerings of two producers at least on the first page, newest first.
    for (const producer of [hospital, registry, hospital, registry]) {
      await publishOffering(t, producer.token, (await createOffering(t, producer.token, { keywords: [tag, 'sqlstats'] })).id);
    }
    const counted = await startTestApp({ SQL_STATS: 'true' });
    try {
      const query = `{ offerings(first: 20) { totalCount edges { node { id producer { name } themes { code } versions { version } } } } }`;
      const res = await counted.http.post('/graphql').send({ query });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.offerings.edges.length).toBeGreaterThan(3);
      // one search, one batch of producers, one batch of version histories
      expect(res.headers['x-sql-statements']).toBe('3');
    } finally {
      await counted.close();
    }
  });

  it('bounds a search by its window: ranks the most recent matches, counts up to the window and says when it stopped', async () => {
    const windowed = await startTestApp({ SEARCH_WINDOW: '3' });
    try {
      const word = `fenetre${tag}`;
      const where = (placement: 'title' | 'keywords' | 'description', theme: string) => ({
        themes: [theme],
        title: { fr: placement === 'title' ? `Registre ${word}` : 'Registre régional', en: 'Regional registry' },
        keywords: placement === 'keywords' ? [word] : ['registre'],
        description: { fr: `Données du registre${placement === 'description' ? ` ${word}` : ''}.`, en: 'Registry data.' },
      });
      // Published oldest first: o1 (the best match, but the oldest), o2, then o3 > o4 > o5 by relevance.
      const specs = [where('title', 'ONCOLOGY'), where('keywords', 'ONCOLOGY'), where('title', 'CARDIOLOGY'), where('keywords', 'CARDIOLOGY'), where('description', 'NEUROLOGY')];
      const ids: string[] = [];
      for (const spec of specs) {
        const o = await createOffering(windowed, hospital.token, spec);
        await publishOffering(windowed, hospital.token, o.id);
        ids.push(o.id);
      }
      const [o1, o2, o3, o4, o5] = ids;
      const PAGE = `query($search: String, $first: Int, $after: String) {
        offerings(search: $search, first: $first, after: $after) {
          totalCount totalCountIsLowerBound pageInfo { hasNextPage endCursor } edges { node { id } }
          facets { themes { value count } }
        }
      }`;
      const all = await windowed.gql(PAGE, { search: word, first: 10 });
      expect(all.errors).toBeUndefined();
      // The window (the 3 most recent) by relevance, then the older matches newest first.
      expect(all.data.offerings.edges.map((e: any) => e.node.id)).toEqual([o3, o4, o5, o2, o1]);
      expect(all.data.offerings).toMatchObject({ totalCount: 5, totalCountIsLowerBound: false, pageInfo: { hasNextPage: false } });
      // Facets summarise the window only: lower bounds.
      expect(all.data.offerings.facets.themes).toEqual([{ value: 'CARDIOLOGY', count: 2 }, { value: 'NEUROLOGY', count: 1 }]);

      const seen: string[] = [];
      let after: string | undefined;
      const pages: { totalCount: number; totalCountIsLowerBound: boolean; hasNextPage: boolean }[] = [];
      for (;;) {
        const res = await windowed.gql(PAGE, { search: word, first: 2, after });
        const c = res.data.offerings;
        seen.push(...c.edges.map((e: any) => e.node.id));
        pages.push({ totalCount: c.totalCount, totalCountIsLowerBound: c.totalCountIsLowerBound, hasNextPage: c.pageInfo.hasNextPage });
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      expect(seen).toEqual([o3, o4, o5, o2, o1]);
      expect(pages).toEqual([
        { totalCount: 3, totalCountIsLowerBound: true, hasNextPage: true },
        { totalCount: 4, totalCountIsLowerBound: true, hasNextPage: true },
        { totalCount: 5, totalCountIsLowerBound: false, hasNextPage: false },
      ]);
      const past = await windowed.gql(PAGE, { search: word, first: 2, after: all.data.offerings.pageInfo.endCursor });
      expect(past.data.offerings).toMatchObject({ edges: [], totalCount: 5, totalCountIsLowerBound: false, pageInfo: { hasNextPage: false } });

      // The owner's draft is newer than anything published: it enters the owner's window first.
      const draft = await createOffering(windowed, hospital.token, where('title', 'GERIATRICS'));
      const owner = await windowed.gql(PAGE, { search: word, first: 2 }, hospital.token);
      expect(owner.data.offerings.edges.map((e: any) => e.node.id)).toEqual([draft.id, o4]);
      expect(owner.data.offerings.facets.themes).toEqual([{ value: 'CARDIOLOGY', count: 1 }, { value: 'GERIATRICS', count: 1 }, { value: 'NEUROLOGY', count: 1 }]);
      const others = await windowed.gql(PAGE, { search: word, first: 10 }, buyer.token);
      expect(others.data.offerings.edges.map((e: any) => e.node.id)).not.toContain(draft.id);
      expect(others.data.offerings.totalCount).toBe(5);

      // Two newer offerings that do not match: with a horizon of the 3 most recent offerings
      // of the catalog, only o5 is both among them and a match; the rest follow newest first.
      for (let i = 0; i < 2; i++) {
        const o = await createOffering(windowed, hospital.token, { keywords: [`horizon${tag}`] });
        await publishOffering(windowed, hospital.token, o.id);
      }
      const horizon = await startTestApp({ SEARCH_WINDOW: '2', SEARCH_HORIZON: '3' });
      try {
        const res = await horizon.gql(PAGE, { search: word, first: 10 });
        expect(res.data.offerings.edges.map((e: any) => e.node.id)).toEqual([o5, o4, o3, o2, o1]);
        expect(res.data.offerings.facets.themes).toEqual([{ value: 'NEUROLOGY', count: 1 }]);
      } finally {
        await horizon.close();
      }
    } finally {
      await windowed.close();
    }
  });

  it('answers anonymous catalog queries from a short-lived cache, and never caches a caller with a token', async () => {
    const cached = await startTestApp({ PUBLIC_CACHE_SECONDS: '60' });
    try {
      const query = { query: SEARCH, variables: { search: `cachetest ${tag}` } };
      const before = await cached.http.post('/graphql').send(query);
      expect(before.body.data.offerings.totalCount).toBe(0);
      const o = await createOffering(cached, hospital.token, { keywords: [tag, 'cachetest'] });
      await publishOffering(cached, hospital.token, o.id);
      const anonymous = await cached.http.post('/graphql').send(query);
      expect(anonymous.body.data.offerings.totalCount).toBe(0); // served from the cache
      const withToken = await cached.gql(SEARCH, query.variables, buyer.token);
      expect(withToken.data.offerings.totalCount).toBe(1);
    } finally {
      await cached.close();
    }
  });
});
