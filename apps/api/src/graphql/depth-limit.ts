import depthLimit from 'graphql-depth-limit';
import { GraphQLError, ValidationContext } from 'graphql';
import { QUERY_TOO_COMPLEX } from '@app/core';

/** graphql-depth-limit, with our error code and a message that says what to change. */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext) => {
    const reporting = Object.create(context) as ValidationContext;
    reporting.reportError = (error: GraphQLError) =>
      context.reportError(new GraphQLError(
        `${error.message}: nest fewer levels (the limit is ${maxDepth}) or split the query`,
        { nodes: error.nodes, extensions: { code: QUERY_TOO_COMPLEX, maxDepth } },
      ));
    return depthLimit(maxDepth)(reporting);
  };
}
