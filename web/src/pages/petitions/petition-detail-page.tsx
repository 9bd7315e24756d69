import { Alert, Anchor, Badge, Grid, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { usePetition } from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { ConsolidationSection } from './detail-consolidation.tsx';
import { ClassificationForm, ModerationSection, PetitionerSection } from './detail-manage.tsx';
import { RoutingSection } from './detail-routing.tsx';
import { DraftActions } from './drafts-page.tsx';
import { channelKey, OverdueBadge, PetitionStatusBadge } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

/**
 * One petition as staff see it: the text (and what the public sees when redacted), its
 * classification, the timeline, the transfer chain and answers, the consolidation with its
 * provenance, moderation, and the petitioner's personal data behind an explicit "show".
 */
export default function PetitionDetailPage() {
  const { petitionId } = useParams();
  const { pt } = usePetitionI18n();
  const me = useMe().data;
  const query = usePetition(petitionId);

  if (query.isPending) return <Loading py="xl" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const p = query.data;
  const facts: [string, ReactNode][] = [
    [
      pt('pet.f.trackingCode'),
      <Text key="code" ff="monospace" size="sm" component="span">
        {p.trackingCode}
      </Text>,
    ],
    [pt('pet.f.subject'), p.subjectName],
    [pt('pet.f.level'), pt(`pet.level.${p.competenceLevel}`)],
    [pt('pet.f.unit'), p.unitName],
    [pt('pet.f.channel'), pt(channelKey(p.channel))],
    [
      pt('pet.f.session'),
      p.sessionId ? (
        <Anchor key="session" component={Link} to={`/voter-sessions/${p.sessionId}`} size="sm">
          {pt('pet.open')}
        </Anchor>
      ) : (
        '—'
      ),
    ],
    [pt('pet.f.term'), p.term ?? '—'],
    [pt('pet.f.place'), p.place ?? '—'],
    [pt('pet.f.addressedTo'), p.addressedTo?.name ?? '—'],
    [pt('pet.f.receivedAt'), formatDateTime(p.receivedAt)],
    [pt('pet.f.deadline'), formatDate(p.deadlineAt) || '—'],
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={p.title}
        description={
          <Group gap={6} component="span">
            <PetitionStatusBadge status={p.status} />
            {p.isOverdue && <OverdueBadge />}
            {p.isHidden && (
              <Badge color="gray.8" variant="outline">
                {pt('pet.hidden')}
              </Badge>
            )}
            {p.isRedacted && (
              <Badge color="gray.8" variant="outline">
                {pt('pet.redacted')}
              </Badge>
            )}
            {!p.isPublic && (
              <Badge color="gray.8" variant="outline">
                {pt('pet.notPublic')}
              </Badge>
            )}
          </Group>
        }
      />
      {p.status === 'draft' && can(me, 'petitions.intake') && <DraftActions petition={p} />}
      {p.rejectReason && (
        <Alert color="gray" variant="light">
          {pt('pet.d.rejectReason', { reason: p.rejectReason })}
        </Alert>
      )}
      {p.reopenReason && (
        <Alert color="orange" variant="light">
          {pt('pet.d.reopenReason', { reason: p.reopenReason })}
        </Alert>
      )}
      {p.satisfied !== null && (
        <Alert color={p.satisfied ? 'green' : 'orange'} variant="light">
          {p.satisfied ? pt('pet.d.satisfied') : pt('pet.d.notSatisfied')}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-labelledby="info-heading">
              <Stack gap="sm">
                <Title order={2} size="h4" id="info-heading">
                  {pt('pet.d.info')}
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {p.description}
                </Text>
                {(p.publicTitle || p.publicDescription) && (
                  <Paper bg="gray.0" p="sm">
                    <Text size="xs" fw={600}>
                      {pt('pet.d.publicText')}
                    </Text>
                    {p.publicTitle && (
                      <Text size="sm" fw={600}>
                        {p.publicTitle}
                      </Text>
                    )}
                    {p.publicDescription && (
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        {p.publicDescription}
                      </Text>
                    )}
                  </Paper>
                )}
                <Stack component="dl" gap={2} m={0}>
                  {facts.map(([label, value]) => (
                    <Group key={label} gap={6} wrap="nowrap" align="flex-start">
                      <Text component="dt" size="sm" c="dimmed" style={{ flex: '0 0 40%' }}>
                        {label}
                      </Text>
                      <Text component="dd" size="sm" m={0} style={{ minWidth: 0 }}>
                        {value}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </Stack>
            </Paper>
            {p.status !== 'draft' && <RoutingSection petition={p} />}
            <ConsolidationSection petition={p} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {can(me, 'petitions.personal_data') && <PetitionerSection petition={p} />}
            {can(me, 'petitions.intake') && p.status !== 'merged' && p.status !== 'draft' && (
              <ClassificationForm key={p.updatedAt} petition={p} />
            )}
            {can(me, 'petitions.moderate') && <ModerationSection petition={p} />}
            <Paper withBorder p="md" component="section" aria-labelledby="timeline-heading">
              <Stack gap="sm">
                <Title order={2} size="h4" id="timeline-heading">
                  {pt('pet.timeline')}
                </Title>
                <Timeline
                  bulletSize={14}
                  lineWidth={2}
                  active={p.timeline.length - 1}
                  data-testid="petition-timeline"
                >
                  {p.timeline.map((event) => (
                    <Timeline.Item key={event.id} title={pt(`pet.status.${event.status}`)}>
                      {event.publicNote && (
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                          {event.publicNote}
                        </Text>
                      )}
                      {event.internalNote && (
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                          {pt('pet.timeline.internal', { note: event.internalNote })}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(event.at)}
                        {event.actorName ? ` · ${event.actorName}` : ''}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
