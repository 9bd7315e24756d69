import { Alert, Anchor, Button, Divider, Stack, Text, TextInput } from '@mantine/core';
import { IconFingerprint, IconLogin2 } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { login, ssoOf, useProviders } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { isPasskeyCancel, signInWithPasskey } from '../../api/identity.ts';
import { ME_KEY } from '../../api/query-client.ts';
import { FullPageLoader } from '../../auth/require-auth.tsx';
import { fetchMe, pendingMfaStep, useMe } from '../../auth/use-me.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { AuthLayout } from './auth-layout.tsx';
import { MfaEnrolStep } from './mfa-enrol-step.tsx';
import { MfaVerifyStep } from './mfa-verify-step.tsx';

/** Only same-app paths are followed after sign-in (no open redirect). */
function safeNext(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//')) return '/';
  return value.replace(/^\/app(?=\/|$)/, '') || '/';
}

const ssoReasons: Record<string, MessageKey> = {
  not_linked: 'login.sso.not_linked',
  email_not_verified: 'login.sso.email_not_verified',
  disabled: 'login.sso.disabled',
  cancelled: 'login.sso.cancelled',
  expired: 'login.sso.expired',
  failed: 'login.sso.failed',
};

function ssoMessage(code: string, t: Translate): string {
  return t(ssoReasons[code] ?? 'login.sso.failed');
}

export default function LoginPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const client = useQueryClient();
  const me = useMe();
  const [forcedStep, setForcedStep] = useState<'verify' | 'enrol' | null>(null);

  const finish = async () => {
    const fresh = await client.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 0 });
    const step = pendingMfaStep(fresh);
    if (step) setForcedStep(step);
    else navigate(next, { replace: true });
  };

  if (me.isPending) return <FullPageLoader />;
  const step = forcedStep ?? (me.data ? pendingMfaStep(me.data) : null);
  if (me.data && !step) {
    // Already signed in.
    return <Navigate to={next} replace />;
  }
  if (step === 'verify')
    return (
      <AuthLayout title={t('login.mfaTitle')}>
        <MfaVerifyStep onDone={finish} />
      </AuthLayout>
    );
  if (step === 'enrol')
    return (
      <AuthLayout title={t('enrol.title')}>
        <MfaEnrolStep onDone={finish} />
      </AuthLayout>
    );
  return (
    <AuthLayout title={t('login.title')}>
      <PasswordStep
        onSignedIn={async (mfa) => {
          if (mfa === 'none') await finish();
          else setForcedStep(mfa);
        }}
      />
    </AuthLayout>
  );
}

function PasswordStep({ onSignedIn }: { onSignedIn: (mfa: 'none' | 'verify' | 'enrol') => Promise<void> }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const providers = useProviders();
  const sso = ssoOf(providers.data);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'password' | 'passkey' | null>(null);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const ssoError = params.get('sso_error');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nowMissing = { username: !username.trim(), password: !password };
    setMissing(nowMissing);
    if (nowMissing.username || nowMissing.password) return;
    setBusy('password');
    setError(null);
    try {
      const result = await login({ username: username.trim(), password });
      await onSignedIn(result.mfa);
    } catch (caught) {
      setError(caught);
      setPassword('');
    } finally {
      setBusy(null);
    }
  };

  const passkey = async () => {
    setBusy('passkey');
    setError(null);
    try {
      const result = await signInWithPasskey();
      await onSignedIn(result.mfa);
    } catch (caught) {
      setError(isPasskeyCancel(caught) ? new Error(t('login.passkeyCancelled')) : caught);
    } finally {
      setBusy(null);
    }
  };

  const usernameError = missing.username ? t('common.required') : fieldError(error, 'username');
  const passwordError = missing.password ? t('common.required') : fieldError(error, 'password');
  const showGeneralError =
    error && !(error instanceof ApiError && error.issues.length > 0 && (usernameError || passwordError));

  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {t('login.intro')}
      </Text>
      {ssoError && (
        <Alert color="red" variant="light" role="alert">
          {ssoMessage(ssoError, t)}
        </Alert>
      )}
      {showGeneralError ? <ErrorAlert error={error} /> : null}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('login.username')}
            name="username"
            autoComplete="username webauthn"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={usernameError}
            data-autofocus
          />
          <PasswordField
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={passwordError}
          />
          <Anchor component={Link} to="/forgot-password" size="sm" w="fit-content">
            {t('login.forgot')}
          </Anchor>
          <Button
            type="submit"
            loading={busy === 'password'}
            leftSection={<IconLogin2 size={18} aria-hidden />}
          >
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
      <Divider label={t('login.or')} labelPosition="center" />
      {providers.data?.passkey !== false && (
        <Button
          variant="default"
          onClick={passkey}
          loading={busy === 'passkey'}
          leftSection={<IconFingerprint size={18} aria-hidden />}
        >
          {t('login.passkey')}
        </Button>
      )}
      {sso && (
        <Button component="a" href={sso.url} variant="default">
          {/* OIDC_LABEL is the button's whole text, as configured */}
          {sso.name || t('login.sso')}
        </Button>
      )}
    </Stack>
  );
}
