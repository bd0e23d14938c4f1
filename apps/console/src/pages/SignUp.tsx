import { Button, Paper, PasswordInput, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { OrganizationKind } from '../gql/graphql';
import { setToken, useMutation } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Page } from '../components';
import { ORG_KINDS, options } from '../labels';

const SignUpDocument = graphql(`
  mutation SignUpOrganization($input: SignUpOrganizationInput!) {
    signUpOrganization(input: $input) { token organization { id name verified } }
  }
`);

const FIELDS = ['name', 'kind', 'siret', 'vatNumber', 'line', 'postalCode', 'city', 'country', 'displayName', 'email', 'password'];

export function SignUpPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [f, setF] = useState({ name: '', kind: 'HOSPITAL', siret: '', vatNumber: '', line: '', postalCode: '', city: '', country: 'FR', displayName: '', email: '', password: '' });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.currentTarget.value });
  const m = useMutation(SignUpDocument);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({
      input: {
        organization: {
          name: f.name,
          kind: f.kind as OrganizationKind,
          siret: f.siret || undefined,
          vatNumber: f.vatNumber || undefined,
          address: { line: f.line, postalCode: f.postalCode, city: f.city, country: f.country },
        },
        admin: { displayName: f.displayName, email: f.email, password: f.password },
      },
    });
    if (data) {
      setToken(data.signUpOrganization.token);
      navigate('/');
    }
  }

  return (
    <Page title={t('Sign up an organisation', 'Inscrire une organisation')}>
      <Paper withBorder p="lg" maw={720}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2} size="h4">{t('Organisation', 'Organisation')}</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('Legal name', 'Raison sociale')} required value={f.name} onChange={set('name')} error={m.fieldError('name')} />
              <Select label={t('Kind', 'Type')} required data={options(ORG_KINDS, lang).filter((o) => o.value !== 'PLATFORM')} value={f.kind} onChange={(v) => setF({ ...f, kind: v ?? 'HOSPITAL' })} error={m.fieldError('kind')} allowDeselect={false} />
              <TextInput label="SIRET" description={t('14 digits, required in France', '14 chiffres, obligatoire en France')} value={f.siret} onChange={set('siret')} error={m.fieldError('siret')} />
              <TextInput label={t('VAT number', 'Numéro de TVA')} value={f.vatNumber} onChange={set('vatNumber')} error={m.fieldError('vatNumber')} />
              <TextInput label={t('Address', 'Adresse')} required value={f.line} onChange={set('line')} error={m.fieldError('line')} />
              <TextInput label={t('Postal code', 'Code postal')} required value={f.postalCode} onChange={set('postalCode')} error={m.fieldError('postalCode')} />
              <TextInput label={t('City', 'Ville')} required value={f.city} onChange={set('city')} error={m.fieldError('city')} />
              <TextInput label={t('Country (ISO code)', 'Pays (code ISO)')} required value={f.country} onChange={set('country')} error={m.fieldError('country')} />
            </SimpleGrid>
            <Title order={2} size="h4">{t('First administrator', 'Premier administrateur')}</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('Name', 'Nom')} required value={f.displayName} onChange={set('displayName')} error={m.fieldError('displayName')} />
              <TextInput label={t('E-mail', 'Adresse e-mail')} type="email" required value={f.email} onChange={set('email')} error={m.fieldError('email')} />
              <PasswordInput label={t('Password (12 characters or more)', 'Mot de passe (12 caractères ou plus)')} autoComplete="new-password" required value={f.password} onChange={set('password')} error={m.fieldError('password')} />
            </SimpleGrid>
            <ErrorAlert message={m.formError(FIELDS)} />
            <Button type="submit" loading={m.running}>
              {t('Sign up', 'Inscrire')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
