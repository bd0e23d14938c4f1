import { Card, SimpleGrid, Text, Title, Group } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../i18n';
import { useMe } from '../session';
import { routes } from '../routes';
import { Page, RolesBadges, Tag } from '../components';
import { ORG_KINDS, label } from '../labels';

export function HomePage() {
  const { t, lang } = useI18n();
  const { me } = useMe();
  if (!me) return null;
  const links = routes.filter((r) => r.path !== '/' && r.visible(me));
  return (
    <Page title={me.organization.name}>
      <Group>
        <Tag color="indigo">{label(ORG_KINDS, me.organization.kind, lang)}</Tag>
        {me.organization.verified ? (
          <Tag color="green">{t('verified', 'vérifiée')}</Tag>
        ) : (
          <Tag color="orange">{t('awaiting verification by the platform', 'en attente de vérification par la plateforme')}</Tag>
        )}
        <RolesBadges roles={me.roles} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {links.map((r) => (
          <Card key={r.path} withBorder component={Link} to={r.path}>
            <Title order={2} size="h4">{t(r.label[0], r.label[1])}</Title>
            <Text size="sm">{t('Open', 'Ouvrir')}</Text>
          </Card>
        ))}
      </SimpleGrid>
    </Page>
  );
}
