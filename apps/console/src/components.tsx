import { Alert, Badge, Button, Checkbox, CopyButton, Group, Loader, Table, Stack, Title, Tooltip, Text, Code } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { fetchFile, type ApiError } from './api';
import { useI18n } from './i18n';

export const ROLES = ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER', 'BUYER', 'FINANCE'] as const;

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}

export function ErrorAlert({ error, message }: { error?: ApiError; message?: string }) {
  const { t } = useI18n();
  const text = message ?? error?.message;
  if (!text) return null;
  return (
    <Alert color="red" variant="light" title={t('The server refused', 'Le serveur a refusé')} role="alert">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {text}
      </Text>
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <Loader size="sm" role="status" aria-label={t('Loading', 'Chargement')} />;
}

export function RolesBadges({ roles }: { roles: readonly string[] }) {
  return (
    <Group gap={4}>
      {roles.map((r) => (
        <Tag key={r}>
          {r}
        </Tag>
      ))}
    </Group>
  );
}

export function RolesSelect({ value, onChange, error, label }: { value: string[]; onChange: (v: string[]) => void; error?: string; label?: string }) {
  const { t } = useI18n();
  return (
    <Checkbox.Group label={label ?? t('Roles', 'Rôles')} value={value} onChange={onChange} error={error} withAsterisk>
      <Group gap="sm" mt={4}>
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={r} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** A secret shown once, with a copy button. */
export function SecretOnce({ secret, label }: { secret: string; label: string }) {
  const { t } = useI18n();
  return (
    <Alert color="yellow.9" variant="light" title={label}>
      <Stack gap="xs">
        <Text size="sm">{t('Shown once: store it now.', 'Affiché une seule fois : conservez-le maintenant.')}</Text>
        <Group wrap="nowrap">
          <Code data-testid="secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('Copied', 'Copié') : t('Copy', 'Copier')}>
                <Button size="xs" onClick={copy} variant={copied ? 'filled' : 'default'}>
                  {copied ? t('Copied', 'Copié') : t('Copy', 'Copier')}
                </Button>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

/** A status badge: a tinted background and dark text, readable at 4.5:1 whatever the colour. */
export function Tag({ color = 'indigo', children }: { color?: string; children: ReactNode }) {
  return (
    <Badge variant="light" color={color} c="dark.8">
      {children}
    </Badge>
  );
}

/** A list as a table: bordered, striped, its column headers given in order. */
export function ListTable({ head, children }: { head: ReactNode[]; children: ReactNode }) {
  return (
    <Table withTableBorder striped>
      <Table.Thead>
        <Table.Tr>
          {head.map((h, i) => (
            <Table.Th key={i}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}

/** Pages of a Relay connection, one at a time: the cursors seen so far, to go back and forth. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    next: (endCursor: string | null | undefined) => endCursor && setCursors((c) => [...c, endCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reset: () => setCursors([undefined]),
  };
}

/** Previous / next under a list, with where the reader is. */
export function Pager({ pages, pageInfo, totalCount, label }: {
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount: number;
  label: string;
}) {
  const { t, number } = useI18n();
  if (pages.page === 1 && !pageInfo.hasNextPage) return <Text size="xs">{t(`${number(totalCount)} in all`, `${number(totalCount)} au total`)}</Text>;
  return (
    <Group gap="xs" aria-label={label} role="group">
      <Button size="xs" variant="default" disabled={pages.page === 1} onClick={pages.previous}>{t('Previous page', 'Page précédente')}</Button>
      <Text size="xs">{t(`page ${pages.page} · ${number(totalCount)} in all`, `page ${pages.page} · ${number(totalCount)} au total`)}</Text>
      <Button size="xs" variant="default" disabled={!pageInfo.hasNextPage} onClick={() => pages.next(pageInfo.endCursor)}>{t('Next page', 'Page suivante')}</Button>
    </Group>
  );
}

/**
 * A file the API serves to signed-in parties (invoice PDF/XML, statements, SEPA files): fetched
 * with the session, then handed to the browser as a download; the API's refusal is shown beside.
 */
export function DownloadButton({ path, fileName, children, label }: { path: string; fileName: string; children: ReactNode; label?: string }) {
  const [state, setState] = useState<{ loading: boolean; error?: ApiError }>({ loading: false });
  async function download() {
    setState({ loading: true });
    try {
      const url = await fetchFile(path);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ loading: false });
    } catch (e) {
      setState({ loading: false, error: e as ApiError });
    }
  }
  return (
    <>
      <Button size="xs" variant="default" loading={state.loading} onClick={download} aria-label={label}>{children}</Button>
      {state.error && <Text size="xs" c="red.9" role="alert">{state.error.message}</Text>}
    </>
  );
}

/** The path of an API URL (the API names its files with its public base URL; the console fetches same-origin). */
export function apiPath(url: string): string {
  const u = new URL(url, window.location.origin);
  return u.pathname + u.search;
}
