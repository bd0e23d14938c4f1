import { Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Title, Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { graphql } from './gql';
import type { BuyerCategory, Purpose } from './gql/graphql';
import { useQuery } from './api';
import { useI18n } from './i18n';
import { ErrorAlert } from './components';

const EstimateDocument = graphql(`
  query Estimate($offeringId: ID!, $request: QuoteRequestInput!, $buyerCategory: BuyerCategory, $locale: QuoteLocale!) {
    estimate(offeringId: $offeringId, request: $request, buyerCategory: $buyerCategory, locale: $locale) {
      tariffVersion pricedOn
      buyer { category }
      price {
        lines { code label quantity unit unitPriceCents amountCents rule waived }
        adjustments { code label amountCents rule }
        subtotalCents vatCents totalCents vatMention notes estimate
      }
    }
  }
`);

const PreviewTariffDocument = graphql(`
  query PreviewTariff($tariffId: ID!, $request: QuoteRequestInput!, $buyerCategory: BuyerCategory, $locale: QuoteLocale!) {
    previewTariff(tariffId: $tariffId, request: $request, buyerCategory: $buyerCategory, locale: $locale) {
      tariffVersion pricedOn
      buyer { category }
      price {
        lines { code label quantity unit unitPriceCents amountCents rule waived }
        adjustments { code label amountCents rule }
        subtotalCents vatCents totalCents vatMention notes estimate
      }
    }
  }
`);

export const PURPOSES: Purpose[] = ['SCIENTIFIC_RESEARCH', 'PUBLIC_HEALTH', 'COMMERCIAL', 'PRODUCT_DEVELOPMENT', 'AI_TRAINING', 'REGULATORY', 'EDUCATION'];
const CATEGORIES: BuyerCategory[] = ['PHARMA', 'STARTUP', 'SME', 'ACADEMIC', 'PUBLIC_BODY'];

/**
 * The live estimate: pick a buyer category and a scope, the explained lines follow as you
 * type (nothing is saved). A signed-in buyer is priced as itself, whatever the category.
 * With `draftTariffId` (a producer before publication), its own tariff's latest version is
 * priced instead, the draft's prices included: buyers see none of it until it is published.
 */
export function EstimatePanel({ offeringId, asBuyer, draftTariffId }: { offeringId: string; asBuyer?: boolean; draftTariffId?: string }) {
  const { t, lang, money } = useI18n();
  const [category, setCategory] = useState<BuyerCategory>('ACADEMIC');
  const [purpose, setPurpose] = useState<Purpose>('SCIENTIFIC_RESEARCH');
  const [patients, setPatients] = useState<number | ''>(10000);
  const [months, setMonths] = useState<number | ''>(12);
  const [input] = useDebouncedValue({ category, purpose, patients, months }, 300);
  const common = {
    buyerCategory: asBuyer ? undefined : input.category,
    locale: lang === 'fr' ? ('FR' as const) : ('EN' as const),
    request: { purpose: input.purpose, patients: input.patients === '' ? undefined : input.patients, months: input.months === '' ? undefined : input.months },
  };
  const published = useQuery(EstimateDocument, { offeringId, ...common }, draftTariffId !== undefined);
  const draft = useQuery(PreviewTariffDocument, { tariffId: draftTariffId ?? '', ...common }, draftTariffId === undefined);
  const q = draftTariffId === undefined ? published : draft;
  const e = draftTariffId === undefined ? published.data?.estimate : draft.data?.previewTariff;
  return (
    <Card withBorder component="section" aria-label={t('Estimate', 'Estimation')}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">{draftTariffId ? t('Estimate of the draft tariff', 'Estimation du tarif en brouillon') : t('Estimate', 'Estimation')}</Title>
          {q.loading && <Loader size="xs" role="status" aria-label={t('Pricing', 'Calcul du prix')} />}
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {!asBuyer && <Select label={t('Buyer category', 'Catégorie d’acheteur')} data={CATEGORIES} value={category} onChange={(v) => setCategory((v as BuyerCategory) ?? 'PHARMA')} allowDeselect={false} />}
          <Select label={t('Purpose', 'Finalité')} data={PURPOSES} value={purpose} onChange={(v) => setPurpose((v as Purpose) ?? 'SCIENTIFIC_RESEARCH')} allowDeselect={false} />
          <NumberInput label={t('Patients', 'Patients')} value={patients} onChange={(v) => setPatients(v === '' ? '' : Number(v))} min={0} thousandSeparator={lang === 'fr' ? ' ' : ','} />
          <NumberInput label={t('Months', 'Mois')} value={months} onChange={(v) => setMonths(v === '' ? '' : Number(v))} min={1} />
        </SimpleGrid>
        <ErrorAlert error={q.error} />
        {e && (
          <>
            <Table withTableBorder data-testid="estimate-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('Line', 'Ligne')}</Table.Th>
                  <Table.Th>{t('Quantity', 'Quantité')}</Table.Th>
                  <Table.Th ta="right">{t('Amount excl. VAT', 'Montant HT')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...e.price.lines, ...e.price.adjustments.map((a) => ({ ...a, quantity: '', unit: '', waived: false }))].map((l) => (
                  <Table.Tr key={l.code}>
                    <Table.Td>
                      <Text size="sm" fw={500}>{l.label}{l.waived ? ` (${t('waived', 'non facturé')})` : ''}</Text>
                      <Text size="xs" c="dimmed">{l.rule}</Text>
                    </Table.Td>
                    <Table.Td>{l.quantity} {l.unit}</Table.Td>
                    <Table.Td ta="right">{money(l.amountCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group justify="flex-end" gap="lg">
              <Text size="sm">{t('Subtotal', 'Sous-total HT')} {money(e.price.subtotalCents)}</Text>
              <Text size="sm">{t('VAT', 'TVA')} {money(e.price.vatCents)}</Text>
              <Text fw={700} data-testid="estimate-total">{t('Total', 'Total TTC')} {money(e.price.totalCents)}</Text>
            </Group>
            {e.price.vatMention && <Text size="xs">{e.price.vatMention}</Text>}
            {e.price.notes.map((n) => <Text size="xs" key={n}>{n}</Text>)}
            <Text size="xs" c="dimmed">{t(`Tariff version ${e.tariffVersion}, priced for ${e.buyer.category}`, `Version de tarif ${e.tariffVersion}, prix pour ${e.buyer.category}`)}</Text>
            {draftTariffId && <Text size="xs" c="dimmed">{t('A preview for you only: buyers see this price once the tariff is published.', 'Un aperçu pour vous seul : les acheteurs voient ce prix une fois le tarif publié.')}</Text>}
          </>
        )}
      </Stack>
    </Card>
  );
}
