import { Button, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { graphql } from '../gql';
import { setToken, useMutation } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Page } from '../components';

const AcceptInvitationDocument = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) { token organization { id name } }
  }
`);

/** Joins an organisation with the invitation token its admin passed on. */
export function JoinPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [token, setTokenValue] = useState(params.get('token') ?? '');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const m = useMutation(AcceptInvitationDocument);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({ input: { token, displayName: displayName || undefined, password } });
    if (data) {
      setToken(data.acceptInvitation.token);
      navigate('/');
    }
  }
  return (
    <Page title={t('Join an organisation', 'Rejoindre une organisation')}>
      <Paper withBorder p="lg" maw={480}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label={t('Invitation token', 'Jeton d’invitation')} required value={token} onChange={(e) => setTokenValue(e.currentTarget.value)} error={m.fieldError('token')} />
            <TextInput label={t('Your name (new account)', 'Votre nom (nouveau compte)')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={m.fieldError('displayName')} />
            <PasswordInput label={t('Password (12 characters or more; yours if you already have an account)', 'Mot de passe (12 caractères ou plus ; le vôtre si vous avez déjà un compte)')} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={m.fieldError('password')} />
            <ErrorAlert message={m.formError(['token', 'displayName', 'password'])} />
            <Button type="submit" loading={m.running}>{t('Join', 'Rejoindre')}</Button>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
