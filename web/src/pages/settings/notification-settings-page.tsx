import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type EmailMode,
  type NotificationCategory,
  type NotificationPreferences,
  notificationCategories,
} from '@mts/contracts';
import { IconBellRinging } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import {
  currentPushSubscription,
  disablePushOnThisDevice,
  enablePushOnThisDevice,
  pushSupport,
  useNotificationPreferences,
  useSaveNotificationPreferences,
} from '../../api/notifications-settings.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { type NoticeKey, useNoticeI18n } from './notification-settings-i18n.ts';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export default function NotificationSettingsPage() {
  const { nt } = useNoticeI18n();
  const preferences = useNotificationPreferences();
  return (
    <Stack gap="md" maw={720}>
      <PageHeader title={nt('ns.title')} description={nt('ns.description')} />
      <PushDeviceSection />
      {preferences.error ? <ErrorAlert error={preferences.error} /> : null}
      {preferences.data ? (
        <PreferencesForm initial={preferences.data} />
      ) : preferences.isPending ? (
        <Loading />
      ) : null}
    </Stack>
  );
}

function PushDeviceSection() {
  const { nt } = useNoticeI18n();
  const [support] = useState(pushSupport);
  const [subscribed, setSubscribed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    currentPushSubscription()
      .then((s) => setSubscribed(Boolean(s)))
      .catch(() => setSubscribed(false));
  }, []);

  async function run(action: () => Promise<void>, on: boolean) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setSubscribed(on);
      notifications.show({
        message: nt(on ? 'ns.push.enabledToast' : 'ns.push.disabledToast'),
        color: 'green',
      });
    } catch (e) {
      setError(e instanceof Error && e.message === 'denied' ? new Error(nt('ns.push.denied')) : e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="ns-device" title={nt('ns.push')}>
      {support === 'unsupported' ? (
        <Alert color="yellow">{nt('ns.push.unsupported')}</Alert>
      ) : support === 'denied' ? (
        <Alert color="yellow">{nt('ns.push.denied')}</Alert>
      ) : subscribed ? (
        <Stack gap="xs">
          <Text>{nt('ns.push.deviceOn')}</Text>
          <Group>
            <Button variant="default" loading={busy} onClick={() => run(disablePushOnThisDevice, false)}>
              {nt('ns.push.disableDevice')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group>
          <Button
            leftSection={<IconBellRinging size={18} />}
            loading={busy}
            onClick={() => run(enablePushOnThisDevice, true)}
            fullWidth
            maw={360}
          >
            {nt('ns.push.enableDevice')}
          </Button>
        </Group>
      )}
      {error ? <ErrorAlert error={error} /> : null}
    </Section>
  );
}

const categoryLabel: Record<NotificationCategory, NoticeKey> = {
  directive: 'ns.cat.directive',
  message_mention: 'ns.cat.message_mention',
  document: 'ns.cat.document',
  other: 'ns.cat.other',
};

function PreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const { nt } = useNoticeI18n();
  const save = useSaveNotificationPreferences();
  const [emailMode, setEmailMode] = useState<EmailMode>(initial.emailMode);
  const [pushEnabled, setPushEnabled] = useState(initial.pushEnabled);
  const [categories, setCategories] = useState(initial.categories);
  const [quietOn, setQuietOn] = useState(initial.quietHours !== null);
  const [quietStart, setQuietStart] = useState(initial.quietHours?.start ?? '22:00');
  const [quietEnd, setQuietEnd] = useState(initial.quietHours?.end ?? '06:00');

  const choice = (c: NotificationCategory) => categories[c] ?? { email: true, push: true };
  const setChoice = (c: NotificationCategory, channel: 'email' | 'push', value: boolean) =>
    setCategories((all) => ({ ...all, [c]: { ...choice(c), [channel]: value } }));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      {
        emailMode,
        pushEnabled,
        categories,
        quietHours: quietOn ? { start: quietStart, end: quietEnd } : null,
      },
      { onSuccess: () => notifications.show({ message: nt('ns.saved'), color: 'green' }) },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Section id="ns-email" title={nt('ns.email')}>
          <Radio.Group
            value={emailMode}
            onChange={(value) => setEmailMode(value as EmailMode)}
            aria-labelledby="ns-email"
          >
            <Stack gap="xs">
              <Radio value="immediate" label={nt('ns.email.immediate')} />
              <Radio value="digest" label={nt('ns.email.digest')} />
              <Radio value="off" label={nt('ns.email.off')} />
            </Stack>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            {nt('ns.email.hint')}
          </Text>
          <Switch
            checked={pushEnabled}
            onChange={(e) => setPushEnabled(e.currentTarget.checked)}
            label={nt('ns.push.enabled')}
          />
        </Section>

        <Section id="ns-categories" title={nt('ns.categories')}>
          <Table.ScrollContainer minWidth={280}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{nt('ns.category')}</Table.Th>
                  <Table.Th ta="center">{nt('ns.email')}</Table.Th>
                  <Table.Th ta="center">Push</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {notificationCategories.map((c) => (
                  <Table.Tr key={c}>
                    <Table.Td>{nt(categoryLabel[c])}</Table.Td>
                    <Table.Td>
                      <Checkbox
                        mx="auto"
                        w="fit-content"
                        checked={choice(c).email}
                        disabled={emailMode === 'off'}
                        onChange={(e) => setChoice(c, 'email', e.currentTarget.checked)}
                        aria-label={`${nt(categoryLabel[c])}: ${nt('ns.email')}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        mx="auto"
                        w="fit-content"
                        checked={choice(c).push}
                        disabled={!pushEnabled}
                        onChange={(e) => setChoice(c, 'push', e.currentTarget.checked)}
                        aria-label={`${nt(categoryLabel[c])}: push`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Section>

        <Section id="ns-quiet" title={nt('ns.quiet')}>
          <Switch
            checked={quietOn}
            onChange={(e) => setQuietOn(e.currentTarget.checked)}
            label={nt('ns.quiet.enabled')}
          />
          {quietOn ? (
            <Group grow align="flex-start">
              <TextInput
                type="time"
                label={nt('ns.quiet.start')}
                value={quietStart}
                onChange={(e) => setQuietStart(e.currentTarget.value)}
                error={fieldError(save.error, 'quietHours.start')}
              />
              <TextInput
                type="time"
                label={nt('ns.quiet.end')}
                value={quietEnd}
                onChange={(e) => setQuietEnd(e.currentTarget.value)}
                error={fieldError(save.error, 'quietHours.end')}
              />
            </Group>
          ) : null}
          <Text size="sm" c="dimmed">
            {nt('ns.quiet.hint')}
          </Text>
        </Section>

        {save.error ? <ErrorAlert error={save.error} /> : null}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {nt('ns.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
