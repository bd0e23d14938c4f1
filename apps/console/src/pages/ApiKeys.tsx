import { Button, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { useMutation, useQuery } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Loading, Page, RolesBadges, RolesSelect, SecretOnce, Tag } from '../components';

const ApiKeysDocument = graphql(`
  query ApiKeys {
    apiKeys(first: 100) { edges { node { id name hint roles createdAt revokedAt } } }
  }
`);
const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name hint } }
  }
`);
const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id revokedAt }
  }
`);

export function ApiKeysPage() {
  const { t, dateTime } = useI18n();
  const q = useQuery(ApiKeysDocument);
  const revoke = useMutation(RevokeApiKeyDocument);
  const create = useMutation(CreateApiKeyDocument);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await create.run({ input: { name, roles: roles as Role[] } });
    if (data) {
      setSecret(data.createApiKey.secret);
      setName('');
      setRoles([]);
    }
  }

  return (
    <Page title={t('API keys', 'Clés d’API')}>
      <Paper withBorder p="md" maw={640}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2} size="h4">{t('New key', 'Nouvelle clé')}</Title>
            <TextInput label={t('Name', 'Nom')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={create.fieldError('name')} />
            <RolesSelect value={roles} onChange={setRoles} error={create.fieldError('roles')} />
            <ErrorAlert message={create.formError(['name', 'roles'])} />
            <Button type="submit" loading={create.running} w="fit-content">{t('Create the key', 'Créer la clé')}</Button>
            {secret && <SecretOnce secret={secret} label={t('Secret of the new key', 'Secret de la nouvelle clé')} />}
          </Stack>
        </form>
      </Paper>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error ?? revoke.error} />
      {q.data && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('Name', 'Nom')}</Table.Th>
              <Table.Th>{t('Starts with', 'Commence par')}</Table.Th>
              <Table.Th>{t('Roles', 'Rôles')}</Table.Th>
              <Table.Th>{t('Created', 'Créée le')}</Table.Th>
              <Table.Th>{t('Status', 'Statut')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.apiKeys.edges.map(({ node: k }) => (
              <Table.Tr key={k.id}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td><code>{k.hint}…</code></Table.Td>
                <Table.Td><RolesBadges roles={k.roles} /></Table.Td>
                <Table.Td>{dateTime(k.createdAt)}</Table.Td>
                <Table.Td>
                  {k.revokedAt ? (
                    <Tag color="gray">{t(`revoked ${dateTime(k.revokedAt)}`, `révoquée le ${dateTime(k.revokedAt)}`)}</Tag>
                  ) : (
                    <Button size="xs" color="red.9" variant="outline" loading={revoke.running} onClick={() => revoke.run({ id: k.id })} aria-label={t(`Revoke ${k.name}`, `Révoquer ${k.name}`)}>
                      {t('Revoke', 'Révoquer')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}
