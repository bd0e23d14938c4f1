import { graphql, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { CentsScalar } from './cents.scalar';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: { type: CentsScalar, args: { amount: { type: CentsScalar } }, resolve: (_, { amount }) => amount },
      stored: { type: CentsScalar, args: { raw: { type: CentsScalar } }, resolve: (_, { raw }) => (raw === 1 ? '2500000000' : raw === 2 ? 9007199254740993n : raw === 3 ? 12.5 : BigInt(raw)) },
    },
  }),
});
const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });

describe('Cents', () => {
  it('carries any safe integer exactly, as a JSON integer, beyond GraphQL Int', async () => {
    for (const amount of [0, -150, 2_500_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(await run(`{ echo(amount: ${amount}) }`)).toEqual({ data: { echo: amount } });
      expect(await run(`query($a: Cents) { echo(amount: $a) }`, { a: amount })).toEqual({ data: { echo: amount } });
    }
    // From a bigint column: a string of digits or a BigInt.
    expect(await run(`{ stored(raw: 1) }`)).toEqual({ data: { stored: 2_500_000_000 } });
    expect(await run(`{ stored(raw: 42) }`)).toEqual({ data: { stored: 42 } });
  });

  it('refuses fractions, strings and unsafe integers from a client, as BAD_USER_INPUT', async () => {
    for (const literal of ['12.5', '"1000"', '9007199254740992', 'true']) {
      const res = await run(`{ echo(amount: ${literal}) }`);
      expect(res.errors![0].message).toBe(`Cents: ${literal} is not a whole number of euro cents, a JSON integer between -9007199254740991 and 9007199254740991 (e.g. 2500000000 for 25 000 000,00 €)`);
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
    for (const value of [12.5, '1000', 9007199254740992, true]) {
      const res = await run(`query($a: Cents) { echo(amount: $a) }`, { a: value });
      expect(res.errors![0].message).toMatch(/^Variable "\$a" got invalid value .*; Cents: .* is not a whole number of euro cents/);
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses to return an amount that is not a safe integer, rather than round it', async () => {
    expect((await run(`{ stored(raw: 2) }`)).errors![0].message).toBe('Cents: cannot return 9007199254740993, which is not a safe integer number of cents');
    expect((await run(`{ stored(raw: 3) }`)).errors![0].message).toBe('Cents: cannot return 12.5, which is not a safe integer number of cents');
  });
});
