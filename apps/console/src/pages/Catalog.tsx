import { Anchor, Card, Checkbox, Grid, Group, Stack, Text, TextInput, Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { OfferingFilterInput } from '../gql/graphql';
import { useQuery } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { ErrorAlert, Page, Tag } from '../components';
import { ORG_KINDS, label } from '../labels';

const CatalogDocument = graphql(`
  query Catalog($search: String, $filter: OfferingFilterInput) {
    offerings(search: $search, filter: $filter, first: 30) {
      totalCount totalCountIsLowerBound
      edges { node { id title { fr en } description { fr en } producer { name kind } themes { code labelFr labelEn } numberOfUniqueIndividuals accessModality regions } }
      facets {
        themes { value count } producerKinds { value count } regions { value count } accessModalities { value count } dataModels { value count }
      }
    }
  }
`);

type FacetName = 'themes' | 'producerKinds' | 'regions' | 'accessModalities' | 'dataModels';
const FACETS: { name: FacetName; label: [string, string] }[] = [
  { name: 'themes', label: ['Themes', 'Thèmes'] },
  { name: 'producerKinds', label: ['Producers', 'Producteurs'] },
  { name: 'regions', label: ['Regions', 'Régions'] },
  { name: 'accessModalities', label: ['Access', 'Accès'] },
  { name: 'dataModels', label: ['Data models', 'Modèles de données'] },
];

/** The catalog: French full-text search (accents and endings do not matter) with facets. */
export function CatalogPage() {
  const { t, lang, number } = useI18n();
  const loc = useLocalized();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Record<FacetName, string[]>>({ themes: [], producerKinds: [], regions: [], accessModalities: [], dataModels: [] });
  const [debounced] = useDebouncedValue(search, 250);
  const filter = Object.fromEntries(Object.entries(selected).filter(([, v]) => v.length)) as OfferingFilterInput;
  const q = useQuery(CatalogDocument, { search: debounced.trim() || undefined, filter });
  const c = q.data?.offerings;
  return (
    <Page title={t('Catalog', 'Catalogue')}>
      <TextInput
        label={t('Search the catalog', 'Rechercher dans le catalogue')}
        placeholder={t('e.g. hopital cancer', 'par ex. hopital cancer')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={q.loading ? <Loader size="xs" aria-hidden /> : null}
        type="search"
      />
      <ErrorAlert error={q.error} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack component="aside" aria-label={t('Filters', 'Filtres')}>
            {c &&
              FACETS.map((f) => (
                <Checkbox.Group key={f.name} label={t(...f.label)} value={selected[f.name]} onChange={(v) => setSelected((s) => ({ ...s, [f.name]: v }))}>
                  <Stack gap={4} mt={4}>
                    {c.facets[f.name].map((v) => (
                      <Checkbox key={v.value} value={v.value} label={`${f.name === 'producerKinds' ? label(ORG_KINDS, v.value, lang) : v.value} (${v.count})`} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack>
            {c && (
              <Text role="status">
                {t(`${c.totalCountIsLowerBound ? 'more than ' : ''}${number(c.totalCount)} offerings`, `${c.totalCountIsLowerBound ? 'plus de ' : ''}${number(c.totalCount)} offres`)}
              </Text>
            )}
            {c?.edges.map(({ node: o }) => (
              <Card withBorder key={o.id} component="article">
                <Anchor component={Link} to={`/catalog/${o.id}`} fw={600}>{loc(o.title)}</Anchor>
                <Text size="sm">{o.producer.name} · {label(ORG_KINDS, o.producer.kind, lang)}</Text>
                <Text size="sm" lineClamp={2}>{loc(o.description)}</Text>
                <Group gap={4} mt={4}>
                  {o.themes.map((th) => <Tag key={th.code}>{lang === 'fr' ? th.labelFr : th.labelEn}</Tag>)}
                  <Tag color="gray">{o.accessModality}</Tag>
                  {o.numberOfUniqueIndividuals != null && <Tag color="gray">{t(`${number(o.numberOfUniqueIndividuals)} individuals`, `${number(o.numberOfUniqueIndividuals)} individus`)}</Tag>}
                </Group>
              </Card>
            ))}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
