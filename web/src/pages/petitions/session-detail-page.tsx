import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CompetenceLevelCode, VoterSessionWarning } from '@mts/contracts';
import { IconCalendarEvent, IconDownload, IconSend } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { saveDownload } from '../../api/client.ts';
import {
  downloadSessionReport,
  petitionPaths,
  useVoterSession,
  useVoterSessionAction,
  useVoterSessionPetitions,
  type VoterSessionDetail,
  type VoterSessionPetition,
} from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert, ErrorState, fieldError } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import {
  isPetitionStatus,
  PetitionStatusBadge,
  ReasonButton,
  SubjectSelect,
  useVocabularies,
} from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';
import { SessionInvitees } from './session-invitations.tsx';
import { SessionStatusBadge, sessionWords } from './session-parts.tsx';
import { SimilarPanel } from './similar-panel.tsx';

/**
 * One voter-contact session: its plan and notice (with the late-notice warning), delegates and
 * invitees, attendance, minutes, the petitions raised (quick add), and the summary report as
 * XLSX, PDF or DOCX.
 */
export default function SessionDetailPage() {
  const { sessionId } = useParams();
  const { pt, language } = usePetitionI18n();
  const me = useMe().data;
  const location = useLocation();
  const navigate = useNavigate();
  const query = useVoterSession(sessionId);
  const action = useVoterSessionAction(sessionId ?? '');
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  if (query.isPending) return <Loading py="xl" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const detail = query.data;
  const s = detail.session;
  const words = sessionWords(language);
  const manage = can(me, 'petitions.sessions');
  const fromPlan = ((location.state as { warnings?: VoterSessionWarning[] } | null)?.warnings ?? []).filter(
    (w) => !detail.warnings.some((d) => d.code === w.code),
  );
  const warnings = [...detail.warnings, ...fromPlan];

  const exportReport = async (format: 'xlsx' | 'pdf' | 'docx') => {
    setExporting(format);
    setExportError(null);
    try {
      const response = await downloadSessionReport(s.id, format);
      await saveDownload(response, `bao-cao-tiep-xuc-cu-tri.${format}`);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  };

  const facts: [string, ReactNode][] = [
    [pt('pet.s.f.when'), `${formatDateTime(s.startsAt)} – ${formatDateTime(s.endsAt).slice(-5)}`],
    [pt('pet.s.f.level'), words.level[s.level]],
    [pt('pet.s.f.mode'), words.mode[s.mode]],
    [pt('pet.s.f.place'), s.place ?? '—'],
    [
      pt('pet.s.f.onlineUrl'),
      s.onlineUrl ? (
        <Anchor
          key="url"
          href={s.onlineUrl}
          target="_blank"
          rel="noreferrer"
          size="sm"
          style={{ overflowWrap: 'anywhere' }}
        >
          {s.onlineUrl}
        </Anchor>
      ) : (
        '—'
      ),
    ],
    [pt('pet.s.f.unit'), s.unitName],
    [pt('pet.f.term'), s.term ?? '—'],
    [pt('pet.s.f.assemblySession'), s.assemblySession ?? '—'],
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={s.title}
        description={
          <Group gap={6} component="span">
            <SessionStatusBadge status={s.status} />
            <Text span size="sm">
              {s.notifiedAt
                ? `${pt('pet.s.notified', { date: formatDateTime(s.notifiedAt) })}${s.noticeLate ? ` (${pt('pet.s.notifiedLate')})` : ''}`
                : pt('pet.s.noticeDue', { date: formatDate(s.noticeDueBy) })}
            </Text>
          </Group>
        }
        actions={
          <>
            {(['xlsx', 'pdf', 'docx'] as const).map((format) => (
              <Button
                key={format}
                variant="default"
                size="sm"
                leftSection={<IconDownload size={16} aria-hidden />}
                loading={exporting === format}
                onClick={() => exportReport(format)}
              >
                {pt('pet.s.export', { format: format.toUpperCase() })}
              </Button>
            ))}
            <Button
              component="a"
              href={petitionPaths.sessionIcs(s.id)}
              variant="default"
              size="sm"
              leftSection={<IconCalendarEvent size={16} aria-hidden />}
            >
              {pt('pet.s.ics')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={exportError} />
      {warnings.map((w) => (
        <Alert
          key={w.code}
          color={w.code === 'NOT_NOTIFIED' ? 'blue' : 'orange'}
          variant="light"
          role={w.code === 'NOT_NOTIFIED' ? 'status' : 'alert'}
          data-testid={`session-warning-${w.code}`}
        >
          {language === 'vi' ? w.vi : w.en}
        </Alert>
      ))}
      {s.cancelledAt && (
        <Alert color="gray" variant="light">
          {pt('pet.s.cancelled', { reason: s.cancelReason ?? '' })}
        </Alert>
      )}
      {manage && s.status === 'planned' && (
        <Group gap="xs">
          <Button
            leftSection={<IconSend size={16} aria-hidden />}
            loading={action.isPending}
            onClick={() =>
              action.mutate(
                { kind: 'notify' },
                {
                  onSuccess: (result) => {
                    notifications.show({ color: 'green', message: pt('pet.s.notifyDone') });
                    for (const w of (result as VoterSessionDetail).warnings ?? [])
                      notifications.show({
                        color: 'orange',
                        autoClose: 12_000,
                        message: language === 'vi' ? w.vi : w.en,
                      });
                  },
                },
              )
            }
          >
            {pt('pet.s.notify')}
          </Button>
          <ReasonButton
            variant="default"
            title={pt('pet.s.cancel')}
            loading={action.isPending}
            error={<ErrorAlert error={action.error} />}
            onSubmit={(reason, _s, close) =>
              action.mutate({ kind: 'cancel', body: { reason } }, { onSuccess: close })
            }
          >
            {pt('pet.s.cancel')}
          </ReasonButton>
          {!s.notifiedAt && s.petitionCount === 0 && (
            <ConfirmButton
              variant="default"
              color="red.9"
              title={pt('pet.s.delete')}
              message={pt('pet.s.deleteConfirm')}
              confirmLabel={pt('pet.s.delete')}
              onConfirm={() =>
                action.mutate({ kind: 'delete' }, { onSuccess: () => navigate('/voter-sessions') })
              }
            >
              {pt('pet.s.delete')}
            </ConfirmButton>
          )}
        </Group>
      )}
      <ErrorAlert error={action.error} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md">
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
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="delegates-heading">
              <Title order={2} size="h4" id="delegates-heading" mb="xs">
                {pt('pet.s.delegates')}
              </Title>
              <List size="sm" spacing={2}>
                {detail.delegates.map((d) => (
                  <List.Item key={d.recipientId}>
                    {d.name}
                    {d.constituency ? ` · ${d.constituency}` : ''}
                    {d.present !== null && ` · ${d.present ? pt('pet.s.present') : pt('pet.s.absent')}`}
                  </List.Item>
                ))}
              </List>
              <SessionInvitees detail={detail} editable={manage && s.status === 'planned'} />
            </Paper>
            {manage && s.status !== 'cancelled' && (
              <AttendanceForm key={`a-${s.updatedAt}`} detail={detail} />
            )}
            {manage && s.status !== 'cancelled' && <MinutesForm key={`m-${s.updatedAt}`} detail={detail} />}
            {!manage && s.minutes && (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="xs">
                  {pt('pet.s.minutes')}
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {s.minutes.summary}
                </Text>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <SessionPetitions detail={detail} manage={manage && s.status !== 'cancelled'} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function AttendanceForm({ detail }: { detail: VoterSessionDetail }) {
  const { pt } = usePetitionI18n();
  const s = detail.session;
  const action = useVoterSessionAction(s.id);
  const [voterCount, setVoterCount] = useState<number | string>(s.voterCount ?? '');
  const [present, setPresent] = useState<string[]>(
    detail.delegates.filter((d) => d.present !== false).map((d) => d.recipientId),
  );
  const [attendees, setAttendees] = useState((detail.attendees ?? []).map((a) => a.name).join('\n'));
  const started = new Date(s.startsAt).getTime() <= Date.now();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const names = attendees
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean);
    action.mutate(
      {
        kind: 'attendance',
        body: {
          voterCount: Number(voterCount) || 0,
          delegatesPresent: present,
          attendees: detail.attendees !== null ? names.map((name) => ({ name })) : undefined,
        },
      },
      { onSuccess: () => notifications.show({ color: 'green', message: pt('pet.s.attendanceSave') }) },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="attendance-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="attendance-heading">
          {pt('pet.s.attendance')}
        </Title>
        {!started && (
          <Text size="sm" c="dimmed">
            {pt('pet.s.notYetHeld')}
          </Text>
        )}
        <NumberInput
          label={pt('pet.s.voterCount')}
          min={0}
          max={100_000}
          value={voterCount}
          onChange={setVoterCount}
          disabled={!started}
          error={fieldError(action.error, 'voterCount')}
          maw={200}
        />
        <Checkbox.Group label={pt('pet.s.delegates')} value={present} onChange={setPresent}>
          <Stack gap={4} mt={4}>
            {detail.delegates.map((d) => (
              <Checkbox key={d.recipientId} value={d.recipientId} label={d.name} disabled={!started} />
            ))}
          </Stack>
        </Checkbox.Group>
        {detail.attendees !== null && (
          <Textarea
            label={pt('pet.s.attendees')}
            autosize
            minRows={2}
            maxRows={10}
            value={attendees}
            onChange={(e) => setAttendees(e.currentTarget.value)}
            disabled={!started}
          />
        )}
        <ErrorAlert error={action.error} />
        <Group justify="flex-end">
          <Button type="submit" variant="default" disabled={!started} loading={action.isPending}>
            {pt('pet.s.attendanceSave')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function MinutesForm({ detail }: { detail: VoterSessionDetail }) {
  const { pt } = usePetitionI18n();
  const s = detail.session;
  const action = useVoterSessionAction(s.id);
  const [summary, setSummary] = useState(s.minutes?.summary ?? '');
  const [opinions, setOpinions] = useState(s.minutes?.opinions ?? '');
  const [responses, setResponses] = useState(s.minutes?.responses ?? '');
  const held = s.status === 'held' || s.status === 'minutes_done';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.mutate(
      { kind: 'minutes', body: { summary, opinions, responses } },
      { onSuccess: () => notifications.show({ color: 'green', message: pt('pet.s.minutesSave') }) },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="minutes-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="minutes-heading">
          {pt('pet.s.minutes')}
        </Title>
        {!held && (
          <Text size="sm" c="dimmed">
            {pt('pet.s.notYetHeld')}
          </Text>
        )}
        <Textarea
          label={pt('pet.s.minutes.summary')}
          required
          autosize
          minRows={3}
          maxLength={20_000}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          disabled={!held}
          error={fieldError(action.error, 'summary')}
        />
        <Textarea
          label={pt('pet.s.minutes.opinions')}
          autosize
          minRows={3}
          maxLength={50_000}
          value={opinions}
          onChange={(e) => setOpinions(e.currentTarget.value)}
          disabled={!held}
        />
        <Textarea
          label={pt('pet.s.minutes.responses')}
          autosize
          minRows={3}
          maxLength={50_000}
          value={responses}
          onChange={(e) => setResponses(e.currentTarget.value)}
          disabled={!held}
        />
        <ErrorAlert error={action.error} />
        <Group justify="flex-end">
          <Button type="submit" variant="default" disabled={!held} loading={action.isPending}>
            {pt('pet.s.minutesSave')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The petitions raised at the session, and a quick form to add one as it is raised. */
function SessionPetitions({ detail, manage }: { detail: VoterSessionDetail; manage: boolean }) {
  const { pt } = usePetitionI18n();
  const vocab = useVocabularies();
  const s = detail.session;
  const list = useVoterSessionPetitions(s.id);
  const action = useVoterSessionAction(s.id);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [subjectCode, setSubjectCode] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(s.level);
  const [place, setPlace] = useState('');
  const started = new Date(s.startsAt).getTime() <= Date.now();

  const columns: Column<VoterSessionPetition>[] = [
    {
      key: 'title',
      header: pt('pet.f.title'),
      primary: true,
      render: (row) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/petitions/${row.id}`} fw={600} size="sm">
            {row.title}
          </Anchor>
          <Text size="xs" c="dimmed" ff="monospace">
            {row.trackingCode}
          </Text>
        </Stack>
      ),
    },
    { key: 'subject', header: pt('pet.f.subject'), render: (row) => row.subjectName },
    { key: 'level', header: pt('pet.f.level'), render: (row) => pt(`pet.level.${row.competenceLevel}`) },
    {
      key: 'status',
      header: pt('pet.status'),
      render: (row) =>
        isPetitionStatus(row.status) ? <PetitionStatusBadge status={row.status} /> : row.status,
    },
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!subjectCode || !level) return;
    action.mutate(
      {
        kind: 'raise',
        body: {
          title,
          description,
          subjectCode,
          competenceLevel: level as CompetenceLevelCode,
          place: place || null,
        },
      },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'green',
            message: pt('pet.s.quickAdded', { code: (result as { trackingCode: string }).trackingCode }),
          });
          setTitle('');
          setDescription('');
          setPlace('');
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="session-petitions-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="session-petitions-heading">
          {pt('pet.s.petitions')} ({list.data?.total ?? s.petitionCount})
        </Title>
        <ErrorAlert error={list.error} />
        {list.data && (
          <DataTable
            caption={pt('pet.s.petitions')}
            columns={columns}
            rows={list.data.items}
            rowKey={(row) => row.id}
            empty={pt('pet.s.petitionsEmpty')}
            testId="session-petitions"
          />
        )}
        {manage && !started && (
          <Text size="sm" c="dimmed">
            {pt('pet.s.raiseAfterStart')}
          </Text>
        )}
        {manage && started && (
          <Stack gap="xs" component="form" onSubmit={submit} aria-label={pt('pet.s.quickAdd')} mt="sm">
            <Title order={3} size="h5">
              {pt('pet.s.quickAdd')}
            </Title>
            <TextInput
              label={pt('pet.f.title')}
              required
              maxLength={300}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fieldError(action.error, 'title')}
            />
            <Textarea
              label={pt('pet.f.description')}
              required
              autosize
              minRows={3}
              maxLength={10_000}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={fieldError(action.error, 'description')}
            />
            <Group grow align="flex-start" wrap="wrap" gap="sm">
              <SubjectSelect required value={subjectCode} onChange={setSubjectCode} miw={180} />
              <Select
                label={pt('pet.f.level')}
                required
                data={vocab.levels}
                value={level}
                onChange={setLevel}
                allowDeselect={false}
                miw={150}
              />
            </Group>
            <TextInput
              label={pt('pet.f.place')}
              description={pt('pet.f.placeHint')}
              maxLength={200}
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
            />
            <ErrorAlert error={action.error} />
            <Group justify="flex-end">
              <Button type="submit" disabled={!subjectCode || !title.trim()} loading={action.isPending}>
                {pt('pet.intake.save')}
              </Button>
            </Group>
            <SimilarPanel
              text={`${title} ${description}`.trim()}
              unitId={s.unitId}
              subjectCode={subjectCode ?? undefined}
              limit={3}
            />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
