import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Passkey, SessionInfo } from '@mts/contracts';
import { IconFingerprint } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../../api/client.ts';
import { identityPaths, isPasskeyCancel, type RecoveryCodes, registerPasskey } from '../../api/identity.ts';
import {
  useDeletePasskey,
  usePasskeys,
  useRenamePasskey,
  useRevokeSession,
  useSessions,
} from '../../api/identity-hooks.ts';
import { ME_KEY } from '../../api/query-client.ts';
import { useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import {
  type NewPassword,
  NewPasswordFields,
  newPasswordErrors,
} from '../../components/new-password-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { RecoveryCodesPanel } from '../../components/recovery-codes.tsx';
import { TotpEnrolment } from '../../components/totp-enrolment.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tones } from '../../tones.ts';
import { describeDevice } from './describe-device.ts';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export default function SecurityPage() {
  const { t } = useI18n();
  return (
    <Stack gap="md" maw={960}>
      <PageHeader title={t('security.title')} />
      <SessionsSection />
      <TotpSection />
      <PasskeysSection />
      <PasswordSection />
    </Stack>
  );
}

function SessionsSection() {
  const { t } = useI18n();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const on = t('security.on');
  const device = (s: SessionInfo) => describeDevice(s.userAgent, on) ?? t('security.unknownDevice');
  const columns: Column<SessionInfo>[] = [
    {
      key: 'device',
      header: t('security.device'),
      primary: true,
      render: (s) => (
        <Group gap={6} wrap="wrap">
          <span>{device(s)}</span>
          {s.current && <Badge color={tones.success}>{t('security.current')}</Badge>}
        </Group>
      ),
    },
    { key: 'method', header: t('security.method'), render: (s) => t(`security.method.${s.authMethod}`) },
    { key: 'ip', header: t('security.ip'), render: (s) => s.ip ?? '—' },
    { key: 'created', header: t('security.createdAt'), render: (s) => formatDateTime(s.createdAt) },
    { key: 'seen', header: t('security.lastSeen'), render: (s) => formatDateTime(s.lastSeenAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (s) =>
        s.current ? null : (
          <ConfirmButton
            size="compact-sm"
            variant="default"
            title={t('security.revoke')}
            message={t('security.revokeLabel', { device: device(s) })}
            confirmLabel={t('security.revoke')}
            aria-label={t('security.revokeLabel', { device: device(s) })}
            onConfirm={() =>
              revoke.mutate(s.id, {
                onSuccess: () => notifications.show({ color: 'green', message: t('security.revoked') }),
              })
            }
          >
            {t('security.revoke')}
          </ConfirmButton>
        ),
    },
  ];
  return (
    <Section id="sec-sessions" title={t('security.sessions')}>
      <ErrorAlert error={sessions.error ?? revoke.error} />
      {sessions.data && (
        <DataTable
          caption={t('security.sessions')}
          columns={columns}
          rows={sessions.data}
          rowKey={(s) => s.id}
          testId="sessions-table"
        />
      )}
    </Section>
  );
}

function TotpSection() {
  const { t } = useI18n();
  const me = useMe().data!;
  const client = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [regenerating, setRegenerating] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refreshMe = () => client.invalidateQueries({ queryKey: ME_KEY });

  const regenerate = async () => {
    setRegenerating(true);
    setError(null);
    try {
      const result = await api.post<RecoveryCodes>(identityPaths.recoveryCodes);
      setCodes(result.recoveryCodes);
    } catch (caught) {
      setError(caught);
    } finally {
      setRegenerating(false);
    }
  };

  return (
    <Section id="sec-totp" title={t('security.totp')}>
      <Group gap="xs">
        <Text size="sm">{t('common.status')}:</Text>
        <Badge color={me.mfa.totpEnabled ? tones.success : 'gray.8'}>
          {me.mfa.totpEnabled ? t('security.totpOn') : t('security.totpOff')}
        </Badge>
      </Group>
      <ErrorAlert error={error} />
      {enrolling ? (
        <TotpEnrolment
          headingOrder={3}
          onDone={() => {
            setEnrolling(false);
            notifications.show({ color: 'green', message: t('security.totpEnabled') });
            void refreshMe();
          }}
        />
      ) : disabling ? (
        <DisableTotpForm
          onCancel={() => setDisabling(false)}
          onDone={() => {
            setDisabling(false);
            notifications.show({ color: 'green', message: t('security.totpDisabled') });
            void refreshMe();
          }}
        />
      ) : codes ? (
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('security.recovery')}
          </Title>
          <RecoveryCodesPanel codes={codes} onContinue={() => setCodes(null)} />
        </Stack>
      ) : (
        <Group gap="xs">
          {me.mfa.totpEnabled ? (
            <Button variant="default" onClick={() => setDisabling(true)}>
              {t('security.totpDisable')}
            </Button>
          ) : (
            <Button onClick={() => setEnrolling(true)}>{t('security.totpEnable')}</Button>
          )}
          {(me.mfa.totpEnabled || me.mfa.passkeys > 0) && (
            <ConfirmButton
              variant="default"
              title={t('security.recoveryRegenerate')}
              message={t('security.recoveryRegenerateHint')}
              confirmLabel={t('security.recoveryRegenerate')}
              onConfirm={() => void regenerate()}
              loading={regenerating}
            >
              {t('security.recoveryRegenerate')}
            </ConfirmButton>
          )}
        </Group>
      )}
    </Section>
  );
}

function DisableTotpForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'code' | 'recoveryCode'>('code');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(identityPaths.totpDisable, { [mode]: value.trim() });
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text size="sm">{t('security.totpDisableConfirm')}</Text>
        <SegmentedControl
          value={mode}
          onChange={(next) => {
            setMode(next as 'code' | 'recoveryCode');
            setValue('');
          }}
          data={[
            { value: 'code', label: t('login.totpCode') },
            { value: 'recoveryCode', label: t('login.recoveryCode') },
          ]}
          aria-label={t('security.totpDisable')}
        />
        <ErrorAlert error={error} />
        <TextInput
          label={mode === 'code' ? t('login.totpCode') : t('login.recoveryCode')}
          inputMode={mode === 'code' ? 'numeric' : 'text'}
          autoComplete={mode === 'code' ? 'one-time-code' : 'off'}
          required
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
        />
        <Group gap="xs">
          <Button type="submit" color="red.9" loading={busy}>
            {t('security.totpDisable')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PasskeysSection() {
  const { t } = useI18n();
  const client = useQueryClient();
  const passkeys = usePasskeys();
  const remove = useDeletePasskey();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState<Passkey | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await registerPasskey(name.trim() || t('security.passkeys'));
      setName('');
      notifications.show({ color: 'green', message: t('security.passkeyAdded') });
      void client.invalidateQueries({ queryKey: ['passkeys'] });
      void client.invalidateQueries({ queryKey: ME_KEY });
    } catch (caught) {
      setError(isPasskeyCancel(caught) ? new Error(t('login.passkeyCancelled')) : caught);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<Passkey>[] = [
    { key: 'name', header: t('security.passkeyName'), primary: true, render: (p) => p.name },
    { key: 'created', header: t('security.passkeyCreated'), render: (p) => formatDateTime(p.createdAt) },
    {
      key: 'used',
      header: t('security.passkeyLastUsed'),
      render: (p) => (p.lastUsedAt ? formatDateTime(p.lastUsedAt) : t('common.never')),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (p) => (
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => setRenaming(p)}
            aria-label={t('security.passkeyRenameLabel', { name: p.name })}
          >
            {t('security.passkeyRename')}
          </Button>
          <ConfirmButton
            size="compact-sm"
            variant="default"
            title={t('common.delete')}
            message={t('security.passkeyDeleteConfirm', { name: p.name })}
            confirmLabel={t('common.delete')}
            aria-label={t('security.passkeyDelete', { name: p.name })}
            onConfirm={() =>
              remove.mutate(p.id, {
                onSuccess: () =>
                  notifications.show({ color: 'green', message: t('security.passkeyDeleted') }),
              })
            }
          >
            {t('common.delete')}
          </ConfirmButton>
        </Group>
      ),
    },
  ];

  return (
    <Section id="sec-passkeys" title={t('security.passkeys')}>
      <Text size="sm" c="dimmed">
        {t('security.passkeysIntro')}
      </Text>
      <ErrorAlert error={passkeys.error ?? remove.error} />
      {passkeys.data && (
        <DataTable
          caption={t('security.passkeys')}
          columns={columns}
          rows={passkeys.data}
          rowKey={(p) => p.id}
          empty={t('security.noPasskeys')}
          testId="passkeys-table"
        />
      )}
      <form onSubmit={add} noValidate>
        <Stack gap="xs" maw={420}>
          <ErrorAlert error={error} />
          <TextInput
            label={t('security.passkeyName')}
            description={t('security.passkeyNameHint')}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button
            type="submit"
            variant="default"
            loading={busy}
            w="fit-content"
            leftSection={<IconFingerprint size={18} aria-hidden />}
          >
            {t('security.passkeyAdd')}
          </Button>
        </Stack>
      </form>
      {renaming && <RenamePasskeyModal passkey={renaming} onClose={() => setRenaming(null)} />}
    </Section>
  );
}

function RenamePasskeyModal({ passkey, onClose }: { passkey: Passkey; onClose: () => void }) {
  const { t } = useI18n();
  const rename = useRenamePasskey();
  const [opened, { close }] = useDisclosure(true);
  const [name, setName] = useState(passkey.name);
  const done = () => {
    close();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={done}
      title={t('security.passkeyRenameLabel', { name: passkey.name })}
      centered
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          rename.mutate({ id: passkey.id, name: name.trim() }, { onSuccess: done });
        }}
        noValidate
      >
        <Stack gap="sm">
          <ErrorAlert error={rename.error} />
          <TextInput
            label={t('security.passkeyName')}
            required
            data-autofocus
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(rename.error, 'name')}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={done}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={rename.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState<NewPassword>({ password: '', confirm: '' });
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors: { password?: string; confirm?: string } = checked ? newPasswordErrors(value, t) : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setDone(false);
    const now = newPasswordErrors(value, t);
    if (!current || now.password || now.confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(identityPaths.password, { currentPassword: current, newPassword: value.password });
      setDone(true);
      setChecked(false);
      setCurrent('');
      setValue({ password: '', confirm: '' });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="sec-password" title={t('security.password')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          {done && (
            <Alert color="green" variant="light" role="status">
              {t('security.passwordChanged')}
            </Alert>
          )}
          <ErrorAlert error={error} />
          <PasswordField
            label={t('security.currentPassword')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={checked && !current ? t('common.required') : fieldError(error, 'currentPassword')}
          />
          <NewPasswordFields
            value={value}
            onChange={setValue}
            errors={{
              password: errors.password ?? fieldError(error, 'newPassword'),
              confirm: errors.confirm,
            }}
          />
          <Button type="submit" loading={busy} w="fit-content">
            {t('security.password')}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}
