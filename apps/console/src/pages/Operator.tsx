import { Alert, Button, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import { useEffect, useSyncExternalStore } from 'react';
import { bumpData, request, useMutation, useQuery, type ApiError } from '../api';
import type { OrganizationsQuery } from '../gql/graphql';
import { useI18n, useLocalized } from '../i18n';
import { ErrorAlert, Loading, Page, Tag, ListTable } from '../components';
import { ORG_KINDS, label } from '../labels';

const OrganizationsDocument = graphql(`
  query Organizations($verified: Boolean, $after: String) {
    organizations(verified: $verified, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name kind siret vatNumber createdAt verified verifiedAt address { city country } } }
    }
  }
`);
const VerifyDocument = graphql(`
  mutation VerifyOrganization($id: ID!) {
    verifyOrganization(id: $id) { id verified verifiedAt }
  }
`);
const RegisterDocument = graphql(`
  query TransparencyRegister {
    transparencyRegister(first: 100) {
      edges { node { agreementNumber producerName buyerName offeringTitle { fr en } purposeCategoryLabel purposeSummary signedAt startsOn endsOn status totalCents } }
    }
  }
`);

/** The platform operator: organisations waiting for verification. */
export function OperatorPage() {
  const { t, lang, dateTime } = useI18n();
  const [filter, setFilter] = useState('waiting');
  const q = useAllOrganizations(filter === 'waiting' ? false : filter === 'verified' ? true : undefined);
  const verify = useMutation(VerifyDocument);
  return (
    <Page title={t('Organisations', 'Organisations')}>
      <SegmentedControl
        aria-label={t('Which organisations', 'Quelles organisations')}
        value={filter}
        onChange={setFilter}
        data={[
          { value: 'waiting', label: t('Awaiting verification', 'En attente de vérification') },
          { value: 'verified', label: t('Verified', 'Vérifiées') },
          { value: 'all', label: t('All', 'Toutes') },
        ]}
      />
      <Alert color="blue">
        {t(
          'The API has no refusal yet: an organisation that should not be verified stays unverified (its offerings remain outside the public catalog).',
          'L’API ne permet pas encore de refuser : une organisation qui ne doit pas être vérifiée reste non vérifiée (ses offres restent hors du catalogue public).',
        )}
      </Alert>
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
                    <Group gap="xs">
                      <Button size="xs" loading={verify.running} onClick={() => verify.run({ id: o.id }).then(refreshOrganizations)} aria-label={t(`Verify ${o.name}`, `Vérifier ${o.name}`)}>
                        {t('Verify', 'Vérifier')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      )}
    </Page>
  );
}

type Org = OrganizationsQuery['organizations']['edges'][number]['node'];

/** Every page of the list (the API lists the oldest first), shown newest first; read again after any change. */
function useAllOrganizations(verified: boolean | undefined) {
  const version = useSyncExternalStore(subscribe, () => tick);
  const [state, setState] = useState<{ data?: Org[]; error?: ApiError; loading: boolean }>({ loading: true });
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const all: Org[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page++) {
        const data = await request(OrganizationsDocument, { verified, after });
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
  }, [verified, version]);
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
