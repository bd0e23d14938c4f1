import { GraphQLError } from 'graphql';
import { ConflictError, declareErrorReasons, declaredErrorReasons, NotFoundError } from './domain-error';
import { createErrorFormatter } from './format-graphql-error';

enum SampleReason {
  SAMPLE_WITHDRAWN = 'SAMPLE_WITHDRAWN',
}
declareErrorReasons('samples', SampleReason);

describe('error reasons', () => {
  const format = createErrorFormatter({ error: () => undefined }, { suggestions: false });
  const formatted = (e: Error) => format({ message: e.message }, new GraphQLError(e.message, { originalError: e }));

  it('puts the reason beside the code, once, in extensions', () => {
    const e = new ConflictError('This sample was withdrawn: ask for another', { state: 'WITHDRAWN' }).because(SampleReason.SAMPLE_WITHDRAWN);
    expect(formatted(e)).toEqual({
      message: 'This sample was withdrawn: ask for another',
      extensions: { code: 'CONFLICT', state: 'WITHDRAWN', reason: 'SAMPLE_WITHDRAWN' },
    });
    expect(formatted(new NotFoundError('Sample', 's1')).extensions).toEqual({ code: 'NOT_FOUND', entity: 'Sample', id: 's1' });
  });

  it('accepts declared reasons only, each owned by one library', () => {
    expect(() => new ConflictError('x').because('NEVER_DECLARED')).toThrow(/NEVER_DECLARED is not declared/);
    expect(() => declareErrorReasons('other', { SAMPLE_WITHDRAWN: 'SAMPLE_WITHDRAWN' })).toThrow(/declared by samples and by other/);
    expect(() => declareErrorReasons('other', { Bad: 'BAD' })).toThrow(/UPPER_SNAKE/);
    expect(declaredErrorReasons()).toContainEqual({ reason: 'SAMPLE_WITHDRAWN', library: 'samples' });
  });
});
