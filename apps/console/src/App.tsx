import { AppShell, Burger, Group, NavLink, SegmentedControl, Text, Button, Loader, Center, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useI18n } from './i18n';
import { useMe, hasRole } from './session';
import { Tag } from './components';
import { request, setToken } from './api';
import { graphql } from './gql';
import { SignInPage } from './pages/SignIn';
import { SignUpPage } from './pages/SignUp';
import { HomePage } from './pages/Home';
import { MembersPage } from './pages/Members';
import { ApiKeysPage } from './pages/ApiKeys';
import { routes } from './routes';
import { JoinPage } from './pages/Join';

const SignOutDocument = graphql(`
  mutation SignOut {
    signOut
  }
`);

export function App() {
  const { t, lang, setLang } = useI18n();
  const { me, loading } = useMe();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = !!me;

  const links = signedIn ? routes.filter((r) => r.visible(me)) : routes.filter((r) => r.public);

  async function signOut() {
    await request(SignOutDocument).catch(() => undefined);
    setToken(null);
    navigate('/sign-in');
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('Menu', 'Menu')} />
            <Text fw={700} component={Link} to="/" c="indigo.9" style={{ textDecoration: 'none' }}>
              {t('Health-data marketplace', 'Place de marché des données de santé')}
            </Text>
          </Group>
          <Group wrap="nowrap">
            {me && (
              <Text size="sm" visibleFrom="md">
                {me.user?.displayName} · {me.organization.name}{' '}
                {!me.organization.verified && (me.organization.refusal ? <Tag color="red">{t('verification refused', 'vérification refusée')}</Tag> : <Tag color="orange">{t('not verified', 'non vérifiée')}</Tag>)}
              </Text>
            )}
            <SegmentedControl
              size="xs"
              aria-label={t('Language', 'Langue')}
              value={lang}
              onChange={(v) => setLang(v as 'fr' | 'en')}
              data={[
                { value: 'fr', label: 'FR' },
                { value: 'en', label: 'EN' },
              ]}
            />
            {me && (
              <Button size="xs" variant="default" onClick={signOut}>
                {t('Sign out', 'Se déconnecter')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('Main navigation', 'Navigation principale')}>
        <nav>
          {links.map((r) => (
            <NavLink
              key={r.path}
              component={Link}
              to={r.path}
              label={t(r.label[0], r.label[1])}
              active={location.pathname === r.path || (r.path !== '/' && location.pathname.startsWith(r.path + '/'))}
            />
          ))}
          {!signedIn && (
            <>
              <NavLink component={Link} to="/sign-in" label={t('Sign in', 'Se connecter')} active={location.pathname === '/sign-in'} />
              <NavLink component={Link} to="/sign-up" label={t('Sign up an organisation', 'Inscrire une organisation')} active={location.pathname === '/sign-up'} />
            </>
          )}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <main>
          {loading ? (
            <Center h={200}>
              <Loader role="status" aria-label={t('Loading', 'Chargement')} />
            </Center>
          ) : (
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/sign-up" element={<SignUpPage />} />
              <Route path="/join" element={<JoinPage />} />
              <Route path="/" element={signedIn ? <HomePage /> : <Navigate to="/sign-in" replace />} />
              <Route path="/members" element={<RequireSignIn><MembersPage /></RequireSignIn>} />
              <Route path="/api-keys" element={<RequireSignIn roles={['ADMIN']}><ApiKeysPage /></RequireSignIn>} />
              {routes.flatMap((r) => r.element ? [<Route key={r.path} path={r.path} element={r.public ? r.element : <RequireSignIn>{r.element}</RequireSignIn>} />] : [])}
              {routes.flatMap((r) => (r.children ?? []).map((c) => <Route key={c.path} path={c.path} element={r.public ? c.element : <RequireSignIn>{c.element}</RequireSignIn>} />))}
              <Route path="*" element={<Title order={1}>{t('Page not found', 'Page introuvable')}</Title>} />
            </Routes>
          )}
        </main>
      </AppShell.Main>
    </AppShell>
  );
}

function RequireSignIn({ children, roles }: { children: React.ReactNode; roles?: string[] }) {
  const { me } = useMe();
  const { t } = useI18n();
  if (!me) return <Navigate to="/sign-in" replace />;
  if (roles && !hasRole(me, ...roles)) return <Text>{t('Your roles do not give access to this page.', 'Vos rôles ne donnent pas accès à cette page.')}</Text>;
  return <>{children}</>;
}
