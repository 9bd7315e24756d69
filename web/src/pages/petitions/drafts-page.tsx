import { Anchor, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CompetenceLevelCode, ConfirmDraft } from '@mts/contracts';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  type PetitionDetail,
  type PetitionSummary,
  usePetition,
  usePetitionAction,
  usePetitionList,
} from '../../api/petitions.ts';
import { Pager } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { ReasonButton, SubjectSelect, useVocabularies } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

const PAGE_SIZE = 20;

/**
 * E-mails to the petitions mailbox become drafts: the cadre checks each, classifies it and
 * confirms it (it becomes a received petition) or rejects it with a reason.
 */
export default function DraftsPage() {
  const { pt, t } = usePetitionI18n();
  const { params, setParam } = useUrlState();
  const page = Number(params.get('page') ?? '1') || 1;
  const list = usePetitionList({
    status: 'draft',
    sort: 'received_asc',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return (
    <Stack gap="md">
      <PageHeader title={pt('pet.drafts')} description={pt('pet.drafts.desc')} />
      <ErrorAlert error={list.error} />
      {list.isPending && !list.error && <Loading py="md" />}
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed" data-testid="drafts-empty">
          {pt('pet.drafts.empty')}
        </Text>
      )}
      <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={pt('pet.drafts')}>
        {list.data?.items.map((draft) => (
          <DraftCard key={draft.id} summary={draft} />
        ))}
      </Stack>
      {list.data && list.data.total > PAGE_SIZE && (
        <Pager
          page={page}
          total={list.data.total}
          pageSize={PAGE_SIZE}
          onChange={(next) => setParam('page', String(next))}
        />
      )}
      {list.isFetching && !list.isPending && (
        <Text size="sm" c="dimmed" role="status">
          {t('common.loading')}
        </Text>
      )}
    </Stack>
  );
}

/** A draft with its full text (read from its detail) and the confirm / reject controls. */
function DraftCard({ summary }: { summary: PetitionSummary }) {
  const { pt } = usePetitionI18n();
  const detail = usePetition(summary.id);
  return (
    <Paper component="li" withBorder p="md">
      <Stack gap="xs">
        <Anchor component={Link} to={`/petitions/${summary.id}`} fw={600}>
          {summary.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {summary.trackingCode} · {formatDateTime(summary.receivedAt)} · {summary.unitName}
        </Text>
        {detail.data ? (
          <>
            <Text size="sm" lineClamp={8} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {detail.data.description}
            </Text>
            <DraftActions petition={detail.data} compact />
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {pt('pet.open')}…
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Classify and confirm a draft, or reject it with a reason. */
export function DraftActions({ petition, compact = false }: { petition: PetitionDetail; compact?: boolean }) {
  const { pt } = usePetitionI18n();
  const vocab = useVocabularies();
  const action = usePetitionAction(petition.id);
  const [title, setTitle] = useState(petition.title);
  const [subjectCode, setSubjectCode] = useState<string | null>(petition.subjectCode);
  const [level, setLevel] = useState<string | null>(petition.competenceLevel);
  const [unitId, setUnitId] = useState<string | null>(petition.unitId);

  const confirm = () => {
    const body: ConfirmDraft = {};
    if (title.trim() && title.trim() !== petition.title) body.title = title.trim();
    if (subjectCode && subjectCode !== petition.subjectCode) body.subjectCode = subjectCode;
    if (level && level !== petition.competenceLevel) body.competenceLevel = level as CompetenceLevelCode;
    if (unitId && unitId !== petition.unitId) body.unitId = unitId;
    action.mutate(
      { kind: 'confirm', body },
      {
        onSuccess: (result) =>
          notifications.show({
            color: 'green',
            message: pt('pet.drafts.confirmed', { code: result.trackingCode }),
          }),
      },
    );
  };

  return (
    <Paper withBorder={!compact} p={compact ? 0 : 'md'} bg={compact ? undefined : 'gray.0'}>
      <Stack gap="xs">
        <TextInput
          label={pt('pet.f.title')}
          maxLength={300}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Group grow align="flex-start" wrap="wrap" gap="sm">
          <SubjectSelect value={subjectCode} onChange={setSubjectCode} allowDeselect={false} miw={180} />
          <Select
            label={pt('pet.f.level')}
            data={vocab.levels}
            value={level}
            onChange={setLevel}
            allowDeselect={false}
            miw={150}
          />
          <UnitPicker
            label={pt('pet.f.unit')}
            value={unitId}
            onChange={(id) => setUnitId(id)}
            known={[{ id: petition.unitId, name: petition.unitName, shortName: null, status: 'active' }]}
            miw={180}
          />
        </Group>
        <ErrorAlert error={action.error} />
        <Group gap="xs" justify="flex-end">
          <ReasonButton
            variant="default"
            color="red.9"
            leftSection={<IconX size={16} aria-hidden />}
            title={pt('pet.reject.title')}
            loading={action.isPending}
            error={<ErrorAlert error={action.error} />}
            onSubmit={(reason, _sensitive, close) =>
              action.mutate(
                { kind: 'reject', body: { reason } },
                {
                  onSuccess: () => {
                    close();
                    notifications.show({ color: 'green', message: pt('pet.drafts.rejected') });
                  },
                },
              )
            }
          >
            {pt('pet.drafts.reject')}
          </ReasonButton>
          <Button
            leftSection={<IconCheck size={16} aria-hidden />}
            loading={action.isPending}
            onClick={confirm}
          >
            {pt('pet.drafts.confirm')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
