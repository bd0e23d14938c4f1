import { ConfigError, loadConfig } from './config';

describe('what the schema tells clients, by environment', () => {
  it('answers introspection and suggests names in development and tests', () => {
    for (const env of [{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }]) {
      expect(loadConfig(env)).toMatchObject({ graphqlIntrospection: true, graphqlSuggestions: true });
    }
  });

  it('turns both off in production, unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ graphqlIntrospection: false, graphqlSuggestions: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SUGGESTIONS: 'yes' }))
      .toMatchObject({ graphqlIntrospection: true, graphqlSuggestions: true });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_SUGGESTIONS: '0' })).toMatchObject({ graphqlIntrospection: false, graphqlSuggestions: false });
  });

  it('names a wrong value', () => {
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'sometimes' })).toThrow('GRAPHQL_INTROSPECTION must be true or false (got "sometimes")');
  });
});
