import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { DocumentFileDetail } from '@mts/contracts';
import { IconArrowDown, IconArrowUp, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useDocumentFile, useDocumentFileStep } from '../../../api/document-files.ts';
import { useDocumentSearch } from '../../../api/documents.ts';
import { can, useMe } from '../../../auth/use-me.ts';
import { ConfirmButton } from '../../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../../components/data-table.tsx';
import { ErrorAlert } from '../../../components/error-state.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../i18n/format.ts';
import { tones } from '../../../tones.ts';
import { useDocI18n } from '../doc-i18n.ts';
import { DocumentsNav } from '../parts.tsx';
import { Highlighted } from '../search/highlight.tsx';
import { FileStatusBadge, useRetentionLabel } from './files-page.tsx';

type Item = DocumentFileDetail['documents'][number];

/** The order step moving one document a place up (-1) or down (+1); DocOrdinal follows the order. */
function moved(file: DocumentFileDetail, documentId: string, by: -1 | 1) {
  const ids = file.documents.map((d) => d.documentId);
  const from = ids.indexOf(documentId);
  const to = from + by;
  [ids[from], ids[to]] = [ids[to]!, ids[from]!];
  return { method: 'put' as const, path: `/document-files/${file.id}/order`, body: { documentIds: ids } };
}

/** One file (hồ sơ): its details, its documents in order, adding and removing them, closing it. */
export default function FileDetailPage() {
  const { fileId } = useParams();
  const { dt, t } = useDocI18n();
  const me = useMe().data;
  const file = useDocumentFile(fileId);
  const step = useDocumentFileStep(fileId ?? '');
  const retentionLabel = useRetentionLabel();
  if (file.error) return <ErrorAlert error={file.error} />;
  if (!file.data) return <Loading py="xl" />;
  const f = file.data;
  const editable = can(me, 'documents.file') && f.status === 'open';

  const columns: Column<Item>[] = [
    { key: 'ordinal', header: dt('doc.files.ordinal'), render: (d) => d.docOrdinal, width: 60 },
    {
      key: 'subject',
      header: dt('doc.subject'),
      primary: true,
      render: (d) => (
        <Anchor component={Link} to={`/documents/${d.documentId}`} style={{ overflowWrap: 'anywhere' }}>
          {d.subject}
        </Anchor>
      ),
    },
    {
      key: 'symbol',
      header: dt('doc.symbol'),
      render: (d) => (d.codeNumber ? `${d.codeNumber}/${d.codeNotation ?? ''}` : '—'),
    },
    { key: 'date', header: dt('doc.issuedDate'), render: (d) => formatDate(d.issuedDate) || '—' },
    ...(editable
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            actions: true,
            render: (d: Item) => (
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="default"
                  size="md"
                  disabled={d.docOrdinal === 1}
                  aria-label={dt('doc.files.up', { subject: d.subject })}
                  onClick={() => step.mutate(moved(f, d.documentId, -1))}
                >
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  size="md"
                  disabled={d.docOrdinal === f.documents.length}
                  aria-label={dt('doc.files.down', { subject: d.subject })}
                  onClick={() => step.mutate(moved(f, d.documentId, 1))}
                >
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
                <ConfirmButton
                  size="compact-sm"
                  variant="default"
                  title={dt('doc.files.remove')}
                  message={dt('doc.files.removeConfirm', { subject: d.subject })}
                  confirmLabel={dt('doc.files.remove')}
                  aria-label={`${dt('doc.files.remove')}: ${d.subject}`}
                  onConfirm={() =>
                    step.mutate({
                      method: 'delete',
                      path: `/document-files/${f.id}/documents/${d.documentId}`,
                    })
                  }
                >
                  {dt('doc.files.remove')}
                </ConfirmButton>
              </Group>
            ),
          },
        ]
      : []),
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={`${dt('doc.files.heading', { code: f.code })}: ${f.title}`}
        actions={<FileStatusBadge status={f.status} />}
      />
      <DocumentsNav />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Info label={dt('doc.files.code')} value={f.code} />
          <Info label={dt('doc.files.year')} value={f.year} />
          <Info label={dt('doc.files.retention')} value={retentionLabel(f.retention)} />
          <Info label={dt('doc.files.responsible')} value={f.responsible.fullName} />
          <Info label={dt('doc.files.count')} value={f.documentCount} />
          <Info label={dt('doc.files.archiveDue')} value={formatDate(f.archiveDueDate)} />
        </SimpleGrid>
        {can(me, 'documents.file') && f.status !== 'transferred' && (
          <Group gap="xs" mt="sm">
            {f.status === 'open' && (
              <ConfirmButton
                variant="default"
                title={dt('doc.files.close')}
                message={dt('doc.files.closeConfirm')}
                confirmLabel={dt('doc.files.close')}
                onConfirm={() => step.mutate({ method: 'post', path: `/document-files/${f.id}/close` })}
              >
                {dt('doc.files.close')}
              </ConfirmButton>
            )}
            {f.status === 'closed' && (
              <ConfirmButton
                variant="default"
                title={dt('doc.files.transfer')}
                message={dt('doc.files.transferConfirm')}
                confirmLabel={dt('doc.files.transfer')}
                onConfirm={() => step.mutate({ method: 'post', path: `/document-files/${f.id}/transfer` })}
              >
                {dt('doc.files.transfer')}
              </ConfirmButton>
            )}
          </Group>
        )}
      </Paper>
      <ErrorAlert error={step.error} />
      <Paper withBorder p="md" component="section" aria-labelledby="file-documents-title">
        <Title order={2} size="h4" id="file-documents-title" mb="sm">
          {dt('doc.files.documents')}
        </Title>
        <DataTable
          caption={dt('doc.files.documents')}
          columns={columns}
          rows={f.documents}
          rowKey={(d) => d.documentId}
          empty={dt('doc.files.noDocuments')}
          testId="file-documents"
        />
      </Paper>
      {editable && (
        <AddDocument
          file={f}
          onAdd={(documentId) =>
            step.mutateAsync({
              method: 'post',
              path: `/document-files/${f.id}/documents`,
              body: { documentId },
            })
          }
        />
      )}
    </Stack>
  );
}

function Info({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

/** Finds a document with the documents search and adds it at the end of the file. */
function AddDocument({
  file,
  onAdd,
}: {
  file: DocumentFileDetail;
  onAdd: (documentId: string) => Promise<unknown>;
}) {
  const { dt } = useDocI18n();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [added, setAdded] = useState(false);
  const found = useDocumentSearch({ q, unitId: file.unitId, limit: 8, offset: 0 }, q !== '');
  const filed = new Set(file.documents.map((d) => d.documentId));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="file-add-title">
      <Title order={2} size="h4" id="file-add-title" mb="sm">
        {dt('doc.files.add')}
      </Title>
      <Box
        component="form"
        role="search"
        aria-label={dt('doc.files.add')}
        onSubmit={(event) => {
          event.preventDefault();
          setAdded(false);
          setQ(typed.trim());
        }}
      >
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            type="search"
            label={dt('doc.files.addFind')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />}>
            {dt('doc.search.submit')}
          </Button>
        </Group>
      </Box>
      <ErrorAlert error={found.error} />
      {added && (
        <Text size="sm" c={tones.success} role="status" mt="xs">
          {dt('doc.files.added')}
        </Text>
      )}
      {q !== '' && found.data && (
        <Stack
          component="ul"
          gap="xs"
          m={0}
          mt="sm"
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={dt('doc.search')}
        >
          {found.data.items.length === 0 && (
            <Text component="li" c="dimmed" size="sm">
              {dt('doc.search.none')}
            </Text>
          )}
          {found.data.items.map((hit) => (
            <Group component="li" key={hit.id} justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" style={{ flex: '1 1 14rem', minWidth: 0, overflowWrap: 'anywhere' }}>
                {hit.symbol ? `${hit.symbol} · ` : ''}
                <Highlighted html={hit.highlight.subject} />
              </Text>
              <Button
                size="compact-sm"
                disabled={filed.has(hit.id)}
                aria-label={dt('doc.files.addThisNamed', { subject: hit.subject })}
                onClick={async () => {
                  setAdded(false);
                  await onAdd(hit.id).then(
                    () => setAdded(true),
                    () => undefined,
                  );
                }}
              >
                {dt('doc.files.addThis')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
