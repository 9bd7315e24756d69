import { Alert, Button, Group, MultiSelect, Paper, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type CreateVoterSession,
  type VoterSessionModeName,
  voterSessionLevels,
  voterSessionModes,
} from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePlanVoterSession, useRecipients } from '../../api/petitions.ts';
import { useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { vietnamInstant } from './petition-format.ts';
import { usePetitionI18n } from './petition-i18n.ts';
import { sessionWords } from './session-parts.tsx';

type Level = (typeof voterSessionLevels)[number];

/**
 * Plan a voter-contact session: delegates, level, on site / online / hybrid, place or link, date
 * and times. The server plans it even when it is fewer than three working days away, and says so
 * (NOTICE_LATE): the warning is shown here and on the session's page.
 */
export default function SessionFormPage() {
  const { pt, t, language } = usePetitionI18n();
  const me = useMe().data!;
  const navigate = useNavigate();
  const plan = usePlanVoterSession();
  const words = sessionWords(language);
  const [title, setTitle] = useState('');
  const [level, setLevel] = useState<Level>('commune');
  const [mode, setMode] = useState<VoterSessionModeName>('onsite');
  const [place, setPlace] = useState('');
  const [onlineUrl, setOnlineUrl] = useState('');
  const [day, setDay] = useState('');
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('11:00');
  const [term, setTerm] = useState('');
  const [assemblySession, setAssemblySession] = useState('');
  const [delegateIds, setDelegateIds] = useState<string[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);
  const delegates = useRecipients({ kind: 'delegate', limit: 500 });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    const startsAt = vietnamInstant(day, start);
    const endsAt = vietnamInstant(day, end);
    if (!startsAt || !endsAt) return setLocalError(`${pt('pet.s.f.date')}: ${t('common.required')}`);
    const body: CreateVoterSession = {
      unitId: me.activeUnit.id,
      title,
      level,
      mode,
      place: mode === 'online' ? null : place,
      onlineUrl: mode === 'onsite' ? null : onlineUrl.trim() || null,
      startsAt,
      endsAt,
      term: term || null,
      assemblySession: assemblySession || null,
      delegateIds,
      invitees: [],
    };
    plan.mutate(body, {
      onSuccess: (detail) => {
        notifications.show({ color: 'green', message: pt('pet.s.planned') });
        for (const warning of detail.warnings)
          notifications.show({
            color: 'orange',
            autoClose: 12_000,
            message: language === 'vi' ? warning.vi : warning.en,
          });
        navigate(`/voter-sessions/${detail.session.id}`, { state: { warnings: detail.warnings } });
      },
    });
  };

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={pt('pet.s.plan')} description={me.activeUnit.name} />
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={pt('pet.s.plan')}>
        <Stack gap="sm">
          <TextInput
            label={pt('pet.s.f.title')}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError(plan.error, 'title')}
          />
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <Select
              label={pt('pet.s.f.level')}
              data={voterSessionLevels.map((l) => ({ value: l, label: words.level[l] }))}
              value={level}
              allowDeselect={false}
              onChange={(value) => setLevel((value as Level) ?? 'commune')}
              miw={200}
            />
            <Select
              label={pt('pet.s.f.mode')}
              data={voterSessionModes.map((m) => ({ value: m, label: words.mode[m] }))}
              value={mode}
              allowDeselect={false}
              onChange={(value) => setMode((value as VoterSessionModeName) ?? 'onsite')}
              miw={200}
            />
          </Group>
          {mode !== 'online' && (
            <TextInput
              label={pt('pet.s.f.place')}
              required
              maxLength={500}
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
              error={fieldError(plan.error, 'place')}
            />
          )}
          {mode !== 'onsite' && (
            <TextInput
              label={pt('pet.s.f.onlineUrl')}
              required
              type="url"
              placeholder="https://"
              maxLength={2000}
              value={onlineUrl}
              onChange={(e) => setOnlineUrl(e.currentTarget.value)}
              error={fieldError(plan.error, 'onlineUrl')}
            />
          )}
          <Group align="flex-start" wrap="wrap" gap="sm">
            <DateField
              label={pt('pet.s.f.date')}
              required
              value={day}
              onChange={setDay}
              error={fieldError(plan.error, 'startsAt')}
              w={200}
            />
            <TextInput
              label={pt('pet.s.f.start')}
              type="time"
              required
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              w={130}
            />
            <TextInput
              label={pt('pet.s.f.end')}
              type="time"
              required
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
              error={fieldError(plan.error, 'endsAt')}
              w={130}
            />
          </Group>
          <MultiSelect
            label={pt('pet.s.f.delegates')}
            description={pt('pet.s.f.delegatesHint')}
            required
            searchable
            data={(delegates.data?.items ?? []).map((d) => ({ value: d.id, label: d.label }))}
            value={delegateIds}
            onChange={setDelegateIds}
            nothingFoundMessage={delegates.isFetching ? t('common.loading') : t('common.noResults')}
            error={fieldError(plan.error, 'delegateIds')}
            comboboxProps={{ withinPortal: true }}
          />
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <TextInput
              label={pt('pet.f.term')}
              placeholder="2021-2026"
              maxLength={40}
              value={term}
              onChange={(e) => setTerm(e.currentTarget.value)}
              miw={160}
            />
            <TextInput
              label={pt('pet.s.f.assemblySession')}
              placeholder={pt('pet.s.f.assemblySessionHint')}
              maxLength={200}
              value={assemblySession}
              onChange={(e) => setAssemblySession(e.currentTarget.value)}
              miw={220}
            />
          </Group>
          {localError && (
            <Alert color="red" variant="light" role="alert">
              {localError}
            </Alert>
          )}
          <ErrorAlert error={plan.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate('/voter-sessions')}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={plan.isPending}>
              {pt('pet.s.plan')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
