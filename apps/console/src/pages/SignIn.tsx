import { Button, Paper, PasswordInput, Stack, TextInput, Anchor, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { setToken, useMutation } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Page } from '../components';

const SignInDocument = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { token organization { id name } }
  }
`);

export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const m = useMutation(SignInDocument);
  const needsOrganization = m.error?.fields.some((f) => f.field.endsWith('organizationId'));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({ input: { email, password, organizationId: organizationId || undefined } });
    if (data) {
      setToken(data.signIn.token);
      navigate('/');
    }
  }

  return (
    <Page title={t('Sign in', 'Se connecter')}>
      <Paper withBorder p="lg" maw={420}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label={t('E-mail', 'Adresse e-mail')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={m.fieldError('email')} />
            <PasswordInput label={t('Password', 'Mot de passe')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={m.fieldError('password')} />
            {needsOrganization && (
              <TextInput label={t('Organisation id', 'Identifiant de l’organisation')} value={organizationId} onChange={(e) => setOrganizationId(e.currentTarget.value)} error={m.fieldError('organizationId')} />
            )}
            <ErrorAlert message={m.formError(['email', 'password', 'organizationId'])} />
            <Button type="submit" loading={m.running}>
              {t('Sign in', 'Se connecter')}
            </Button>
            <Text size="sm">
              {t('No account yet?', 'Pas encore de compte ?')}{' '}
              <Anchor component={Link} to="/sign-up">
                {t('Sign up your organisation', 'Inscrivez votre organisation')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
