import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { identityPaths } from '../../api/identity.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import {
  type NewPassword,
  NewPasswordFields,
  newPasswordErrors,
} from '../../components/new-password-fields.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { AuthLayout } from './auth-layout.tsx';

export default function ResetPasswordPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [value, setValue] = useState<NewPassword>({ password: '', confirm: '' });
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors: { password?: string; confirm?: string } = checked ? newPasswordErrors(value, t) : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    const now = newPasswordErrors(value, t);
    if (now.password || now.confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(identityPaths.passwordReset, { token, newPassword: value.password });
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('reset.title')}>
      {!token ? (
        <Alert color="red" variant="light" role="alert">
          {t('reset.missingToken')}
        </Alert>
      ) : done ? (
        <Alert color="green" variant="light" role="status">
          {t('reset.done')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={error} />
            <NewPasswordFields
              value={value}
              onChange={setValue}
              errors={{
                password: errors.password ?? fieldError(error, 'newPassword'),
                confirm: errors.confirm,
              }}
            />
            <Button type="submit" loading={busy}>
              {t('reset.submit')}
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
