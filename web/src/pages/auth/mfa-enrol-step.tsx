import { Alert, Anchor, Button, Divider, Stack } from '@mantine/core';
import { IconFingerprint } from '@tabler/icons-react';
import { useState } from 'react';
import { useLogout } from '../../api/auth.ts';
import { isPasskeyCancel, registerPasskey } from '../../api/identity.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { TotpEnrolment } from '../../components/totp-enrolment.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** A role requires two-factor sign-in and the person has no factor yet. */
export function MfaEnrolStep({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const logout = useLogout();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const passkey = async () => {
    setBusy(true);
    setError(null);
    try {
      await registerPasskey(t('security.passkeys'));
      await onDone();
    } catch (caught) {
      setError(isPasskeyCancel(caught) ? new Error(t('login.passkeyCancelled')) : caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Alert color="blue" variant="light">
        {t('enrol.intro')}
      </Alert>
      <TotpEnrolment onDone={() => void onDone()} />
      <Divider label={t('login.or')} labelPosition="center" />
      <ErrorAlert error={error} />
      <Button
        variant="default"
        onClick={passkey}
        loading={busy}
        leftSection={<IconFingerprint size={18} aria-hidden />}
      >
        {t('enrol.orPasskey')}
      </Button>
      <Anchor component="button" type="button" size="sm" w="fit-content" onClick={() => logout.mutate()}>
        {t('login.cancelMfa')}
      </Anchor>
    </Stack>
  );
}
