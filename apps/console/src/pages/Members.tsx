import { Button, Group, Paper, Stack, Table, TextInput, Title, Text } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { useMutation, useQuery } from '../api';
import { useI18n } from '../i18n';
import { useMe, hasRole } from '../session';
import { ErrorAlert, Loading, Page, RolesBadges, RolesSelect, SecretOnce } from '../components';

const MembersDocument = graphql(`
  query Members {
    members(first: 100) { totalCount edges { node { id joinedAt roles user { id displayName email } } } }
  }
`);
const InviteDocument = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) { token invitation { id email roles expiresAt } }
  }
`);
const UpdateRolesDocument = graphql(`
  mutation UpdateMemberRoles($input: UpdateMemberRolesInput!) {
    updateMemberRoles(input: $input) { id roles }
  }
`);
const RemoveMemberDocument = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

export function MembersPage() {
  const { t, date } = useI18n();
  const { me } = useMe();
  const admin = hasRole(me, 'ADMIN');
  const q = useQuery(MembersDocument);
  const [editing, setEditing] = useState<{ userId: string; roles: string[] } | null>(null);
  const update = useMutation(UpdateRolesDocument);
  const remove = useMutation(RemoveMemberDocument);

  return (
    <Page title={t('Members', 'Membres')}>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error ?? update.error ?? remove.error} />
      {q.data && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('Name', 'Nom')}</Table.Th>
              <Table.Th>{t('E-mail', 'E-mail')}</Table.Th>
              <Table.Th>{t('Roles', 'Rôles')}</Table.Th>
              <Table.Th>{t('Joined', 'Arrivée')}</Table.Th>
              {admin && <Table.Th>{t('Actions', 'Actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.members.edges.map(({ node: m }) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.user.displayName}</Table.Td>
                <Table.Td>{m.user.email}</Table.Td>
                <Table.Td>
                  {editing?.userId === m.user.id ? (
                    <RolesSelect label={t(`Roles of ${m.user.displayName}`, `Rôles de ${m.user.displayName}`)} value={editing.roles} onChange={(roles) => setEditing({ ...editing, roles })} error={update.fieldError('roles')} />
                  ) : (
                    <RolesBadges roles={m.roles} />
                  )}
                </Table.Td>
                <Table.Td>{date(m.joinedAt)}</Table.Td>
                {admin && (
                  <Table.Td>
                    <Group gap="xs">
                      {editing?.userId === m.user.id ? (
                        <>
                          <Button size="xs" loading={update.running} onClick={async () => (await update.run({ input: { userId: m.user.id, roles: editing.roles as Role[] } })) && setEditing(null)}>
                            {t('Save', 'Enregistrer')}
                          </Button>
                          <Button size="xs" variant="default" onClick={() => setEditing(null)}>{t('Cancel', 'Annuler')}</Button>
                        </>
                      ) : (
                        <Button size="xs" variant="default" onClick={() => setEditing({ userId: m.user.id, roles: [...m.roles] })}>
                          {t('Change roles', 'Changer les rôles')}
                        </Button>
                      )}
                      {m.user.id !== me?.user?.id && (
                        <Button size="xs" color="red.9" variant="outline" loading={remove.running} onClick={() => confirm(t(`Remove ${m.user.displayName}?`, `Retirer ${m.user.displayName} ?`)) && remove.run({ userId: m.user.id })}>
                          {t('Remove', 'Retirer')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {admin && <InviteForm />}
    </Page>
  );
}

function InviteForm() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [created, setCreated] = useState<{ token: string; email: string } | null>(null);
  const m = useMutation(InviteDocument);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({ input: { email, roles: roles as Role[] } });
    if (data) {
      setCreated({ token: data.inviteMember.token, email });
      setEmail('');
      setRoles([]);
    }
  }
  return (
    <Paper withBorder p="md" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">{t('Invite a member', 'Inviter un membre')}</Title>
          <TextInput label={t('E-mail', 'Adresse e-mail')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={m.fieldError('email')} />
          <RolesSelect value={roles} onChange={setRoles} error={m.fieldError('roles')} />
          <ErrorAlert message={m.formError(['email', 'roles'])} />
          <Button type="submit" loading={m.running} w="fit-content">{t('Invite', 'Inviter')}</Button>
          {created && (
            <>
              <Text size="sm">{t(`Give this invitation to ${created.email}: they open the console at /console/join.`, `Transmettez cette invitation à ${created.email} : la personne l’utilise sur /console/join.`)}</Text>
              <SecretOnce secret={created.token} label={t('Invitation token', 'Jeton d’invitation')} />
            </>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
