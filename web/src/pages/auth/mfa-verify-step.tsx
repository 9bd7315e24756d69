import { Anchor, Button, Divider, Stack, Text, TextInput } from '@mantine/core';
import { IconFingerprint } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useLogout } from '../../api/auth.ts';
import { isPasskeyCancel, verifyRecoveryCode, verifyTotp, verifyWithPasskey } from '../../api/identity.ts';
import { useMe } from '../../auth/use-me.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** Second factor after the password: a TOTP code, a recovery code or a passkey. */
export function MfaVerifyStep({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const me = useMe().data;
  const logout = useLogout();
  const [mode, setMode] = useState<'totp' | 'recovery'>(me && !me.mfa.totpEnabled ? 'recovery' : 'totp');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState<'code' | 'passkey' | null>(null);
  const hasPasskeys = !me || me.mfa.passkeys > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy('code');
    setError(null);
    try {
      if (mode === 'totp') await verifyTotp(code.replace(/\s/g, ''));
      else await verifyRecoveryCode(code.trim());
      await onDone();
    } catch (caught) {
      setError(caught);
      setCode('');
    } finally {
      setBusy(null);
    }
  };

  const passkey = async () => {
    setBusy('passkey');
    setError(null);
    try {
      await verifyWithPasskey();
      await onDone();
    } catch (caught) {
      setError(isPasskeyCancel(caught) ? new Error(t('login.passkeyCancelled')) : caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {mode === 'totp' ? (
            <>
              <Text size="sm">{t('login.mfaIntro')}</Text>
              <TextInput
                key="totp"
                label={t('login.totpCode')}
                description={t('login.totpHint')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                error={missing ? t('common.required') : undefined}
                data-autofocus
                autoFocus
              />
            </>
          ) : (
            <TextInput
              key="recovery"
              label={t('login.recoveryCode')}
              description={t('login.recoveryHint')}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={missing ? t('common.required') : undefined}
              autoFocus
            />
          )}
          <Button type="submit" loading={busy === 'code'}>
            {t('login.verify')}
          </Button>
          <Anchor
            component="button"
            type="button"
            size="sm"
            w="fit-content"
            onClick={() => {
              setMode(mode === 'totp' ? 'recovery' : 'totp');
              setCode('');
              setError(null);
            }}
          >
            {mode === 'totp' ? t('login.useRecovery') : t('login.useTotp')}
          </Anchor>
        </Stack>
      </form>
      {hasPasskeys && (
        <>
          <Divider label={t('login.or')} labelPosition="center" />
          <Button
            variant="default"
            onClick={passkey}
            loading={busy === 'passkey'}
            leftSection={<IconFingerprint size={18} aria-hidden />}
          >
            {t('login.usePasskey')}
          </Button>
        </>
      )}
      <Anchor component="button" type="button" size="sm" w="fit-content" onClick={() => logout.mutate()}>
        {t('login.cancelMfa')}
      </Anchor>
    </Stack>
  );
}
