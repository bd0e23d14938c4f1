import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import { fetchFile, useQuery, type ApiError } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert, Loading, Page } from '../components';

const FinanceDocument = graphql(`
  query Finance {
    ledgerBalances { account currency debitCents creditCents balanceCents }
    payoutAccount { holderName ibanMasked bic preferredMethod updatedAt }
  }
`);

function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Finance: ledger balances, payout account, monthly statements (PDF with the revenue chart, CSV). */
export function FinancePage() {
  const { t, money, dateTime } = useI18n();
  const q = useQuery(FinanceDocument);
  const [month, setMonth] = useState(lastMonth());
  const [file, setFile] = useState<{ url?: string; name?: string; loading: boolean; error?: ApiError }>({ loading: false });
  async function download(ext: 'pdf' | 'csv') {
    setFile({ loading: true });
    try {
      setFile({ url: await fetchFile(`/statements/${month}.${ext}`), name: `statement-${month}.${ext}`, loading: false });
    } catch (e) {
      setFile({ loading: false, error: e as ApiError });
    }
  }
  return (
    <Page title={t('Finance', 'Finances')}>
      <Alert color="blue">
        {t(
          'Bills, invoices and credit notes are not listed by the API yet: this page shows the ledger, the payout account and the monthly statements.',
          'L’API ne liste pas encore les factures ni les avoirs : cette page montre le grand livre, le compte de versement et les relevés mensuels.',
        )}
      </Alert>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      <Card withBorder component="section" aria-label={t('Statements', 'Relevés')}>
        <Title order={2} size="h4" mb="xs">{t('Monthly statement', 'Relevé mensuel')}</Title>
        <Group align="flex-end">
          <TextInput label={t('Month (YYYY-MM)', 'Mois (AAAA-MM)')} value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
          <Button variant="default" loading={file.loading} onClick={() => download('pdf')}>PDF</Button>
          <Button variant="default" loading={file.loading} onClick={() => download('csv')}>CSV</Button>
          {file.url && <Anchor href={file.url} download={file.name}>{t(`Save ${file.name}`, `Enregistrer ${file.name}`)}</Anchor>}
        </Group>
        <ErrorAlert error={file.error} />
      </Card>
      {q.data && (
        <Stack>
          <Card withBorder component="section" aria-label={t('Payout account', 'Compte de versement')}>
            <Title order={2} size="h4" mb="xs">{t('Payout account', 'Compte de versement')}</Title>
            {q.data.payoutAccount ? (
              <Text size="sm">{q.data.payoutAccount.holderName} · {q.data.payoutAccount.ibanMasked ?? '—'} {q.data.payoutAccount.bic ?? ''} · {q.data.payoutAccount.preferredMethod} · {dateTime(q.data.payoutAccount.updatedAt)}</Text>
            ) : (
              <Text size="sm">{t('None registered.', 'Aucun compte enregistré.')}</Text>
            )}
          </Card>
          <Card withBorder component="section" aria-label={t('Ledger balances', 'Soldes du grand livre')}>
            <Title order={2} size="h4" mb="xs">{t('Ledger balances', 'Soldes du grand livre')}</Title>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('Account', 'Compte')}</Table.Th>
                  <Table.Th ta="right">{t('Debit', 'Débit')}</Table.Th>
                  <Table.Th ta="right">{t('Credit', 'Crédit')}</Table.Th>
                  <Table.Th ta="right">{t('Balance', 'Solde')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.ledgerBalances.map((b) => (
                  <Table.Tr key={`${b.account}-${b.currency}`}>
                    <Table.Td>{b.account}</Table.Td>
                    <Table.Td ta="right">{money(b.debitCents)}</Table.Td>
                    <Table.Td ta="right">{money(b.creditCents)}</Table.Td>
                    <Table.Td ta="right">{money(b.balanceCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Stack>
      )}
    </Page>
  );
}
