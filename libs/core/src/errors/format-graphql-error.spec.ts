import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { createErrorFormatter } from './format-graphql-error';

describe('an unexpected error', () => {
  it('is logged without the parameters of its query nor the values of its detail, and shown as a reference only', () => {
    const logged: object[] = [];
    const format = createErrorFormatter({ error: (obj) => logged.push(obj) }, { suggestions: false });
    const driverError = Object.assign(new Error('column "pasword_hash" of relation "users" does not exist'), {
      code: '42703', table: 'users', detail: 'Failing row contains (claire@chu.test, scrypt$c2FsdA$a2V5).',
    });
    const failed = new QueryFailedError('INSERT INTO users (email, pasword_hash) VALUES ($1, $2)', ['claire@chu.test', 'scrypt$c2FsdA$a2V5'], driverError);
    const answer = format({ message: failed.message }, new GraphQLError(failed.message, { originalError: failed }));

    expect(answer).toEqual({ message: expect.stringMatching(/^Internal error \(reference [0-9a-f-]{36}\)/), locations: undefined, path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', reference: expect.any(String) } });
    expect(logged).toHaveLength(1);
    const text = JSON.stringify(logged[0]);
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain('claire@chu.test');
    expect(logged[0]).toMatchObject({ err: { code: '42703', table: 'users', query: 'INSERT INTO users (email, pasword_hash) VALUES ($1, $2)' } });
  });
});
