import { Badge } from '@mantine/core';
import type { DirectiveAction } from '@mts/contracts';
import type { RecipientRow, RecipientStatus } from '../../api/directives.ts';
import { tones } from '../../tones.ts';
import { type DirectiveKey, useDirectiveI18n } from './directive-i18n.ts';

const statusColour: Record<RecipientStatus, string> = {
  sent: 'gray.8',
  seen: 'front.8',
  acknowledged: tones.success,
  reported: tones.success,
};

/** A recipient's step as a chip: not seen / seen / acknowledged / reported. */
export function StatusChip({ status }: { status: RecipientStatus }) {
  const { dt } = useDirectiveI18n();
  return (
    <Badge color={statusColour[status]} variant={status === 'sent' ? 'outline' : 'filled'}>
      {dt(`dir.status.${status}`)}
    </Badge>
  );
}

export function UrgentBadge() {
  const { dt } = useDirectiveI18n();
  return (
    <Badge color="#a4161a" variant="filled">
      {dt('dir.urgent')}
    </Badge>
  );
}

export function OverdueChip() {
  const { dt } = useDirectiveI18n();
  return (
    <Badge color="#a4161a" variant="light">
      {dt('dir.status.overdue')}
    </Badge>
  );
}

export function EscalatedChip() {
  const { dt } = useDirectiveI18n();
  return (
    <Badge color="#7f0000" variant="filled">
      {dt('dir.status.escalated')}
    </Badge>
  );
}

export const actionKey = (action: DirectiveAction): DirectiveKey => `dir.action.${action}`;

/** Still owes an acknowledgement after the deadline. */
export function isOverdue(row: Pick<RecipientRow, 'status'>, deadline: string, now = Date.now()) {
  return (row.status === 'sent' || row.status === 'seen') && new Date(deadline).getTime() < now;
}
