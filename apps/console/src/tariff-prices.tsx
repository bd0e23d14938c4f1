import { Button, Fieldset, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { centsToDecimal, decimalToCents } from '@app/core/kernel';
import { graphql } from './gql';
import { useMutation } from './api';
import { useI18n, useLocalized } from './i18n';
import { ErrorAlert } from './components';

const UpdateTariffDraftDocument = graphql(`
  mutation UpdateTariffDraft($tariffId: ID!, $definition: JSON!) {
    updateTariffDraft(tariffId: $tariffId, definition: $definition) { id currentVersion { id status } }
  }
`);

type Obj = Record<string, unknown>;
interface Price { path: string; component: number; label: string; cents: number }

const KEY_LABELS: Record<string, [string, string]> = {
  amountCents: ['amount', 'montant'],
  dayRateCents: ['day rate', 'tarif journalier'],
  unitPriceCents: ['unit price', 'prix unitaire'],
  monthlyFeeCents: ['monthly fee', 'redevance mensuelle'],
  packagePriceCents: ['package price', 'prix du lot'],
  minimumCents: ['minimum', 'minimum'],
  maximumCents: ['maximum', 'maximum'],
};

/** Every price of a definition (a number whose key ends in Cents), with the engine's path to it: the API names problems by that path. */
function pricesOf(definition: Obj, t: (en: string, fr: string) => string, loc: (v: { fr: string; en?: string | null }) => string): Price[] {
  const out: Price[] = [];
  const components = Array.isArray(definition.components) ? (definition.components as Obj[]) : [];
  const walk = (o: Obj, path: string, component: number, context: string) => {
    for (const [key, v] of Object.entries(o)) {
      if (typeof v === 'number' && key.endsWith('Cents')) {
        const k = KEY_LABELS[key];
        out.push({ path: `${path}.${key}`, component, label: [context, k ? t(k[0], k[1]) : key].filter(Boolean).join(' · '), cents: v });
      } else if (Array.isArray(v)) {
        v.forEach((item, j) => {
          if (item && typeof item === 'object') {
            const it = item as Obj;
            const what = it.stage ? String(it.stage) : it.metric ? String(it.metric) : it.from !== undefined ? `${it.from}–${it.to ?? '∞'}` : `${key} ${j + 1}`;
            walk(it, `${path}.${key}[${j}]`, component, what);
          }
        });
      }
    }
  };
  components.forEach((c, i) => walk(c, `components[${i}]`, i, ''));
  void loc;
  return out;
}

/**
 * The prices of a draft tariff (from a standard grid), in euros, grouped by component: the
 * grid's structure stays, the producer sets its own amounts; the API checks the whole definition.
 */
export function TariffPrices({ tariffId, definition }: { tariffId: string; definition: Obj }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const m = useMutation(UpdateTariffDraftDocument);
  const prices = useMemo(() => pricesOf(definition, t, loc), [definition]); // eslint-disable-line react-hooks/exhaustive-deps
  const [values, setValues] = useState<Record<string, number | string>>(() => Object.fromEntries(prices.map((p) => [p.path, centsToDecimal(p.cents)])));
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const components = Array.isArray(definition.components) ? (definition.components as Obj[]) : [];

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const next = structuredClone(definition);
    const unreadable: string[] = [];
    for (const p of prices) {
      const v = values[p.path];
      const cents = v === '' || v === undefined ? null : decimalToCents(v);
      if (v !== '' && v !== undefined && cents === null) unreadable.push(p.path);
      setAt(next, p.path, cents);
    }
    setInvalid(unreadable);
    setSaved(false);
    if (unreadable.length) return;
    if (await m.run({ tariffId, definition: next })) setSaved(true);
  }

  return (
    <form onSubmit={save} noValidate aria-label={t('Prices of the draft tariff', 'Prix du tarif brouillon')}>
      <Stack gap="xs">
        <Text size="sm">{t('The grid\'s prices, to adjust to your costs (excl. VAT); the estimate follows once the tariff is published.', 'Les prix de la grille, à ajuster à vos coûts (HT) ; l’estimation suit une fois le tarif publié.')}</Text>
        {components.map((c, i) => {
          const mine = prices.filter((p) => p.component === i);
          if (!mine.length) return null;
          const name = c.label && typeof c.label === 'object' ? loc(c.label as { fr: string; en?: string }) : String(c.code ?? i + 1);
          return (
            <Fieldset key={i} legend={name}>
              <SimpleGrid cols={{ base: 1, md: 3 }}>
                {mine.map((p) => (
                  <NumberInput
                    key={p.path}
                    label={`${name}${p.label ? ` · ${p.label}` : ''} (€)`}
                    value={values[p.path]}
                    onChange={(v) => setValues((x) => ({ ...x, [p.path]: v }))}
                    decimalScale={2}
                    error={invalid.includes(p.path) ? t('An amount in euros, at most two decimals', 'Un montant en euros, deux décimales au plus') : m.fieldError(p.path)}
                  />
                ))}
              </SimpleGrid>
            </Fieldset>
          );
        })}
        <ErrorAlert message={m.formError(prices.map((p) => p.path))} />
        <Group>
          <Button type="submit" size="xs" loading={m.running}>{t('Save the prices', 'Enregistrer les prix')}</Button>
          {saved && <Text size="sm" role="status">{t('Prices saved.', 'Prix enregistrés.')}</Text>}
        </Group>
      </Stack>
    </form>
  );
}

function setAt(root: Obj, path: string, value: unknown) {
  const parts = path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '');
  let o: any = root;
  for (let i = 0; i < parts.length - 1; i++) o = o[/^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i]];
  o[parts[parts.length - 1]] = value;
}
