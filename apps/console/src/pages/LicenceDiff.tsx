import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { graphql } from '../gql';
import { useQuery } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Loading, Page, Tag } from '../components';
import { Redline } from '../redline';

const DiffDocument = graphql(`
  query LicenceDiff($from: ID!, $to: ID!) {
    licenceTemplateDiff(fromVersionId: $from, toVersionId: $to) {
      clauseId change textChanged titleChanged modeChanged modeBefore modeAfter
      titleRedline { fr { kind text } en { kind text } }
      textRedline { fr { kind text } en { kind text } }
    }
    from: licenceTemplateVersion(id: $from) { key version }
    to: licenceTemplateVersion(id: $to) { key version }
  }
`);

export function LicenceDiffPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const q = useQuery(DiffDocument, { from, to }, !from || !to);
  const d = q.data;
  return (
    <Page title={d ? t(`Redline: ${d.from.key} ${d.from.version} → ${d.to.key} ${d.to.version}`, `Comparaison : ${d.from.key} ${d.from.version} → ${d.to.key} ${d.to.version}`) : t('Redline', 'Comparaison')}>
      {q.loading && !d && <Loading />}
      <ErrorAlert error={q.error} />
      {d && d.licenceTemplateDiff.length === 0 && <Text>{t('No clause differs.', 'Aucune clause ne diffère.')}</Text>}
      <Stack>
        {d?.licenceTemplateDiff.map((c) => (
          <Card withBorder key={c.clauseId} component="section" aria-label={c.clauseId} data-testid={`diff-${c.clauseId}`}>
            <Group mb="xs">
              <Title order={2} size="h5">{c.clauseId}</Title>
              <Tag color={c.change === 'ADDED' ? 'green' : c.change === 'REMOVED' ? 'red' : 'orange'}>{c.change}</Tag>
              {c.modeChanged && <Tag color="blue">{`${c.modeBefore} → ${c.modeAfter}`}</Tag>}
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <div>
                <Text fw={600} size="sm">Français</Text>
                {c.titleChanged && <Redline segments={c.titleRedline.fr} />}
                <Redline segments={c.textRedline.fr} />
              </div>
              <div>
                <Text fw={600} size="sm">English</Text>
                {c.titleChanged && <Redline segments={c.titleRedline.en} />}
                <Redline segments={c.textRedline.en} />
              </div>
            </SimpleGrid>
          </Card>
        ))}
      </Stack>
    </Page>
  );
}
