import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

/** Refuses __schema and __type when introspection is off (GRAPHQL_INTROSPECTION=false). */
export function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return;
      context.reportError(new GraphQLError(
        `Introspection (${node.name.value}) is turned off on this server: read the schema published with the API (schema.gql)`,
        { nodes: node },
      ));
    },
  };
}
