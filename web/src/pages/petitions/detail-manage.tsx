import {
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ClassifyPetition, CompetenceLevelCode } from '@mts/contracts';
import { IconEye, IconEyeOff, IconLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  fetchPetitioner,
  type PetitionDetail,
  type Petitioner,
  usePetitionAction,
} from '../../api/petitions.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { ReasonButton, RecipientPicker, SubjectSelect, useVocabularies } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

/** Subject, competence level, area and addressee; only what changed is sent. */
export function ClassificationForm({ petition }: { petition: PetitionDetail }) {
  const { pt } = usePetitionI18n();
  const vocab = useVocabularies();
  const action = usePetitionAction(petition.id);
  const [subjectCode, setSubjectCode] = useState<string | null>(petition.subjectCode);
  const [level, setLevel] = useState<string | null>(petition.competenceLevel);
  const [unitId, setUnitId] = useState<string | null>(petition.unitId);
  const [addressedToId, setAddressedToId] = useState<string | null>(petition.addressedTo?.id ?? null);
  const [note, setNote] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ClassifyPetition = { note: note.trim() || undefined };
    if (subjectCode && subjectCode !== petition.subjectCode) body.subjectCode = subjectCode;
    if (level && level !== petition.competenceLevel) body.competenceLevel = level as CompetenceLevelCode;
    if (unitId && unitId !== petition.unitId) body.unitId = unitId;
    if (addressedToId !== (petition.addressedTo?.id ?? null)) body.addressedToId = addressedToId;
    action.mutate(
      { kind: 'classify', body },
      {
        onSuccess: () => {
          setNote('');
          notifications.show({ color: 'green', message: pt('pet.classify.saved') });
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="classify-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="classify-heading">
          {pt('pet.classify')}
        </Title>
        <SubjectSelect value={subjectCode} onChange={setSubjectCode} allowDeselect={false} />
        <Group grow align="flex-start" wrap="wrap" gap="sm">
          <Select
            label={pt('pet.f.level')}
            data={vocab.levels}
            value={level}
            onChange={setLevel}
            allowDeselect={false}
            miw={180}
          />
          <UnitPicker
            label={pt('pet.f.unit')}
            value={unitId}
            onChange={(id) => setUnitId(id)}
            known={[{ id: petition.unitId, name: petition.unitName, shortName: null, status: 'active' }]}
            miw={180}
          />
        </Group>
        <RecipientPicker
          label={pt('pet.f.addressedTo')}
          value={addressedToId}
          onChange={(id) => setAddressedToId(id)}
        />
        {petition.addressedTo && addressedToId === petition.addressedTo.id && (
          <Text size="xs" c="dimmed">
            {petition.addressedTo.name}
          </Text>
        )}
        <TextInput
          label={pt('pet.f.note')}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <ErrorAlert error={action.error} />
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={action.isPending}>
            {pt('pet.classify.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Hide, redact, restore the public text, each with a reason. */
export function ModerationSection({ petition }: { petition: PetitionDetail }) {
  const { pt } = usePetitionI18n();
  const action = usePetitionAction(petition.id);
  const [text, setText] = useState('');
  const [replacement, setReplacement] = useState('[đã ẩn]');
  const [undoHidden, setUndoHidden] = useState(true);
  const [undoRedacted, setUndoRedacted] = useState(true);
  const done = (close: () => void) => () => {
    close();
    notifications.show({ color: 'green', message: pt('pet.mod.done') });
  };
  const error = <ErrorAlert error={action.error} />;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="moderation-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="moderation-heading">
          {pt('pet.moderation')}
        </Title>
        {petition.hiddenReason && (
          <Text size="sm">{pt('pet.d.hiddenReason', { reason: petition.hiddenReason })}</Text>
        )}
        <Group gap="xs">
          {!petition.isHidden && (
            <ReasonButton
              variant="default"
              leftSection={<IconEyeOff size={16} aria-hidden />}
              title={pt('pet.mod.hide')}
              sensitiveOption
              loading={action.isPending}
              error={error}
              onSubmit={(reason, sensitive, close) =>
                action.mutate({ kind: 'hide', body: { reason, sensitive } }, { onSuccess: done(close) })
              }
            >
              {pt('pet.mod.hide')}
            </ReasonButton>
          )}
          <ReasonButton
            variant="default"
            title={pt('pet.mod.redact')}
            sensitiveOption
            loading={action.isPending}
            error={error}
            extra={
              <>
                <Textarea
                  label={pt('pet.mod.text')}
                  description={pt('pet.mod.textHint')}
                  required
                  autosize
                  minRows={2}
                  maxLength={2000}
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                />
                <TextInput
                  label={pt('pet.mod.replacement')}
                  maxLength={200}
                  value={replacement}
                  onChange={(e) => setReplacement(e.currentTarget.value)}
                />
              </>
            }
            onSubmit={(reason, sensitive, close) =>
              action.mutate(
                { kind: 'redact', body: { reason, sensitive, replacements: [{ text, replacement }] } },
                {
                  onSuccess: () => {
                    setText('');
                    done(close)();
                  },
                },
              )
            }
          >
            {pt('pet.mod.redact')}
          </ReasonButton>
          {(petition.isHidden || petition.isRedacted) && (
            <ReasonButton
              variant="default"
              leftSection={<IconEye size={16} aria-hidden />}
              title={pt('pet.mod.restore')}
              sensitiveOption
              loading={action.isPending}
              error={error}
              extra={
                <Stack gap={4}>
                  {petition.isHidden && (
                    <Checkbox
                      label={pt('pet.mod.undoHidden')}
                      checked={undoHidden}
                      onChange={(e) => setUndoHidden(e.currentTarget.checked)}
                    />
                  )}
                  {petition.isRedacted && (
                    <Checkbox
                      label={pt('pet.mod.undoRedacted')}
                      checked={undoRedacted}
                      onChange={(e) => setUndoRedacted(e.currentTarget.checked)}
                    />
                  )}
                </Stack>
              }
              onSubmit={(reason, sensitive, close) => {
                const undo = [
                  ...(petition.isHidden && undoHidden ? (['hidden'] as const) : []),
                  ...(petition.isRedacted && undoRedacted ? (['redacted'] as const) : []),
                ];
                action.mutate(
                  { kind: 'restore', body: { reason, sensitive, undo: undo.length ? undo : undefined } },
                  { onSuccess: done(close) },
                );
              }}
            >
              {pt('pet.mod.restore')}
            </ReasonButton>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** The petitioner's personal data, fetched only when the cadre asks (the server audits each view). */
export function PetitionerSection({ petition }: { petition: PetitionDetail }) {
  const { pt } = usePetitionI18n();
  const [shown, setShown] = useState<Petitioner | null>(null);
  const view = useMutation({ mutationFn: () => fetchPetitioner(petition.id), onSuccess: setShown });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="petitioner-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="petitioner-heading">
          {pt('pet.who')}
        </Title>
        {!petition.petitioner.recorded ? (
          <Text size="sm" c="dimmed">
            {pt('pet.who.none')}
          </Text>
        ) : shown ? (
          <Stack gap={4} data-testid="petitioner-data">
            {petition.petitioner.anonymised || shown.anonymisedAt ? (
              <Text size="sm">{pt('pet.who.anonymised', { date: formatDate(shown.anonymisedAt) })}</Text>
            ) : (
              <Stack component="dl" gap={2} m={0}>
                {(
                  [
                    ['pet.who.name', shown.name],
                    ['pet.who.phone', shown.phone],
                    ['pet.who.email', shown.email],
                    ['pet.who.address', shown.address],
                  ] as const
                ).map(([key, value]) => (
                  <Group key={key} gap={6} wrap="nowrap" align="flex-start">
                    <Text component="dt" size="sm" c="dimmed" w={120}>
                      {pt(key)}
                    </Text>
                    <Text component="dd" size="sm" m={0}>
                      {value ?? '—'}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
            {shown.consentAt && (
              <Text size="xs" c="dimmed">
                {pt('pet.who.consentAt', { date: formatDateTime(shown.consentAt) })}
                {shown.notifyByEmail ? ` · ${pt('pet.who.notify')}` : ''}
              </Text>
            )}
            <Button
              size="compact-sm"
              variant="subtle"
              w="fit-content"
              leftSection={<IconEyeOff size={14} aria-hidden />}
              onClick={() => setShown(null)}
            >
              {pt('pet.who.hide')}
            </Button>
          </Stack>
        ) : (
          <Stack gap={4}>
            <Button
              variant="default"
              w="fit-content"
              leftSection={<IconLock size={16} aria-hidden />}
              loading={view.isPending}
              onClick={() => view.mutate()}
            >
              {pt('pet.who.show')}
            </Button>
            <Text size="xs" c="dimmed">
              {pt('pet.who.showHint')}
            </Text>
          </Stack>
        )}
        <ErrorAlert error={view.error} />
      </Stack>
    </Paper>
  );
}
