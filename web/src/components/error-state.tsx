import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A server or network error as the server worded it (already in the user's language). */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? error.status === 404 && !error.message.trim()
        ? t('common.notAvailable')
        : error.message
      : error instanceof Error
        ? error.message
        : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t('common.errorTitle')}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
    >
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        {issues.length > 0 && (
          <List size="sm">
            {issues.map((issue) => (
              <List.Item key={`${issue.path}:${issue.message}`}>{issue.message}</List.Item>
            ))}
          </List>
        )}
        {error instanceof ApiError && error.requestId && (
          <Text size="xs" c="dimmed">
            {t('common.requestId', { id: error.requestId })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Stack gap="sm" maw={640}>
      <ErrorAlert error={error} />
      {onRetry && (
        <Button variant="default" onClick={onRetry} w="fit-content">
          {t('common.retry')}
        </Button>
      )}
    </Stack>
  );
}

/** The field error the server reported for `field` (issue path "body.field"), if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors()[field] : undefined;
}
