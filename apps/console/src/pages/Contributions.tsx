import { Alert, Button, Card, Checkbox, Group, SegmentedControl, SimpleGrid, Stack, Text, Textarea, Title, TypographyStylesProvider } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { ContributionRequestsQuery, ContributionStatus } from '../gql/graphql';
import { useMutation, useQuery } from '../api';
import { useI18n, useLocalized } from '../i18n';
import { useMe, hasRole } from '../session';
import { ErrorAlert, Loading, Page, Pager, Tag, useCursorPages } from '../components';

const ContributionRequestsDocument = graphql(`
  query ContributionRequests($status: ContributionStatus, $after: String) {
    contributionRequests(status: $status, first: 10, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          offeringId offeringVersionId offeringVersion offeringVersionStatus offeringTitle { fr en }
          network { name } position weight totalWeight status requestedAt decidedAt declineReason
          mandate { version sha256 text { fr en } }
        }
      }
    }
  }
`);
const AcceptContributionDocument = graphql(`
  mutation AcceptContribution($input: AcceptContributionInput!) {
    acceptContribution(input: $input) { offeringVersionId status decidedAt }
  }
`);
const DeclineContributionDocument = graphql(`
  mutation DeclineContribution($input: DeclineContributionInput!) {
    declineContribution(input: $input) { offeringVersionId status decidedAt declineReason }
  }
`);

type Request = ContributionRequestsQuery['contributionRequests']['edges'][number]['node'];
const STATUS_COLORS: Record<string, string> = { PENDING: 'orange', ACCEPTED: 'green', DECLINED: 'red' };

/** A contributor's answers to the networks that name it in an offering: its weight and the billing mandate. */
export function ContributionsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ContributionStatus | 'all'>('PENDING');
  const pages = useCursorPages();
  const q = useQuery(ContributionRequestsDocument, { status: status === 'all' ? undefined : status, after: pages.after });
  return (
    <Page title={t('Contribution requests', 'Demandes de contribution')}>
      <Text size="sm">
        {t(
          'A network offering your data names your organisation as a contributor, with a weight: your share of its revenue. Accepting also gives the platform the mandate to invoice buyers in your name.',
          'Une offre de réseau nomme votre organisation comme contributeur, avec un poids : votre part de ses revenus. Accepter donne aussi à la plateforme le mandat de facturer les acheteurs en votre nom.',
        )}
      </Text>
      <SegmentedControl
        aria-label={t('Which requests', 'Quelles demandes')}
        value={status}
        onChange={(v) => {
          setStatus(v as ContributionStatus | 'all');
          pages.reset();
        }}
        data={[
          { value: 'PENDING', label: t('To answer', 'À traiter') },
          { value: 'ACCEPTED', label: t('Accepted', 'Acceptées') },
          { value: 'DECLINED', label: t('Declined', 'Refusées') },
          { value: 'all', label: t('All', 'Toutes') },
        ]}
      />
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && q.data.contributionRequests.totalCount === 0 && <Text size="sm">{t('No request here.', 'Aucune demande ici.')}</Text>}
      {q.data?.contributionRequests.edges.map(({ node }) => <RequestCard key={node.offeringVersionId} r={node} />)}
      {q.data && q.data.contributionRequests.totalCount > 0 && (
        <Pager pages={pages} pageInfo={q.data.contributionRequests.pageInfo} totalCount={q.data.contributionRequests.totalCount} label={t('Pages of requests', 'Pages des demandes')} />
      )}
    </Page>
  );
}

function RequestCard({ r }: { r: Request }) {
  const { t, lang, dateTime, number } = useI18n();
  const loc = useLocalized();
  const { me } = useMe();
  const may = hasRole(me, 'ADMIN', 'FINANCE');
  const title = loc(r.offeringTitle);
  const share = r.totalWeight > 0 ? new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(r.weight / r.totalWeight) : '—';
  return (
    <Card withBorder component="section" aria-label={t(`Request of ${r.network.name}: ${title}`, `Demande de ${r.network.name} : ${title}`)}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">{title} <Text span size="sm">v{r.offeringVersion}</Text></Title>
          <Tag color={STATUS_COLORS[r.status]}>{r.status}</Tag>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Text size="sm">{t('Network', 'Réseau')} : {r.network.name}</Text>
          <Text size="sm" data-testid="contribution-weight">{t(`Weight ${number(r.weight)} of ${number(r.totalWeight)} (${share})`, `Poids ${number(r.weight)} sur ${number(r.totalWeight)} (${share})`)}</Text>
          <Text size="sm">{t('Asked', 'Demandé le')} {dateTime(r.requestedAt)}</Text>
          <Text size="sm">{r.decidedAt ? `${t('Answered', 'Répondu le')} ${dateTime(r.decidedAt)}` : t('Not answered', 'Sans réponse')}</Text>
        </SimpleGrid>
        {r.declineReason && <Text size="sm">{t('Reason given', 'Motif donné')} : {r.declineReason}</Text>}
        <details open={r.status === 'PENDING'}>
          <summary>{t(`Billing mandate ${r.mandate.version}`, `Mandat de facturation ${r.mandate.version}`)}</summary>
          <TypographyStylesProvider>
            <div data-testid="mandate-text" lang={lang === 'en' && r.mandate.text.en ? 'en' : 'fr'} style={{ whiteSpace: "pre-wrap", maxHeight: 260, overflow: "auto" }} tabIndex={0} role="region" aria-label={t('Mandate text', 'Texte du mandat')}>
              {loc(r.mandate.text)}
            </div>
          </TypographyStylesProvider>
        </details>
        {r.status === 'PENDING' && (may ? <Answer r={r} title={title} /> : <Alert color="blue">{t('An ADMIN or FINANCE member answers.', 'Un membre ADMIN ou FINANCE répond.')}</Alert>)}
      </Stack>
    </Card>
  );
}

function Answer({ r, title }: { r: Request; title: string }) {
  const { t } = useI18n();
  const accept = useMutation(AcceptContributionDocument);
  const decline = useMutation(DeclineContributionDocument);
  const [consent, setConsent] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <Stack gap="xs">
      <Checkbox
        checked={consent}
        onChange={(e) => setConsent(e.currentTarget.checked)}
        label={t(`I accept the weight ${r.weight} and give the platform the billing mandate above`, `J’accepte le poids ${r.weight} et donne à la plateforme le mandat de facturation ci-dessus`)}
      />
      <ErrorAlert error={accept.error} />
      <Group>
        <Button disabled={!consent} loading={accept.running} onClick={() => accept.run({ input: { offeringVersionId: r.offeringVersionId, weight: r.weight, mandateSha256: r.mandate.sha256 } })} aria-label={t(`Accept the contribution to ${title}`, `Accepter la contribution à ${title}`)}>
          {t('Accept', 'Accepter')}
        </Button>
        {!declining && <Button variant="default" onClick={() => setDeclining(true)} aria-label={t(`Decline the contribution to ${title}`, `Refuser la contribution à ${title}`)}>{t('Decline', 'Refuser')}</Button>}
      </Group>
      {declining && (
        <form
          noValidate
          aria-label={t(`Decline ${title}`, `Refus de ${title}`)}
          onSubmit={(e) => {
            e.preventDefault();
            decline.run({ input: { offeringVersionId: r.offeringVersionId, reason: reason.trim() || null } });
          }}
        >
          <Stack gap="xs">
            <Textarea label={t('Reason, for the network (optional)', 'Motif, pour le réseau (facultatif)')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={decline.fieldError('reason')} />
            <ErrorAlert message={decline.formError(['reason'])} />
            <Group>
              <Button type="submit" color="red.8" loading={decline.running}>{t('Send the refusal', 'Envoyer le refus')}</Button>
              <Button variant="default" onClick={() => setDeclining(false)}>{t('Cancel', 'Annuler')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
