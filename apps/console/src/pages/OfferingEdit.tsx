import { Alert } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { graphql } from '../gql';
import type { OfferingEditQuery, OfferingPatchInput } from '../gql/graphql';
import { useMutation, useQuery } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { ErrorAlert, Loading, Page } from '../components';
import { OfferingForm, type OfferingFormValues } from './OfferingNew';

const OfferingEditDocument = graphql(`
  query OfferingEdit($id: ID!) {
    offering(id: $id) {
      id version status title { fr en } description { fr en } keywords themes { code } populationCoverage { fr en }
      numberOfUniqueIndividuals numberOfRecords minTypicalAge maxTypicalAge temporalCoverage { start end } regions codingSystems
      dataModel updateFrequency legalBases personalDataCategories accessModality accessRights hdsHosting { certified hostName }
      contactPoint { name email } dataDictionaryUrl
    }
  }
`);
const UpdateOfferingDocument = graphql(`
  mutation UpdateOffering($id: ID!, $input: OfferingPatchInput!) {
    updateOffering(id: $id, input: $input) { id version status hasUnpublishedChanges }
  }
`);

type Offering = OfferingEditQuery['offering'];

function valuesOf(o: Offering): OfferingFormValues {
  const n = (v: number | null | undefined) => (v === null || v === undefined ? ('' as const) : v);
  return {
    titleFr: o.title.fr, titleEn: o.title.en ?? '', descriptionFr: o.description.fr, descriptionEn: o.description.en ?? '', keywords: o.keywords,
    themes: o.themes.map((x) => x.code), populationFr: o.populationCoverage.fr, populationEn: o.populationCoverage.en ?? '',
    individuals: n(o.numberOfUniqueIndividuals), records: n(o.numberOfRecords), minAge: n(o.minTypicalAge), maxAge: n(o.maxTypicalAge),
    start: o.temporalCoverage.start, end: o.temporalCoverage.end ?? '', regions: o.regions, codingSystems: o.codingSystems, dataModel: o.dataModel,
    updateFrequency: o.updateFrequency ?? 'MONTHLY', legalBases: o.legalBases, categories: o.personalDataCategories, accessModality: o.accessModality,
    accessRights: o.accessRights, hds: o.hdsHosting.certified, hostName: o.hdsHosting.hostName ?? '', contactName: o.contactPoint.name,
    contactEmail: o.contactPoint.email, dictionaryUrl: o.dataDictionaryUrl ?? '',
  };
}

/** The offering's description in the same guided form; a published offering's edit becomes its next draft version. */
export function OfferingEditPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const loc = useLocalized();
  const navigate = useNavigate();
  const q = useQuery(OfferingEditDocument, { id });
  const m = useMutation(UpdateOfferingDocument);
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const o = q.data.offering;
  return (
    <Page title={t(`Edit ${loc(o.title)}`, `Modifier ${loc(o.title)}`)}>
      {o.status === 'PUBLISHED' && (
        <Alert color="blue">{t(`Version ${o.version} is published: your changes make a new draft version, published when you publish it.`, `La version ${o.version} est publiée : vos modifications font une nouvelle version brouillon, publiée quand vous la publierez.`)}</Alert>
      )}
      <OfferingForm
        key={o.id + o.version}
        initial={valuesOf(o)}
        mutation={m}
        submitLabel={t('Save the draft', 'Enregistrer le brouillon')}
        onSubmit={async (input) => {
          if (await m.run({ id, input: input as OfferingPatchInput })) navigate(`/offerings/${id}`);
        }}
      />
    </Page>
  );
}
