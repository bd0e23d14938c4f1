import { Alert, Button, Card, Grid, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea, Title, Anchor } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { graphql } from '../gql';
import type { CnilFormality } from '../gql/graphql';
import { useMutation, useQuery } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { useMe, hasRole } from '../session';
import { ErrorAlert, Loading, Page, Tag } from '../components';
import { EstimatePanel } from '../estimate';
import { ORG_KINDS, label } from '../labels';

const CatalogOfferingDocument = graphql(`
  query CatalogOffering($id: ID!) {
    offering(id: $id) {
      id version title { fr en } description { fr en } populationCoverage { fr en }
      producer { id name kind verified }
      themes { code labelFr labelEn } regions codingSystems dataModel accessModality accessRights legalBases personalDataCategories
      numberOfUniqueIndividuals numberOfRecords temporalCoverage { start end } updateFrequency
      hdsHosting { certified hostName } contactPoint { name email }
      licences {
        tariffVersionId
        templateVersion {
          id key version title { fr en }
          variables { name values { value label { fr en } } }
        }
      }
    }
  }
`);
const CreateAccessRequestDocument = graphql(`
  mutation CreateAccessRequest($input: CreateAccessRequestInput!) {
    createAccessRequest(input: $input) { id state }
  }
`);

export function CatalogOfferingPage() {
  const { id = '' } = useParams();
  const { t, lang, number, date } = useI18n();
  const loc = useLocalized();
  const { me } = useMe();
  const q = useQuery(CatalogOfferingDocument, { id });
  const [requesting, setRequesting] = useState(false);
  const o = q.data?.offering;
  if (!o) return <Page title={t('Offering', 'Offre')}>{q.error ? <ErrorAlert error={q.error} /> : <Loading />}</Page>;
  const buyer = !!me?.organization.isBuyer && hasRole(me, 'BUYER', 'ADMIN');
  const facts: [string, string][] = [
    [t('Producer', 'Producteur'), `${o.producer.name} (${label(ORG_KINDS, o.producer.kind, lang)})`],
    [t('Population', 'Population'), loc(o.populationCoverage)],
    [t('Unique individuals', 'Individus distincts'), number(o.numberOfUniqueIndividuals)],
    [t('Coverage', 'Couverture'), `${date(o.temporalCoverage.start)} – ${o.temporalCoverage.end ? date(o.temporalCoverage.end) : t('today', 'aujourd’hui')}`],
    [t('Regions', 'Régions'), o.regions.join(', ')],
    [t('Data model', 'Modèle de données'), o.dataModel],
    [t('Coding systems', 'Terminologies'), o.codingSystems.join(', ')],
    [t('Access', 'Accès'), `${o.accessModality} · ${o.accessRights}`],
    [t('Legal bases', 'Bases légales'), o.legalBases.join(', ')],
    [t('HDS hosting', 'Hébergement HDS'), o.hdsHosting.certified ? `${t('certified', 'certifié')} ${o.hdsHosting.hostName ?? ''}` : t('no', 'non')],
    [t('Contact', 'Contact'), `${o.contactPoint.name} <${o.contactPoint.email}>`],
  ];
  return (
    <Page title={loc(o.title)} actions={buyer && o.licences.length > 0 && !requesting && <Button onClick={() => setRequesting(true)}>{t('Request access', 'Demander l’accès')}</Button>}>
      <Group gap={4}>{o.themes.map((th) => <Tag key={th.code}>{lang === 'fr' ? th.labelFr : th.labelEn}</Tag>)}</Group>
      <Text>{loc(o.description)}</Text>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Card withBorder component="section" aria-label={t('Description', 'Description')}>
              <Title order={2} size="h4" mb="xs">{t('HealthDCAT-AP description', 'Description HealthDCAT-AP')}</Title>
              <dl style={{ margin: 0 }}>
                {facts.map(([k, v]) => (
                  <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
                    <Text component="dt" size="sm" fw={600} w={150}>{k}</Text>
                    <Text component="dd" size="sm" m={0}>{v}</Text>
                  </Group>
                ))}
              </dl>
              <Anchor href={`/offerings/${o.id}.jsonld`} size="sm" mt="xs">JSON-LD</Anchor>
            </Card>
            <Card withBorder component="section" aria-label={t('Licences', 'Licences')}>
              <Title order={2} size="h4" mb="xs">{t('Licences offered', 'Licences proposées')}</Title>
              {o.licences.length === 0 && <Text size="sm">{t('No licence yet.', 'Aucune licence pour l’instant.')}</Text>}
              {o.licences.map((l) => (
                <Text key={l.templateVersion.id} size="sm">
                  <Anchor component={Link} to={`/licences/${l.templateVersion.id}`}>{loc(l.templateVersion.title)}</Anchor> ({l.templateVersion.key} {l.templateVersion.version})
                </Text>
              ))}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <EstimatePanel offeringId={o.id} asBuyer={!!me?.organization.isBuyer} />
            {requesting && <AccessRequestForm offering={o} onCancel={() => setRequesting(false)} />}
            {!me && <Alert color="blue">{t('Sign in as a buyer to request access.', 'Connectez-vous en tant qu’acheteur pour demander l’accès.')}</Alert>}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

type Offering = NonNullable<ReturnType<typeof useQuery<import('../gql/graphql').CatalogOfferingQuery, unknown>>['data']>['offering'];

function AccessRequestForm({ offering, onCancel }: { offering: Offering; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const m = useMutation(CreateAccessRequestDocument);
  const [licenceId, setLicenceId] = useState(offering.licences[0]?.templateVersion.id ?? '');
  const licence = offering.licences.find((l) => l.templateVersion.id === licenceId)?.templateVersion;
  const values = (name: string) => licence?.variables.find((v) => v.name === name)?.values.map((v) => ({ value: v.value, label: lang === 'fr' ? v.label.fr : v.label.en })) ?? [];
  const [f, setF] = useState({
    purposeCategory: 'SCIENTIFIC_RESEARCH', purposeSummary: '', projectTitle: '', principalInvestigator: '', legalBasis: 'PUBLIC_INTEREST',
    cnilFormality: 'MR_004', cnilReference: '', population: '', variables: [] as string[], durationMonths: 24 as number | '', patients: 10000 as number | '',
  });
  const text = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    // Read now: React clears currentTarget once the event is handled, and the updater may run later.
    const value = e.currentTarget.value;
    setF((x) => ({ ...x, [k]: value }));
  };
  const err = m.fieldError;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({
      input: {
        offeringId: offering.id, templateVersionId: licenceId, purposeCategory: f.purposeCategory, purposeSummary: f.purposeSummary,
        projectTitle: f.projectTitle, principalInvestigator: f.principalInvestigator, legalBasis: f.legalBasis,
        cnilFormality: f.cnilFormality as CnilFormality, cnilReference: f.cnilReference,
        scope: { population: f.population, variables: f.variables }, durationMonths: f.durationMonths === '' ? 0 : f.durationMonths,
        pricing: { patients: f.patients === '' ? undefined : f.patients },
      },
    });
    if (data) navigate(`/requests/${data.createAccessRequest.id}`);
  }
  const FIELDS = ['templateVersionId', 'purposeCategory', 'purposeSummary', 'projectTitle', 'principalInvestigator', 'legalBasis', 'cnilFormality', 'cnilReference', 'population', 'variables', 'durationMonths', 'patients'];
  return (
    <Card withBorder component="section" aria-label={t('Access request', 'Demande d’accès')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={2} size="h4">{t('Access request', 'Demande d’accès')}</Title>
          <Select label={t('Licence', 'Licence')} data={offering.licences.map((l) => ({ value: l.templateVersion.id, label: `${lang === 'fr' ? l.templateVersion.title.fr : l.templateVersion.title.en}` }))} value={licenceId} onChange={(v) => setLicenceId(v ?? '')} error={err('templateVersionId')} allowDeselect={false} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label={t('Project title', 'Titre du projet')} required value={f.projectTitle} onChange={text('projectTitle')} error={err('projectTitle')} />
            <TextInput label={t('Principal investigator', 'Investigateur principal')} required value={f.principalInvestigator} onChange={text('principalInvestigator')} error={err('principalInvestigator')} />
            <Select label={t('Purpose', 'Finalité')} data={values('purposeCategory')} value={f.purposeCategory} onChange={(v) => setF({ ...f, purposeCategory: v ?? '' })} error={err('purposeCategory')} allowDeselect={false} />
            <Select label={t('Legal basis (GDPR)', 'Base légale (RGPD)')} data={values('legalBasis')} value={f.legalBasis} onChange={(v) => setF({ ...f, legalBasis: v ?? '' })} error={err('legalBasis')} allowDeselect={false} />
            <Select label={t('CNIL formality', 'Formalité CNIL')} data={[{ value: 'MR_004', label: 'MR-004' }, { value: 'MR_003', label: 'MR-003' }, { value: 'AUTHORISATION', label: t('Authorisation', 'Autorisation') }]} value={f.cnilFormality} onChange={(v) => setF({ ...f, cnilFormality: v ?? 'MR_004' })} error={err('cnilFormality')} allowDeselect={false} />
            <TextInput label={t('CNIL reference', 'Référence CNIL')} required value={f.cnilReference} onChange={text('cnilReference')} error={err('cnilReference')} />
          </SimpleGrid>
          <Textarea label={t('Purpose summary (public once signed)', 'Résumé de la finalité (public une fois signé)')} required autosize minRows={2} value={f.purposeSummary} onChange={text('purposeSummary')} error={err('purposeSummary')} />
          <TextInput label={t('Population studied', 'Population étudiée')} required value={f.population} onChange={text('population')} error={err('scope.population', 'population')} />
          <TagsInput label={t('Variables (Enter after each)', 'Variables (Entrée après chacune)')} value={f.variables} onChange={(v) => setF({ ...f, variables: v })} error={err('scope.variables', 'variables')} />
          <SimpleGrid cols={2}>
            <NumberInput label={t('Duration (months)', 'Durée (mois)')} value={f.durationMonths} onChange={(v) => setF({ ...f, durationMonths: v === '' ? '' : Number(v) })} error={err('durationMonths')} />
            <NumberInput label={t('Patients', 'Patients')} value={f.patients} onChange={(v) => setF({ ...f, patients: v === '' ? '' : Number(v) })} error={err('pricing.patients', 'patients')} />
          </SimpleGrid>
          <ErrorAlert message={m.formError(FIELDS)} />
          <Group>
            <Button type="submit" loading={m.running}>{t('Create the request', 'Créer la demande')}</Button>
            <Button variant="default" onClick={onCancel}>{t('Cancel', 'Annuler')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
