import { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';

const anonymousQuery = async (ctx: GraphQLRequestContext<any>) =>
  ctx.operation?.operation === 'query' && !ctx.request.http?.headers.get('authorization');

/**
 * The public catalog is read far more than it changes: anonymous queries are answered
 * from a per-replica cache for a few seconds. Anything sent with a token, and every
 * mutation, always runs.
 */
export function publicResponseCache(seconds: number): ApolloServerPlugin[] {
  if (seconds <= 0) return [ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: false })];
  return [
    ApolloServerPluginCacheControl({ defaultMaxAge: seconds, calculateHttpHeaders: false }),
    responseCachePlugin({ sessionId: async () => null, shouldReadFromCache: anonymousQuery, shouldWriteToCache: anonymousQuery }),
  ];
}
