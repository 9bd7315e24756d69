import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  type CompetenceLevelCode,
  type CreateRecipient,
  competenceLevels,
  type DeadlineRuleInput,
  type DelegateBody,
  delegateBodies,
  type PetitionChannelCode,
  petitionChannels,
  type RecipientKind,
  recipientKinds,
} from '@mts/contracts';
import { IconPencil, IconTrash, IconUsers, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import {
  type CreatedOpen311ApiKey,
  type DeadlineRule,
  type Open311ApiKey,
  type Recipient,
  useDeadlineRuleMutations,
  useDeadlineRules,
  useHolidayMutations,
  useHolidays,
  useOpen311KeyMutations,
  useOpen311Keys,
  useRecipientMembers,
  useRecipientMutations,
  useRecipients,
} from '../../api/petitions.ts';
import { useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable, Pager } from '../../components/data-table.tsx';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StaffPicker } from '../../components/staff-picker.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { channelKey } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

/** Configuration of the petitions: recipients (and who acts for them), deadline rules, holidays, Open311 keys. */
export default function SettingsPage() {
  const { pt } = usePetitionI18n();
  const { params, setParam } = useUrlState();
  const tab = params.get('tab') ?? 'recipients';
  return (
    <Stack gap="md">
      <PageHeader title={pt('pet.settings')} />
      <Tabs
        value={tab}
        onChange={(value) => setParam('tab', value === 'recipients' ? '' : (value ?? ''))}
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="recipients">{pt('pet.cfg.recipients')}</Tabs.Tab>
          <Tabs.Tab value="rules">{pt('pet.cfg.rules')}</Tabs.Tab>
          <Tabs.Tab value="holidays">{pt('pet.cfg.holidays')}</Tabs.Tab>
          <Tabs.Tab value="keys">{pt('pet.cfg.keys')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="recipients" pt="md">
          <RecipientsTab />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <RulesTab />
        </Tabs.Panel>
        <Tabs.Panel value="holidays" pt="md">
          <HolidaysTab />
        </Tabs.Panel>
        <Tabs.Panel value="keys" pt="md">
          <KeysTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

// ───────────────────────────── Recipients ─────────────────────────────

const RECIPIENT_PAGE = 50;

function RecipientsTab() {
  const { pt, t } = usePetitionI18n();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [page, setPage] = useState(1);
  const [membersOf, setMembersOf] = useState<Recipient | null>(null);
  const list = useRecipients({
    q: debounced || undefined,
    includeInactive: includeInactive ? 'true' : undefined,
    limit: RECIPIENT_PAGE,
    offset: (page - 1) * RECIPIENT_PAGE,
  });
  const mutations = useRecipientMutations();

  const columns: Column<Recipient>[] = [
    {
      key: 'name',
      header: pt('pet.sc.recipient'),
      primary: true,
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {row.label}
          </Text>
          {!row.isActive && (
            <Badge color="gray.7" variant="outline" w="fit-content">
              {pt('pet.cfg.retire')}
            </Badge>
          )}
        </Stack>
      ),
    },
    { key: 'kind', header: pt('pet.kind'), render: (row) => pt(`pet.kind.${row.kind}`) },
    { key: 'level', header: pt('pet.f.level'), render: (row) => pt(`pet.level.${row.level}`) },
    { key: 'unit', header: pt('pet.f.unit'), render: (row) => row.unitName },
    { key: 'email', header: pt('pet.cfg.email'), render: (row) => row.email ?? '—' },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (row) => (
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconUsers size={14} aria-hidden />}
            onClick={() => setMembersOf(row)}
          >
            {pt('pet.cfg.members', { count: row.memberCount })}
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            loading={mutations.update.isPending}
            onClick={() => mutations.update.mutate({ id: row.id, body: { isActive: !row.isActive } })}
          >
            {row.isActive ? pt('pet.cfg.retire') : pt('pet.cfg.reactivate')}
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <RecipientForm />
      <Group gap="md" align="flex-end">
        <TextInput
          label={t('common.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={280}
        />
        <Checkbox
          label={pt('pet.cfg.retire')}
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <ErrorAlert error={list.error ?? mutations.update.error} />
      {list.data && (
        <>
          <DataTable
            caption={pt('pet.cfg.recipients')}
            columns={columns}
            rows={list.data.items}
            rowKey={(row) => row.id}
            testId="petition-recipients"
          />
          <Pager page={page} total={list.data.total} pageSize={RECIPIENT_PAGE} onChange={setPage} />
        </>
      )}
      <MembersModal recipient={membersOf} onClose={() => setMembersOf(null)} />
    </Stack>
  );
}

function RecipientForm() {
  const { pt } = usePetitionI18n();
  const me = useMe().data!;
  const { create } = useRecipientMutations();
  const [kind, setKind] = useState<RecipientKind>('agency');
  const [name, setName] = useState('');
  const [level, setLevel] = useState<CompetenceLevelCode>('commune');
  const [unitId, setUnitId] = useState<string | null>(me.activeUnit.id);
  const [delegateBody, setDelegateBody] = useState<DelegateBody>('peoples_council');
  const [term, setTerm] = useState('');
  const [constituency, setConstituency] = useState('');
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateRecipient = {
      kind,
      name,
      level,
      unitId: unitId ?? me.activeUnit.id,
      delegateBody: kind === 'delegate' ? delegateBody : null,
      term: kind === 'delegate' ? term || null : null,
      constituency: kind === 'delegate' ? constituency || null : null,
      email: email || null,
    };
    create.mutate(body, {
      onSuccess: () => {
        setName('');
        setConstituency('');
        setEmail('');
        notifications.show({ color: 'green', message: pt('pet.mod.done') });
      },
    });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="recipient-form">
      <Stack gap="xs">
        <Title order={2} size="h4" id="recipient-form">
          {pt('pet.cfg.addRecipient')}
        </Title>
        <Group grow align="flex-start" wrap="wrap" gap="sm">
          <Select
            label={pt('pet.kind')}
            data={recipientKinds.map((k) => ({ value: k, label: pt(`pet.kind.${k}`) }))}
            value={kind}
            allowDeselect={false}
            onChange={(v) => setKind((v as RecipientKind) ?? 'agency')}
            miw={150}
          />
          <Select
            label={pt('pet.f.level')}
            data={competenceLevels.map((l) => ({ value: l, label: pt(`pet.level.${l}`) }))}
            value={level}
            allowDeselect={false}
            onChange={(v) => setLevel((v as CompetenceLevelCode) ?? 'commune')}
            miw={150}
          />
          <UnitPicker label={pt('pet.f.unit')} value={unitId} onChange={(id) => setUnitId(id)} miw={200} />
        </Group>
        <TextInput
          label={pt('pet.who.name')}
          required
          maxLength={300}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(create.error, 'name')}
        />
        {kind === 'delegate' && (
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <Select
              label={pt('pet.body')}
              data={delegateBodies.map((b) => ({ value: b, label: pt(`pet.body.${b}`) }))}
              value={delegateBody}
              allowDeselect={false}
              onChange={(v) => setDelegateBody((v as DelegateBody) ?? 'peoples_council')}
              miw={180}
            />
            <TextInput
              label={pt('pet.f.term')}
              placeholder="2021-2026"
              maxLength={40}
              value={term}
              onChange={(e) => setTerm(e.currentTarget.value)}
              miw={140}
            />
            <TextInput
              label={pt('pet.cfg.constituency')}
              maxLength={300}
              value={constituency}
              onChange={(e) => setConstituency(e.currentTarget.value)}
              miw={180}
            />
          </Group>
        )}
        <TextInput
          label={pt('pet.cfg.email')}
          type="email"
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError(create.error, 'email')}
        />
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {pt('pet.cfg.addRecipient')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function MembersModal({ recipient, onClose }: { recipient: Recipient | null; onClose: () => void }) {
  const { pt } = usePetitionI18n();
  const members = useRecipientMembers(recipient?.id ?? null);
  const { addMember, removeMember } = useRecipientMutations();
  return (
    <Modal opened={recipient !== null} onClose={onClose} title={recipient?.label ?? ''} size="lg">
      {recipient && (
        <Stack gap="sm">
          <StaffPicker
            label={pt('pet.cfg.addMember')}
            value={null}
            onChange={(staffId) => {
              if (staffId)
                addMember.mutate({ id: recipient.id, staffId }, { onSuccess: () => members.refetch() });
            }}
          />
          <ErrorAlert error={members.error ?? addMember.error ?? removeMember.error} />
          <List listStyleType="none" spacing={4}>
            {(members.data?.items ?? []).map((m) => (
              <List.Item key={m.staffId}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">
                    {m.fullName} ({m.username}) · {m.unitName}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="gray.8"
                    aria-label={pt('pet.cfg.removeMember', { name: m.fullName })}
                    onClick={() =>
                      removeMember.mutate(
                        { id: recipient.id, staffId: m.staffId },
                        { onSuccess: () => members.refetch() },
                      )
                    }
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Modal>
  );
}

// ───────────────────────────── Deadline rules ─────────────────────────────

function RulesTab() {
  const { pt, t } = usePetitionI18n();
  const rules = useDeadlineRules();
  const { remove } = useDeadlineRuleMutations();
  const [editing, setEditing] = useState<DeadlineRule | null>(null);
  const any = pt('pet.cfg.any');
  const columns: Column<DeadlineRule>[] = [
    { key: 'name', header: pt('pet.cfg.ruleName'), primary: true, render: (row) => row.name },
    {
      key: 'level',
      header: pt('pet.f.level'),
      render: (row) => (row.level ? pt(`pet.level.${row.level}`) : any),
    },
    {
      key: 'channel',
      header: pt('pet.f.channel'),
      render: (row) => (row.channel ? pt(channelKey(row.channel)) : any),
    },
    {
      key: 'by',
      header: pt('pet.routing.forwardedBy'),
      render: (row) => (row.forwardedBy ? pt(`pet.body.${row.forwardedBy}`) : any),
    },
    {
      key: 'days',
      header: pt('pet.cfg.days'),
      render: (row) => `${row.days}${row.workingDays ? ` (${pt('pet.cfg.workingDays').toLowerCase()})` : ''}`,
    },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (row) => (
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray.8"
            aria-label={`${t('common.edit')}: ${row.name}`}
            onClick={() => setEditing(row)}
          >
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red.9"
            aria-label={`${t('common.delete')}: ${row.name}`}
            onClick={() => remove.mutate(row.id)}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {pt('pet.cfg.ruleHint')}
      </Text>
      <ErrorAlert error={rules.error ?? remove.error} />
      {rules.data && (
        <DataTable
          caption={pt('pet.cfg.rules')}
          columns={columns}
          rows={rules.data.items}
          rowKey={(row) => row.id}
          testId="deadline-rules"
        />
      )}
      <RuleForm key={editing?.id ?? 'new'} rule={editing} onDone={() => setEditing(null)} />
    </Stack>
  );
}

function RuleForm({ rule, onDone }: { rule: DeadlineRule | null; onDone: () => void }) {
  const { pt, t } = usePetitionI18n();
  const { save } = useDeadlineRuleMutations();
  const [name, setName] = useState(rule?.name ?? '');
  const [level, setLevel] = useState<string | null>(rule?.level ?? null);
  const [channel, setChannel] = useState<string | null>(rule?.channel ?? null);
  const [forwardedBy, setForwardedBy] = useState<string | null>(rule?.forwardedBy ?? null);
  const [days, setDays] = useState<number | string>(rule?.days ?? 60);
  const [workingDays, setWorkingDays] = useState(rule?.workingDays ?? false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: DeadlineRuleInput = {
      name,
      level: (level as CompetenceLevelCode | null) ?? null,
      channel: (channel as PetitionChannelCode | null) ?? null,
      forwardedBy: (forwardedBy as DelegateBody | null) ?? null,
      days: Number(days),
      workingDays,
    };
    save.mutate(
      { id: rule?.id, body },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('common.saved') });
          onDone();
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="rule-form">
      <Stack gap="xs">
        <Title order={2} size="h4" id="rule-form">
          {rule ? `${t('common.edit')}: ${rule.name}` : pt('pet.cfg.addRule')}
        </Title>
        <TextInput
          label={pt('pet.cfg.ruleName')}
          required
          maxLength={300}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(save.error, 'name')}
        />
        <Group grow align="flex-start" wrap="wrap" gap="sm">
          <Select
            label={pt('pet.f.level')}
            placeholder={pt('pet.cfg.any')}
            clearable
            data={competenceLevels.map((l) => ({ value: l, label: pt(`pet.level.${l}`) }))}
            value={level}
            onChange={setLevel}
            miw={150}
          />
          <Select
            label={pt('pet.f.channel')}
            placeholder={pt('pet.cfg.any')}
            clearable
            data={petitionChannels.map((c) => ({ value: c, label: pt(channelKey(c)) }))}
            value={channel}
            onChange={setChannel}
            miw={150}
          />
          <Select
            label={pt('pet.routing.forwardedBy')}
            placeholder={pt('pet.cfg.any')}
            clearable
            data={delegateBodies.map((b) => ({ value: b, label: pt(`pet.body.${b}`) }))}
            value={forwardedBy}
            onChange={setForwardedBy}
            miw={150}
          />
        </Group>
        <Group align="flex-end" gap="md">
          <NumberInput
            label={pt('pet.cfg.days')}
            required
            min={1}
            max={365}
            value={days}
            onChange={setDays}
            error={fieldError(save.error, 'days')}
            w={140}
          />
          <Checkbox
            label={pt('pet.cfg.workingDays')}
            checked={workingDays}
            onChange={(e) => setWorkingDays(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
        <ErrorAlert error={save.error} />
        <Group justify="flex-end" gap="xs">
          {rule && (
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            {rule ? t('common.save') : pt('pet.cfg.addRule')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

// ───────────────────────────── Holidays ─────────────────────────────

function HolidaysTab() {
  const { pt, t } = usePetitionI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const holidays = useHolidays(year);
  const { put, remove } = useHolidayMutations();
  const [day, setDay] = useState('');
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!day) return;
    put.mutate(
      { day, name },
      {
        onSuccess: () => {
          setDay('');
          setName('');
        },
      },
    );
  };
  return (
    <Stack gap="md">
      <Select
        label={pt('pet.cfg.year')}
        data={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map(String)}
        value={String(year)}
        allowDeselect={false}
        onChange={(v) => setYear(Number(v ?? thisYear))}
        w={140}
      />
      <ErrorAlert error={holidays.error ?? remove.error} />
      <List listStyleType="none" spacing={4} data-testid="petition-holidays">
        {(holidays.data?.items ?? []).map((h) => (
          <List.Item key={h.day}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" w={100}>
                {formatDate(h.day)}
              </Text>
              <Text size="sm">{h.name}</Text>
              <ActionIcon
                variant="subtle"
                color="red.9"
                aria-label={`${t('common.delete')}: ${formatDate(h.day)} ${h.name}`}
                onClick={() => remove.mutate(h.day)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </List.Item>
        ))}
      </List>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={pt('pet.cfg.addHoliday')}>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <DateField label={pt('pet.cfg.day')} required value={day} onChange={setDay} w={180} />
          <TextInput
            label={pt('pet.cfg.holidayName')}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(put.error, 'name')}
            miw={220}
          />
          <Button type="submit" mt={24} loading={put.isPending}>
            {pt('pet.cfg.addHoliday')}
          </Button>
        </Group>
        <ErrorAlert error={put.error} />
      </Paper>
    </Stack>
  );
}

// ───────────────────────────── Open311 keys ─────────────────────────────

function KeysTab() {
  const { pt, t } = usePetitionI18n();
  const me = useMe().data!;
  const keys = useOpen311Keys();
  const { create, revoke } = useOpen311KeyMutations();
  const [name, setName] = useState('');
  const [unitId, setUnitId] = useState<string | null>(me.activeUnit.id);
  const [created, setCreated] = useState<CreatedOpen311ApiKey | null>(null);
  const [opened, { open, close }] = useDisclosure(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name, unitId: unitId ?? me.activeUnit.id },
      {
        onSuccess: (key) => {
          setCreated(key);
          setName('');
          open();
        },
      },
    );
  };

  const columns: Column<Open311ApiKey>[] = [
    { key: 'name', header: pt('pet.cfg.keyName'), primary: true, render: (row) => row.name },
    { key: 'prefix', header: pt('pet.cfg.prefix'), render: (row) => <Code>{row.prefix}…</Code> },
    { key: 'unit', header: pt('pet.cfg.keyUnit'), render: (row) => row.unit.name },
    {
      key: 'created',
      header: pt('pet.cfg.createdBy'),
      render: (row) => `${formatDate(row.createdAt)}${row.createdBy ? ` · ${row.createdBy.fullName}` : ''}`,
    },
    { key: 'used', header: pt('pet.cfg.lastUsed'), render: (row) => formatDateTime(row.lastUsedAt) || '—' },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (row) =>
        row.revokedAt ? (
          <Text size="sm" c="dimmed">
            {pt('pet.cfg.revoked', { date: formatDate(row.revokedAt) })}
          </Text>
        ) : (
          <ConfirmButton
            size="compact-sm"
            variant="default"
            title={pt('pet.cfg.revoke')}
            message={pt('pet.cfg.revokeConfirm', { name: row.name })}
            confirmLabel={pt('pet.cfg.revoke')}
            onConfirm={() => revoke.mutate(row.id)}
          >
            {pt('pet.cfg.revoke')}
          </ConfirmButton>
        ),
    },
  ];

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={pt('pet.cfg.createKey')}>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={pt('pet.cfg.keyName')}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
            miw={220}
          />
          <UnitPicker
            label={pt('pet.cfg.keyUnit')}
            value={unitId}
            onChange={(id) => setUnitId(id)}
            miw={220}
          />
          <Button type="submit" mt={24} loading={create.isPending}>
            {pt('pet.cfg.createKey')}
          </Button>
        </Group>
        <ErrorAlert error={create.error} />
      </Paper>
      <ErrorAlert error={keys.error ?? revoke.error} />
      {keys.data && (
        <DataTable
          caption={pt('pet.cfg.keys')}
          columns={columns}
          rows={keys.data}
          rowKey={(row) => row.id}
          testId="open311-keys"
        />
      )}
      <Modal
        opened={opened}
        onClose={() => {
          close();
          setCreated(null);
        }}
        title={created?.name ?? ''}
        closeOnClickOutside={false}
      >
        {created && (
          <Stack gap="sm">
            <Alert color="orange" variant="light">
              {pt('pet.cfg.keyOnce')}
            </Alert>
            <Code
              block
              data-testid="open311-new-key"
              style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
            >
              {created.key}
            </Code>
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy} w="fit-content">
                  {copied ? pt('pet.cfg.copied') : pt('pet.cfg.copy')}
                </Button>
              )}
            </CopyButton>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
