import { createContext, useContext, type ReactNode } from 'react';
import { graphql } from './gql';
import type { MeQuery } from './gql/graphql';
import { useQuery, useToken } from './api';

export const MeDocument = graphql(`
  query Me {
    me {
      roles
      user { id displayName email }
      organization { id name kind isBuyer isProducer verified verificationStatus refusal { reason refusedAt } siret vatNumber }
    }
  }
`);

export type MeInfo = MeQuery['me'];

const Ctx = createContext<{ me: MeInfo | undefined; loading: boolean }>({ me: undefined, loading: false });

export function SessionProvider({ children }: { children: ReactNode }) {
  const token = useToken();
  const { data, loading } = useQuery(MeDocument, {}, !token);
  return <Ctx.Provider value={{ me: token ? data?.me : undefined, loading: !!token && loading && !data }}>{children}</Ctx.Provider>;
}

export function useMe() {
  return useContext(Ctx);
}

export function hasRole(me: MeInfo | undefined, ...roles: string[]): boolean {
  return !!me && (me.roles.includes('ADMIN') && roles.includes('ADMIN') ? true : roles.some((r) => me.roles.includes(r as never)));
}
