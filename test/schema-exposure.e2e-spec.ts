import { startTestApp, TestApp } from './helpers/test-app';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = '{ offeringz { totalCount } }';
const ENUM_TYPO = 'query($f: OfferingFilterInput) { offerings(filter: $f) { totalCount } }';

describe('what the API tells about its schema', () => {
  it('answers introspection and suggests names where it is on (development, tests)', async () => {
    const t = await startTestApp();
    try {
      expect((await t.gql(INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await t.gql(TYPO)).errors![0].message).toBe('Cannot query field "offeringz" on type "Query". Did you mean "offering" or "offerings"?');
    } finally {
      await t.close();
    }
  });

  describe('where it is off (the default in production)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_SUGGESTIONS: 'false' });
    });
    afterAll(() => t.close());

    it('refuses introspection, saying where the schema is', async () => {
      for (const query of [INTROSPECTION, '{ __type(name: "Offering") { name } }']) {
        const res = await t.gql(query);
        expect(res.data).toBeUndefined();
        expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
        expect(res.errors![0].message).toMatch(/^Introspection \(__(schema|type)\) is turned off on this server: read the schema published with the API \(schema\.gql\)$/);
      }
      expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    });

    it('names no field, type or value in its errors beyond those the client sent', async () => {
      const field = await t.gql(TYPO);
      expect(field.errors![0]).toMatchObject({ message: 'Cannot query field "offeringz" on type "Query".', extensions: { code: 'BAD_USER_INPUT' } });
      const value = await t.gql(ENUM_TYPO, { f: { themes: ['ONCOLOGIE'] } });
      expect(value.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(value.errors![0].message).toMatch(/Value "ONCOLOGIE" does not exist in "Theme" enum\.$/);
      const inputField = await t.gql(ENUM_TYPO, { f: { theme: ['ONCOLOGY'] } });
      expect(inputField.errors![0].message).toMatch(/Field "theme" is not defined by type "OfferingFilterInput"\.$/);
      expect(JSON.stringify([field, value, inputField])).not.toMatch(/Did you mean/);
    });
  });
});
