import { GraphQLError, GraphQLScalarType, Kind, print } from 'graphql';

const SHAPE = 'a whole number of euro cents, a JSON integer between -9007199254740991 and 9007199254740991 (e.g. 2500000000 for 25 000 000,00 €)';

function refused(value: string): GraphQLError {
  return new GraphQLError(`Cents: ${value} is not ${SHAPE}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * Every amount of money in the schema: integer euro cents as a JSON integer. GraphQL's Int
 * stops at 2^31 - 1 (21 474 836,47 €) and Float admits fractions of a cent; this scalar
 * carries any safe integer exactly, and refuses anything else on the way in and out.
 */
export const CentsScalar = new GraphQLScalarType<number, number>({
  name: 'Cents',
  description: `Money: ${SHAPE}`,
  serialize: (value) => {
    // A bigint column may reach here as a BigInt or a string of digits; beyond the safe range it is not a safe integer any more.
    const n = typeof value === 'number' ? value
      : typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value)) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n)) throw new GraphQLError(`Cents: cannot return ${String(value)}, which is not a safe integer number of cents`);
    return n;
  },
  parseValue: (value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw refused(JSON.stringify(value) ?? String(value));
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT) {
      const n = Number(ast.value);
      if (Number.isSafeInteger(n) && BigInt(ast.value) === BigInt(n)) return n;
    }
    throw refused(print(ast));
  },
});
