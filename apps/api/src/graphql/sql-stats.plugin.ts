import { ApolloServerPlugin } from '@apollo/server';
import { sqlStatsStorage } from '@app/core';

/** Adds `x-sql-statements` to GraphQL responses (SQL_STATS=true) so benchmarks can check for N+1. */
export const sqlStatsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const stats = sqlStatsStorage.getStore();
        if (stats) response.http.headers.set('x-sql-statements', String(stats.statements));
      },
    };
  },
};
