import { Alert, Card, SimpleGrid, Text, Title, Group } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../i18n';
import { useMe } from '../session';
import { routes } from '../routes';
import { Page, RolesBadges, Tag } from '../components';
import { ORG_KINDS, label } from '../labels';

export function HomePage() {
  const { t, lang, dateTime } = useI18n();
  const { me } = useMe();
  if (!me) return null;
  const links = routes.filter((r) => r.path !== '/' && r.visible(me));
  return (
    <Page title={me.organization.name}>
      <Group>
        <Tag color="indigo">{label(ORG_KINDS, me.organization.kind, lang)}</Tag>
        {me.organization.verified ? (
          <Tag color="green">{t('verified', 'vérifiée')}</Tag>
        ) : me.organization.refusal ? (
          <Tag color="red">{t('verification refused', 'vérification refusée')}</Tag>
        ) : (
          <Tag color="orange">{t('awaiting verification by the platform', 'en attente de vérification par la plateforme')}</Tag>
        )}
        <RolesBadges roles={me.roles} />
      </Group>
      {me.organization.refusal && (
        <Alert color="red" variant="light" title={t('The platform refused to verify your organisation', 'La plateforme a refusé de vérifier votre organisation')} data-testid="refusal">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{me.organization.refusal.reason}</Text>
          <Text size="xs" mt="xs">
            {t(
              `Refused ${dateTime(me.organization.refusal.refusedAt)}. Fix what it names and write to the platform operator: it verifies an organisation again on request.`,
              `Refus du ${dateTime(me.organization.refusal.refusedAt)}. Corrigez ce qu’il indique et écrivez à l’opérateur de la plateforme : il vérifie à nouveau une organisation sur demande.`,
            )}
          </Text>
        </Alert>
      )}
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
