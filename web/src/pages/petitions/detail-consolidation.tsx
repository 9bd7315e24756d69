import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import {
  type PetitionDetail,
  petitionKeys,
  petitionPaths,
  usePetitionAction,
  usePetitionList,
} from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { channelKey, PetitionStatusBadge } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';
import { SimilarPanel } from './similar-panel.tsx';

type Contributor = PetitionDetail['consolidation']['contributors'][number];

/** Merge provenance: who raised it where and when (counts per area, session, term), merge and undo. */
export function ConsolidationSection({ petition }: { petition: PetitionDetail }) {
  const { pt } = usePetitionI18n();
  const me = useMe().data;
  const canIntake = can(me, 'petitions.intake');
  const action = usePetitionAction(petition.id);
  const c = petition.consolidation;
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [code, setCode] = useState('');
  const [debouncedCode] = useDebouncedValue(code.trim(), 350);
  const byCode = usePetitionList({ q: debouncedCode, limit: 5 }, debouncedCode.length >= 4);
  const navigate = useNavigate();
  const client = useQueryClient();
  // This petition joins another (the other is the primary): the cadre lands on the primary.
  const intoOther = useMutation({
    mutationFn: (primaryId: string) =>
      api.post<PetitionDetail>(petitionPaths.merge(primaryId), { memberIds: [petition.id] }),
    onSuccess: async (primary) => {
      await client.invalidateQueries({ queryKey: petitionKeys.all });
      notifications.show({ color: 'green', message: pt('pet.merge.done', { count: 1 }) });
      navigate(`/petitions/${primary.id}`);
    },
  });
  const canMerge =
    canIntake && !c.mergedInto && !['draft', 'rejected', 'merged', 'closed'].includes(petition.status);

  const toggle = (id: string, trackingCode: string, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(id, trackingCode);
      else next.delete(id);
      return next;
    });

  const columns: Column<Contributor>[] = [
    {
      key: 'code',
      header: pt('pet.f.trackingCode'),
      primary: true,
      render: (row) => (
        <Stack gap={2}>
          {row.id === petition.id ? (
            <Text fw={600} size="sm">
              {row.trackingCode}
            </Text>
          ) : (
            <Anchor component={Link} to={`/petitions/${row.id}`} size="sm" fw={600}>
              {row.trackingCode}
            </Anchor>
          )}
          <Text size="xs">{row.title}</Text>
        </Stack>
      ),
    },
    {
      key: 'role',
      header: pt('pet.kind'),
      render: (row) => (row.role === 'primary' ? pt('pet.merge.primary') : pt('pet.merge.member')),
    },
    { key: 'unit', header: pt('pet.f.unit'), render: (row) => row.unitName },
    { key: 'channel', header: pt('pet.f.channel'), render: (row) => pt(channelKey(row.channel)) },
    {
      key: 'session',
      header: pt('pet.f.session'),
      render: (row) =>
        row.sessionId ? (
          <Anchor component={Link} to={`/voter-sessions/${row.sessionId}`} size="sm">
            {row.sessionTitle ?? '—'}
          </Anchor>
        ) : (
          '—'
        ),
    },
    { key: 'term', header: pt('pet.f.term'), render: (row) => row.term ?? '—' },
    { key: 'received', header: pt('pet.f.receivedAt'), render: (row) => formatDate(row.receivedAt) },
    {
      key: 'merged',
      header: pt('pet.f.actor'),
      render: (row) =>
        row.mergedAt
          ? `${formatDateTime(row.mergedAt)}${row.mergedByName ? ` · ${row.mergedByName}` : ''}`
          : '—',
    },
    ...(canIntake
      ? [
          {
            key: 'undo',
            header: pt('pet.merge.undo'),
            actions: true,
            render: (row: Contributor) =>
              row.role === 'member' ? (
                <ConfirmButton
                  size="compact-sm"
                  variant="default"
                  title={pt('pet.merge.undo')}
                  message={pt('pet.merge.undoConfirm', { code: row.trackingCode })}
                  confirmLabel={pt('pet.merge.undo')}
                  loading={action.isPending}
                  onConfirm={() =>
                    action.mutate(
                      { kind: 'unmerge', body: { memberId: row.id } },
                      {
                        onSuccess: () =>
                          notifications.show({ color: 'green', message: pt('pet.merge.undone') }),
                      },
                    )
                  }
                >
                  {pt('pet.merge.undo')}
                </ConfirmButton>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="merge-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="merge-heading">
          {pt('pet.merge')}
        </Title>
        {c.mergedInto && (
          <Text size="sm">
            {pt('pet.d.mergedInto', { code: c.mergedInto.trackingCode })}{' '}
            <Anchor component={Link} to={`/petitions/${c.mergedInto.id}`}>
              {c.mergedInto.title}
            </Anchor>{' '}
            <PetitionStatusBadge status={c.mergedInto.status} />
          </Text>
        )}
        {c.contributors.length === 0 ? (
          !c.mergedInto && (
            <Text size="sm" c="dimmed">
              {pt('pet.merge.none')}
            </Text>
          )
        ) : (
          <>
            <Text size="sm" fw={600}>
              {pt('pet.merge.counts', {
                total: c.counts.total,
                first: formatDate(c.counts.firstReceivedAt),
                last: formatDate(c.counts.lastReceivedAt),
              })}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <CountList
                title={pt('pet.merge.byUnit')}
                rows={c.counts.byUnit.map((u) => ({ key: u.unitId, label: u.unitName, count: u.count }))}
              />
              <CountList
                title={pt('pet.merge.bySession')}
                rows={c.counts.bySession.map((s) => ({
                  key: s.sessionId ?? 'none',
                  label: s.sessionTitle ?? pt('pet.merge.noSession'),
                  count: s.count,
                }))}
              />
              <CountList
                title={pt('pet.merge.byTerm')}
                rows={c.counts.byTerm.map((s) => ({
                  key: s.term ?? 'none',
                  label: s.term ?? pt('pet.merge.noTerm'),
                  count: s.count,
                }))}
              />
            </SimpleGrid>
            <DataTable
              caption={pt('pet.merge.contributors')}
              columns={columns}
              rows={c.contributors}
              rowKey={(row) => row.id}
              testId="merge-contributors"
            />
          </>
        )}
        {c.undone.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {pt('pet.merge.undoneList')}
            </Text>
            <List size="xs">
              {c.undone.map((u) => (
                <List.Item key={`${u.memberId}-${u.undoneAt}`}>
                  {pt('pet.merge.undoneRow', {
                    code: u.trackingCode,
                    merged: formatDateTime(u.mergedAt),
                    undone: formatDateTime(u.undoneAt),
                  })}
                  {u.undoneByName ? ` · ${u.undoneByName}` : ''}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        {canMerge && (
          <Stack gap="xs" mt="sm">
            <Title order={3} size="h5">
              {pt('pet.merge.add')}
            </Title>
            <Text size="sm" c="dimmed">
              {pt('pet.merge.addHint')}
            </Text>
            <TextInput
              label={pt('pet.f.trackingCode')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              maxLength={40}
              maw={320}
            />
            {debouncedCode.length >= 4 &&
              (byCode.data?.items ?? [])
                .filter((p) => p.id !== petition.id && p.status !== 'merged')
                .map((p) => (
                  <Checkbox
                    key={p.id}
                    checked={selected.has(p.id)}
                    onChange={(e) => toggle(p.id, p.trackingCode, e.currentTarget.checked)}
                    label={`${p.trackingCode} — ${p.title} (${p.unitName})`}
                  />
                ))}
            <SimilarPanel
              heading={false}
              text={`${petition.title} ${petition.description}`}
              excludeId={petition.id}
              limit={10}
              action={(item) =>
                item.status === 'merged' ? null : (
                  <Group gap="sm">
                    <Checkbox
                      label={pt('pet.merge.pickMember')}
                      checked={selected.has(item.id)}
                      onChange={(e) => toggle(item.id, item.trackingCode, e.currentTarget.checked)}
                    />
                    {petition.consolidation.contributors.length === 0 &&
                      !['draft', 'rejected'].includes(item.status) && (
                        <Button
                          size="compact-sm"
                          variant="light"
                          loading={intoOther.isPending && intoOther.variables === item.id}
                          onClick={() => intoOther.mutate(item.id)}
                        >
                          {pt('pet.similar.choose')}
                        </Button>
                      )}
                  </Group>
                )
              }
            />
            {selected.size > 0 && (
              <Group gap={4}>
                {[...selected.values()].map((tracking) => (
                  <Badge key={tracking} color="front.8" variant="outline">
                    {tracking}
                  </Badge>
                ))}
              </Group>
            )}
            <ErrorAlert error={action.error ?? intoOther.error} />
            <Group justify="flex-end">
              <Button
                disabled={selected.size === 0}
                loading={action.isPending}
                onClick={() =>
                  action.mutate(
                    { kind: 'merge', body: { memberIds: [...selected.keys()] } },
                    {
                      onSuccess: () => {
                        notifications.show({
                          color: 'green',
                          message: pt('pet.merge.done', { count: selected.size }),
                        });
                        setSelected(new Map());
                      },
                    },
                  )
                }
              >
                {pt('pet.merge.selected', { count: selected.size })}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function CountList({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; label: string; count: number }[];
}) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <List size="sm" spacing={0}>
        {rows.map((r) => (
          <List.Item key={r.key}>
            {r.label}: <strong>{r.count}</strong>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
