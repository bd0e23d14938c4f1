import { Button, Checkbox, Fieldset, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { OfferingContentInput } from '../gql/graphql';
import { useMutation } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Page } from '../components';

const CreateOfferingDocument = graphql(`
  mutation CreateOffering($input: OfferingContentInput!) {
    createOffering(input: $input) { id version status }
  }
`);

export const THEMES = ['CARDIOLOGY', 'DIABETES_ENDOCRINOLOGY', 'EMERGENCY_INTENSIVE_CARE', 'EPIDEMIOLOGY', 'GENOMICS', 'GERIATRICS', 'HEALTH_SERVICES', 'INFECTIOUS_DISEASES', 'MEDICAL_IMAGING', 'MENTAL_HEALTH', 'NEPHROLOGY', 'NEUROLOGY', 'ONCOLOGY', 'PAEDIATRICS', 'PERINATAL', 'PHARMACOEPIDEMIOLOGY', 'RARE_DISEASES', 'RESPIRATORY'];
export const REGIONS = ['FR_ARA', 'FR_BFC', 'FR_BRE', 'FR_COR', 'FR_CVL', 'FR_DROM', 'FR_GES', 'FR_HDF', 'FR_IDF', 'FR_NAQ', 'FR_NATIONAL', 'FR_NOR', 'FR_OCC', 'FR_PAC', 'FR_PDL'];
export const CODING = ['ATC', 'CCAM', 'CIP_UCD', 'GHM', 'ICD_10', 'ICD_O_3', 'LOINC', 'NABM', 'ORPHA', 'SNOMED_CT'];
export const MODELS = ['OMOP_CDM', 'FHIR', 'I2B2', 'CDISC', 'SNDS', 'CUSTOM'];
export const MODALITIES = ['SECURE_PROCESSING_ENVIRONMENT', 'EXTRACTION', 'AGGREGATED_API'];
const BASES = ['PUBLIC_INTEREST', 'SCIENTIFIC_RESEARCH', 'PUBLIC_HEALTH', 'CONSENT', 'LEGITIMATE_INTEREST'];
const CATEGORIES = ['HEALTH', 'DEMOGRAPHIC', 'GENETIC', 'LOCATION', 'MEDICAL_IMAGES', 'SOCIO_ECONOMIC'];
const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'IRREGULAR', 'NEVER'];

const EMPTY = {
  titleFr: '', titleEn: '', descriptionFr: '', descriptionEn: '', keywords: [] as string[], themes: [] as string[],
  populationFr: '', populationEn: '', individuals: '' as number | '', records: '' as number | '', minAge: '' as number | '', maxAge: '' as number | '',
  start: '', end: '', regions: [] as string[], codingSystems: [] as string[], dataModel: 'OMOP_CDM', updateFrequency: 'MONTHLY',
  legalBases: ['PUBLIC_INTEREST'] as string[], categories: ['HEALTH'] as string[], accessModality: 'SECURE_PROCESSING_ENVIRONMENT', accessRights: 'RESTRICTED',
  hds: true, hostName: '', contactName: '', contactEmail: '', dictionaryUrl: '',
};
export type OfferingFormValues = typeof EMPTY;

/** A new offering: the guided form, empty. */
export function OfferingNewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const m = useMutation(CreateOfferingDocument);
  return (
    <Page title={t('New offering', 'Nouvelle offre')}>
      <OfferingForm
        initial={EMPTY}
        mutation={m}
        submitLabel={t('Create the draft', 'Créer le brouillon')}
        onSubmit={async (input) => {
          const data = await m.run({ input });
          if (data) navigate(`/offerings/${data.createOffering.id}`);
        }}
      />
    </Page>
  );
}

/** The HealthDCAT-AP description of a dataset, as a guided form in five parts (new offering or draft edit). */
export function OfferingForm({ initial, mutation: m, submitLabel, onSubmit }: {
  initial: OfferingFormValues;
  mutation: { running: boolean; fieldError: (...names: string[]) => string | undefined; formError: (shown?: string[]) => string | undefined };
  submitLabel: string;
  onSubmit: (input: OfferingContentInput) => Promise<void>;
}) {
  const { t } = useI18n();
  const [f, setF] = useState(initial);
  const set = <K extends keyof typeof f>(k: K) => (v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const text = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    // Read now: React clears currentTarget once the event is handled, and the updater may run later.
    const value = e.currentTarget.value;
    setF((x) => ({ ...x, [k]: value }));
  };
  const num = (v: number | string) => (v === '' ? undefined : Number(v));
  const err = m.fieldError;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const input = {
      title: { fr: f.titleFr, en: f.titleEn },
      description: { fr: f.descriptionFr, en: f.descriptionEn },
      keywords: f.keywords,
      themes: f.themes,
      populationCoverage: { fr: f.populationFr, en: f.populationEn },
      numberOfUniqueIndividuals: num(f.individuals),
      numberOfRecords: num(f.records),
      minTypicalAge: num(f.minAge),
      maxTypicalAge: num(f.maxAge),
      temporalCoverage: { start: f.start, end: f.end || undefined },
      regions: f.regions,
      codingSystems: f.codingSystems,
      dataModel: f.dataModel,
      updateFrequency: f.updateFrequency,
      legalBases: f.legalBases,
      personalDataCategories: f.categories,
      accessModality: f.accessModality,
      accessRights: f.accessRights,
      hdsHosting: { certified: f.hds, hostName: f.hostName || undefined },
      contactPoint: { name: f.contactName, email: f.contactEmail },
      dataDictionaryUrl: f.dictionaryUrl || undefined,
    } as OfferingContentInput;
    await onSubmit(input);
  }

  return (
      <form onSubmit={submit} noValidate>
        <Stack maw={960}>
          <Fieldset legend={t('1. The dataset', '1. Le jeu de données')}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput label={t('Title (French)', 'Titre (français)')} required value={f.titleFr} onChange={text('titleFr')} error={err('title.fr')} />
              <TextInput label={t('Title (English)', 'Titre (anglais)')} required value={f.titleEn} onChange={text('titleEn')} error={err('title.en')} />
              <Textarea label={t('Description (French)', 'Description (français)')} required autosize minRows={3} value={f.descriptionFr} onChange={text('descriptionFr')} error={err('description.fr')} />
              <Textarea label={t('Description (English)', 'Description (anglais)')} required autosize minRows={3} value={f.descriptionEn} onChange={text('descriptionEn')} error={err('description.en')} />
              <MultiSelect label={t('Themes', 'Thèmes')} required data={THEMES} value={f.themes} onChange={set('themes')} error={err('themes')} searchable />
              <TagsInput label={t('Keywords (Enter after each)', 'Mots-clés (Entrée après chacun)')} value={f.keywords} onChange={set('keywords')} error={err('keywords')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('2. Population and coverage', '2. Population et couverture')}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput label={t('Population (French)', 'Population (français)')} required value={f.populationFr} onChange={text('populationFr')} error={err('populationCoverage.fr')} />
              <TextInput label={t('Population (English)', 'Population (anglais)')} required value={f.populationEn} onChange={text('populationEn')} error={err('populationCoverage.en')} />
              <NumberInput label={t('Unique individuals', 'Individus distincts')} value={f.individuals} onChange={(v) => set('individuals')(v === '' ? '' : Number(v))} error={err('numberOfUniqueIndividuals')} min={0} />
              <NumberInput label={t('Records', 'Enregistrements')} value={f.records} onChange={(v) => set('records')(v === '' ? '' : Number(v))} error={err('numberOfRecords')} min={0} />
              <NumberInput label={t('Youngest typical age', 'Âge typique minimal')} value={f.minAge} onChange={(v) => set('minAge')(v === '' ? '' : Number(v))} error={err('minTypicalAge')} />
              <NumberInput label={t('Oldest typical age', 'Âge typique maximal')} value={f.maxAge} onChange={(v) => set('maxAge')(v === '' ? '' : Number(v))} error={err('maxTypicalAge')} />
              <TextInput label={t('Covered from (YYYY-MM-DD)', 'Couverture depuis (AAAA-MM-JJ)')} required value={f.start} onChange={text('start')} error={err('temporalCoverage.start', 'start')} />
              <TextInput label={t('Covered until (YYYY-MM-DD, optional)', 'Couverture jusqu’au (AAAA-MM-JJ, facultatif)')} value={f.end} onChange={text('end')} error={err('temporalCoverage.end', 'end')} />
              <MultiSelect label={t('Regions', 'Régions')} required data={REGIONS} value={f.regions} onChange={set('regions')} error={err('regions')} searchable />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('3. Data and standards', '3. Données et standards')}>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Select label={t('Data model', 'Modèle de données')} data={MODELS} value={f.dataModel} onChange={(v) => set('dataModel')(v ?? 'OMOP_CDM')} error={err('dataModel')} allowDeselect={false} />
              <MultiSelect label={t('Coding systems', 'Terminologies')} data={CODING} value={f.codingSystems} onChange={set('codingSystems')} error={err('codingSystems')} />
              <Select label={t('Update frequency', 'Fréquence de mise à jour')} data={FREQUENCIES} value={f.updateFrequency} onChange={(v) => set('updateFrequency')(v ?? 'MONTHLY')} error={err('updateFrequency')} />
              <TextInput label={t('Data dictionary URL', 'URL du dictionnaire de données')} value={f.dictionaryUrl} onChange={text('dictionaryUrl')} error={err('dataDictionaryUrl')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('4. Legal basis and access', '4. Base légale et accès')}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Checkbox.Group label={t('Legal bases', 'Bases légales')} value={f.legalBases} onChange={set('legalBases')} error={err('legalBases')} withAsterisk>
                <Stack gap={4} mt={4}>{BASES.map((b) => <Checkbox key={b} value={b} label={b} />)}</Stack>
              </Checkbox.Group>
              <Checkbox.Group label={t('Personal data categories', 'Catégories de données personnelles')} value={f.categories} onChange={set('categories')} error={err('personalDataCategories')} withAsterisk>
                <Stack gap={4} mt={4}>{CATEGORIES.map((b) => <Checkbox key={b} value={b} label={b} />)}</Stack>
              </Checkbox.Group>
              <Select label={t('Access modality', 'Modalité d’accès')} data={MODALITIES} value={f.accessModality} onChange={(v) => set('accessModality')(v ?? 'SECURE_PROCESSING_ENVIRONMENT')} error={err('accessModality')} allowDeselect={false} />
              <Select label={t('Access rights', 'Droits d’accès')} data={['RESTRICTED', 'NON_PUBLIC', 'PUBLIC']} value={f.accessRights} onChange={(v) => set('accessRights')(v ?? 'RESTRICTED')} error={err('accessRights')} allowDeselect={false} />
              <Switch label={t('Hosted by a certified HDS host', 'Hébergé chez un hébergeur HDS certifié')} checked={f.hds} onChange={(e) => set('hds')(e.currentTarget.checked)} />
              <TextInput label={t('HDS host', 'Hébergeur HDS')} value={f.hostName} onChange={text('hostName')} error={err('hdsHosting.hostName', 'hostName')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('5. Contact point', '5. Point de contact')}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput label={t('Contact name', 'Nom du contact')} required value={f.contactName} onChange={text('contactName')} error={err('contactPoint.name')} />
              <TextInput label={t('Contact e-mail', 'E-mail du contact')} required value={f.contactEmail} onChange={text('contactEmail')} error={err('contactPoint.email')} />
            </SimpleGrid>
          </Fieldset>
          <ErrorAlert message={m.formError(['title.fr', 'title.en', 'description.fr', 'description.en', 'themes', 'keywords', 'populationCoverage.fr', 'populationCoverage.en', 'numberOfUniqueIndividuals', 'numberOfRecords', 'minTypicalAge', 'maxTypicalAge', 'start', 'end', 'regions', 'dataModel', 'codingSystems', 'updateFrequency', 'dataDictionaryUrl', 'legalBases', 'personalDataCategories', 'accessModality', 'accessRights', 'hostName', 'contactPoint.name', 'contactPoint.email'])} />
          <Button type="submit" loading={m.running} w="fit-content">{submitLabel}</Button>
        </Stack>
      </form>
  );
}
