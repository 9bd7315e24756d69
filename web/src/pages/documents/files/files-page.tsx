import {
  Anchor,
  Badge,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { DocumentFile, DocumentFileStatus, Retention } from '@mts/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../api/client.ts';
import { useArchiveDue, useCreateDocumentFile, useDocumentFiles } from '../../../api/document-files.ts';
import { can, useMe } from '../../../auth/use-me.ts';
import { type Column, DataTable } from '../../../components/data-table.tsx';
import { ErrorAlert } from '../../../components/error-state.tsx';
import { undefinedIfEmpty } from '../../../components/form-utils.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../i18n/format.ts';
import { tones } from '../../../tones.ts';
import { useDocI18n } from '../doc-i18n.ts';
import { DocumentsNav, useUrlState } from '../parts.tsx';

const RETENTIONS = ['permanent', '70', '20', '10', '5'];

export function useRetentionLabel() {
  const { dt } = useDocI18n();
  return (retention: Retention) =>
    retention === 'permanent' ? dt('doc.files.permanent') : dt('doc.files.years', { n: retention });
}

export function FileStatusBadge({ status }: { status: DocumentFileStatus }) {
  const { dt } = useDocI18n();
  const colour = status === 'open' ? 'front.8' : status === 'closed' ? 'gray.8' : tones.success;
  return <Badge color={colour}>{dt(`doc.files.status.${status}`)}</Badge>;
}

/** The unit's file list (danh mục hồ sơ) by year, files due for archive transfer, and a new file. */
export default function FilesPage() {
  const { dt, t } = useDocI18n();
  const me = useMe().data;
  const { params, setParam } = useUrlState();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const status = (params.get('status') ?? '') as DocumentFileStatus | '';
  const files = useDocumentFiles({ year, status: status || undefined });
  const retentionLabel = useRetentionLabel();
  const [creating, setCreating] = useState(false);
  const mayFile = can(me, 'documents.file');

  const columns: Column<DocumentFile>[] = [
    {
      key: 'title',
      header: dt('doc.files.title'),
      primary: true,
      render: (f) => (
        <Anchor
          component={Link}
          to={`/documents/files/${f.id}`}
          fw={600}
          style={{ overflowWrap: 'anywhere' }}
        >
          {f.title}
        </Anchor>
      ),
    },
    { key: 'code', header: dt('doc.files.code'), render: (f) => f.code },
    { key: 'retention', header: dt('doc.files.retention'), render: (f) => retentionLabel(f.retention) },
    { key: 'count', header: dt('doc.files.count'), render: (f) => f.documentCount },
    { key: 'due', header: dt('doc.files.archiveDue'), render: (f) => formatDate(f.archiveDueDate) },
    { key: 'status', header: t('common.status'), render: (f) => <FileStatusBadge status={f.status} /> },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={dt('doc.files')}
        actions={
          mayFile &&
          !creating && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {dt('doc.files.new')}
            </Button>
          )
        }
      />
      <DocumentsNav />
      {creating && me && (
        <NewFileForm unitId={me.activeUnit.id} year={year} onCancel={() => setCreating(false)} />
      )}
      <ArchiveDuePanel />
      <Paper withBorder p="sm" role="search" aria-label={t('common.filter')}>
        <Group gap="sm" wrap="wrap">
          <Select
            label={dt('doc.files.year')}
            w={140}
            data={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map(String)}
            value={String(year)}
            allowDeselect={false}
            onChange={(value) => setParam('year', value ?? '')}
          />
          <Select
            label={t('common.status')}
            w={200}
            data={[
              { value: '', label: t('common.all') },
              ...(['open', 'closed', 'transferred'] as const).map((s) => ({
                value: s,
                label: dt(`doc.files.status.${s}`),
              })),
            ]}
            value={status}
            allowDeselect={false}
            onChange={(value) => setParam('status', value ?? '')}
          />
        </Group>
      </Paper>
      <ErrorAlert error={files.error} />
      {files.data && (
        <DataTable
          caption={dt('doc.files')}
          columns={columns}
          rows={files.data}
          rowKey={(f) => f.id}
          empty={dt('doc.files.empty')}
          testId="document-files"
        />
      )}
      {files.isPending && !files.error && <div role="status">{t('common.loading')}</div>}
    </Stack>
  );
}

function NewFileForm({ unitId, year, onCancel }: { unitId: string; year: number; onCancel: () => void }) {
  const { dt, t } = useDocI18n();
  const navigate = useNavigate();
  const create = useCreateDocumentFile();
  const retentionLabel = useRetentionLabel();
  const [form, setForm] = useState({ title: '', code: '', year, retention: 'permanent' });
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-labelledby="new-file-title"
      onSubmit={async (event) => {
        event.preventDefault();
        const file = await create
          .mutateAsync({
            unitId,
            year: form.year,
            title: form.title.trim(),
            code: undefinedIfEmpty(form.code),
            retention: form.retention === 'permanent' ? 'permanent' : Number(form.retention),
          })
          .catch(() => null);
        if (file) navigate(`/documents/files/${file.id}`);
      }}
    >
      <Title order={2} size="h4" id="new-file-title" mb="sm">
        {dt('doc.files.new')}
      </Title>
      <Stack gap="sm">
        <TextInput
          label={dt('doc.files.title')}
          required
          maxLength={1000}
          value={form.title}
          error={errors.title}
          onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
        />
        <Group gap="sm" wrap="wrap" align="flex-start">
          <NumberInput
            label={dt('doc.files.year')}
            w={140}
            min={1945}
            max={2200}
            required
            value={form.year}
            error={errors.year}
            onChange={(value) => setForm({ ...form, year: Number(value) || year })}
          />
          <Select
            label={dt('doc.files.retention')}
            w={200}
            data={RETENTIONS.map((r) => ({
              value: r,
              label: retentionLabel(r === 'permanent' ? 'permanent' : Number(r)),
            }))}
            value={form.retention}
            allowDeselect={false}
            error={errors.retention}
            onChange={(value) => setForm({ ...form, retention: value ?? 'permanent' })}
          />
          <TextInput
            label={dt('doc.files.code')}
            description={dt('doc.files.codeHint')}
            maxLength={60}
            value={form.code}
            error={errors.code}
            onChange={(e) => setForm({ ...form, code: e.currentTarget.value })}
            style={{ flex: '1 1 14rem' }}
          />
        </Group>
        <ErrorAlert error={create.error} />
        <Group gap="xs">
          <Button type="submit" loading={create.isPending}>
            {dt('doc.files.create')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Files whose archive transfer is due within 30 days (or overdue): the notice the clerk acts on. */
function ArchiveDuePanel() {
  const { dt } = useDocI18n();
  const due = useArchiveDue();
  if (!due.data) return <ErrorAlert error={due.error} />;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="archive-due-title">
      <Title order={2} size="h5" id="archive-due-title" mb={4}>
        {dt('doc.files.dueTitle')}
      </Title>
      {due.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {dt('doc.files.dueNone')}
        </Text>
      ) : (
        <List spacing={4}>
          {due.data.map((f) => (
            <List.Item key={f.id}>
              <Anchor component={Link} to={`/documents/files/${f.id}`} style={{ overflowWrap: 'anywhere' }}>
                {f.code} · {f.title}
              </Anchor>{' '}
              <Text span size="sm" c={f.isOverdue ? tones.warning : 'dimmed'}>
                {f.isOverdue
                  ? dt('doc.files.dueLate', { date: formatDate(f.archiveDueDate), n: -f.daysLeft })
                  : dt('doc.files.dueLine', { date: formatDate(f.archiveDueDate), n: f.daysLeft })}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
