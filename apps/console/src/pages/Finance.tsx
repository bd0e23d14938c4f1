import { Alert, Button, Card, Code, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { decimalToCents, parisDay } from '@app/core/kernel';
import { graphql } from '../gql';
import type { BillsQuery } from '../gql/graphql';
import { useMutation, useQuery } from '../api';
import { useI18n } from '../i18n';
import { useMe, hasRole } from '../session';
import { DownloadButton, ErrorAlert, ListTable, Loading, Page, Pager, Tag, apiPath, useCursorPages } from '../components';

const BillsDocument = graphql(`
  query Bills($after: String) {
    bills(first: 10, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number kind status agreementNumber accessRequestNumber issueDate dueDate periodStart periodEnd totalCents currency network { name } buyer { name } } }
    }
  }
`);
const BillDetailDocument = graphql(`
  query BillDetail($id: ID!) {
    bill(id: $id) {
      id number status cancelledAt totalCents netCents vatCents dueDate
      invoices {
        id number documentType status issueDate netCents vatCents totalCents creditReason pdfUrl xmlUrl
        seller { name }
        creditedInvoice { number }
      }
    }
    billPayment(billId: $id) {
      status totalCents paidCents outstandingCents refundedCents stripeStatus stripeError
      payments { id method amountCents appliedCents receivedOn bankReference }
    }
    paymentOptions { stripeEnabled bankTransfer { accountHolder iban bic } }
  }
`);
const InvoicesDocument = graphql(`
  query Invoices($after: String) {
    invoices(first: 10, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number documentType status kind issueDate periodStart periodEnd totalCents creditReason pdfUrl xmlUrl buyer { name } seller { name } bill { number } creditedInvoice { number } } }
    }
  }
`);
const SellerFinanceDocument = graphql(`
  query SellerFinance {
    ledgerBalances { account currency debitCents creditCents balanceCents }
    payoutAccount { holderName ibanMasked bic stripeAccountId preferredMethod updatedAt }
  }
`);
const RegisterPayoutAccountDocument = graphql(`
  mutation RegisterPayoutAccount($input: RegisterPayoutAccountInput!) {
    registerPayoutAccount(input: $input) { holderName ibanMasked bic preferredMethod updatedAt }
  }
`);
const PlatformFinanceDocument = graphql(`
  query PlatformFinance {
    ledgerTrialBalance { account currency debitCents creditCents balanceCents }
  }
`);
const RecordBankTransferDocument = graphql(`
  mutation RecordBankTransfer($input: RecordBankTransferInput!) {
    recordBankTransfer(input: $input) { billNumber status totalCents paidCents outstandingCents }
  }
`);
const RunPayoutsDocument = graphql(`
  mutation RunPayouts {
    runPayouts { runId skipped transfers sepaLines waiting sepaFileId }
  }
`);
const ConfirmSepaFileDocument = graphql(`
  mutation ConfirmSepaFileExecuted($sepaFileId: ID!, $executedOn: String!) {
    confirmSepaFileExecuted(sepaFileId: $sepaFileId, executedOn: $executedOn) { messageId settled }
  }
`);

const PAYMENT_COLORS: Record<string, string> = { OPEN: 'orange', PARTIALLY_PAID: 'yellow', PAID: 'green' };
const BILL_COLORS: Record<string, string> = { ISSUED: 'blue', CANCELLED: 'red' };

/** Today in Paris, the platform's legal day, whatever the browser's time zone. */
function today(): string {
  return parisDay(new Date());
}

/**
 * Finance, as the caller's organisation needs it: a buyer's bills (their invoices, credit notes,
 * what is left to pay and how), a seller's invoices, payout account, balances and statements,
 * the platform's bank transfers, payout runs and SEPA files.
 */
export function FinancePage() {
  const { t } = useI18n();
  const { me } = useMe();
  if (!me) return null;
  const finance = hasRole(me, 'FINANCE');
  const platform = me.organization.kind === 'PLATFORM';
  return (
    <Page title={t('Finance', 'Finances')}>
      {!finance && (
        <Alert color="blue">
          {t('Paying, registering a payout account and the platform\'s finance operations need the FINANCE role: you see the documents.', 'Payer, enregistrer un compte de versement et les opérations financières de la plateforme demandent le rôle FINANCE : vous voyez les documents.')}
        </Alert>
      )}
      {platform ? (
        <PlatformFinance />
      ) : (
        <>
          <BillsSection buyer={me.organization.isBuyer} />
          {me.organization.isProducer && <SellerFinance />}
        </>
      )}
    </Page>
  );
}

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{title}</Title>
        {actions}
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

type BillRow = BillsQuery['bills']['edges'][number]['node'];

function BillsSection({ buyer }: { buyer: boolean }) {
  const { t, date, money } = useI18n();
  const pages = useCursorPages();
  const q = useQuery(BillsDocument, { after: pages.after });
  const [open, setOpen] = useState<BillRow | null>(null);
  return (
    <Section title={buyer ? t('Bills to pay', 'Factures à régler') : t('Bills of our agreements', 'Factures de nos accords')}>
      {q.loading && !q.data && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && q.data.bills.totalCount === 0 && <Text size="sm">{t('No bill yet: a bill is issued when an agreement is sealed, then each month of usage.', 'Aucune facture : une facture est émise à la signature d’un accord, puis chaque mois d’usage.')}</Text>}
      {q.data && q.data.bills.totalCount > 0 && (
        <>
          <ListTable head={[t('Bill', 'Facture'), buyer ? t('Offered by', 'Proposé par') : t('Buyer', 'Acheteur'), t('Period', 'Période'), t('Due', 'Échéance'), t('Status', 'Statut'), t('Total incl. VAT', 'Total TTC'), '']}>
            {q.data.bills.edges.map(({ node: b }) => (
              <Table.Tr key={b.id}>
                <Table.Td>{b.number}<Text size="xs">{b.kind} · {b.agreementNumber ?? b.accessRequestNumber} · {date(b.issueDate)}</Text></Table.Td>
                <Table.Td>{buyer ? b.network.name : b.buyer.name}</Table.Td>
                <Table.Td>{date(b.periodStart)} – {date(b.periodEnd)}</Table.Td>
                <Table.Td>{date(b.dueDate)}</Table.Td>
                <Table.Td><Tag color={BILL_COLORS[b.status]}>{b.status}</Tag></Table.Td>
                <Table.Td ta="right">{money(b.totalCents)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant={open?.id === b.id ? 'filled' : 'default'} aria-expanded={open?.id === b.id} onClick={() => setOpen(open?.id === b.id ? null : b)} aria-label={t(`Details of ${b.number}`, `Détails de ${b.number}`)}>
                    {t('Details', 'Détails')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
          <Pager pages={pages} pageInfo={q.data.bills.pageInfo} totalCount={q.data.bills.totalCount} label={t('Pages of bills', 'Pages des factures')} />
        </>
      )}
      {open && <BillDetail id={open.id} buyer={buyer} />}
    </Section>
  );
}

function BillDetail({ id, buyer }: { id: string; buyer: boolean }) {
  const { t, date, money } = useI18n();
  const q = useQuery(BillDetailDocument, { id });
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const { bill, billPayment: pay, paymentOptions } = q.data;
  const owed = pay.outstandingCents > 0 && bill.status !== 'CANCELLED';
  return (
    <Card withBorder bg="gray.0" component="section" aria-label={t(`Bill ${bill.number}`, `Facture ${bill.number}`)} data-testid="bill-detail">
      <Stack gap="sm">
        <Title order={3} size="h5">{t(`Bill ${bill.number}`, `Facture ${bill.number}`)}</Title>
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Figure label={t('Total incl. VAT', 'Total TTC')} value={money(pay.totalCents)} />
          <Figure label={t('Paid', 'Payé')} value={money(pay.paidCents)} />
          <Figure label={t('Outstanding', 'Reste à payer')} value={money(pay.outstandingCents)} testId="bill-outstanding" />
          <Figure label={t('Refunded', 'Remboursé')} value={money(pay.refundedCents)} />
          <Figure label={t('Payment', 'Paiement')} value={<Tag color={PAYMENT_COLORS[pay.status]}>{pay.status}</Tag>} testId="bill-payment-status" />
        </SimpleGrid>
        <Title order={4} size="h6">{t('Invoices and credit notes', 'Factures et avoirs')}</Title>
        <InvoiceTable invoices={bill.invoices} showSeller />
        {pay.payments.length > 0 && (
          <>
            <Title order={4} size="h6">{t('Payments received', 'Paiements reçus')}</Title>
            <ListTable head={[t('Received', 'Reçu le'), t('Method', 'Moyen'), t('Reference', 'Référence'), t('Amount', 'Montant'), t('Applied to the bill', 'Imputé sur la facture')]}>
              {pay.payments.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{date(p.receivedOn)}</Table.Td>
                  <Table.Td>{p.method === 'BANK' ? t('bank transfer', 'virement') : t('card or SEPA Debit (Stripe)', 'carte ou prélèvement SEPA (Stripe)')}</Table.Td>
                  <Table.Td>{p.bankReference ?? '—'}</Table.Td>
                  <Table.Td ta="right">{money(p.amountCents)}</Table.Td>
                  <Table.Td ta="right">{money(p.appliedCents)}</Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          </>
        )}
        {buyer && owed && (
          <Alert color="indigo" variant="light" title={t('How to pay', 'Comment payer')} data-testid="pay-instructions">
            {paymentOptions.bankTransfer ? (
              <Stack gap={4}>
                <Text size="sm">
                  {t(`By bank transfer of ${money(pay.outstandingCents)} before ${date(bill.dueDate)} to:`, `Par virement de ${money(pay.outstandingCents)} avant le ${date(bill.dueDate)} à :`)}
                </Text>
                <Text size="sm">{paymentOptions.bankTransfer.accountHolder} · IBAN <Code>{paymentOptions.bankTransfer.iban.replace(/(.{4})/g, '$1 ').trim()}</Code>{paymentOptions.bankTransfer.bic && <> · BIC <Code>{paymentOptions.bankTransfer.bic}</Code></>}</Text>
                <Text size="sm">{t('Reference (required, so that the platform matches your transfer):', 'Référence (obligatoire, pour que la plateforme rapproche votre virement) :')} <Code data-testid="pay-reference">{bill.number}</Code></Text>
              </Stack>
            ) : (
              <Text size="sm">{t(`By bank transfer to the account printed on the invoices, with ${bill.number} as reference.`, `Par virement au compte indiqué sur les factures, avec la référence ${bill.number}.`)}</Text>
            )}
            {paymentOptions.stripeEnabled && (
              <Text size="sm" mt="xs">
                {t('Card or SEPA Debit: the platform takes them through Stripe (payBill gives your payment page the client secret to confirm with Stripe.js).', 'Carte ou prélèvement SEPA : la plateforme les accepte par Stripe (payBill donne à votre page de paiement le secret client à confirmer avec Stripe.js).')}
                {pay.stripeStatus && ` ${t('Stripe payment', 'Paiement Stripe')}: ${pay.stripeStatus}${pay.stripeError ? ` (${pay.stripeError})` : ''}`}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dark.6">{label}</Text>
      <Text fw={600} data-testid={testId} component="div">{value}</Text>
    </div>
  );
}

interface InvoiceRow {
  id: string;
  number: string;
  documentType: string;
  status: string;
  issueDate: string;
  totalCents: number;
  creditReason?: string | null;
  pdfUrl: string;
  xmlUrl: string;
  seller?: { name: string };
  buyer?: { name: string };
  creditedInvoice?: { number: string } | null;
}

function InvoiceTable({ invoices, showSeller, showBuyer }: { invoices: InvoiceRow[]; showSeller?: boolean; showBuyer?: boolean }) {
  const { t, date, money } = useI18n();
  return (
    <ListTable head={[t('Number', 'Numéro'), t('Document', 'Document'), ...(showSeller ? [t('Seller', 'Vendeur')] : []), ...(showBuyer ? [t('Buyer', 'Acheteur')] : []), t('Issued', 'Émise le'), t('Status', 'Statut'), t('Total incl. VAT', 'Total TTC'), 'Factur-X']}>
      {invoices.map((i) => (
        <Table.Tr key={i.id}>
          <Table.Td>{i.number}</Table.Td>
          <Table.Td>
            {i.documentType === 'CREDIT_NOTE' ? t('credit note', 'avoir') : t('invoice', 'facture')}
            {i.creditedInvoice && <Text size="xs">{t(`corrects ${i.creditedInvoice.number}`, `corrige ${i.creditedInvoice.number}`)}{i.creditReason ? ` · ${i.creditReason}` : ''}</Text>}
          </Table.Td>
          {showSeller && <Table.Td>{i.seller?.name}</Table.Td>}
          {showBuyer && <Table.Td>{i.buyer?.name}</Table.Td>}
          <Table.Td>{date(i.issueDate)}</Table.Td>
          <Table.Td><Tag color={i.status === 'ISSUED' ? 'blue' : 'orange'}>{i.status}</Tag></Table.Td>
          <Table.Td ta="right">{money(i.totalCents)}</Table.Td>
          <Table.Td>
            <Group gap={4} wrap="nowrap">
              <DownloadButton path={apiPath(i.pdfUrl)} fileName={`${i.number}.pdf`} label={t(`PDF of ${i.number}`, `PDF de ${i.number}`)}>PDF</DownloadButton>
              <DownloadButton path={apiPath(i.xmlUrl)} fileName={`${i.number}-factur-x.xml`} label={t(`XML of ${i.number}`, `XML de ${i.number}`)}>XML</DownloadButton>
            </Group>
          </Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}

function SellerFinance() {
  const { t, dateTime } = useI18n();
  const { me } = useMe();
  const q = useQuery(SellerFinanceDocument);
  const pages = useCursorPages();
  const invoices = useQuery(InvoicesDocument, { after: pages.after });
  return (
    <>
      <Section title={t('Our invoices', 'Nos factures')}>
        {invoices.loading && !invoices.data && <Loading />}
        <ErrorAlert error={invoices.error} />
        {invoices.data && invoices.data.invoices.totalCount === 0 && <Text size="sm">{t('No invoice yet.', 'Aucune facture pour l’instant.')}</Text>}
        {invoices.data && invoices.data.invoices.totalCount > 0 && (
          <>
            <InvoiceTable invoices={invoices.data.invoices.edges.map((e) => e.node)} showBuyer />
            <Pager pages={pages} pageInfo={invoices.data.invoices.pageInfo} totalCount={invoices.data.invoices.totalCount} label={t('Pages of invoices', 'Pages des factures')} />
          </>
        )}
      </Section>
      <Section title={t('Payout account', 'Compte de versement')}>
        {q.loading && !q.data && <Loading />}
        <ErrorAlert error={q.error} />
        {q.data && (
          <Text size="sm" data-testid="payout-account">
            {q.data.payoutAccount
              ? `${q.data.payoutAccount.holderName} · ${q.data.payoutAccount.ibanMasked ?? '—'} ${q.data.payoutAccount.bic ?? ''} · ${q.data.payoutAccount.preferredMethod} · ${t('updated', 'mis à jour le')} ${dateTime(q.data.payoutAccount.updatedAt)}`
              : t('None registered: payouts wait until you register one.', 'Aucun compte enregistré : les versements attendent que vous en enregistriez un.')}
          </Text>
        )}
        {hasRole(me, 'FINANCE') && <PayoutAccountForm />}
      </Section>
      <Section title={t('Payouts', 'Versements')}>
        <Text size="sm">
          {t(
            'The platform pays your share of each paid bill, less its commission, by SEPA credit transfer (or to your Stripe account): the balances below and the monthly statement show what was paid out.',
            'La plateforme vous verse votre part de chaque facture payée, commission déduite, par virement SEPA (ou sur votre compte Stripe) : les soldes ci-dessous et le relevé mensuel montrent ce qui a été versé.',
          )}
        </Text>
      </Section>
      {q.data && (
        <Section title={t('Ledger balances', 'Soldes du grand livre')}>
          <BalancesTable rows={q.data.ledgerBalances} />
        </Section>
      )}
      <StatementSection />
    </>
  );
}

function PayoutAccountForm() {
  const { t } = useI18n();
  const m = useMutation(RegisterPayoutAccountDocument);
  const [f, setF] = useState({ holderName: '', iban: '', bic: '' });
  const [saved, setSaved] = useState(false);
  const field = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setSaved(false);
    setF((x) => ({ ...x, [k]: value }));
  };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data = await m.run({ input: { holderName: f.holderName, iban: f.iban || null, bic: f.bic || null } });
    if (data) {
      setSaved(true);
      setF({ holderName: '', iban: '', bic: '' });
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('Register a payout account', 'Enregistrer un compte de versement')}>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <TextInput label={t('Account holder', 'Titulaire du compte')} required value={f.holderName} onChange={field('holderName')} error={m.fieldError('holderName')} />
        <TextInput label="IBAN" required value={f.iban} onChange={field('iban')} error={m.fieldError('iban')} />
        <TextInput label={t('BIC (optional)', 'BIC (facultatif)')} value={f.bic} onChange={field('bic')} error={m.fieldError('bic')} />
      </SimpleGrid>
      <ErrorAlert message={m.formError(['holderName', 'iban', 'bic'])} />
      <Group mt="sm">
        <Button type="submit" loading={m.running}>{t('Register the account', 'Enregistrer le compte')}</Button>
        {saved && <Text size="sm" role="status">{t('Payout account registered.', 'Compte de versement enregistré.')}</Text>}
      </Group>
    </form>
  );
}

function BalancesTable({ rows }: { rows: { account: string; currency: string; debitCents: number; creditCents: number; balanceCents: number }[] }) {
  const { t, money } = useI18n();
  if (!rows.length) return <Text size="sm">{t('No entry yet.', 'Aucune écriture pour l’instant.')}</Text>;
  return (
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
        {rows.map((b) => (
          <Table.Tr key={`${b.account}-${b.currency}`}>
            <Table.Td>{b.account}</Table.Td>
            <Table.Td ta="right">{money(b.debitCents)}</Table.Td>
            <Table.Td ta="right">{money(b.creditCents)}</Table.Td>
            <Table.Td ta="right">{money(b.balanceCents)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function StatementSection() {
  const { t } = useI18n();
  const [month, setMonth] = useState(today().slice(0, 7));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <Section title={t('Monthly statement', 'Relevé mensuel')}>
      <Text size="sm">{t('Revenue, commission and payouts of a month; the PDF has the revenue chart of the last twelve months.', 'Chiffre d’affaires, commission et versements d’un mois ; le PDF montre le graphique du chiffre d’affaires des douze derniers mois.')}</Text>
      <Group align="flex-end">
        <TextInput label={t('Month (YYYY-MM)', 'Mois (AAAA-MM)')} value={month} onChange={(e) => setMonth(e.currentTarget.value)} error={valid ? undefined : t('A month as 2026-12', 'Un mois comme 2026-12')} />
        {valid && (
          <>
            <DownloadButton path={`/statements/${month}.pdf`} fileName={`statement-${month}.pdf`} label={t(`Statement ${month} as PDF`, `Relevé ${month} en PDF`)}>PDF</DownloadButton>
            <DownloadButton path={`/statements/${month}.csv`} fileName={`statement-${month}.csv`} label={t(`Statement ${month} as CSV`, `Relevé ${month} en CSV`)}>CSV</DownloadButton>
          </>
        )}
      </Group>
    </Section>
  );
}

function PlatformFinance() {
  const { t } = useI18n();
  const { me } = useMe();
  const q = useQuery(PlatformFinanceDocument);
  const finance = hasRole(me, 'FINANCE');
  return (
    <>
      {finance && <BankTransferForm />}
      {finance && <PayoutRunSection />}
      <Section title={t('Trial balance', 'Balance générale')}>
        {q.loading && !q.data && <Loading />}
        <ErrorAlert error={q.error} />
        {q.data && <BalancesTable rows={q.data.ledgerTrialBalance} />}
      </Section>
    </>
  );
}

function BankTransferForm() {
  const { t, money } = useI18n();
  const m = useMutation(RecordBankTransferDocument);
  const [f, setF] = useState({ billNumber: '', amount: '' as number | string, bankReference: '', receivedOn: today() });
  const [result, setResult] = useState<{ billNumber: string; status: string; outstandingCents: number } | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const field = (k: 'billNumber' | 'bankReference' | 'receivedOn') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setF((x) => ({ ...x, [k]: value }));
  };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const amountCents = f.amount === '' ? 0 : decimalToCents(f.amount);
    setUnreadable(amountCents === null);
    if (amountCents === null) return;
    const data = await m.run({ input: { billNumber: f.billNumber.trim(), amountCents, bankReference: f.bankReference, receivedOn: f.receivedOn } });
    if (data) {
      setResult(data.recordBankTransfer);
      setF({ billNumber: '', amount: '', bankReference: '', receivedOn: today() });
    }
  }
  return (
    <Section title={t('Record a bank transfer', 'Enregistrer un virement reçu')}>
      <Text size="sm">{t('A transfer received on the platform\'s account, against the bill number the buyer gave as reference; partial transfers add up.', 'Un virement reçu sur le compte de la plateforme, rapproché du numéro de facture donné en référence par l’acheteur ; les virements partiels s’additionnent.')}</Text>
      <form onSubmit={submit} noValidate aria-label={t('Record a bank transfer', 'Enregistrer un virement reçu')}>
        <SimpleGrid cols={{ base: 1, md: 4 }}>
          <TextInput label={t('Bill number (reference)', 'Numéro de facture (référence)')} required value={f.billNumber} onChange={field('billNumber')} error={m.fieldError('billNumber')} />
          <NumberInput label={t('Amount (€)', 'Montant (€)')} required value={f.amount} onChange={(v) => setF((x) => ({ ...x, amount: v }))} decimalScale={2} min={0} error={unreadable ? t('An amount in euros, at most two decimals', 'Un montant en euros, deux décimales au plus') : m.fieldError('amountCents')} />
          <TextInput label={t('Bank reference of the transfer', 'Référence bancaire du virement')} required value={f.bankReference} onChange={field('bankReference')} error={m.fieldError('bankReference')} />
          <TextInput label={t('Credited on (YYYY-MM-DD)', 'Crédité le (AAAA-MM-JJ)')} required value={f.receivedOn} onChange={field('receivedOn')} error={m.fieldError('receivedOn')} />
        </SimpleGrid>
        <ErrorAlert message={m.formError(['billNumber', 'amountCents', 'bankReference', 'receivedOn'])} />
        <Group mt="sm">
          <Button type="submit" loading={m.running}>{t('Record the transfer', 'Enregistrer le virement')}</Button>
          {result && (
            <Text size="sm" role="status" data-testid="transfer-result">
              {t(`${result.billNumber}: ${result.status}, ${money(result.outstandingCents)} outstanding`, `${result.billNumber} : ${result.status}, reste ${money(result.outstandingCents)}`)}
            </Text>
          )}
        </Group>
      </form>
    </Section>
  );
}

function PayoutRunSection() {
  const { t, number } = useI18n();
  const run = useMutation(RunPayoutsDocument);
  const confirm = useMutation(ConfirmSepaFileDocument);
  const [result, setResult] = useState<{ transfers: number; sepaLines: number; waiting: number; skipped: boolean; sepaFileId?: string | null } | null>(null);
  const [executedOn, setExecutedOn] = useState(today());
  const [settled, setSettled] = useState<{ messageId: string; settled: number } | null>(null);
  async function start() {
    setSettled(null);
    const data = await run.run({});
    if (data) setResult(data.runPayouts);
  }
  async function confirmFile(e: React.FormEvent) {
    e.preventDefault();
    if (!result?.sepaFileId) return;
    const data = await confirm.run({ sepaFileId: result.sepaFileId, executedOn });
    if (data) setSettled(data.confirmSepaFileExecuted);
  }
  return (
    <Section title={t('Payouts to sellers', 'Versements aux vendeurs')}>
      <Text size="sm">{t('The worker runs them every day; run them now to pay what paid bills owe sellers. Bank transfers go in a SEPA file (pain.001) for the bank.', 'Le worker les lance chaque jour ; lancez-les maintenant pour verser aux vendeurs ce que leur doivent les factures payées. Les virements partent dans un fichier SEPA (pain.001) pour la banque.')}</Text>
      <Group>
        <Button onClick={start} loading={run.running}>{t('Run the payouts now', 'Lancer les versements maintenant')}</Button>
      </Group>
      <ErrorAlert error={run.error} />
      {result && (
        <Text size="sm" role="status" data-testid="payout-run">
          {result.skipped
            ? t('Another run was under way: nothing done.', 'Un autre lancement était en cours : rien n’a été fait.')
            : t(
              `${number(result.transfers)} Stripe transfers, ${number(result.sepaLines)} SEPA lines, ${number(result.waiting)} waiting for a payout account.`,
              `${number(result.transfers)} transferts Stripe, ${number(result.sepaLines)} lignes SEPA, ${number(result.waiting)} en attente d’un compte de versement.`,
            )}
        </Text>
      )}
      {result?.sepaFileId && (
        <Card withBorder bg="gray.0" component="section" aria-label={t('SEPA file', 'Fichier SEPA')}>
          <Stack gap="xs">
            <Group>
              <Text size="sm">{t('SEPA file of this run:', 'Fichier SEPA de ce lancement :')}</Text>
              <DownloadButton path={`/payouts/sepa-files/${result.sepaFileId}.xml`} fileName={`sepa-${result.sepaFileId}.xml`} label={t('Download the SEPA file', 'Télécharger le fichier SEPA')}>pain.001 XML</DownloadButton>
            </Group>
            <form onSubmit={confirmFile} noValidate aria-label={t('Confirm the SEPA file executed', 'Confirmer l’exécution du fichier SEPA')}>
              <Group align="flex-end">
                <TextInput label={t('Executed by the bank on (YYYY-MM-DD)', 'Exécuté par la banque le (AAAA-MM-JJ)')} value={executedOn} onChange={(e) => setExecutedOn(e.currentTarget.value)} error={confirm.fieldError('executedOn')} />
                <Button type="submit" loading={confirm.running}>{t('Confirm executed', 'Confirmer l’exécution')}</Button>
              </Group>
            </form>
            <ErrorAlert message={confirm.formError(['executedOn'])} />
            {settled && <Text size="sm" role="status" data-testid="sepa-settled">{t(`${settled.messageId}: ${number(settled.settled)} transfers settled.`, `${settled.messageId} : ${number(settled.settled)} virements réglés.`)}</Text>}
          </Stack>
        </Card>
      )}
    </Section>
  );
}
