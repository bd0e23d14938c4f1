import { Button, Group, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import { useEffect, useSyncExternalStore } from 'react';
import { bumpData, request, useMutation, useQuery, type ApiError } from '../api';
import type { OrganizationsQuery, OrganizationVerificationStatus } from '../gql/graphql';
import { useI18n, useLocalized } from '../i18n';
import { ErrorAlert, Loading, Page, Tag, ListTable } from '../components';
import { ORG_KINDS, label } from '../labels';

const OrganizationsDocument = graphql(`
  query Organizations($status: OrganizationVerificationStatus, $after: String) {
    organizations(verificationStatus: $status, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name kind siret vatNumber createdAt verified verifiedAt verificationStatus refusal { reason refusedAt } address { city country } } }
    }
  }
`);
const VerifyDocument = graphql(`
  mutation VerifyOrganization($id: ID!) {
    verifyOrganization(id: $id) { id verified verifiedAt verificationStatus }
  }
`);
const RefuseDocument = graphql(`
  mutation RefuseOrganization($id: ID!, $reason: String!) {
    refuseOrganization(organizationId: $id, reason: $reason) { id verificationStatus refusal { reason refusedAt } }
  }
`);
const RegisterDocument = graphql(`
  query TransparencyRegister {
    transparencyRegister(first: 100) {
      edges { node { agreementNumber producerName buyerName offeringTitle { fr en } purposeCategoryLabel purposeSummary signedAt startsOn endsOn status totalCents } }
    }
  }
`);

type Filter = 'PENDING' | 'VERIFIED' | 'REFUSED' | 'all';

/** The platform operator: organisations waiting for verification, verified or refused with a reason. */
export function OperatorPage() {
  const { t, lang, dateTime } = useI18n();
  const [filter, setFilter] = useState<Filter>('PENDING');
  const q = useAllOrganizations(filter === 'all' ? undefined : filter);
  const verify = useMutation(VerifyDocument);
  const [refusing, setRefusing] = useState<string | null>(null);
  return (
    <Page title={t('Organisations', 'Organisations')}>
      <SegmentedControl
        aria-label={t('Which organisations', 'Quelles organisations')}
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'PENDING', label: t('Awaiting verification', 'En attente de vérification') },
          { value: 'VERIFIED', label: t('Verified', 'Vérifiées') },
          { value: 'REFUSED', label: t('Refused', 'Refusées') },
          { value: 'all', label: t('All', 'Toutes') },
        ]}
      />
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error ?? verify.error} />
      {q.data && (
        <ListTable head={[t('Organisation', 'Organisation'), t('Kind', 'Type'), `SIRET / ${t('VAT', 'TVA')}`, t('Signed up', 'Inscrite le'), t('Verification', 'Vérification')]}>
            {q.data.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>{o.name}<Text size="xs">{o.address.city}, {o.address.country}</Text></Table.Td>
                <Table.Td>{label(ORG_KINDS, o.kind, lang)}</Table.Td>
                <Table.Td>{o.siret ?? '—'} {o.vatNumber && <Text size="xs">{o.vatNumber}</Text>}</Table.Td>
                <Table.Td>{dateTime(o.createdAt)}</Table.Td>
                <Table.Td>
                  {o.verified ? (
                    <Tag color="green">{t(`verified ${dateTime(o.verifiedAt)}`, `vérifiée le ${dateTime(o.verifiedAt)}`)}</Tag>
                  ) : (
                    <Stack gap="xs">
                      {o.refusal && (
                        <div>
                          <Tag color="red">{t(`refused ${dateTime(o.refusal.refusedAt)}`, `refusée le ${dateTime(o.refusal.refusedAt)}`)}</Tag>
                          <Text size="xs" data-testid="refusal-reason">{o.refusal.reason}</Text>
                        </div>
                      )}
                      <Group gap="xs">
                        <Button size="xs" loading={verify.running} onClick={() => verify.run({ id: o.id }).then(refreshOrganizations)} aria-label={t(`Verify ${o.name}`, `Vérifier ${o.name}`)}>
                          {t('Verify', 'Vérifier')}
                        </Button>
                        {refusing !== o.id && (
                          <Button size="xs" variant="default" onClick={() => setRefusing(o.id)} aria-label={t(`Refuse ${o.name}`, `Refuser ${o.name}`)}>
                            {o.refusal ? t('Refuse again', 'Refuser à nouveau') : t('Refuse', 'Refuser')}
                          </Button>
                        )}
                      </Group>
                      {refusing === o.id && <RefusalForm id={o.id} name={o.name} onDone={() => setRefusing(null)} />}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      )}
    </Page>
  );
}

/** The reason the organisation's members will read: the API's problem with it shows under the field. */
function RefusalForm({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const { t } = useI18n();
  const refuse = useMutation(RefuseDocument);
  const [reason, setReason] = useState('');
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (await refuse.run({ id, reason })) {
      refreshOrganizations();
      onDone();
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t(`Refusal of ${name}`, `Refus de ${name}`)}>
      <Stack gap="xs">
        <Textarea
          label={t(`Reason of the refusal of ${name}`, `Motif du refus de ${name}`)}
          description={t('Shown to its members: say what to fix (at most 1,000 characters).', 'Montré à ses membres : dites quoi corriger (1 000 caractères au plus).')}
          required autosize minRows={2} maxRows={6} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={refuse.fieldError('reason')}
        />
        <ErrorAlert message={refuse.formError(['reason'])} />
        <Group gap="xs">
          <Button size="xs" color="red.8" type="submit" loading={refuse.running}>{t('Send the refusal', 'Envoyer le refus')}</Button>
          <Button size="xs" variant="default" onClick={onDone}>{t('Cancel', 'Annuler')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

type Org = OrganizationsQuery['organizations']['edges'][number]['node'];

/** Every page of the list (the API lists the oldest first), shown newest first; read again after any change. */
function useAllOrganizations(status: Exclude<Filter, 'all'> | undefined) {
  const version = useSyncExternalStore(subscribe, () => tick);
  const [state, setState] = useState<{ data?: Org[]; error?: ApiError; loading: boolean }>({ loading: true });
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const all: Org[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page++) {
        const data = await request(OrganizationsDocument, { status: status as OrganizationVerificationStatus | undefined, after });
        all.push(...data.organizations.edges.map((e) => e.node));
        if (!data.organizations.pageInfo.hasNextPage) break;
        after = data.organizations.pageInfo.endCursor ?? undefined;
      }
      return all.reverse();
    })().then(
      (data) => !cancelled && setState({ data, loading: false }),
      (error: ApiError) => !cancelled && setState({ error, loading: false }),
    );
    return () => {
      cancelled = true;
    };
  }, [status, version]);
  return state;
}
// Re-read after a verification: the mutation hook bumps the shared data version.
let tick = 0;
const listeners = new Set<() => void>();
function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function refreshOrganizations() {
  tick++;
  listeners.forEach((l) => l());
  bumpData();
}

/** The public transparency register of signed agreements. */
export function RegisterPage() {
  const { t, date, money } = useI18n();
  const loc = useLocalized();
  const q = useQuery(RegisterDocument);
  return (
    <Page title={t('Transparency register', 'Registre de transparence')}>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <ListTable head={[t('Agreement', 'Accord'), t('Producer → buyer', 'Producteur → acheteur'), t('Dataset', 'Jeu de données'), t('Purpose', 'Finalité'), t('Period', 'Période'), t('Price', 'Prix')]}>
            {q.data.transparencyRegister.edges.map(({ node: e }) => (
              <Table.Tr key={e.agreementNumber}>
                <Table.Td>{e.agreementNumber}<Text size="xs">{e.status}</Text></Table.Td>
                <Table.Td>{e.producerName} → {e.buyerName}</Table.Td>
                <Table.Td>{loc(e.offeringTitle)}</Table.Td>
                <Table.Td>{e.purposeCategoryLabel}<Text size="xs">{e.purposeSummary}</Text></Table.Td>
                <Table.Td>{date(e.startsOn)} – {date(e.endsOn)}</Table.Td>
                <Table.Td>{e.totalCents == null ? t('not published', 'non publié') : money(e.totalCents)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      )}
    </Page>
  );
}
