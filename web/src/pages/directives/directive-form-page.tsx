import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type CreateDirective, type DirectiveAction, directiveActions, type UnitLink } from '@mts/contracts';
import { IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSendDirective } from '../../api/directives.ts';
import { useUnitLevels } from '../../api/organisation.ts';
import { useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useDirectiveI18n } from './directive-i18n.ts';
import { actionKey } from './parts.tsx';

type RecipientMode = 'subtree' | 'level' | 'list';

/** A deadline typed as a Vietnamese date and a time, as an ISO instant (+07:00), or null. */
export function deadlineIso(date: string, time: string): string | null {
  if (!date || !/^\d{2}:\d{2}$/.test(time)) return null;
  return `${date}T${time}:00+07:00`;
}

/**
 * "Gửi chỉ đạo": a leader writes the directive, chooses who receives it (the whole subtree of the
 * working unit, every unit of one level in it, or units one by one), the deadline and what each
 * recipient must do. The server expands the choice into one board row per unit.
 */
export default function DirectiveFormPage() {
  const { dt, t, pick } = useDirectiveI18n();
  const me = useMe().data!;
  const navigate = useNavigate();
  const send = useSendDirective();
  const levels = useUnitLevels();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [mode, setMode] = useState<RecipientMode>('level');
  const [level, setLevel] = useState<string | null>('commune');
  const [units, setUnits] = useState<UnitLink[]>([]);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('17:00');
  const [action, setAction] = useState<DirectiveAction>('acknowledge');
  const [figureLabel, setFigureLabel] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    const deadline = deadlineIso(date, time);
    if (!deadline) return setLocalError(`${dt('dir.field.deadline')}: ${t('common.required')}`);
    if (new Date(deadline).getTime() <= Date.now()) return setLocalError(dt('dir.deadlinePast'));
    const recipients: CreateDirective['recipients'] =
      mode === 'subtree'
        ? { subtreeOf: me.activeUnit.id }
        : mode === 'level'
          ? { level: level ?? '', within: me.activeUnit.id }
          : { unitIds: units.map((u) => u.id) };
    if (mode === 'list' && units.length === 0) return setLocalError(dt('dir.recipients.none'));
    send.mutate(
      {
        senderUnitId: me.activeUnit.id,
        title,
        body,
        deadline,
        action,
        figureLabel: action === 'figure' ? figureLabel : undefined,
        urgent,
        recipients,
      },
      {
        onSuccess: ({ directive }) => {
          notifications.show({
            color: 'green',
            message: dt('dir.sent', { count: directive.recipientCount }),
          });
          navigate(`/directives/${directive.id}`);
        },
      },
    );
  };

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={dt('dir.send')} description={me.activeUnit.name} />
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={dt('dir.send')}>
        <Stack gap="md">
          <TextInput
            label={dt('dir.field.title')}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError(send.error, 'title')}
          />
          <Textarea
            label={dt('dir.field.body')}
            autosize
            minRows={4}
            maxRows={14}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={fieldError(send.error, 'body')}
          />
          <Radio.Group
            label={dt('dir.field.recipients')}
            required
            value={mode}
            onChange={(value) => setMode(value as RecipientMode)}
          >
            <Stack gap={6} mt={6}>
              <Radio value="level" label={dt('dir.recipients.level')} />
              <Radio value="subtree" label={dt('dir.recipients.subtree')} />
              <Radio value="list" label={dt('dir.recipients.list')} />
            </Stack>
          </Radio.Group>
          {mode === 'level' && (
            <Select
              label={dt('dir.recipients.levelPick')}
              description={dt('dir.recipients.within', { unit: me.activeUnit.name })}
              data={(levels.data ?? []).map((l) => ({ value: l.id, label: pick(l.nameVi, l.nameEn) }))}
              value={level}
              onChange={setLevel}
              allowDeselect={false}
              maw={360}
            />
          )}
          {mode === 'list' && (
            <Stack gap="xs">
              <UnitPicker
                label={dt('dir.recipients.addUnit')}
                value={null}
                excludeIds={units.map((u) => u.id)}
                onChange={(_id, unit) => {
                  if (unit) setUnits((current) => [...current, unit]);
                }}
              />
              {units.length > 0 ? (
                <List aria-label={dt('dir.recipients.chosen')} listStyleType="none" spacing={4}>
                  {units.map((u) => (
                    <List.Item key={u.id}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{u.name}</Text>
                        <ActionIcon
                          variant="subtle"
                          color="gray.8"
                          aria-label={dt('dir.recipients.remove', { name: u.name })}
                          onClick={() => setUnits((current) => current.filter((c) => c.id !== u.id))}
                        >
                          <IconX size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm" c="dimmed">
                  {dt('dir.recipients.none')}
                </Text>
              )}
            </Stack>
          )}
          <Group gap="sm" align="flex-start" wrap="wrap">
            <DateField
              label={dt('dir.field.deadlineDate')}
              required
              value={date}
              onChange={setDate}
              error={fieldError(send.error, 'deadline')}
              w={200}
            />
            <TextInput
              label={dt('dir.field.deadlineTime')}
              type="time"
              required
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
              w={140}
            />
          </Group>
          <Radio.Group
            label={dt('dir.field.action')}
            required
            value={action}
            onChange={(value) => setAction(value as DirectiveAction)}
          >
            <Stack gap={6} mt={6}>
              {directiveActions.map((a) => (
                <Radio key={a} value={a} label={dt(actionKey(a))} />
              ))}
            </Stack>
          </Radio.Group>
          {action === 'figure' && (
            <TextInput
              label={dt('dir.field.figureLabel')}
              description={dt('dir.field.figureLabelHint')}
              required
              maxLength={40}
              value={figureLabel}
              onChange={(e) => setFigureLabel(e.currentTarget.value)}
              error={fieldError(send.error, 'figureLabel')}
              maw={360}
            />
          )}
          <Checkbox
            label={dt('dir.field.urgent')}
            description={dt('dir.field.urgentHint')}
            checked={urgent}
            onChange={(e) => setUrgent(e.currentTarget.checked)}
          />
          {localError && (
            <Alert color="red" variant="light" role="alert">
              {localError}
            </Alert>
          )}
          <ErrorAlert error={send.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate('/directives')}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {dt('dir.send')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
