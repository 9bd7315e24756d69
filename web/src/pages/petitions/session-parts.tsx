import { Badge } from '@mantine/core';
import {
  type VoterSessionModeName,
  type VoterSessionStatusName,
  voterSessionLevelLabels,
  type voterSessionLevels,
  voterSessionModeLabels,
  voterSessionStatusLabels,
} from '@mts/contracts';
import type { Language } from '../../i18n/i18n.tsx';
import { tones } from '../../tones.ts';
import { usePetitionI18n } from './petition-i18n.ts';

type Level = (typeof voterSessionLevels)[number];

const english = {
  status: {
    planned: 'Planned',
    held: 'Held',
    minutes_done: 'Minuted',
    cancelled: 'Cancelled',
  } satisfies Record<VoterSessionStatusName, string>,
  mode: { onsite: 'On site', online: 'Online', hybrid: 'On site and online' } satisfies Record<
    VoterSessionModeName,
    string
  >,
  level: {
    central: 'National Assembly delegates',
    province: 'Provincial People’s Council delegates',
    commune: 'Commune People’s Council delegates',
  } satisfies Record<Level, string>,
};

/** Status, mode and level words of sessions in the UI language (Vietnamese from the contracts). */
export function sessionWords(language: Language) {
  return language === 'vi'
    ? { status: voterSessionStatusLabels, mode: voterSessionModeLabels, level: voterSessionLevelLabels }
    : english;
}

const colour: Record<VoterSessionStatusName, string> = {
  planned: '#1c4f8a',
  held: '#3b3f9e',
  minutes_done: tones.success,
  cancelled: 'gray.7',
};

export function SessionStatusBadge({ status }: { status: VoterSessionStatusName }) {
  const { language } = usePetitionI18n();
  return (
    <Badge color={colour[status]} variant={status === 'cancelled' ? 'outline' : 'filled'}>
      {sessionWords(language).status[status]}
    </Badge>
  );
}
