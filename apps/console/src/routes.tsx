import type { ReactNode } from 'react';
import type { MeInfo } from './session';

export interface ConsoleRoute {
  path: string;
  label: [en: string, fr: string];
  /** Shown in the navigation to this caller */
  visible: (me: MeInfo) => boolean;
  /** Reachable without signing in */
  public?: boolean;
  element?: ReactNode;
  children?: { path: string; element: ReactNode }[];
}

const roles = (me: MeInfo, ...r: string[]) => r.some((x) => me.roles.includes(x as never));

export const routes: ConsoleRoute[] = [
  { path: '/', label: ['Overview', 'Accueil'], visible: () => true },
  { path: '/members', label: ['Members', 'Membres'], visible: () => true },
  { path: '/api-keys', label: ['API keys', 'Clés d’API'], visible: (me) => roles(me, 'ADMIN') },
];
