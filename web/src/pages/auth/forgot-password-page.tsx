import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { identityPaths } from '../../api/identity.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { AuthLayout } from './auth-layout.tsx';

export default function ForgotPasswordPage() {
  const { t } = useI18n();
  const [identifier, setIdentifier] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!identifier.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    try {
      await api.post(identityPaths.passwordForgot, { email: identifier.trim() });
      setSent(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('forgot.title')}>
      {sent ? (
        <Alert color="green" variant="light" role="status">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('forgot.intro')}</Text>
            <ErrorAlert error={error} />
            <TextInput
              label={t('forgot.identifier')}
              type="email"
              autoComplete="email"
              autoCapitalize="none"
              required
              value={identifier}
              onChange={(e) => setIdentifier(e.currentTarget.value)}
              error={missing ? t('common.required') : fieldError(error, 'email')}
            />
            <Button type="submit" loading={busy}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" w="fit-content">
        {t('forgot.backToLogin')}
      </Anchor>
    </AuthLayout>
  );
}
