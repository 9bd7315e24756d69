import {
  ActionIcon,
  Button,
  Chip,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useId, useState } from 'react';
import { stepPaths, useDocumentStep } from '../../api/documents.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { StaffPicker } from '../../components/staff-picker.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useDocI18n } from './doc-i18n.ts';

interface Row {
  key: number;
  role: 'lead' | 'coordinate';
  kind: 'staff' | 'unit';
  id: string | null;
  deadline: string;
}

/** yyyy-mm-dd `days` from today in Vietnam. */
function inDays(days: number) {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const QUICK = [3, 7, 15, 30];

function AssigneeRow({
  row,
  onChange,
  onRemove,
}: {
  row: Row;
  onChange: (row: Row) => void;
  onRemove?: () => void;
}) {
  const { dt } = useDocI18n();
  const labelId = useId();
  const roleLabel = row.role === 'lead' ? dt('doc.act.lead') : dt('doc.act.coordinate');
  return (
    <Paper withBorder p="sm" component="fieldset" aria-labelledby={labelId} m={0}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Text fw={700} id={labelId}>
          {roleLabel}
        </Text>
        {onRemove && (
          <ActionIcon
            variant="subtle"
            color="gray.8"
            onClick={onRemove}
            aria-label={dt('doc.act.removeAssignee')}
          >
            <IconTrash size={18} aria-hidden />
          </ActionIcon>
        )}
      </Group>
      <Stack gap="xs">
        <SegmentedControl
          fullWidth
          aria-label={`${roleLabel}: ${dt('doc.act.assigneeKind')}`}
          value={row.kind}
          onChange={(kind) => onChange({ ...row, kind: kind as Row['kind'], id: null })}
          data={[
            { value: 'staff', label: dt('doc.act.assigneePerson') },
            { value: 'unit', label: dt('doc.act.assigneeUnit') },
          ]}
        />
        {row.kind === 'staff' ? (
          <StaffPicker
            label={`${roleLabel}: ${dt('doc.act.assigneePerson')}`}
            value={row.id}
            onChange={(id) => onChange({ ...row, id })}
          />
        ) : (
          <UnitPicker
            label={`${roleLabel}: ${dt('doc.act.assigneeUnit')}`}
            value={row.id}
            onChange={(id) => onChange({ ...row, id })}
          />
        )}
        <Chip.Group
          value={QUICK.map(inDays).includes(row.deadline) ? row.deadline : ''}
          onChange={(value) => onChange({ ...row, deadline: String(value) })}
        >
          <Group gap={6} role="group" aria-label={`${roleLabel}: ${dt('doc.act.quickDeadline')}`}>
            {QUICK.map((days) => (
              <Chip key={days} value={inDays(days)} size="sm">
                {dt('doc.act.inDays', { n: days })}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <DateField
          label={`${roleLabel}: ${dt('doc.act.deadline')}`}
          required
          value={row.deadline}
          onChange={(deadline) => onChange({ ...row, deadline })}
        />
      </Stack>
    </Paper>
  );
}

/**
 * The leader's direction, made for a phone: a sentence, the lead (a person or a unit, typed to
 * find), a deadline by one tap (3/7/15/30 days) or typed, and any co-ordinating people or units.
 */
export function DirectionForm({ documentId, onDone }: { documentId: string; onDone?: () => void }) {
  const { dt } = useDocI18n();
  const step = useDocumentStep(documentId);
  const [direction, setDirection] = useState('');
  const [rows, setRows] = useState<Row[]>([
    { key: 0, role: 'lead', kind: 'staff', id: null, deadline: inDays(7) },
  ]);
  const [missing, setMissing] = useState(false);
  const update = (row: Row) => setRows((all) => all.map((r) => (r.key === row.key ? row : r)));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (rows.some((r) => !r.id)) {
      setMissing(true);
      return;
    }
    setMissing(false);
    step.mutate(
      {
        path: stepPaths.direction(documentId),
        body: {
          direction: direction.trim(),
          assignees: rows.map((r) => ({
            role: r.role,
            deadline: r.deadline,
            ...(r.kind === 'staff' ? { staffId: r.id } : { unitId: r.id }),
          })),
        },
      },
      { onSuccess: () => onDone?.() },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={dt('doc.act.direct')}>
      <Stack gap="sm">
        <Textarea
          label={dt('doc.act.direction')}
          required
          autosize
          minRows={2}
          value={direction}
          onChange={(e) => setDirection(e.currentTarget.value)}
        />
        {rows.map((row) => (
          <AssigneeRow
            key={row.key}
            row={row}
            onChange={update}
            onRemove={
              row.role === 'coordinate'
                ? () => setRows((all) => all.filter((r) => r.key !== row.key))
                : undefined
            }
          />
        ))}
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() =>
            setRows((all) => [
              ...all,
              {
                key: Math.max(...all.map((r) => r.key)) + 1,
                role: 'coordinate',
                kind: 'unit',
                id: null,
                deadline: all[0]?.deadline ?? inDays(7),
              },
            ])
          }
        >
          {dt('doc.act.addCoordinate')}
        </Button>
        {missing && (
          <Text c="red.9" size="sm" role="alert">
            {dt('doc.act.pickAssignee')}
          </Text>
        )}
        <ErrorAlert error={step.error} />
        <Button type="submit" loading={step.isPending} size="md">
          {dt('doc.act.sendDirection')}
        </Button>
      </Stack>
    </form>
  );
}
