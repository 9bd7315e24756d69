import { Button, Center, Code, Image, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { enableTotp, startTotpSetup, type TotpSetup } from '../api/identity.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert, ErrorState } from './error-state.tsx';
import { Loading } from './loading.tsx';
import { RecoveryCodesPanel } from './recovery-codes.tsx';

function qrSource(setup: TotpSetup): string | null {
  return setup.qrCode.startsWith('data:') ? setup.qrCode : null;
}

function groupSecret(secret: string) {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Set up an authenticator app: QR code, confirm with a code, then show recovery codes once. */
export function TotpEnrolment({ onDone, headingOrder = 2 }: { onDone: () => void; headingOrder?: 2 | 3 }) {
  const { t } = useI18n();
  const setup = useQuery({
    queryKey: ['totp', 'setup'],
    queryFn: startTotpSetup,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) {
    return (
      <Stack gap="sm">
        <Title order={headingOrder} size="h4">
          {t('enrol.step3')}
        </Title>
        <RecoveryCodesPanel codes={codes} onContinue={onDone} />
      </Stack>
    );
  }
  if (setup.isPending) return <Loading py="md" />;
  if (setup.error) return <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6,8}$/.test(code.replace(/\s/g, ''))) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    try {
      const result = await enableTotp(code.replace(/\s/g, ''));
      const recovery = result.recoveryCodes;
      if (recovery.length > 0) setCodes(recovery);
      else onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const src = qrSource(setup.data);
  return (
    <Stack gap="md">
      <Stack gap="xs">
        <Title order={headingOrder} size="h4">
          {t('enrol.step1')}
        </Title>
        <Text size="sm">{t('enrol.step1Body')}</Text>
        {src && (
          <Center>
            <Image src={src} alt={t('enrol.qrAlt')} w={200} h={200} fit="contain" bg="white" />
          </Center>
        )}
        <Text size="sm">{t('enrol.manualKey')}</Text>
        <Code block data-testid="totp-secret">
          {groupSecret(setup.data.secret)}
        </Code>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={headingOrder} size="h4">
            {t('enrol.step2')}
          </Title>
          <ErrorAlert error={error} />
          <TextInput
            label={t('login.totpCode')}
            description={t('login.totpHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={missing ? t('login.totpHint') : undefined}
          />
          <Button type="submit" loading={busy}>
            {t('enrol.confirm')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
