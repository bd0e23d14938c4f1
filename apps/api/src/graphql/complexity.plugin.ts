import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, ComplexityEstimator } from 'graphql-query-complexity';
import { QUERY_TOO_COMPLEX } from '@app/core';

/** A list field costs its children times the page size asked for. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args?.first === 'number' ? args.first : undefined;
  return first !== undefined ? 1 + childComplexity * first : undefined;
};

const CACHE_SIZE = 1000;

/** Refuses operations whose estimated cost exceeds the limit, before executing them. */
export function complexityPlugin(getSchema: () => GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  // The cost depends only on the document and its variables: clients repeat the same
  // operations, so remember recent answers (bounded, oldest dropped first).
  const known = new Map<string, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const key = `${request.operationName ?? ''}\u0000${request.query ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          let complexity = known.get(key);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema: getSchema(),
                operationName: request.operationName,
                query: document,
                variables: request.variables,
                estimators: [pageSizeEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch (e) {
              // Variables that do not coerce: Apollo reports them next as BAD_USER_INPUT, and nothing runs.
              if (e instanceof GraphQLError) return;
              throw e;
            }
            if (known.size >= CACHE_SIZE) known.delete(known.keys().next().value!);
            known.set(key, complexity);
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(
              `This query costs ${complexity}, more than the limit of ${maxComplexity}: ask for fewer fields or smaller pages (first)`,
              { extensions: { code: QUERY_TOO_COMPLEX, complexity, maxComplexity, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
