import { Button, Group, Paper, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { PageFallback } from '../layout/app-layout.tsx';
import { ErrorAlert, ErrorState } from './error-state.tsx';
import { PageHeader } from './page-header.tsx';

/**
 * The record a form edits: loading, or its error with a retry, while an id is given; then the
 * form (keyed by the record, so a different record starts afresh). Without an id, a new record.
 */
export function RecordLoader<T extends { id: string }>({
  id,
  query,
  children,
}: {
  id: string | undefined;
  query: UseQueryResult<T>;
  children: (record: T | undefined) => ReactNode;
}) {
  if (id && query.isPending) return <PageFallback />;
  if (id && query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Fragment key={query.data?.id ?? 'new'}>{children(query.data)}</Fragment>;
}

/** A record form's page: the heading, the bordered form with the server's error on top, save and cancel. */
export function RecordFormShell({
  title,
  onSubmit,
  error,
  saving,
  cancelTo,
  children,
}: {
  title: string;
  onSubmit: (event: FormEvent) => void;
  error: unknown;
  saving: boolean;
  cancelTo: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="md" maw={820}>
      <PageHeader title={title} />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={error} />
            {children}
            <Group gap="xs" mt="sm">
              <Button type="submit" loading={saving}>
                {t('common.save')}
              </Button>
              <Button component={Link} to={cancelTo} variant="default">
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
