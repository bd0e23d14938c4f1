import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const HINT = 'a quantity is a non-negative decimal number or string with at most 3 decimals, e.g. 2.5 or "2.5"';

/**
 * Days, compute hours, GB-months...: a number or a decimal string. Literals keep their exact
 * text, so no binary-float rounding reaches a price; the engine checks the value itself.
 */
export const QuantityScalar = new GraphQLScalarType<string | number, string>({
  name: 'Quantity',
  description: `A decimal quantity: ${HINT}`,
  serialize: (v) => String(v),
  parseValue: (v) => {
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string') return v;
    throw new GraphQLError(`Quantity: ${HINT}`);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT || ast.kind === Kind.STRING) return ast.value;
    throw new GraphQLError(`Quantity: ${HINT}`);
  },
});
