import { ApolloServerPlugin } from '@apollo/server';
import { sqlStatsStorage } from '@app/core';

/**
 * Adds `x-sql-statements` (every statement) and `x-sql-read-ms` (time in the statements of
 * SqlReader) to GraphQL responses (SQL_STATS=true), so benchmarks can check for N+1 and slow reads.
 */
export const sqlStatsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const stats = sqlStatsStorage.getStore();
        if (!stats) return;
        response.http.headers.set('x-sql-statements', String(stats.statements));
        response.http.headers.set('x-sql-read-ms', stats.readMs.toFixed(2));
      },
    };
  },
};
