import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ApiToken, Permission } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../../api/identity-hooks.ts';
import { useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { permissionLabel, useI18n } from '../../i18n/i18n.tsx';
import { tones } from '../../tones.ts';

export default function TokensPage() {
  const { t } = useI18n();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('tokens.name'), primary: true, render: (x) => x.name },
    { key: 'prefix', header: t('tokens.prefix'), render: (x) => <Code>{x.prefix}…</Code> },
    { key: 'unit', header: t('tokens.unit'), render: (x) => x.unit.name },
    {
      key: 'permissions',
      header: t('tokens.permissions'),
      render: (x) => x.permissions.map((p) => permissionLabel(t, p)).join(', '),
    },
    { key: 'expires', header: t('tokens.expiresAt'), render: (x) => formatDate(x.expiresAt) },
    {
      key: 'used',
      header: t('tokens.lastUsed'),
      render: (x) => (x.lastUsedAt ? formatDateTime(x.lastUsedAt) : t('common.never')),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (x) =>
        x.revokedAt ? (
          <Badge color={tones.neutral}>{t('tokens.revoked')}</Badge>
        ) : (
          <ConfirmButton
            size="compact-sm"
            variant="default"
            title={t('tokens.revoke', { name: x.name })}
            message={t('tokens.revokeConfirm', { name: x.name })}
            confirmLabel={t('roles.revoke')}
            aria-label={t('tokens.revoke', { name: x.name })}
            onConfirm={() => revoke.mutate(x.id)}
          >
            {t('roles.revoke')}
          </ConfirmButton>
        ),
    },
  ];
  return (
    <Stack gap="md">
      <PageHeader title={t('tokens.title')} description={t('tokens.intro')} />
      <CreateTokenForm />
      <section aria-labelledby="tokens-list">
        <Title order={2} size="h4" id="tokens-list" mb="xs">
          {t('tokens.title')}
        </Title>
        <ErrorAlert error={tokens.error ?? revoke.error} />
        {tokens.data && (
          <DataTable
            caption={t('tokens.title')}
            columns={columns}
            rows={tokens.data}
            rowKey={(x) => x.id}
            empty={t('tokens.none')}
            testId="tokens-table"
          />
        )}
      </section>
    </Stack>
  );
}

const durations = [30, 90, 180, 365];

function CreateTokenForm() {
  const { t } = useI18n();
  const me = useMe().data!;
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [unitId, setUnitId] = useState<string | null>(me.activeUnit.id);
  const [permissions, setPermissions] = useState<string[]>([]);
  const [days, setDays] = useState('90');
  const [checked, setChecked] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const missing = { name: !name.trim(), unitId: !unitId, permissions: permissions.length === 0 };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(missing).some(Boolean)) return;
    const expiresAt = new Date(Date.now() + Number(days) * 86_400_000).toISOString();
    create.mutate(
      { name: name.trim(), unitId: unitId!, permissions: permissions as Permission[], expiresAt },
      {
        onSuccess: (created) => {
          setSecret(created.token);
          setName('');
          setPermissions([]);
          setChecked(false);
          notifications.show({ color: 'green', message: t('common.saved') });
        },
      },
    );
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="tokens-create">
      <Stack gap="sm">
        <Title order={2} size="h4" id="tokens-create">
          {t('tokens.create')}
        </Title>
        {secret && (
          <Alert color="yellow" variant="light" title={t('tokens.secretTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('tokens.secretOnce')}</Text>
              <Code block data-testid="new-token">
                {secret}
              </Code>
              <Group gap="xs">
                <CopyButton value={secret}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="default" onClick={copy}>
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
                <Button size="xs" variant="subtle" onClick={() => setSecret(null)}>
                  {t('common.close')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={create.error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t('tokens.name')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={checked && missing.name ? t('common.required') : fieldError(create.error, 'name')}
              />
              <UnitPicker
                label={t('tokens.unit')}
                required
                value={unitId}
                known={[{ ...me.activeUnit, status: 'active' }]}
                onChange={(id) => setUnitId(id)}
                error={checked && missing.unitId ? t('common.required') : fieldError(create.error, 'unitId')}
              />
              <Select
                label={t('tokens.expiresInDays')}
                allowDeselect={false}
                data={durations.map((d) => ({ value: String(d), label: String(d) }))}
                value={days}
                onChange={(value) => setDays(value ?? '90')}
              />
            </SimpleGrid>
            <Checkbox.Group
              label={t('tokens.permissions')}
              required
              value={permissions}
              onChange={setPermissions}
              error={
                checked && missing.permissions
                  ? t('common.required')
                  : fieldError(create.error, 'permissions')
              }
            >
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing={6} mt="xs">
                {me.permissions.map((p) => (
                  <Checkbox key={p} value={p} label={permissionLabel(t, p)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Button type="submit" loading={create.isPending} w="fit-content">
              {t('tokens.create')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
