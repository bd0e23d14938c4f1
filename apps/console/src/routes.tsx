import type { ReactNode } from 'react';
import type { MeInfo } from './session';
import { LicencesPage } from './pages/Licences';
import { LicenceVersionPage } from './pages/LicenceVersion';
import { LicenceDiffPage } from './pages/LicenceDiff';
import { OfferingsPage, OfferingPage } from './pages/Offerings';
import { OfferingNewPage } from './pages/OfferingNew';
import { OfferingEditPage } from './pages/OfferingEdit';
import { CatalogPage } from './pages/Catalog';
import { CatalogOfferingPage } from './pages/CatalogOffering';
import { RequestsPage, RequestPage } from './pages/Requests';
import { OperatorPage, RegisterPage } from './pages/Operator';
import { FinancePage } from './pages/Finance';
import { ContributionsPage } from './pages/Contributions';

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
  {
    path: '/catalog', label: ['Catalog', 'Catalogue'], visible: () => true, public: true, element: <CatalogPage />,
    children: [{ path: '/catalog/:id', element: <CatalogOfferingPage /> }],
  },
  {
    path: '/offerings', label: ['Our offerings', 'Nos offres'], visible: (me) => me.organization.isProducer && roles(me, 'PUBLISHER', 'ADMIN'), element: <OfferingsPage />,
    children: [{ path: '/offerings/new', element: <OfferingNewPage /> }, { path: '/offerings/:id/edit', element: <OfferingEditPage /> }, { path: '/offerings/:id', element: <OfferingPage /> }],
  },
  {
    path: '/requests', label: ['Access requests', 'Demandes d’accès'], visible: (me) => me.organization.kind !== 'PLATFORM', element: <RequestsPage />,
    children: [{ path: '/requests/:id', element: <RequestPage /> }],
  },
  { path: '/operator', label: ['Organisations to verify', 'Organisations à vérifier'], visible: (me) => me.organization.kind === 'PLATFORM', element: <OperatorPage /> },
  { path: '/register', label: ['Transparency register', 'Registre de transparence'], visible: () => true, public: true, element: <RegisterPage /> },
  { path: '/contributions', label: ['Contribution requests', 'Demandes de contribution'], visible: (me) => me.organization.isProducer && roles(me, 'ADMIN', 'FINANCE'), element: <ContributionsPage /> },
  { path: '/finance', label: ['Finance', 'Finances'], visible: (me) => roles(me, 'FINANCE', 'ADMIN'), element: <FinancePage /> },
  { path: '/members', label: ['Members', 'Membres'], visible: () => true },
  { path: '/api-keys', label: ['API keys', 'Clés d’API'], visible: (me) => roles(me, 'ADMIN') },
  {
    path: '/licences', label: ['Licences', 'Licences'], visible: (me) => me.organization.isProducer || roles(me, 'LEGAL'), element: <LicencesPage />,
    children: [{ path: '/licences/diff', element: <LicenceDiffPage /> }, { path: '/licences/:versionId', element: <LicenceVersionPage /> }],
  },
];
