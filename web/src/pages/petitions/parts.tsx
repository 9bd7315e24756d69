import {
  Badge,
  Button,
  type ButtonProps,
  Checkbox,
  Group,
  Modal,
  Select,
  type SelectProps,
  Stack,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import {
  competenceLevels,
  type PetitionChannelCode,
  type PetitionStatusCode,
  petitionChannels,
  petitionStatuses,
} from '@mts/contracts';
import { type ReactNode, useMemo, useState } from 'react';
import { useDocumentSearch } from '../../api/documents.ts';
import { type Recipient, usePetitionSubjects, useRecipients, useVoterSessions } from '../../api/petitions.ts';
import { tones } from '../../tones.ts';
import { type PetitionKey, usePetitionI18n } from './petition-i18n.ts';

const statusColour: Record<PetitionStatusCode, string> = {
  draft: 'gray.7',
  received: 'front.8',
  forwarded: '#1c4f8a',
  accepted: '#3b3f9e',
  returned: tones.warning,
  answered: tones.success,
  closed: '#343a40',
  reopened: tones.warning,
  merged: '#6a1b9a',
  rejected: '#495057',
};

export function PetitionStatusBadge({ status }: { status: PetitionStatusCode }) {
  const { pt } = usePetitionI18n();
  return (
    <Badge color={statusColour[status]} variant={status === 'draft' ? 'outline' : 'filled'}>
      {pt(`pet.status.${status}`)}
    </Badge>
  );
}

export function OverdueBadge() {
  const { pt } = usePetitionI18n();
  return (
    <Badge color="#a4161a" variant="light">
      {pt('pet.overdue')}
    </Badge>
  );
}

export const isPetitionStatus = (status: string): status is PetitionStatusCode =>
  (petitionStatuses as readonly string[]).includes(status);

export const channelKey = (channel: PetitionChannelCode): PetitionKey => `pet.channel.${channel}`;

/** Select data for the vocabularies, in the UI language. */
export function useVocabularies() {
  const { pt } = usePetitionI18n();
  return {
    statuses: petitionStatuses.map((s) => ({ value: s, label: pt(`pet.status.${s}`) })),
    channels: petitionChannels.map((c) => ({ value: c, label: pt(channelKey(c)) })),
    levels: competenceLevels.map((l) => ({ value: l, label: pt(`pet.level.${l}`) })),
  };
}

/** The subject areas as Select data (grouped as in Open311). */
export function useSubjectOptions() {
  const subjects = usePetitionSubjects();
  const { pick } = usePetitionI18n();
  const data = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const s of subjects.data ?? []) {
      if (!s.isActive) continue;
      const list = groups.get(s.group) ?? [];
      list.push({ value: s.code, label: pick(s.nameVi, s.nameEn) });
      groups.set(s.group, list);
    }
    return [...groups.entries()].map(([group, items]) => ({ group: group || '—', items }));
  }, [subjects.data, pick]);
  return { data, isLoading: subjects.isLoading, error: subjects.error };
}

export function SubjectSelect(props: Omit<SelectProps, 'data'>) {
  const { pt } = usePetitionI18n();
  const subjects = useSubjectOptions();
  return <Select label={pt('pet.f.subject')} searchable {...props} data={subjects.data} />;
}

/** The sessions of the caller's scope (latest 200) as Select data. */
export function SessionSelect(props: Omit<SelectProps, 'data'>) {
  const { pt } = usePetitionI18n();
  const sessions = useVoterSessions({ limit: 200 });
  const data = (sessions.data?.items ?? []).map((s) => ({
    value: s.id,
    label: `${s.title} (${s.startsAt.slice(8, 10)}/${s.startsAt.slice(5, 7)}/${s.startsAt.slice(0, 4)})`,
  }));
  return <Select label={pt('pet.f.session')} searchable clearable {...props} data={data} />;
}

/** Choose an agency or delegate by typing its name (only those a petition may go to, when given). */
export function RecipientPicker({
  value,
  onChange,
  forPetitionId,
  kind,
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & {
  value: string | null;
  onChange: (id: string | null, recipient: Recipient | null) => void;
  forPetitionId?: string;
  kind?: 'agency' | 'delegate';
}) {
  const { t } = usePetitionI18n();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [remembered, setRemembered] = useState<Recipient[]>([]);
  const list = useRecipients({ q: debounced || undefined, forPetitionId, kind, limit: 30 });
  const options = useMemo(() => {
    const byId = new Map<string, Recipient>();
    for (const r of [...remembered, ...(list.data?.items ?? [])]) byId.set(r.id, r);
    return [...byId.values()];
  }, [remembered, list.data]);
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.noResults')}
      {...props}
      data={options.map((r) => ({ value: r.id, label: r.label }))}
      filter={({ options: all }) => all}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const recipient = options.find((r) => r.id === id) ?? null;
        if (recipient && !remembered.some((r) => r.id === recipient.id))
          setRemembered([...remembered, recipient]);
        onChange(id, recipient);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Choose an official document (the answer) by number, symbol or subject, via document search. */
export function DocumentPicker({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t, pt } = usePetitionI18n();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const found = useDocumentSearch({ q: debounced || undefined, limit: 20, offset: 0 }, debounced.length >= 2);
  const data = useMemo(() => {
    const byId = new Map<string, string>(Object.entries(labels));
    for (const hit of found.data?.items ?? [])
      byId.set(hit.id, `${hit.symbol ? `${hit.symbol} · ` : ''}${hit.subject}`);
    return [...byId.entries()].map(([id, label]) => ({ value: id, label }));
  }, [labels, found.data]);
  return (
    <Select
      label={pt('pet.answer.document')}
      placeholder={pt('pet.doc.search')}
      searchable
      clearable
      nothingFoundMessage={found.isFetching ? t('common.loading') : t('common.noResults')}
      {...props}
      data={data}
      filter={({ options: all }) => all}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const label = data.find((d) => d.value === id)?.label;
        if (id && label) setLabels((current) => ({ ...current, [id]: label }));
        onChange(id);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/**
 * A button opening a small form that asks for a reason (return, reject, hide, withdraw…);
 * `extra` renders more fields above the reason.
 */
export function ReasonButton({
  children,
  title,
  onSubmit,
  loading,
  error,
  sensitiveOption = false,
  extra,
  ...buttonProps
}: ButtonProps & {
  children: ReactNode;
  title: string;
  onSubmit: (reason: string, sensitive: boolean, close: () => void) => void;
  loading?: boolean;
  error?: ReactNode;
  sensitiveOption?: boolean;
  extra?: ReactNode;
}) {
  const { t, pt } = usePetitionI18n();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [sensitive, setSensitive] = useState(false);
  return (
    <>
      <Button {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack
          gap="sm"
          component="form"
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(reason, sensitive, () => {
              setReason('');
              close();
            });
          }}
        >
          {extra}
          <Textarea
            label={pt('pet.reason')}
            description={pt('pet.reasonHint')}
            required
            autosize
            minRows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          {sensitiveOption && (
            <Checkbox
              label={pt('pet.mod.sensitive')}
              checked={sensitive}
              onChange={(e) => setSensitive(e.currentTarget.checked)}
            />
          )}
          {error}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={loading}>
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
