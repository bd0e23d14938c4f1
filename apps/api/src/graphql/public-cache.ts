import { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { NO_PUBLIC_CACHE } from '@app/core';

function rootFieldNames(set: SelectionSetNode): string[] {
  return set.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : s.kind === Kind.INLINE_FRAGMENT ? rootFieldNames(s.selectionSet) : []));
}

/**
 * The public catalog is read far more than it changes: anonymous queries are answered
 * from a per-replica cache for a few seconds. Anything sent with a token, every mutation,
 * and root fields marked NO_PUBLIC_CACHE (prices, verifications) always run. The policy is
 * decided once per operation, not per field, so it costs nothing on the fields themselves.
 */
export function publicResponseCache(seconds: number): ApolloServerPlugin[] {
  const plugins: ApolloServerPlugin[] = [ApolloServerPluginCacheControlDisabled()];
  if (seconds <= 0) return plugins;
  const anonymous = (headers: { get(name: string): string | undefined } | undefined) => !headers?.get('authorization');
  const policy: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema, request, overallCachePolicy }) {
          if (operation?.operation !== 'query' || !anonymous(request.http?.headers)) return;
          const fields = schema.getQueryType()!.getFields();
          const names = rootFieldNames((operation as OperationDefinitionNode).selectionSet);
          if (names.some((n) => fields[n]?.extensions?.[NO_PUBLIC_CACHE.key] === false)) return;
          overallCachePolicy.replace({ maxAge: seconds, scope: 'PUBLIC' as never });
        },
      };
    },
  };
  const cacheable = async (ctx: { operation?: { operation: string } | null; request: { http?: { headers: { get(n: string): string | undefined } } } }) =>
    ctx.operation?.operation === 'query' && anonymous(ctx.request.http?.headers);
  return [...plugins, policy, responseCachePlugin({ sessionId: async () => null, shouldReadFromCache: cacheable, shouldWriteToCache: cacheable })];
}
