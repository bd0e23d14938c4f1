import { Alert, Button, Card, Grid, Group, Loader, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title, Anchor, Progress } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../gql';
import type { LicenceVersionQuery } from '../gql/graphql';
import { fetchFile, useMutation, useQuery, ApiError } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { useMe, hasRole } from '../session';
import { ErrorAlert, Loading, Page, Tag } from '../components';
import { STATUS_COLORS } from './Licences';

const LicenceVersionDocument = graphql(`
  query LicenceVersion($id: ID!) {
    licenceTemplateVersion(id: $id) {
      id key version status hash isStandard submittedAt publishedAt
      submittedBy { id displayName } publishedBy { id displayName }
      title { fr en }
      basedOn { id key version }
      template { id versions { id version status } }
      clauses { id mode editable when title { fr en } text { fr en } alternatives { id label { fr en } } }
      variables { name type required default min max maxLength label { fr en } values { value label { fr en } } }
    }
  }
`);
const EditClauseDocument = graphql(`
  mutation EditLicenceClause($versionId: ID!, $clauseId: String!, $input: EditLicenceClauseInput!) {
    editLicenceClause(versionId: $versionId, clauseId: $clauseId, input: $input) { id version status }
  }
`);
const SetDefaultDocument = graphql(`
  mutation SetLicenceVariableDefault($versionId: ID!, $name: String!, $value: JSON) {
    setLicenceVariableDefault(versionId: $versionId, name: $name, value: $value) { id }
  }
`);
const SubmitDocument = graphql(`
  mutation SubmitLicenceForReview($versionId: ID!) {
    submitLicenceForReview(versionId: $versionId) { id status hash }
  }
`);
const PublishDocument = graphql(`
  mutation PublishLicenceVersion($versionId: ID!) {
    publishLicenceVersion(versionId: $versionId) { id status hash }
  }
`);

type Version = LicenceVersionQuery['licenceTemplateVersion'];
type Clause = Version['clauses'][number];

export function LicenceVersionPage() {
  const { versionId = '' } = useParams();
  const { t, dateTime } = useI18n();
  const loc = useLocalized();
  const { me } = useMe();
  const q = useQuery(LicenceVersionDocument, { id: versionId });
  const submit = useMutation(SubmitDocument);
  const publish = useMutation(PublishDocument);
  const [previewKey, setPreviewKey] = useState(0);
  const refreshPreview = useCallback(() => setPreviewKey((k) => k + 1), []);
  const v = q.data?.licenceTemplateVersion;
  if (!v) return <Page title={t('Licence', 'Licence')}>{q.error ? <ErrorAlert error={q.error} /> : <Loading />}</Page>;
  const legal = hasRole(me, 'LEGAL') && !v.isStandard;
  const draft = v.status === 'DRAFT';
  const previous = v.template.versions.filter((x) => x.id !== v.id);
  const diffFrom = v.basedOn?.id ?? previous[0]?.id;
  return (
    <Page
      title={`${loc(v.title)} — ${v.key} ${v.version}`}
      actions={
        <Group>
          <Tag color={STATUS_COLORS[v.status]}>{v.status}</Tag>
          {diffFrom && (
            <Button component={Link} to={`/licences/diff?from=${diffFrom}&to=${v.id}`} variant="default" size="sm">
              {t('Redline against the original', 'Comparer à l’original')}
            </Button>
          )}
          {legal && draft && (
            <Button size="sm" loading={submit.running} onClick={() => submit.run({ versionId: v.id })}>
              {t('Submit for review', 'Soumettre en revue')}
            </Button>
          )}
          {legal && v.status === 'IN_REVIEW' && (
            <Button size="sm" color="green.9" loading={publish.running} onClick={() => publish.run({ versionId: v.id })}>
              {t('Approve and publish', 'Approuver et publier')}
            </Button>
          )}
        </Group>
      }
    >
      <Text size="sm">
        {t('Hash', 'Empreinte')} <code>{v.hash.slice(0, 16)}…</code>
        {v.submittedBy && ` · ${t('submitted by', 'soumise par')} ${v.submittedBy.displayName} ${dateTime(v.submittedAt)}`}
        {v.publishedBy && ` · ${t('published by', 'publiée par')} ${v.publishedBy.displayName} ${dateTime(v.publishedAt)}`}
      </Text>
      {v.status === 'IN_REVIEW' && v.submittedBy?.id === me?.user?.id && (
        <Alert color="blue" title={t('Waiting for a second LEGAL member', 'En attente d’un second membre LEGAL')}>
          {t('Another LEGAL member of your organisation approves and publishes this version.', 'Un autre membre LEGAL de votre organisation approuve et publie cette version.')}
        </Alert>
      )}
      <ErrorAlert error={submit.error ?? publish.error} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <Title order={2} size="h3">{t('Clauses', 'Clauses')}</Title>
            {v.clauses.map((c) => (
              <ClauseCard key={c.id} versionId={v.id} clause={c} canEdit={legal && draft} onSaved={refreshPreview} />
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm" style={{ position: 'sticky', top: 70 }}>
            <VariablesForm version={v} canEdit={legal && draft} onSaved={refreshPreview} />
            <PdfPreview versionId={v.id} refreshKey={previewKey} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function ClauseCard({ versionId, clause, canEdit, onSaved }: { versionId: string; clause: Clause; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const [editing, setEditing] = useState(false);
  const [fr, setFr] = useState(clause.text.fr);
  const [en, setEn] = useState(clause.text.en);
  const m = useMutation(EditClauseDocument);
  const locked = clause.mode === 'LOCKED';
  useEffect(() => {
    setFr(clause.text.fr);
    setEn(clause.text.en);
  }, [clause.text.fr, clause.text.en]);
  async function save() {
    const data = await m.run({ versionId, clauseId: clause.id, input: { text: { fr, en } } });
    if (data) {
      setEditing(false);
      onSaved();
    }
  }
  return (
    <Card withBorder data-testid={`clause-${clause.id}`} bg={locked ? 'gray.0' : undefined} aria-label={`${t('Clause', 'Clause')} ${loc(clause.title)}`} component="section">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{loc(clause.title)}</Title>
        <Group gap="xs">
          {locked && <Tag color="gray">🔒 {t('Locked', 'Verrouillée')}</Tag>}
          {clause.mode === 'NEGOTIABLE' && <Tag color="green">{t('Negotiable', 'Négociable')}</Tag>}
          {clause.mode === 'CONDITIONAL' && <Tag color="blue">{t(`Conditional: ${clause.when}`, `Conditionnelle : ${clause.when}`)}</Tag>}
          {clause.alternatives.length > 0 && <Tag color="violet">{t(`${clause.alternatives.length} alternatives`, `${clause.alternatives.length} variantes`)}</Tag>}
          {canEdit && !editing && (
            <Button size="xs" variant="default" onClick={() => setEditing(true)} aria-label={t(`Edit ${loc(clause.title)}`, `Modifier ${loc(clause.title)}`)}>
              {t('Edit', 'Modifier')}
            </Button>
          )}
        </Group>
      </Group>
      {editing && locked && (
        <Alert color="orange" mb="xs" title={t('Locked clause', 'Clause verrouillée')}>
          {t('The standard licence does not let this clause change: the platform will refuse an edit.', 'La licence standard ne permet pas de modifier cette clause : la plateforme refusera la modification.')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Textarea label={t('French (authoritative)', 'Français (fait foi)')} value={fr} onChange={(e) => setFr(e.currentTarget.value)} readOnly={!editing} autosize minRows={3} maxRows={editing ? 16 : 6} error={m.fieldError('fr', 'text')} />
        <Textarea label={t('English', 'Anglais')} value={en} onChange={(e) => setEn(e.currentTarget.value)} readOnly={!editing} autosize minRows={3} maxRows={editing ? 16 : 6} error={m.fieldError('en')} />
      </SimpleGrid>
      {editing && (
        <Stack mt="xs" gap="xs">
          <ErrorAlert message={m.formError(['fr', 'en', 'text'])} />
          <Group>
            <Button size="xs" loading={m.running} onClick={save}>{t('Save the clause', 'Enregistrer la clause')}</Button>
            <Button size="xs" variant="default" onClick={() => { setEditing(false); m.reset(); setFr(clause.text.fr); setEn(clause.text.en); }}>
              {t('Cancel', 'Annuler')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

/** The licence's variables as a form: their defaults, which fill the preview and every agreement that gives no value. */
function VariablesForm({ version, canEdit, onSaved }: { version: Version; canEdit: boolean; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const loc = useLocalized();
  const editable = version.variables.filter((x) => ['INTEGER', 'BOOLEAN', 'ENUM', 'TEXT', 'DATE', 'MONEY'].includes(x.type));
  const [values, setValues] = useState<Record<string, unknown>>(() => Object.fromEntries(editable.map((x) => [x.name, x.default ?? null])));
  const m = useMutation(SetDefaultDocument);
  const [saved, setSaved] = useState(false);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    for (const x of editable) {
      const value = values[x.name] === '' ? null : values[x.name];
      if (JSON.stringify(value ?? null) === JSON.stringify(x.default ?? null)) continue;
      if (!(await m.run({ versionId: version.id, name: x.name, value }))) return;
    }
    setSaved(true);
    onSaved();
  }
  const set = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <Card withBorder component="section" aria-label={t('Variables', 'Variables')}>
      <form onSubmit={save} noValidate>
        <Stack gap="xs">
          <Title order={2} size="h4">{t('Variables (defaults)', 'Variables (valeurs par défaut)')}</Title>
          <Text size="sm">{t('Parties, dataset and fees are filled from each agreement.', 'Les parties, le jeu de données et les redevances viennent de chaque accord.')}</Text>
          <SimpleGrid cols={2}>
            {editable.map((x) => {
              const common = { label: loc(x.label), disabled: !canEdit, error: m.error && m.error.fields.length === 0 && (m.error.message.includes(x.name) ? m.error.message : undefined) };
              const value = values[x.name];
              if (x.type === 'BOOLEAN') return <Switch key={x.name} {...common} error={undefined} checked={!!value} onChange={(e) => set(x.name, e.currentTarget.checked)} />;
              if (x.type === 'INTEGER' || x.type === 'MONEY')
                return <NumberInput key={x.name} {...common} min={x.min ?? undefined} max={x.max ?? undefined} value={typeof value === 'number' ? value : ''} onChange={(n) => set(x.name, n === '' ? null : Number(n))} />;
              if (x.type === 'ENUM')
                return <Select key={x.name} {...common} data={x.values.map((o) => ({ value: o.value, label: lang === 'fr' ? o.label.fr : o.label.en }))} value={(value as string) ?? null} onChange={(s) => set(x.name, s)} />;
              return <TextInput key={x.name} {...common} value={(value as string) ?? ''} onChange={(e) => set(x.name, e.currentTarget.value)} placeholder={x.type === 'DATE' ? 'AAAA-MM-JJ' : undefined} />;
            })}
          </SimpleGrid>
          <ErrorAlert error={m.error} />
          {canEdit && (
            <Group>
              <Button type="submit" size="xs" loading={m.running}>{t('Save the defaults', 'Enregistrer les valeurs')}</Button>
              {saved && <Text size="sm" role="status">{t('Saved', 'Enregistré')}</Text>}
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** The preview PDF, filled with your organisation, fetched again after every change. */
function PdfPreview({ versionId, refreshKey }: { versionId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const [locale, setLocale] = useState<'fr' | 'en'>(lang);
  const [url, setUrl] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadedKey, setLoadedKey] = useState(-1);
  const [error, setError] = useState<ApiError | undefined>();
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    fetchFile(`/licences/${versionId}/preview.pdf?locale=${locale}`).then(
      (u) => {
        if (mine !== generation.current) return URL.revokeObjectURL(u);
        setUrl((old) => (old && URL.revokeObjectURL(old), u));
        setLoadedKey(refreshKey);
        setLoading(false);
      },
      (e: ApiError) => mine === generation.current && (setError(e), setLoading(false)),
    );
  }, [versionId, refreshKey, locale]);
  return (
    <Card withBorder component="section" aria-label={t('PDF preview', 'Aperçu PDF')}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{t('PDF preview', 'Aperçu PDF')}</Title>
        <Group gap="xs">
          <Select size="xs" aria-label={t('Language of the preview', 'Langue de l’aperçu')} data={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} value={locale} onChange={(v) => setLocale((v as 'fr' | 'en') ?? 'fr')} allowDeselect={false} w={120} />
          {url && <Anchor href={url} download={`preview-${locale}.pdf`} size="sm">{t('Download', 'Télécharger')}</Anchor>}
        </Group>
      </Group>
      {loading && (
        <Group gap="xs" role="status" mb="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm">{t('Generating the preview…', 'Génération de l’aperçu…')}</Text>
          <Progress value={100} animated w={120} aria-hidden />
        </Group>
      )}
      <ErrorAlert error={error} />
      {url && <iframe data-testid="pdf-preview" data-generation={loadedKey} title={t('Preview of the licence', 'Aperçu de la licence')} src={url} style={{ width: '100%', height: 520, border: '1px solid #ced4da' }} />}
    </Card>
  );
}
