import { ActionIcon, Button, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { VoterSessionInviteeInput } from '@mts/contracts';
import { IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useVoterSessionAction, type VoterSessionDetail } from '../../api/petitions.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate } from '../../i18n/format.ts';
import { usePetitionI18n } from './petition-i18n.ts';

type Invitee = VoterSessionDetail['invitees'][number];

/** What PUT …/invitations takes for an invitee already on the list. */
function inputOf(invitee: Invitee): VoterSessionInviteeInput {
  if (invitee.kind === 'unit' && invitee.unitId) return { kind: 'unit', unitId: invitee.unitId };
  if (invitee.kind === 'staff' && invitee.staffId) return { kind: 'staff', staffId: invitee.staffId };
  if (invitee.kind === 'recipient' && invitee.recipientId)
    return { kind: 'recipient', recipientId: invitee.recipientId };
  return { kind: 'person', name: invitee.name, organisation: invitee.organisation, email: invitee.email };
}

/**
 * The invitation list of a session; while it is planned, units and outside people can be added or
 * removed (the whole list is sent; invitations already sent to those still listed stay sent).
 */
export function SessionInvitees({ detail, editable }: { detail: VoterSessionDetail; editable: boolean }) {
  const { pt } = usePetitionI18n();
  const action = useVoterSessionAction(detail.session.id);
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [email, setEmail] = useState('');
  const current = detail.invitees.map(inputOf);

  const save = (invitees: VoterSessionInviteeInput[], onDone?: () => void) =>
    action.mutate(
      { kind: 'invitations', body: { invitees } },
      {
        onSuccess: () => {
          onDone?.();
          notifications.show({ color: 'green', message: pt('pet.mod.done') });
        },
      },
    );

  const addPerson = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    save(
      [
        ...current,
        {
          kind: 'person',
          name: name.trim(),
          organisation: organisation.trim() || null,
          email: email.trim() || null,
        },
      ],
      () => {
        setName('');
        setOrganisation('');
        setEmail('');
      },
    );
  };

  if (!editable && detail.invitees.length === 0) return null;
  return (
    <Stack gap="xs" mt="sm">
      <Title order={3} size="h5">
        {pt('pet.s.invitees')}
      </Title>
      {detail.invitees.length === 0 ? (
        <Text size="sm" c="dimmed">
          {pt('pet.s.noInvitees')}
        </Text>
      ) : (
        <List size="sm" spacing={2} listStyleType={editable ? 'none' : undefined}>
          {detail.invitees.map((invitee, index) => (
            <List.Item key={invitee.id}>
              <Group gap={4} wrap="nowrap" align="flex-start">
                <Text size="sm">
                  {invitee.name}
                  {invitee.organisation ? ` · ${invitee.organisation}` : ''}
                  {invitee.invitedAt
                    ? ` · ${pt('pet.s.invited', { date: formatDate(invitee.invitedAt) })}`
                    : ''}
                </Text>
                {editable && (
                  <ActionIcon
                    variant="subtle"
                    color="gray.8"
                    size="sm"
                    aria-label={pt('pet.cfg.removeMember', { name: invitee.name })}
                    loading={action.isPending}
                    onClick={() => save(current.filter((_, i) => i !== index))}
                  >
                    <IconX size={14} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {editable && (
        <>
          <UnitPicker
            label={pt('pet.s.inviteUnit')}
            value={null}
            onChange={(unitId) => {
              if (unitId && !current.some((c) => c.kind === 'unit' && c.unitId === unitId))
                save([...current, { kind: 'unit', unitId }]);
            }}
          />
          <Stack gap={4} component="form" onSubmit={addPerson} aria-label={pt('pet.s.invitePerson')}>
            <TextInput
              label={pt('pet.s.invitePerson')}
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Group grow gap="xs" wrap="wrap" align="flex-start">
              <TextInput
                label={pt('pet.s.inviteOrganisation')}
                maxLength={300}
                value={organisation}
                onChange={(e) => setOrganisation(e.currentTarget.value)}
                miw={140}
              />
              <TextInput
                label={pt('pet.who.email')}
                type="email"
                maxLength={254}
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                miw={140}
              />
            </Group>
            <Button type="submit" variant="default" size="compact-sm" w="fit-content" disabled={!name.trim()}>
              {pt('pet.s.inviteAdd')}
            </Button>
          </Stack>
          <ErrorAlert error={action.error} />
        </>
      )}
    </Stack>
  );
}
