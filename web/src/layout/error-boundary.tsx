import { Alert, Button, Stack } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

function CrashMessage() {
  const { t } = useI18n();
  return (
    <Stack maw={560}>
      <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
        {t('error.crash')}
      </Alert>
      <Button variant="default" w="fit-content" onClick={() => window.location.reload()}>
        {t('error.reload')}
      </Button>
    </Stack>
  );
}

/** Keeps a failing page (or a chunk that failed to load) from blanking the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <CrashMessage /> : this.props.children;
  }
}
