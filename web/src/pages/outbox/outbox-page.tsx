import { Alert, Button, Code, Modal, Stack, Text } from '@mantine/core';
import type { MailOutbox, OutboxMessage } from '@mts/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PageFallback } from '../../layout/app-layout.tsx';

/** Links in demo mail (password reset) point at this app; show them as plain text to copy or open. */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: fragments of one immutable text
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function OutboxPage() {
  const { t } = useI18n();
  const outbox = useQuery({
    queryKey: ['mail-outbox'],
    queryFn: () => api.get<MailOutbox>('/mail/outbox'),
    refetchInterval: 15_000,
  });
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  const columns: Column<OutboxMessage>[] = [
    { key: 'at', header: t('outbox.sentAt'), render: (m) => formatDateTime(m.at) },
    { key: 'to', header: t('outbox.to'), render: (m) => m.to },
    { key: 'subject', header: t('outbox.subject'), primary: true, render: (m) => m.subject },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (m) => (
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => setOpen(m)}
          aria-label={`${t('outbox.open')}: ${m.subject}`}
        >
          {t('outbox.open')}
        </Button>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <PageHeader title={t('outbox.title')} description={t('outbox.intro')} />
      <ErrorAlert error={outbox.error} />
      {outbox.isPending && !outbox.error && <PageFallback />}
      {outbox.data &&
        (outbox.data.enabled ? (
          <DataTable
            caption={t('outbox.title')}
            columns={columns}
            rows={outbox.data.messages}
            rowKey={(m) => m.id}
            empty={t('outbox.none')}
            testId="outbox-table"
          />
        ) : (
          <Alert color="blue" variant="light">
            {t('outbox.disabled')}
          </Alert>
        ))}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.subject ?? ''} size="lg">
        {open && (
          <Stack gap="xs">
            <Text size="sm">
              {t('outbox.to')}: {open.to}
            </Text>
            <Text size="sm" c="dimmed">
              {formatDateTime(open.at)} · {open.from}
            </Text>
            <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid="outbox-message">
              {linkify(open.text)}
            </Code>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
