import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type DelegateBody, delegateBodies } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { type PetitionDetail, usePetitionRouting, useRoutingAction } from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { DocumentPicker, OverdueBadge, ReasonButton, RecipientPicker } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

const forwardable = ['received', 'returned', 'reopened', 'forwarded', 'accepted'];
const waiting = ['forwarded', 'accepted'];

/** The transfer chain (forward, returned with reason, re-route), the answers, and the actions on them. */
export function RoutingSection({ petition }: { petition: PetitionDetail }) {
  const { pt } = usePetitionI18n();
  const me = useMe().data;
  const canRoute = can(me, 'petitions.route');
  const routing = usePetitionRouting(petition.id);
  const action = useRoutingAction(petition.id);
  const [recipientId, setRecipientId] = useState<string | null>(null);
  const [forwardedBy, setForwardedBy] = useState<string | null>(null);
  const [note, setNote] = useState('');

  if (routing.isPending) return <Loading py="md" />;
  if (routing.error) return <ErrorAlert error={routing.error} />;
  const data = routing.data;
  const isWaiting = waiting.includes(petition.status);

  const forward = (event: FormEvent) => {
    event.preventDefault();
    if (!recipientId) return;
    action.mutate(
      {
        kind: 'forward',
        body: {
          recipientId,
          note: note.trim() || undefined,
          forwardedBy: (forwardedBy as DelegateBody | null) ?? undefined,
        },
      },
      {
        onSuccess: (result) => {
          setRecipientId(null);
          setNote('');
          notifications.show({
            color: 'green',
            message: pt('pet.routing.forwarded', { date: formatDate(result.deadlineAt) }),
          });
        },
      },
    );
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="routing-chain">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4" id="routing-chain">
              {pt('pet.routing.chain')}
            </Title>
            {canRoute && isWaiting && (
              <ReasonButton
                size="compact-sm"
                variant="default"
                title={pt('pet.routing.withdraw')}
                loading={action.isPending}
                error={<ErrorAlert error={action.error} />}
                onSubmit={(reason, _sensitive, close) =>
                  action.mutate(
                    { kind: 'withdraw', body: { reason } },
                    {
                      onSuccess: () => {
                        close();
                        notifications.show({ color: 'green', message: pt('pet.routing.withdrawn') });
                      },
                    },
                  )
                }
              >
                {pt('pet.routing.withdraw')}
              </ReasonButton>
            )}
          </Group>
          {data.hops.length === 0 ? (
            <Text size="sm" c="dimmed">
              {pt('pet.routing.none')}
            </Text>
          ) : (
            <Stack
              component="ol"
              gap="xs"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              data-testid="transfer-chain"
            >
              {data.hops.map((hop, index) => (
                <Paper component="li" withBorder p="sm" key={hop.id}>
                  <Stack gap={2}>
                    <Group gap={6}>
                      <Text fw={600} size="sm">
                        {index + 1}. {hop.recipientLabel}
                      </Text>
                      <Badge
                        variant="outline"
                        color={
                          hop.state === 'returned'
                            ? tones.warning
                            : hop.state === 'answered'
                              ? tones.success
                              : hop.state === 'withdrawn'
                                ? 'gray.7'
                                : '#1c4f8a'
                        }
                      >
                        {pt(`pet.forward.${hop.state}`)}
                      </Badge>
                      {hop.isOverdue && <OverdueBadge />}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(hop.forwardedAt)}
                      {hop.forwardedByName ? ` · ${hop.forwardedByName}` : ''} · {pt('pet.f.deadline')}:{' '}
                      {formatDate(hop.deadlineAt)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {pt('pet.routing.rule', { rule: hop.deadlineRule })}
                    </Text>
                    {hop.returnReason && (
                      <Text size="sm" c={tones.warning}>
                        {pt('pet.routing.returnReason', { reason: hop.returnReason })}
                        {hop.actedByName ? ` (${hop.actedByName})` : ''}
                      </Text>
                    )}
                    {(hop.remindedAt || hop.escalatedAt) && (
                      <Text size="xs" c="dimmed">
                        {[
                          hop.remindedAt
                            ? pt('pet.routing.reminded', { date: formatDate(hop.remindedAt) })
                            : '',
                          hop.escalatedAt
                            ? pt('pet.routing.escalated', { date: formatDate(hop.escalatedAt) })
                            : '',
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    )}
                  </Stack>
                </Paper>
              ))}
            </Stack>
          )}
          {canRoute && forwardable.includes(petition.status) && (
            <Stack gap="xs" component="form" onSubmit={forward} aria-label={pt('pet.routing.forward')}>
              <RecipientPicker
                label={isWaiting ? pt('pet.routing.reroute') : pt('pet.routing.to')}
                forPetitionId={petition.id}
                value={recipientId}
                onChange={(id, recipient) => {
                  setRecipientId(id);
                  if (recipient?.delegateBody && !forwardedBy) setForwardedBy(recipient.delegateBody);
                }}
                error={fieldError(action.error, 'recipientId')}
              />
              <Select
                label={pt('pet.routing.forwardedBy')}
                clearable
                placeholder={pt('pet.routing.forwardedByNone')}
                data={delegateBodies.map((b) => ({ value: b, label: pt(`pet.body.${b}`) }))}
                value={forwardedBy}
                onChange={setForwardedBy}
              />
              <Textarea
                label={pt('pet.f.note')}
                autosize
                minRows={2}
                maxLength={2000}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <ErrorAlert error={action.error} />
              <Group justify="flex-end">
                <Button type="submit" disabled={!recipientId} loading={action.isPending}>
                  {isWaiting ? pt('pet.routing.reroute') : pt('pet.routing.forward')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Paper>
      <AnswersSection petition={petition} routing={data} />
    </Stack>
  );
}

function AnswersSection({
  petition,
  routing,
}: {
  petition: PetitionDetail;
  routing: NonNullable<ReturnType<typeof usePetitionRouting>['data']>;
}) {
  const { pt } = usePetitionI18n();
  const me = useMe().data;
  const canRoute = can(me, 'petitions.route');
  const action = useRoutingAction(petition.id);
  const answers = routing.answers.length > 0 ? routing.answers : [];
  const latest = answers.at(-1);
  const [summary, setSummary] = useState('');
  const [documentId, setDocumentId] = useState<string | null>(null);

  const answer = (event: FormEvent) => {
    event.preventDefault();
    action.mutate(
      { kind: 'answer', body: { summary, documentId: documentId ?? undefined } },
      {
        onSuccess: () => {
          setSummary('');
          setDocumentId(null);
          notifications.show({ color: 'green', message: pt('pet.answer.saved') });
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="answers-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="answers-heading">
          {pt('pet.answers')}
        </Title>
        {answers.length === 0 && petition.answers.length === 0 && (
          <Text size="sm" c="dimmed">
            {pt('pet.answers.none')}
          </Text>
        )}
        {answers.map((a) => (
          <Paper withBorder p="sm" key={a.id} data-testid="petition-answer">
            <Stack gap={4}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.summary}
              </Text>
              {a.document && (
                <Anchor component={Link} to={`/documents/${a.document.id}`} size="sm">
                  {pt('pet.doc.open')}:{' '}
                  {[a.document.codeNumber, a.document.codeNotation].filter(Boolean).join('/')}{' '}
                  {a.document.subject}
                  {a.document.issuedDate ? ` (${formatDate(a.document.issuedDate)})` : ''}
                </Anchor>
              )}
              <Text size="xs" c="dimmed">
                {[
                  a.recipientName,
                  a.answeredByName ? pt('pet.answer.by', { name: a.answeredByName }) : '',
                  formatDateTime(a.answeredAt),
                  a.petitionId !== petition.id ? pt('pet.answer.fromPrimary') : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              <Group gap="xs">
                {a.publishedAt ? (
                  <Badge color={tones.success} variant="outline">
                    {pt('pet.answer.published', { date: formatDate(a.publishedAt) })}
                  </Badge>
                ) : (
                  <Badge color="gray.7" variant="outline">
                    {pt('pet.answer.notPublished')}
                  </Badge>
                )}
                {canRoute && !a.publishedAt && a.id === latest?.id && a.petitionId === petition.id && (
                  <Button
                    size="compact-sm"
                    loading={action.isPending}
                    onClick={() =>
                      action.mutate(
                        { kind: 'publish' },
                        {
                          onSuccess: () =>
                            notifications.show({ color: 'green', message: pt('pet.answer.publishedNow') }),
                        },
                      )
                    }
                  >
                    {pt('pet.answer.publish')}
                  </Button>
                )}
              </Group>
            </Stack>
          </Paper>
        ))}
        {/* Answers of a consolidated primary not in this petition's routing. */}
        {answers.length === 0 &&
          petition.answers.map((a) => (
            <Paper withBorder p="sm" key={a.id}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.summary}
              </Text>
              <Text size="xs" c="dimmed">
                {[a.recipientName, formatDateTime(a.answeredAt), pt('pet.answer.fromPrimary')]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Paper>
          ))}
        {canRoute && routing.currentForwardId && waiting.includes(petition.status) && (
          <Stack gap="xs" component="form" onSubmit={answer} aria-label={pt('pet.answer.send')}>
            <Textarea
              label={pt('pet.answer.summary')}
              required
              autosize
              minRows={3}
              maxLength={5000}
              value={summary}
              onChange={(e) => setSummary(e.currentTarget.value)}
              error={fieldError(action.error, 'summary')}
            />
            {can(me, 'documents.read') && <DocumentPicker value={documentId} onChange={setDocumentId} />}
            <ErrorAlert error={action.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={action.isPending}>
                {pt('pet.answer.send')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
