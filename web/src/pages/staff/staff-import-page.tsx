import { Alert, Button, FileInput, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ImportIssue, ImportReport } from '@mts/contracts';
import { IconDownload, IconFileSpreadsheet } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, saveDownload } from '../../api/client.ts';
import { importStaff, organisationPaths } from '../../api/organisation.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** The import answers 400 with the report in details when rows are bad; show it like a dry run. */
function reportOf(error: unknown): ImportReport | null {
  if (error instanceof ApiError && error.details && typeof error.details.report === 'object')
    return error.details.report as ImportReport;
  return null;
}

export default function StaffImportPage() {
  const { t, pick } = useI18n();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'check' | 'import' | 'template' | null>(null);
  const [missing, setMissing] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const result = await importStaff(file, dryRun);
      setReport(result);
      if (!dryRun) {
        notifications.show({ color: 'green', message: t('import.done', { count: result.created }) });
        void client.invalidateQueries({ queryKey: ['staff'] });
      }
    } catch (caught) {
      const bad = reportOf(caught);
      if (bad) setReport(bad);
      else {
        setReport(null);
        setError(caught);
      }
    } finally {
      setBusy(null);
    }
  };

  const downloadTemplate = async () => {
    setBusy('template');
    try {
      await saveDownload(await api.raw('GET', organisationPaths.staffImportTemplate), 'mau-nhap-can-bo.xlsx');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const columns: Column<ImportIssue>[] = [
    { key: 'row', header: t('import.row'), render: (i) => i.row, width: 70 },
    { key: 'column', header: t('import.column'), render: (i) => i.columnLabel || i.column },
    { key: 'value', header: t('import.value'), render: (i) => i.value ?? '—' },
    {
      key: 'problem',
      header: t('import.problem'),
      primary: true,
      render: (i) => pick(i.message.vi, i.message.en),
    },
  ];
  const badRows = report ? new Set(report.issues.map((i) => i.row)).size : 0;

  return (
    <Stack gap="md" maw={960}>
      <PageHeader title={t('import.title')} description={t('import.intro')} />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Text size="sm">{t('import.columns')}</Text>
          <Button
            variant="subtle"
            w="fit-content"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => void downloadTemplate()}
            loading={busy === 'template'}
          >
            {t('import.template')}
          </Button>
          <FileInput
            label={t('import.file')}
            description={t('import.fileHint')}
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
            value={file}
            onChange={(next) => {
              setFile(next);
              setReport(null);
              setError(null);
            }}
            clearable
            required
            error={missing ? t('import.chooseFile') : undefined}
            maw={480}
          />
          <Group gap="xs">
            <Button
              onClick={() => void run(true)}
              loading={busy === 'check'}
              disabled={busy !== null && busy !== 'check'}
            >
              {t('import.check')}
            </Button>
            <Button component={Link} to="/staff" variant="default">
              {t('common.back')}
            </Button>
          </Group>
          <ErrorAlert error={error} />
        </Stack>
      </Paper>
      {report && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="import-report">
          <Stack gap="sm" aria-live="polite">
            <Title order={2} size="h4" id="import-report">
              {t('import.report')}
            </Title>
            <Text size="sm" data-testid="import-summary">
              {t('import.summary', { total: report.rows, valid: report.rows - badRows, invalid: badRows })}
            </Text>
            {report.created > 0 ? (
              <Alert color="green" variant="light" role="status">
                {t('import.done', { count: report.created })}
              </Alert>
            ) : report.valid ? (
              <>
                <Alert color="green" variant="light">
                  {t('import.allGood')}
                </Alert>
                <Button onClick={() => void run(false)} loading={busy === 'import'} w="fit-content">
                  {t('import.run', { count: report.rows })}
                </Button>
              </>
            ) : (
              <>
                <Alert color="red" variant="light">
                  {t('import.fixAndRetry')}
                </Alert>
                <DataTable
                  caption={t('import.report')}
                  columns={columns}
                  rows={report.issues}
                  rowKey={(i) => `${i.row}:${i.column}:${i.message.en}`}
                  testId="import-issues"
                />
              </>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
