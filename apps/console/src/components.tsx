import { Alert, Badge, Button, Checkbox, CopyButton, Group, Loader, Table, Stack, Title, Tooltip, Text, Code } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ApiError } from './api';
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
