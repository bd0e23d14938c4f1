import { Alert, Anchor, Button, Card, Checkbox, Grid, Group, Select, Stack, Table, Text, Textarea, Timeline, Title, Progress, FileButton, Loader } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../gql';
import type { AccessRequestTransition, RequestQuery } from '../gql/graphql';
import { fetchFile, useMutation, useQuery, request, ApiError } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { useMe } from '../session';
import { ErrorAlert, Loading, Page, Tag, ListTable } from '../components';
import { Redline } from '../redline';

const RequestsDocument = graphql(`
  query Requests {
    accessRequests(first: 100) {
      edges { node { id number state updatedAt offering { id title { fr en } } buyer { name } producer { name } } }
    }
  }
`);
const RequestDocument = graphql(`
  query Request($id: ID!) {
    accessRequest(id: $id) {
      id number state allowedTransitions projectTitle principalInvestigator purposeCategory purposeSummary legalBasis cnilFormality cnilReference durationMonths startDate
      scope { population variables }
      buyer { id name } producer { id name }
      offering { id title { fr en } version }
      licence { id key version clauses { id mode editable title { fr en } alternatives { id label { fr en } } } }
      estimate { totalCents }
      currentQuote { id number validUntil price { totalCents subtotalCents vatCents } }
      history { id at side transition fromState toState note }
      proposals { at by note changes { clauseId alternativeId revertToStandard } }
      deviations { clauseId kind alternativeId proposedBy redline { fr { kind text } en { kind text } } }
      agreement {
        id number status pdfPath sealedAt sealedPdfSha256 totalCents startsOn endsOn
        signatures { side signerName signedAt }
      }
    }
  }
`);
const TransitionDocument = graphql(`
  mutation TransitionAccessRequest($id: ID!, $transition: AccessRequestTransition!, $note: String) {
    transitionAccessRequest(id: $id, transition: $transition, note: $note) { id state }
  }
`);
const QuoteDocument = graphql(`
  mutation QuoteAccessRequest($id: ID!, $input: QuoteAccessRequestInput) {
    quoteAccessRequest(id: $id, input: $input) { id state }
  }
`);
const CounterProposeDocument = graphql(`
  mutation CounterPropose($id: ID!, $changes: [ClauseChangeInput!]!, $note: String) {
    counterProposeAccessRequest(id: $id, changes: $changes, note: $note) { id state }
  }
`);
const SignDocument = graphql(`
  mutation SignAgreement($agreementId: ID!, $consentText: String!, $publishPrice: Boolean!) {
    signAgreement(agreementId: $agreementId, consent: true, consentText: $consentText, publishPrice: $publishPrice) { id status sealedAt }
  }
`);
const VerifyDocument = graphql(`
  query VerifyAgreement($pdfBase64: String!) {
    verifyAgreement(pdfBase64: $pdfBase64) {
      issuedHere unaltered agreementNumber documentSha256 sealedAt status
      signatures { signerName signerOrganization signedAt valid coversWholeDocument }
      parties { side name signerName signedAt }
    }
  }
`);

const STATE_COLORS: Record<string, string> = { DRAFT: 'gray', SUBMITTED: 'blue', UNDER_REVIEW: 'blue', INFORMATION_REQUESTED: 'orange', QUOTED: 'violet', COUNTER_PROPOSED: 'orange', ACCEPTED: 'green', AGREEMENT_ISSUED: 'green', SIGNED: 'green', ACTIVE: 'green', EXPIRED: 'gray', TERMINATED: 'red', REJECTED: 'red', WITHDRAWN: 'gray' };

const MOVES: Record<string, [string, string]> = {
  submit: ['Submit to the producer', 'Envoyer au producteur'],
  startReview: ['Start the review', 'Commencer l’examen'],
  requestInformation: ['Ask for information', 'Demander des informations'],
  provideInformation: ['Provide the information', 'Fournir les informations'],
  accept: ['Accept and issue the agreement', 'Accepter et émettre l’accord'],
  reject: ['Reject', 'Refuser'],
  withdraw: ['Withdraw', 'Retirer la demande'],
  terminate: ['Terminate', 'Résilier'],
};

export function RequestsPage() {
  const { t, dateTime } = useI18n();
  const loc = useLocalized();
  const q = useQuery(RequestsDocument);
  return (
    <Page title={t('Access requests', 'Demandes d’accès')}>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <ListTable head={[t('Number', 'Numéro'), t('Offering', 'Offre'), t('Buyer', 'Acheteur'), t('Producer', 'Producteur'), t('State', 'État'), t('Updated', 'Mise à jour')]}>
            {q.data.accessRequests.edges.map(({ node: r }) => (
              <Table.Tr key={r.id}>
                <Table.Td><Anchor component={Link} to={`/requests/${r.id}`}>{r.number}</Anchor></Table.Td>
                <Table.Td>{loc(r.offering.title)}</Table.Td>
                <Table.Td>{r.buyer.name}</Table.Td>
                <Table.Td>{r.producer.name}</Table.Td>
                <Table.Td><Tag color={STATE_COLORS[r.state]}>{r.state}</Tag></Table.Td>
                <Table.Td>{dateTime(r.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      )}
    </Page>
  );
}

type Req = RequestQuery['accessRequest'];

export function RequestPage() {
  const { id = '' } = useParams();
  const { t, money, dateTime, date } = useI18n();
  const loc = useLocalized();
  const { me } = useMe();
  const q = useQuery(RequestDocument, { id });
  const move = useMutation(TransitionDocument);
  const quote = useMutation(QuoteDocument);
  const [note, setNote] = useState('');
  const r = q.data?.accessRequest;
  if (!r) return <Page title={t('Access request', 'Demande d’accès')}>{q.error ? <ErrorAlert error={q.error} /> : <Loading />}</Page>;
  const side = me?.organization.id === r.buyer.id ? 'BUYER' : 'PRODUCER';
  const simple = r.allowedTransitions.filter((x) => MOVES[x]);
  const run = (transition: AccessRequestTransition) => move.run({ id: r.id, transition, note: note || undefined }).then((d) => d && setNote(''));
  return (
    <Page title={`${r.number} — ${loc(r.offering.title)}`} actions={<Tag color={STATE_COLORS[r.state]}>{r.state}</Tag>}>
      <Text size="sm">
        {r.buyer.name} → {r.producer.name} · {t('licence', 'licence')} {r.licence.key} {r.licence.version} · {t('estimate', 'estimation')} {money(r.estimate.totalCents)}
        {r.currentQuote && ` · ${t('quote', 'devis')} ${r.currentQuote.number}: ${money(r.currentQuote.price.totalCents)} (${t('valid until', 'valable jusqu’au')} ${date(r.currentQuote.validUntil)})`}
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            {(simple.length > 0 || r.allowedTransitions.includes('quote') || r.allowedTransitions.includes('counterPropose')) && (
              <Card withBorder component="section" aria-label={t('Next steps', 'Prochaines étapes')}>
                <Title order={2} size="h4" mb="xs">{t('Your next step', 'Votre prochaine étape')}</Title>
                <Textarea label={t('Message to the other party (kept in the history)', 'Message à l’autre partie (conservé dans l’historique)')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} error={move.fieldError('note')} />
                <Group mt="xs">
                  {r.allowedTransitions.includes('quote') && (
                    <Button loading={quote.running} onClick={() => quote.run({ id: r.id, input: { note: note || undefined } }).then((d) => d && setNote(''))}>{t('Send a quote', 'Envoyer un devis')}</Button>
                  )}
                  {simple.map((x) => (
                    <Button key={x} variant={['reject', 'withdraw', 'terminate'].includes(x) ? 'outline' : 'filled'} color={['reject', 'withdraw', 'terminate'].includes(x) ? 'red.9' : undefined} loading={move.running} onClick={() => run(x)}>
                      {t(...MOVES[x])}
                    </Button>
                  ))}
                </Group>
                <ErrorAlert error={move.error ?? quote.error} />
              </Card>
            )}
            {r.allowedTransitions.includes('counterPropose') && <CounterProposal request={r} />}
            {r.agreement && <AgreementCard request={r} side={side} />}
            <Card withBorder component="section" aria-label={t('Negotiated clauses', 'Clauses négociées')}>
              <Title order={2} size="h4" mb="xs">{t('Negotiated clauses (redline)', 'Clauses négociées (suivi des modifications)')}</Title>
              {r.deviations.length === 0 && <Text size="sm">{t('The standard text applies.', 'Le texte standard s’applique.')}</Text>}
              {r.deviations.map((d) => (
                <Stack key={d.clauseId} gap={4} mb="sm" data-testid={`deviation-${d.clauseId}`}>
                  <Group gap="xs">
                    <Text fw={600}>{loc(r.licence.clauses.find((c) => c.id === d.clauseId)?.title) || d.clauseId}</Text>
                    <Tag color="orange">{d.kind === 'ALTERNATIVE' ? `${t('alternative', 'variante')} ${d.alternativeId}` : t('edited text', 'texte modifié')}</Tag>
                    {d.proposedBy && <Tag color="gray">{d.proposedBy}</Tag>}
                  </Group>
                  <Redline segments={d.redline.fr} />
                </Stack>
              ))}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder component="section" aria-label={t('Timeline', 'Chronologie')}>
            <Title order={2} size="h4" mb="sm">{t('Timeline', 'Chronologie')}</Title>
            <Timeline active={r.history.length - 1} bulletSize={14} lineWidth={2}>
              {r.history.map((h) => {
                const proposal = r.proposals.find((p) => p.at === h.at);
                return (
                  <Timeline.Item key={h.id} title={`${h.transition} · ${h.side}`}>
                    <Text size="xs">{dateTime(h.at)} · {h.fromState} → {h.toState}</Text>
                    {h.note && <Text size="sm">“{h.note}”</Text>}
                    {proposal?.changes.map((c) => <Text size="xs" key={c.clauseId}>{t('changes', 'modifie')} {c.clauseId}{c.alternativeId ? ` → ${c.alternativeId}` : ''}</Text>)}
                  </Timeline.Item>
                );
              })}
            </Timeline>
            <Stack gap={2} mt="md">
              <Text size="sm"><b>{t('Project', 'Projet')}</b> {r.projectTitle} ({r.principalInvestigator})</Text>
              <Text size="sm"><b>{t('Purpose', 'Finalité')}</b> {r.purposeCategory}: {r.purposeSummary}</Text>
              <Text size="sm"><b>CNIL</b> {r.cnilFormality} {r.cnilReference} · {r.legalBasis}</Text>
              <Text size="sm"><b>{t('Scope', 'Périmètre')}</b> {r.scope.population} — {r.scope.variables.join(', ')}</Text>
              <Text size="sm"><b>{t('Duration', 'Durée')}</b> {r.durationMonths} {t('months from', 'mois à partir du')} {date(r.startDate)}</Text>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function CounterProposal({ request: r }: { request: Req }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const negotiable = r.licence.clauses.filter((c) => c.mode === 'NEGOTIABLE' && c.alternatives.length > 0);
  const [clauseId, setClauseId] = useState<string | null>(negotiable[0]?.id ?? null);
  const clause = negotiable.find((c) => c.id === clauseId);
  const [alternativeId, setAlternativeId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const m = useMutation(CounterProposeDocument);
  return (
    <Card withBorder component="section" aria-label={t('Counter-proposal', 'Contre-proposition')}>
      <Title order={2} size="h4" mb="xs">{t('Propose a clause change', 'Proposer une modification de clause')}</Title>
      <Text size="sm" mb="xs">{t('Only negotiable clauses can change; locked ones are not offered.', 'Seules les clauses négociables peuvent changer ; les clauses verrouillées ne sont pas proposées.')}</Text>
      <Group align="flex-end">
        <Select label={t('Clause', 'Clause')} data={negotiable.map((c) => ({ value: c.id, label: loc(c.title) }))} value={clauseId} onChange={(v) => { setClauseId(v); setAlternativeId(null); }} error={m.fieldError("clauseId")} allowDeselect={false} />
        <Select label={t('Alternative', 'Variante')} data={clause?.alternatives.map((a) => ({ value: a.id, label: loc(a.label) })) ?? []} value={alternativeId} onChange={setAlternativeId} error={m.fieldError('alternativeId')} />
      </Group>
      <Textarea mt="xs" label={t('Message', 'Message')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} />
      <ErrorAlert message={m.formError(['clauseId', 'alternativeId'])} />
      <Button mt="xs" loading={m.running} disabled={!clauseId || !alternativeId} onClick={() => m.run({ id: r.id, changes: [{ clauseId: clauseId!, alternativeId }], note: note || undefined })}>
        {t('Send the counter-proposal', 'Envoyer la contre-proposition')}
      </Button>
    </Card>
  );
}

const CONSENT = {
  fr: 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.',
  en: 'I have read the agreement and its annexes and I sign it electronically on behalf of my organisation.',
};

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function AgreementCard({ request: r, side }: { request: Req; side: string }) {
  const { t, lang, dateTime, money, date } = useI18n();
  const a = r.agreement!;
  const { me } = useMe();
  const [consent, setConsent] = useState(false);
  const [publishPrice, setPublishPrice] = useState(false);
  const sign = useMutation(SignDocument);
  const [pdf, setPdf] = useState<{ url: string; loading: boolean; error?: ApiError }>({ url: '', loading: false });
  const [verification, setVerification] = useState<{ loading: boolean; result?: Awaited<ReturnType<typeof request<import('../gql/graphql').VerifyAgreementQuery, unknown>>>['verifyAgreement']; error?: ApiError }>({ loading: false });
  const mine = a.signatures.find((s) => s.side === side);
  const canSign = !mine && a.status === 'ISSUED' && me?.roles.some((x) => x === 'SIGNER');
  const consentText = lang === 'fr' ? CONSENT.fr : CONSENT.en;
  async function download() {
    setPdf({ url: '', loading: true });
    try {
      setPdf({ url: await fetchFile(a.pdfPath), loading: false });
    } catch (e) {
      setPdf({ url: '', loading: false, error: e as ApiError });
    }
  }
  async function verify(file: Blob | null) {
    if (!file) return;
    setVerification({ loading: true });
    try {
      const data = await request(VerifyDocument, { pdfBase64: await toBase64(file) });
      setVerification({ loading: false, result: data.verifyAgreement });
    } catch (e) {
      setVerification({ loading: false, error: e as ApiError });
    }
  }
  async function verifyDownloaded() {
    const blob = await (await fetch(pdf.url)).blob();
    await verify(blob);
  }
  return (
    <Card withBorder component="section" aria-label={t('Agreement', 'Accord')}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{t('Agreement', 'Accord')} {a.number}</Title>
        <Tag color={a.sealedAt ? 'green' : 'blue'}>{a.status}</Tag>
      </Group>
      <Text size="sm">{money(a.totalCents)} · {date(a.startsOn)} – {date(a.endsOn)}</Text>
      {a.signatures.map((s) => (
        <Text size="sm" key={s.side}>✔ {s.side}: {s.signerName}, {dateTime(s.signedAt)}</Text>
      ))}
      {a.sealedAt && <Text size="sm" fw={600}>{t('Sealed by the platform', 'Scellé par la plateforme')} {dateTime(a.sealedAt)} · SHA-256 <code>{a.sealedPdfSha256?.slice(0, 16)}…</code></Text>}
      {canSign && (
        <Stack gap="xs" mt="sm">
          <Checkbox label={consentText} checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
          <Checkbox label={t('I agree that the total price appears in the public transparency register', 'J’accepte que le prix total figure au registre public de transparence')} checked={publishPrice} onChange={(e) => setPublishPrice(e.currentTarget.checked)} />
          {sign.running && <Progress value={100} animated aria-label={t('Signing and sealing', 'Signature et scellement')} />}
          <Button w="fit-content" disabled={!consent} loading={sign.running} onClick={() => sign.run({ agreementId: a.id, consentText, publishPrice })}>{t('Sign the agreement', 'Signer l’accord')}</Button>
          <ErrorAlert error={sign.error} />
        </Stack>
      )}
      {mine && !a.sealedAt && <Text size="sm" mt="xs">{t('You have signed; waiting for the other party.', 'Vous avez signé ; en attente de l’autre partie.')}</Text>}
      <Group mt="sm">
        <Button variant="default" size="xs" loading={pdf.loading} onClick={download}>{a.sealedAt ? t('Get the sealed PDF', 'Obtenir le PDF scellé') : t('Get the PDF to sign', 'Obtenir le PDF à signer')}</Button>
        {pdf.url && <Anchor href={pdf.url} download={`${a.number}.pdf`} size="sm">{t('Save the PDF', 'Enregistrer le PDF')}</Anchor>}
        {pdf.url && a.sealedAt && <Button size="xs" variant="default" onClick={verifyDownloaded}>{t('Verify this PDF', 'Vérifier ce PDF')}</Button>}
        <FileButton onChange={verify} accept="application/pdf">
          {(props) => <Button size="xs" variant="default" {...props}>{t('Verify a PDF file…', 'Vérifier un fichier PDF…')}</Button>}
        </FileButton>
      </Group>
      <ErrorAlert error={pdf.error ?? verification.error} />
      {verification.loading && <Group gap="xs" mt="xs" role="status"><Loader size="xs" aria-hidden /><Text size="sm">{t('Verifying…', 'Vérification…')}</Text></Group>}
      {verification.result && (
        <Alert mt="xs" color={verification.result.issuedHere && verification.result.unaltered ? 'green' : 'red'} title={verification.result.issuedHere && verification.result.unaltered ? t('Authentic and unaltered', 'Authentique et intact') : t('Not verified', 'Non vérifié')} data-testid="verification">
          <Text size="sm">{verification.result.agreementNumber} · {t('issued here', 'émis ici')}: {String(verification.result.issuedHere)} · {t('unaltered', 'intact')}: {String(verification.result.unaltered)}</Text>
          {verification.result.signatures.map((s, i) => <Text size="sm" key={i}>{s.signerName} ({s.signerOrganization}) {dateTime(s.signedAt)} — {s.valid ? t('valid', 'valide') : t('invalid', 'invalide')}</Text>)}
        </Alert>
      )}
    </Card>
  );
}
