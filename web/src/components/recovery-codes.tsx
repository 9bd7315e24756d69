import { Alert, Button, Checkbox, CopyButton, Group, List, Stack } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** Recovery codes shown once: copy, download, and an explicit "I saved them" before going on. */
export function RecoveryCodesPanel({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([`${t('app.name')} — ${t('security.recovery')}\n\n${text}\n`], { type: 'text/plain' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = 'mat-tran-so-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light">
        {t('enrol.recoveryIntro')}
      </Alert>
      <List className="recovery-codes" data-testid="recovery-codes" listStyleType="none" spacing={4}>
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
      <Group gap="xs">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="default" size="xs" onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" size="xs" onClick={download}>
          {t('common.download')}
        </Button>
      </Group>
      <Checkbox
        label={t('enrol.savedCodes')}
        checked={saved}
        onChange={(e) => setSaved(e.currentTarget.checked)}
      />
      <Button disabled={!saved} onClick={onContinue}>
        {t('enrol.continue')}
      </Button>
    </Stack>
  );
}
