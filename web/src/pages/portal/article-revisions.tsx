import { Box, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type PortalRevisionDiff, useRevisionDiff, useRevisions } from '../../api/portal.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { usePortalI18n } from './portal-i18n.ts';

type Part = PortalRevisionDiff['body'][number];

/** A word diff: additions as <ins> (green, underlined), removals as <del> (red, struck). */
function DiffText({ parts }: { parts: Part[] }) {
  const { pt } = usePortalI18n();
  if (!parts.some((p) => p.added || p.removed)) return <Text c="dimmed">{pt('po.rev.unchanged')}</Text>;
  return (
    <Text component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts
        .map((part, at) => ({ part, id: String(at) }))
        .map(({ part, id }) =>
          part.added ? (
            <ins
              key={id}
              style={{ color: 'var(--mantine-color-green-9)', background: 'var(--mantine-color-green-0)' }}
            >
              {part.value}
            </ins>
          ) : part.removed ? (
            <del
              key={id}
              style={{ color: 'var(--mantine-color-red-9)', background: 'var(--mantine-color-red-0)' }}
            >
              {part.value}
            </del>
          ) : (
            <span key={id}>{part.value}</span>
          ),
        )}
    </Text>
  );
}

/** The article's versions, and the changes between two chosen ones (default: the last two). */
export function ArticleRevisions({ articleId }: { articleId: string }) {
  const { pt, t } = usePortalI18n();
  const revisions = useRevisions(articleId);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const versions = (revisions.data ?? []).map((r) => r.version).sort((a, b) => a - b);
  const latest = versions.at(-1) ?? null;
  // Once the versions are known, compare the last two unless the person chose otherwise.
  useEffect(() => {
    if (latest !== null && latest > 1) {
      setTo(latest);
      setFrom(latest - 1);
    }
  }, [latest]);
  const diff = useRevisionDiff(articleId, from, to);
  const options = versions.map((v) => ({ value: String(v), label: pt('po.ed.version', { n: v }) }));

  return (
    <Stack gap="md">
      <ErrorAlert error={revisions.error} />
      {revisions.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {revisions.data && (
        <Table.ScrollContainer minWidth={0}>
          <Table striped>
            <Table.Caption>{pt('po.rev.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{pt('po.rev.editor')}</Table.Th>
                <Table.Th>{pt('po.rev.when')}</Table.Th>
                <Table.Th>{pt('po.rev.note')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {revisions.data.map((r) => (
                <Table.Tr key={r.version}>
                  <Table.Td>{r.version}</Table.Td>
                  <Table.Td>{r.editorName ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.note || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {versions.length > 1 && (
        <Stack gap="sm">
          <Group gap="xs" wrap="wrap" align="flex-end">
            <Select
              label={pt('po.rev.from')}
              data={options}
              value={from === null ? null : String(from)}
              onChange={(v) => setFrom(v ? Number(v) : null)}
              allowDeselect={false}
            />
            <Select
              label={pt('po.rev.to')}
              data={options}
              value={to === null ? null : String(to)}
              onChange={(v) => setTo(v ? Number(v) : null)}
              allowDeselect={false}
            />
          </Group>
          {from === to && <Text c="dimmed">{pt('po.rev.pick')}</Text>}
          <ErrorAlert error={diff.error} />
          {diff.data && (
            <Stack gap="sm" aria-live="polite">
              <Text size="sm" c="dimmed">
                {pt('po.rev.legend')}
              </Text>
              <Box>
                <Title order={3} size="h5">
                  {pt('po.f.title')}
                </Title>
                <DiffText parts={diff.data.title} />
              </Box>
              <Box>
                <Title order={3} size="h5">
                  {pt('po.f.summary')}
                </Title>
                <DiffText parts={diff.data.summary} />
              </Box>
              <Box>
                <Title order={3} size="h5">
                  {pt('po.f.body')}
                </Title>
                <DiffText parts={diff.data.body} />
              </Box>
            </Stack>
          )}
        </Stack>
      )}
    </Stack>
  );
}
