import {
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPaperclip } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { api, saveDownload } from '../../api/client.ts';
import {
  type BoardFilter,
  type Directive,
  type DirectiveCounts,
  directivePaths,
  type RecipientRow,
  useDirective,
  useDirectiveBoard,
  useRecipientAction,
} from '../../api/directives.ts';
import { useLiveTopic } from '../../api/live.ts';
import { useMe } from '../../auth/use-me.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert, ErrorState } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { MessageBody } from '../messaging/message-body.tsx';
import { useDirectiveI18n } from './directive-i18n.ts';
import { actionKey, EscalatedChip, isOverdue, OverdueChip, StatusChip, UrgentBadge } from './parts.tsx';

/**
 * One directive. The sender's side sees the board (counts and one row per recipient unit, kept
 * live from the `directive:<id>` topic) and exports it; a recipient unit's side marks it seen on
 * opening, acknowledges it and reports back.
 */
export default function DirectiveDetailPage() {
  const { directiveId = '' } = useParams();
  const { dt } = useDirectiveI18n();
  const detail = useDirective(directiveId);
  const me = useMe().data!;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Loading py="xl" />;
  const { directive, counts } = detail.data;
  // The rows I answer for as a member of the recipient unit itself (where I hold a role), not every
  // recipient below my unit: a province leader follows the board, the communes answer.
  const mine = detail.data.mine.filter((row) => me.units.some((unit) => unit.id === row.unitId));
  return (
    <Stack gap="md">
      <PageHeader
        title={dt('dir.detail', { title: directive.title })}
        description={`${directive.senderUnitName} · ${directive.senderName}`}
      />
      <DirectiveSummary directive={directive} />
      {mine.map((row) => (
        <RecipientPanel key={row.unitId} directive={directive} row={row} several={mine.length > 1} />
      ))}
      {counts && <Board directive={directive} initialCounts={counts} />}
    </Stack>
  );
}

function DirectiveSummary({ directive }: { directive: Directive }) {
  const { dt } = useDirectiveI18n();
  return (
    <Paper withBorder p="md" component="section" aria-label={dt('dir.field.body')}>
      <Stack gap="xs">
        <Group gap="xs">
          {directive.urgent && <UrgentBadge />}
          {directive.cancelledAt && <Badge color="gray.8">{dt('dir.cancelled')}</Badge>}
          <Text size="sm" fw={600}>
            {dt('dir.deadlineLeft', { deadline: formatDateTime(directive.deadline) })}
          </Text>
          <Text size="sm" c="dimmed">
            {dt(actionKey(directive.action))}
            {directive.figureLabel ? ` (${directive.figureLabel})` : ''}
          </Text>
        </Group>
        {directive.body && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <MessageBody body={directive.body} />
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {dt('dir.field.sentAt')}: {formatDateTime(directive.createdAt)}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The recipient's side: seen on opening, then acknowledge, then (if asked) the report. */
function RecipientPanel({
  directive,
  row,
  several,
}: {
  directive: Directive;
  row: RecipientRow;
  several: boolean;
}) {
  const { dt } = useDirectiveI18n();
  const act = useRecipientAction(directive.id);
  const markedSeen = useRef(false);
  const [text, setText] = useState('');
  const [figure, setFigure] = useState<number | string>('');
  const [files, setFiles] = useState<File[]>([]);
  const unitId = several ? row.unitId : undefined;
  const { mutate } = act;

  useEffect(() => {
    if (row.status !== 'sent' || markedSeen.current || directive.cancelledAt) return;
    markedSeen.current = true;
    mutate({ step: 'seen', unitId: row.unitId });
  }, [row.status, row.unitId, directive.cancelledAt, mutate]);

  const acknowledged = row.status === 'acknowledged' || row.status === 'reported';
  const needsReport = directive.action !== 'acknowledge' && row.status !== 'reported';
  const submitReport = (event: FormEvent) => {
    event.preventDefault();
    act.mutate(
      {
        step: 'report',
        unitId,
        text: text.trim() || undefined,
        figure: figure === '' ? undefined : Number(figure),
        files,
      },
      { onSuccess: () => notifications.show({ color: 'green', message: dt('dir.reported') }) },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`mine-${row.unitId}`}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={`mine-${row.unitId}`}>
            {dt('dir.mine')}: {row.unitName}
          </Title>
          <Group gap={4} data-testid="my-status">
            <StatusChip status={row.status} />
            {isOverdue(row, directive.deadline) && <OverdueChip />}
            {row.escalatedAt && <EscalatedChip />}
          </Group>
        </Group>
        {!acknowledged && !directive.cancelledAt && (
          <Button
            w="fit-content"
            loading={act.isPending && act.variables?.step === 'acknowledge'}
            onClick={() =>
              act.mutate(
                { step: 'acknowledge', unitId },
                { onSuccess: () => notifications.show({ color: 'green', message: dt('dir.acknowledged') }) },
              )
            }
          >
            {dt('dir.acknowledge')}
          </Button>
        )}
        {acknowledged && row.acknowledgedAt && (
          <Text size="sm">
            {dt('dir.status.acknowledged')}: {formatDateTime(row.acknowledgedAt)}
            {row.onTime === false ? ` · ${dt('dir.status.late')}` : ''}
          </Text>
        )}
        {needsReport && !directive.cancelledAt && (
          <Stack gap="sm" component="form" onSubmit={submitReport} aria-label={dt('dir.reportTitle')}>
            <Title order={3} size="h5">
              {dt('dir.reportTitle')}
            </Title>
            {directive.action === 'figure' ? (
              <NumberInput
                label={dt('dir.reportFigure', { label: directive.figureLabel ?? '' })}
                required
                value={figure}
                onChange={setFigure}
                thousandSeparator="."
                decimalSeparator=","
                maw={260}
              />
            ) : null}
            <Textarea
              label={dt('dir.reportText')}
              autosize
              minRows={3}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <FileInput
              label={dt('dir.reportFiles')}
              description={dt('dir.reportFilesHint')}
              multiple
              clearable
              value={files}
              onChange={setFiles}
              leftSection={<IconPaperclip size={16} aria-hidden />}
              maw={420}
            />
            <Button type="submit" w="fit-content" loading={act.isPending && act.variables?.step === 'report'}>
              {dt('dir.report')}
            </Button>
          </Stack>
        )}
        {row.status === 'reported' && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {dt('dir.yourReport')} ({formatDateTime(row.reportedAt)})
            </Text>
            <ReportCell row={row} directive={directive} />
          </Stack>
        )}
        <ErrorAlert error={act.error} />
      </Stack>
    </Paper>
  );
}

function ReportCell({ row, directive }: { row: RecipientRow; directive: Directive }) {
  return (
    <Stack gap={2}>
      {row.reportFigure !== null && (
        <Text size="sm" fw={600}>
          {row.reportFigure.toLocaleString('vi-VN')} {directive.figureLabel ?? ''}
        </Text>
      )}
      {row.reportText && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {row.reportText}
        </Text>
      )}
      {row.attachments.map((a) => (
        <Anchor key={a.key} size="sm" href={directivePaths.attachment(directive.id, a.key)}>
          {a.name}
        </Anchor>
      ))}
    </Stack>
  );
}

const BOARD_PAGE = 50;
const countOrder = ['sent', 'seen', 'acknowledged', 'reported', 'overdue'] as const;

/** The sender's board: counts, a status filter and one row per recipient, live. */
function Board({ directive, initialCounts }: { directive: Directive; initialCounts: DirectiveCounts }) {
  const { dt, t } = useDirectiveI18n();
  const client = useQueryClient();
  const [status, setStatus] = useState<BoardFilter>('');
  const [page, setPage] = useState(1);
  const board = useDirectiveBoard(directive.id, status, page, BOARD_PAGE);
  const [exportError, setExportError] = useState<unknown>(null);
  const counts = board.data?.counts ?? initialCounts;

  // Any change on the board (seen, acknowledged, reported, escalated): read the page and counts again.
  useLiveTopic(`directive:${directive.id}`, () => {
    void client.invalidateQueries({ queryKey: ['directives', 'board', directive.id] });
    void client.invalidateQueries({ queryKey: ['directives', 'detail', directive.id] });
  });

  const download = async (format: 'xlsx' | 'csv') => {
    setExportError(null);
    try {
      const response = await api.raw('GET', directivePaths.export(directive.id, format));
      await saveDownload(response, `chi-dao.${format}`);
    } catch (error) {
      setExportError(error);
    }
  };

  const columns: Column<RecipientRow>[] = [
    { key: 'unit', header: dt('dir.board.unit'), primary: true, render: (row) => row.unitName },
    {
      key: 'status',
      header: t('common.status'),
      render: (row) => (
        <Group gap={4}>
          <StatusChip status={row.status} />
          {isOverdue(row, directive.deadline) && <OverdueChip />}
          {row.escalatedAt && <EscalatedChip />}
        </Group>
      ),
    },
    {
      key: 'when',
      header: dt('dir.board.when'),
      render: (row) =>
        formatDateTime(row.reportedAt ?? row.acknowledgedAt ?? row.seenAt) || <Text c="dimmed">—</Text>,
    },
    {
      key: 'report',
      header: dt('dir.board.report'),
      render: (row) => <ReportCell row={row} directive={directive} />,
    },
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="board-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="board-title">
            {dt('dir.board')}
          </Title>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} aria-hidden />}
              onClick={() => download('xlsx')}
            >
              {dt('dir.export.xlsx')}
            </Button>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} aria-hidden />}
              onClick={() => download('csv')}
            >
              {dt('dir.export.csv')}
            </Button>
          </Group>
        </Group>
        <SimpleGrid
          cols={{ base: 2, sm: 3, md: 6 }}
          spacing="xs"
          component="dl"
          m={0}
          data-testid="directive-counts"
          aria-live="polite"
        >
          <CountTile label={dt('dir.board.total')} value={counts.total} />
          {countOrder.map((key) => (
            <CountTile key={key} label={dt(`dir.status.${key}`)} value={counts[key]} />
          ))}
        </SimpleGrid>
        <Select
          label={dt('dir.board.filter')}
          maw={280}
          allowDeselect={false}
          value={status}
          onChange={(value) => {
            setStatus((value ?? '') as BoardFilter);
            setPage(1);
          }}
          data={[
            { value: '', label: t('common.all') },
            ...countOrder.map((key) => ({ value: key, label: dt(`dir.status.${key}`) })),
          ]}
        />
        <ErrorAlert error={board.error ?? exportError} />
        {board.data && (
          <PagedTable
            caption={dt('dir.board')}
            columns={columns}
            rows={board.data.rows}
            rowKey={(row) => row.unitId}
            empty={dt('dir.board.empty')}
            testId="directive-board"
            busy={board.isFetching}
            page={page}
            total={board.data.total}
            pageSize={BOARD_PAGE}
            onPage={setPage}
          />
        )}
      </Stack>
    </Paper>
  );
}

function CountTile({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="xs" radius="sm">
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={700} size="lg">
        {value}
      </Text>
    </Paper>
  );
}
