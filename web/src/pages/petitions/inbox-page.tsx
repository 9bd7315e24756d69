import { Badge, Button, Checkbox, Group, Modal, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconMessageReply } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import {
  type InboxItem,
  useAnswerPetition,
  useForwardAction,
  usePetitionInbox,
} from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { Pager } from '../../components/data-table.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { useUrlState } from '../documents/parts.tsx';
import { DocumentPicker, OverdueBadge, PetitionStatusBadge, ReasonButton } from './parts.tsx';
import { type PetitionKey, usePetitionI18n } from './petition-i18n.ts';

const PAGE_SIZE = 20;
const states = ['open', 'forwarded', 'accepted', 'returned', 'answered', 'all'] as const;

/**
 * The recipient's inbox: petitions forwarded to the agencies and delegates the signed-in officer
 * acts for. Accept, return as not competent (with the reason), or answer with a plain-language
 * summary and the official answer document.
 */
export default function InboxPage() {
  const { pt } = usePetitionI18n();
  const { params, setParam } = useUrlState();
  const page = Number(params.get('page') ?? '1') || 1;
  const state = (states as readonly string[]).includes(params.get('state') ?? '')
    ? params.get('state')!
    : 'open';
  const inbox = usePetitionInbox({
    state,
    overdue: params.get('overdue') === '1' ? 'true' : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return (
    <Stack gap="md">
      <PageHeader title={pt('pet.inbox')} description={pt('pet.inbox.desc')} />
      <Group gap="md" align="flex-end">
        <Select
          label={pt('pet.inbox.state')}
          data={states.map((s) => ({ value: s, label: pt(`pet.inbox.state.${s}` as PetitionKey) }))}
          value={state}
          allowDeselect={false}
          onChange={(value) => setParam('state', value === 'open' ? '' : (value ?? ''))}
          w={220}
        />
        <Checkbox
          label={pt('pet.filter.overdue')}
          checked={params.get('overdue') === '1'}
          onChange={(e) => setParam('overdue', e.currentTarget.checked ? '1' : '')}
          mb={8}
        />
      </Group>
      <ErrorAlert error={inbox.error} />
      {inbox.isPending && !inbox.error && <Loading py="md" />}
      {inbox.data && inbox.data.items.length === 0 && <Text c="dimmed">{pt('pet.inbox.empty')}</Text>}
      <Stack
        gap="md"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={pt('pet.inbox')}
        aria-busy={inbox.isFetching}
      >
        {inbox.data?.items.map((item) => (
          <InboxCard key={item.id} item={item} />
        ))}
      </Stack>
      {inbox.data && (
        <Pager
          page={page}
          total={inbox.data.total}
          pageSize={PAGE_SIZE}
          onChange={(next) => setParam('page', String(next))}
        />
      )}
    </Stack>
  );
}

function InboxCard({ item }: { item: InboxItem }) {
  const { pt } = usePetitionI18n();
  const action = useForwardAction();
  const waiting = item.state === 'forwarded' || item.state === 'accepted';
  return (
    <Paper component="li" withBorder p="md" data-testid="inbox-item">
      <Stack gap="xs">
        <Group gap={6}>
          <Text fw={600}>{item.title}</Text>
          <Badge color="front.8" variant="outline">
            {pt(`pet.forward.${item.state}`)}
          </Badge>
          <PetitionStatusBadge status={item.status} />
          {item.isOverdue && <OverdueBadge />}
        </Group>
        <Text size="xs" c="dimmed">
          {[
            item.trackingCode,
            item.subjectName,
            pt(`pet.level.${item.competenceLevel}`),
            item.unitName,
            item.place,
            pt('pet.inbox.to', { name: item.recipientLabel }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={10}>
          {item.description}
        </Text>
        {item.note && <Text size="sm">{pt('pet.inbox.note', { note: item.note })}</Text>}
        <Text size="xs" c="dimmed">
          {formatDateTime(item.forwardedAt)} · {pt('pet.f.deadline')}: {formatDate(item.deadlineAt)}
          {item.contributorCount > 1 ? ` · ${pt('pet.inbox.voters', { count: item.contributorCount })}` : ''}
        </Text>
        {item.returnReason && (
          <Text size="sm" c={tones.warning}>
            {pt('pet.routing.returnReason', { reason: item.returnReason })}
          </Text>
        )}
        <ErrorAlert error={action.error} />
        {waiting && (
          <Group gap="xs" justify="flex-end">
            <ReasonButton
              variant="default"
              title={pt('pet.inbox.return')}
              loading={action.isPending}
              error={<ErrorAlert error={action.error} />}
              onSubmit={(reason, _s, close) =>
                action.mutate(
                  { kind: 'return', forwardId: item.id, reason },
                  {
                    onSuccess: () => {
                      close();
                      notifications.show({ color: 'green', message: pt('pet.inbox.returned') });
                    },
                  },
                )
              }
            >
              {pt('pet.inbox.return')}
            </ReasonButton>
            {item.state === 'forwarded' && (
              <Button
                variant="default"
                leftSection={<IconCheck size={16} aria-hidden />}
                loading={action.isPending}
                onClick={() =>
                  action.mutate(
                    { kind: 'accept', forwardId: item.id },
                    {
                      onSuccess: () =>
                        notifications.show({ color: 'green', message: pt('pet.inbox.accepted') }),
                    },
                  )
                }
              >
                {pt('pet.inbox.accept')}
              </Button>
            )}
            <AnswerButton item={item} />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** The answer: a plain-language summary and, optionally, the official document it rests on. */
function AnswerButton({ item }: { item: InboxItem }) {
  const { pt, t } = usePetitionI18n();
  const me = useMe().data;
  const [opened, { open, close }] = useDisclosure(false);
  const answer = useAnswerPetition();
  const [summary, setSummary] = useState('');
  const [documentId, setDocumentId] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    answer.mutate(
      { petitionId: item.petitionId, body: { summary, documentId: documentId ?? undefined } },
      {
        onSuccess: () => {
          close();
          setSummary('');
          setDocumentId(null);
          notifications.show({ color: 'green', message: pt('pet.answer.saved') });
        },
      },
    );
  };
  return (
    <>
      <Button leftSection={<IconMessageReply size={16} aria-hidden />} onClick={open}>
        {pt('pet.inbox.answer')}
      </Button>
      <Modal opened={opened} onClose={close} title={item.title} size="lg">
        <Stack gap="sm" component="form" onSubmit={submit}>
          <Textarea
            label={pt('pet.answer.summary')}
            required
            autosize
            minRows={4}
            maxLength={5000}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            error={fieldError(answer.error, 'summary')}
            data-autofocus
          />
          {can(me, 'documents.read') && <DocumentPicker value={documentId} onChange={setDocumentId} />}
          <ErrorAlert error={answer.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={answer.isPending}>
              {pt('pet.answer.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
