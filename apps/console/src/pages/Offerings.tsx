import { Alert, Anchor, Button, Card, Checkbox, Grid, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../gql';
import { useMutation, useQuery } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { ErrorAlert, Loading, Page, Tag, ListTable } from '../components';
import { EstimatePanel } from '../estimate';
import { TariffPrices } from '../tariff-prices';

const MyOfferingsDocument = graphql(`
  query MyOfferings {
    offerings(filter: { mine: true }, first: 100) {
      edges { node { id version status offeringStatus publiclyVisible hasUnpublishedChanges updatedAt title { fr en } } }
    }
  }
`);
const ProducerOfferingDocument = graphql(`
  query ProducerOffering($id: ID!) {
    offering(id: $id) {
      id version status offeringStatus publiclyVisible visibilityNotice hasUnpublishedChanges publishedAt
      title { fr en } description { fr en }
      contributors { organizationId position weight status decidedAt organization { name kind } }
      versions { id version status createdAt publishedAt }
      licences { tariffVersionId templateVersion { id key version title { fr en } } }
    }
    tariffs(offeringId: $id) {
      edges { node { id name gridKey currentVersion { id version status effectiveFrom } versions { id version status effectiveFrom effectiveTo definition } } }
    }
    standardTariffGrids { edges { node { key name { fr en } description { fr en } } } }
    licenceTemplates(first: 50) { edges { node { id key isStandard versions { id version status title { fr en } } } } }
  }
`);
const PublishOfferingDocument = graphql(`
  mutation PublishOffering($id: ID!) {
    publishOffering(id: $id) { id status publiclyVisible }
  }
`);
const CreateTariffDocument = graphql(`
  mutation CreateTariff($offeringId: ID!, $name: String!, $gridKey: String) {
    createTariff(offeringId: $offeringId, name: $name, gridKey: $gridKey) { id }
  }
`);
const PublishTariffDocument = graphql(`
  mutation PublishTariff($tariffId: ID!, $effectiveFrom: String!) {
    publishTariff(tariffId: $tariffId, effectiveFrom: $effectiveFrom) { id currentVersion { id status } }
  }
`);
const SetLicencesDocument = graphql(`
  mutation SetOfferingLicences($offeringId: ID!, $licences: [OfferingLicenceInput!]!) {
    setOfferingLicences(offeringId: $offeringId, licences: $licences) { id licences { templateVersion { id } } }
  }
`);

export const OFFERING_COLORS: Record<string, string> = { DRAFT: 'gray', PUBLISHED: 'green', RETIRED: 'red' };

export function OfferingsPage() {
  const { t, dateTime } = useI18n();
  const loc = useLocalized();
  const q = useQuery(MyOfferingsDocument);
  return (
    <Page title={t('Our offerings', 'Nos offres')} actions={<Button component={Link} to="/offerings/new">{t('New offering', 'Nouvelle offre')}</Button>}>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <ListTable head={[t('Offering', 'Offre'), t('Version', 'Version'), t('Status', 'Statut'), t('In the public catalog', 'Au catalogue public'), t('Updated', 'Mise à jour')]}>
            {q.data.offerings.edges.map(({ node: o }) => (
              <Table.Tr key={o.id}>
                <Table.Td><Anchor component={Link} to={`/offerings/${o.id}`}>{loc(o.title)}</Anchor></Table.Td>
                <Table.Td>{o.version}</Table.Td>
                <Table.Td><Tag color={OFFERING_COLORS[o.status]}>{o.status}</Tag></Table.Td>
                <Table.Td>{o.publiclyVisible ? t('yes', 'oui') : t('no', 'non')}</Table.Td>
                <Table.Td>{dateTime(o.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      )}
    </Page>
  );
}

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

export function OfferingPage() {
  const { id = '' } = useParams();
  const { t, date, dateTime } = useI18n();
  const loc = useLocalized();
  const q = useQuery(ProducerOfferingDocument, { id });
  const publish = useMutation(PublishOfferingDocument);
  const o = q.data?.offering;
  if (!o) return <Page title={t('Offering', 'Offre')}>{q.error ? <ErrorAlert error={q.error} /> : <Loading />}</Page>;
  const tariffs = q.data!.tariffs.edges.map((e) => e.node);
  const publishedTariff = tariffs.some((x) => x.versions.some((v) => v.status === 'PUBLISHED'));
  // before buyers can be priced: the producer's preview of its tariff, the open draft first
  const draftTariff = tariffs.find((x) => x.versions.some((v) => v.status === 'DRAFT')) ?? tariffs[0];
  return (
    <Page
      title={loc(o.title)}
      actions={
        <Group>
          <Tag color={OFFERING_COLORS[o.status]}>{`${o.status} · v${o.version}`}</Tag>
          {o.offeringStatus !== 'RETIRED' && (
            <Button component={Link} to={`/offerings/${o.id}/edit`} variant="default">{t('Edit the description', 'Modifier la description')}</Button>
          )}
          {(o.status === 'DRAFT' || o.hasUnpublishedChanges) && (
            <Button loading={publish.running} onClick={() => publish.run({ id: o.id })}>{t('Publish this version', 'Publier cette version')}</Button>
          )}
        </Group>
      }
    >
      <ErrorAlert error={publish.error} />
      {o.visibilityNotice && <Alert color="orange" title={t('Not in the public catalog yet', 'Pas encore au catalogue public')}>{o.visibilityNotice}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack>
            <Card withBorder component="section" aria-label={t('Contributors', 'Contributeurs')}>
              <Title order={2} size="h4" mb="xs">{t('Contributors and their consent', 'Contributeurs et leur consentement')}</Title>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('Organisation', 'Organisation')}</Table.Th>
                    <Table.Th>{t('Weight', 'Poids')}</Table.Th>
                    <Table.Th>{t('Consent', 'Consentement')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.contributors.map((c) => (
                    <Table.Tr key={c.organizationId}>
                      <Table.Td>{c.organization.name}</Table.Td>
                      <Table.Td>{c.weight}</Table.Td>
                      <Table.Td>
                        <Tag color={c.status === 'ACCEPTED' ? 'green' : c.status === 'DECLINED' ? 'red' : 'orange'}>{c.status}</Tag> {c.decidedAt && <Text span size="xs">{dateTime(c.decidedAt)}</Text>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder component="section" aria-label={t('Versions', 'Versions')}>
              <Title order={2} size="h4" mb="xs">{t('Versions', 'Versions')}</Title>
              <Table>
                <Table.Tbody>
                  {o.versions.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>v{v.version}</Table.Td>
                      <Table.Td><Tag color={OFFERING_COLORS[v.status]}>{v.status}</Tag></Table.Td>
                      <Table.Td>{t('created', 'créée le')} {date(v.createdAt)}</Table.Td>
                      <Table.Td>{v.publishedAt ? `${t('published', 'publiée le')} ${date(v.publishedAt)}` : ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <TariffCard offeringId={o.id} tariffs={tariffs} grids={q.data!.standardTariffGrids.edges.map((e) => e.node)} />
            <LicencesCard
              offeringId={o.id}
              accepted={o.licences.map((l) => l.templateVersion.id)}
              tariffVersionId={tariffs.flatMap((x) => x.versions).find((v) => v.status === 'PUBLISHED')?.id}
              candidates={q.data!.licenceTemplates.edges.flatMap(({ node }) => node.versions.filter((v) => v.status === 'PUBLISHED').map((v) => ({ id: v.id, label: `${loc(v.title)} (${node.key} ${v.version})` })))}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {o.status === 'PUBLISHED' && publishedTariff ? (
            <EstimatePanel offeringId={o.id} />
          ) : draftTariff ? (
            <EstimatePanel offeringId={o.id} draftTariffId={draftTariff.id} />
          ) : (
            <Alert color="blue" title={t('Estimate', 'Estimation')}>{t('Publish the offering and a tariff to see the estimate buyers get.', 'Publiez l’offre et un tarif pour voir l’estimation que verront les acheteurs.')}</Alert>
          )}
        </Grid.Col>
      </Grid>
    </Page>
  );

}

/** A tariff from a standard grid: its versions, the draft's prices, publication. Outside OfferingPage so that its state outlives the page's re-renders. */
function TariffCard({ offeringId, tariffs, grids }: { offeringId: string; tariffs: { id: string; name: string; gridKey?: string | null; versions: { id: string; version: number; status: string; effectiveFrom?: string | null; effectiveTo?: string | null; definition?: unknown }[] }[]; grids: { key: string; name: { fr: string; en: string }; description: { fr: string; en: string } }[] }) {
  const { t, date } = useI18n();
  const loc = useLocalized();
  const create = useMutation(CreateTariffDocument);
  const publishTariff = useMutation(PublishTariffDocument);
  const [grid, setGrid] = useState<string | null>(grids[0]?.key ?? null);
  const [name, setName] = useState(t('Standard tariff', 'Tarif standard'));
  const [from, setFrom] = useState(today());
  return (
    <Card withBorder component="section" aria-label={t('Tariff', 'Tarif')}>
      <Title order={2} size="h4" mb="xs">{t('Tariff', 'Tarif')}</Title>
      {tariffs.map((x) => (
        <Stack key={x.id} gap={4} mb="sm">
          <Text fw={600}>{x.name} {x.gridKey && <Text span size="sm">({x.gridKey})</Text>}</Text>
          {x.versions.map((v) => (
            <Group key={v.id} gap="xs">
              <Text size="sm">v{v.version}</Text>
              <Tag color={v.status === 'PUBLISHED' ? 'green' : 'gray'}>{v.status}</Tag>
              {v.effectiveFrom && <Text size="sm">{t('from', 'à partir du')} {date(v.effectiveFrom)}</Text>}
              {v.status === 'DRAFT' && (
                <>
                  <TextInput size="xs" label={t('Applies from', 'Applicable à partir du')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={publishTariff.fieldError('effectiveFrom')} />
                  <Button size="xs" mt="lg" loading={publishTariff.running} onClick={() => publishTariff.run({ tariffId: x.id, effectiveFrom: from })}>{t('Publish the tariff', 'Publier le tarif')}</Button>
                </>
              )}
            </Group>
          ))}
          {x.versions.filter((v) => v.status === 'DRAFT').map((v) => <TariffPrices key={v.id} tariffId={x.id} definition={v.definition as Record<string, unknown>} />)}
        </Stack>
      ))}
      <ErrorAlert message={publishTariff.formError(['effectiveFrom'])} />
      {tariffs.length === 0 && (
        <Stack gap="xs">
          <Select label={t('Start from the standard grid', 'Partir de la grille standard')} data={grids.map((g) => ({ value: g.key, label: loc(g.name) }))} value={grid} onChange={setGrid} error={create.fieldError('gridKey')} allowDeselect={false} />
          {grid && <Text size="xs">{loc(grids.find((g) => g.key === grid)?.description)}</Text>}
          <TextInput label={t('Name shown to buyers', 'Nom affiché aux acheteurs')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={create.fieldError('name')} />
          <ErrorAlert message={create.formError(['gridKey', 'name'])} />
          <Button w="fit-content" loading={create.running} onClick={() => create.run({ offeringId, name, gridKey: grid })}>{t('Create the tariff', 'Créer le tarif')}</Button>
        </Stack>
      )}
    </Card>
  );
}

function LicencesCard({ offeringId, accepted, candidates, tariffVersionId }: { offeringId: string; accepted: string[]; candidates: { id: string; label: string }[]; tariffVersionId?: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState<string[]>(accepted);
  const m = useMutation(SetLicencesDocument);
  useEffect(() => setValue(accepted), [accepted.join()]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Card withBorder component="section" aria-label={t('Licences accepted', 'Licences acceptées')}>
      <Title order={2} size="h4" mb="xs">{t('Licences accepted', 'Licences acceptées')}</Title>
      <Checkbox.Group value={value} onChange={setValue} label={t('Buyers may request access under', 'Les acheteurs peuvent demander l’accès sous')} error={m.fieldError('licences')}>
        <Stack gap={4} mt={4}>
          {candidates.map((c) => <Checkbox key={c.id} value={c.id} label={c.label} />)}
        </Stack>
      </Checkbox.Group>
      <ErrorAlert message={m.formError(['licences'])} />
      <Button mt="sm" size="xs" loading={m.running} onClick={() => m.run({ offeringId, licences: value.map((templateVersionId) => ({ templateVersionId, tariffVersionId })) })}>
        {t('Save the licences', 'Enregistrer les licences')}
      </Button>
    </Card>
  );
}
