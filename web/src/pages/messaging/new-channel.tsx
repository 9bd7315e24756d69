import { ActionIcon, Button, Checkbox, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMessagePlus, IconUsersPlus, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateChannel, useCreateDirect } from '../../api/messaging.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { type StaffOption, StaffPicker } from '../../components/staff-picker.tsx';
import { useMsgI18n } from './msg-i18n.ts';

/** "Nhắn riêng": opens (or finds) the direct conversation with one colleague. */
export function NewDirectButton() {
  const { mt, t } = useMsgI18n();
  const [opened, { open, close }] = useDisclosure(false);
  const [who, setWho] = useState<string | null>(null);
  const create = useCreateDirect();
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!who) return;
    create.mutate(who, {
      onSuccess: ({ id }) => {
        close();
        setWho(null);
        navigate(`/channels/${id}`);
      },
    });
  };
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconMessagePlus size={14} aria-hidden />}
        onClick={open}
      >
        {mt('msg.newDirect')}
      </Button>
      <Modal opened={opened} onClose={close} title={mt('msg.newDirect')} centered>
        <Stack component="form" gap="md" onSubmit={submit}>
          <StaffPicker label={mt('msg.newDirectWho')} value={who} onChange={(id) => setWho(id)} required />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!who}>
              {mt('msg.newDirect')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** "Tạo nhóm" (moderators): an ad-hoc channel with a name, members and, optionally, read-only. */
export function NewGroupButton() {
  const { mt, t } = useMsgI18n();
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [isReadOnly, setReadOnly] = useState(false);
  const [members, setMembers] = useState<StaffOption[]>([]);
  const create = useCreateChannel();
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name, isReadOnly, memberIds: members.map((m) => m.id) },
      {
        onSuccess: ({ id }) => {
          close();
          setName('');
          setMembers([]);
          navigate(`/channels/${id}`);
        },
      },
    );
  };
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconUsersPlus size={14} aria-hidden />}
        onClick={open}
      >
        {mt('msg.newChannel')}
      </Button>
      <Modal opened={opened} onClose={close} title={mt('msg.newChannel')} centered>
        <Stack component="form" gap="md" onSubmit={submit}>
          <TextInput
            label={mt('msg.newChannelName')}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
          />
          <Checkbox
            label={mt('msg.readOnlyBadge')}
            description={mt('msg.readOnly')}
            checked={isReadOnly}
            onChange={(e) => setReadOnly(e.currentTarget.checked)}
          />
          <StaffPicker
            label={mt('msg.newChannelMembers')}
            value={null}
            onChange={(_id, staff) => {
              if (staff && !members.some((m) => m.id === staff.id)) setMembers([...members, staff]);
            }}
          />
          {members.length > 0 && (
            <List listStyleType="none" spacing={4} aria-label={mt('msg.members')}>
              {members.map((m) => (
                <List.Item key={m.id}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{m.fullName}</Text>
                    <ActionIcon
                      variant="subtle"
                      color="gray.8"
                      aria-label={`${t('common.delete')}: ${m.fullName}`}
                      onClick={() => setMembers(members.filter((x) => x.id !== m.id))}
                    >
                      <IconX size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          <ErrorAlert error={create.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {mt('msg.newChannel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
