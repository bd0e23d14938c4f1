import { Button, Group, Stack, Table, TextInput, Title, Text, Anchor, Modal } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { useMutation, useQuery } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { useMe, hasRole } from '../session';
import { ErrorAlert, Loading, Page, Tag, ListTable } from '../components';

const LicencesDocument = graphql(`
  query Licences {
    standard: licenceTemplates(filter: { standard: true }, first: 50) {
      edges { node { id key family latestVersion { id version status title { fr en } } } }
    }
    mine: licenceTemplates(filter: { mine: true }, first: 50) {
      edges { node { id key family versions { id version status createdAt publishedAt title { fr en } basedOn { id key version } } } }
    }
  }
`);
const ForkDocument = graphql(`
  mutation ForkLicence($standardVersionId: ID!, $key: String!) {
    forkLicenceTemplate(standardVersionId: $standardVersionId, key: $key) { id version status }
  }
`);

export const STATUS_COLORS: Record<string, string> = { DRAFT: 'gray', IN_REVIEW: 'orange', PUBLISHED: 'green', DEPRECATED: 'red' };

export function LicencesPage() {
  const { t, dateTime } = useI18n();
  const loc = useLocalized();
  const { me } = useMe();
  const legal = hasRole(me, 'LEGAL');
  const q = useQuery(LicencesDocument);
  const [forking, setForking] = useState<{ id: string; key: string } | null>(null);
  return (
    <Page title={t('Licences', 'Licences')}>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <>
          <Title order={2} size="h3">{t('Standard licences', 'Licences standard')}</Title>
          <ListTable head={[t('Licence', 'Licence'), t('Version', 'Version'), t('Actions', 'Actions')]}>
              {q.data.standard.edges.map(({ node }) => (
                <Table.Tr key={node.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/licences/${node.latestVersion?.id}`}>{loc(node.latestVersion?.title)}</Anchor>
                  </Table.Td>
                  <Table.Td>{node.latestVersion?.version}</Table.Td>
                  <Table.Td>
                    {legal && node.latestVersion && (
                      <Button size="xs" variant="default" onClick={() => setForking({ id: node.latestVersion!.id, key: node.key })} aria-label={t(`Fork ${loc(node.latestVersion.title)}`, `Personnaliser ${loc(node.latestVersion.title)}`)}>
                        {t('Fork', 'Personnaliser')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          <Title order={2} size="h3">{t('Your organisation’s licences', 'Les licences de votre organisation')}</Title>
          {q.data.mine.edges.length === 0 && <Text>{t('None yet: fork a standard licence.', 'Aucune pour l’instant : personnalisez une licence standard.')}</Text>}
          {q.data.mine.edges.length > 0 && (
            <ListTable head={[t('Licence', 'Licence'), t('Version', 'Version'), t('Status', 'Statut'), t('Based on', 'Issue de'), t('Created', 'Créée le')]}>
                {q.data.mine.edges.flatMap(({ node }) =>
                  node.versions.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/licences/${v.id}`}>{node.key}</Anchor> <Text span size="sm">{loc(v.title)}</Text>
                      </Table.Td>
                      <Table.Td>{v.version}</Table.Td>
                      <Table.Td><Tag color={STATUS_COLORS[v.status]}>{v.status}</Tag></Table.Td>
                      <Table.Td>{v.basedOn ? `${v.basedOn.key} ${v.basedOn.version}` : '—'}</Table.Td>
                      <Table.Td>{dateTime(v.createdAt)}</Table.Td>
                    </Table.Tr>
                  )),
                )}
              </ListTable>
          )}
        </>
      )}
      {forking && <ForkModal from={forking} onClose={() => setForking(null)} />}
    </Page>
  );
}

function ForkModal({ from, onClose }: { from: { id: string; key: string }; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [key, setKey] = useState(`${from.key}-custom`);
  const m = useMutation(ForkDocument);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({ standardVersionId: from.id, key });
    if (data) navigate(`/licences/${data.forkLicenceTemplate.id}`);
  }
  return (
    <Modal opened onClose={onClose} title={t('Fork a standard licence', 'Personnaliser une licence standard')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('Key of your licence (kebab-case)', 'Clé de votre licence (kebab-case)')} value={key} onChange={(e) => setKey(e.currentTarget.value)} error={m.fieldError('key')} data-autofocus />
          <ErrorAlert message={m.formError(['key'])} />
          <Group>
            <Button type="submit" loading={m.running}>{t('Fork', 'Personnaliser')}</Button>
            <Button variant="default" onClick={onClose}>{t('Cancel', 'Annuler')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

