import {
  Alert,
  Button,
  Checkbox,
  Collapse,
  Grid,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { assistedChannels, type CompetenceLevelCode, type CreatePetition } from '@mts/contracts';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { type PetitionDetail, petitionPaths, useCreatePetition } from '../../api/petitions.ts';
import { useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { todayIso } from '../../i18n/format.ts';
import { channelKey, RecipientPicker, SessionSelect, SubjectSelect, useVocabularies } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';
import { SimilarPanel } from './similar-panel.tsx';

type AssistedChannel = (typeof assistedChannels)[number];

/**
 * The fast assisted-intake form: a cadre notes what a voter raised by phone, in person, on paper,
 * at a session or on social media. As the description is typed, similar existing petitions show
 * beside it (status, answer, link) so a repeat is merged instead of duplicated. The petitioner's
 * identity is optional and kept only with consent.
 */
export default function PetitionIntakePage() {
  const { pt, t } = usePetitionI18n();
  const me = useMe().data!;
  const navigate = useNavigate();
  const vocab = useVocabularies();
  const [search] = useSearchParams();
  const create = useCreatePetition();
  const [moreOpen, more] = useDisclosure(false);

  const [channel, setChannel] = useState<AssistedChannel>(
    (assistedChannels as readonly string[]).includes(search.get('channel') ?? '')
      ? (search.get('channel') as AssistedChannel)
      : 'phone',
  );
  const [description, setDescription] = useState('');
  const [title, setTitle] = useState('');
  const [subjectCode, setSubjectCode] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(search.get('session'));
  const [addressedToId, setAddressedToId] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  const [term, setTerm] = useState('');
  const [receivedDay, setReceivedDay] = useState('');
  const [isPublic, setIsPublic] = useState(true);
  const [consent, setConsent] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [address, setAddress] = useState('');
  const [notifyByEmail, setNotifyByEmail] = useState(false);
  const [mergeInto, setMergeInto] = useState<{ id: string; trackingCode: string } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    if (!subjectCode) return setLocalError(`${pt('pet.f.subject')}: ${t('common.required')}`);
    const anyIdentity = [name, phone, email, address].some((v) => v.trim());
    const body: CreatePetition = {
      channel,
      description,
      title: title.trim() || undefined,
      subjectCode,
      competenceLevel: (level as CompetenceLevelCode | null) ?? undefined,
      unitId: unitId ?? undefined,
      sessionId: channel === 'session' ? (sessionId ?? undefined) : undefined,
      addressedToId: addressedToId ?? undefined,
      place: place.trim() || undefined,
      term: term.trim() || undefined,
      isPublic,
      receivedAt: receivedDay && receivedDay !== todayIso() ? `${receivedDay}T08:00:00+07:00` : undefined,
      petitioner:
        consent || anyIdentity
          ? {
              consent,
              name: consent ? name : undefined,
              phone: consent ? phone : undefined,
              email: consent ? email : undefined,
              address: consent ? address : undefined,
              notifyByEmail: consent && notifyByEmail,
            }
          : undefined,
    };
    create.mutate(body, {
      onSuccess: async ({ petition }) => {
        if (mergeInto) {
          try {
            await api.post<PetitionDetail>(petitionPaths.merge(mergeInto.id), { memberIds: [petition.id] });
            notifications.show({
              color: 'green',
              message: pt('pet.intake.merged', {
                code: petition.trackingCode,
                primary: mergeInto.trackingCode,
              }),
            });
            navigate(`/petitions/${mergeInto.id}`);
          } catch (error) {
            // Recorded but not merged: say so and open the new petition (it can be merged from there).
            notifications.show({
              color: 'red',
              autoClose: false,
              title: pt('pet.intake.saved', { code: petition.trackingCode }),
              message: error instanceof Error ? error.message : String(error),
            });
            navigate(`/petitions/${petition.id}`);
          }
          return;
        }
        notifications.show({
          color: 'green',
          message: pt('pet.intake.saved', { code: petition.trackingCode }),
        });
        navigate(`/petitions/${petition.id}`);
      },
    });
  };

  return (
    <Stack gap="md">
      <PageHeader title={pt('pet.new')} description={pt('pet.intake.desc')} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={pt('pet.new')}>
            <Stack gap="sm">
              <Radio.Group
                label={pt('pet.f.channel')}
                value={channel}
                onChange={(value) => setChannel(value as AssistedChannel)}
              >
                <Group gap="md" mt={6}>
                  {assistedChannels.map((c) => (
                    <Radio key={c} value={c} label={pt(channelKey(c))} />
                  ))}
                </Group>
              </Radio.Group>
              {channel === 'session' && (
                <SessionSelect
                  value={sessionId}
                  onChange={setSessionId}
                  error={fieldError(create.error, 'sessionId')}
                />
              )}
              <Textarea
                label={pt('pet.f.description')}
                description={pt('pet.f.descriptionHint')}
                required
                autosize
                minRows={5}
                maxRows={16}
                maxLength={10_000}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={fieldError(create.error, 'description')}
                data-autofocus
              />
              <SubjectSelect
                required
                value={subjectCode}
                onChange={setSubjectCode}
                error={fieldError(create.error, 'subjectCode')}
              />
              <TextInput
                label={pt('pet.f.title')}
                description={pt('pet.f.titleHint')}
                maxLength={300}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                error={fieldError(create.error, 'title')}
              />
              <Group grow align="flex-start" wrap="wrap" gap="sm">
                <UnitPicker
                  label={pt('pet.f.unit')}
                  description={pt('pet.f.unitHint')}
                  value={unitId}
                  onChange={(id) => setUnitId(id)}
                  miw={200}
                />
                <Select
                  label={pt('pet.f.level')}
                  placeholder={pt('pet.f.levelDefault')}
                  data={vocab.levels}
                  clearable
                  value={level}
                  onChange={setLevel}
                  miw={200}
                />
              </Group>
              <Button
                variant="subtle"
                size="compact-sm"
                w="fit-content"
                onClick={more.toggle}
                aria-expanded={moreOpen}
                rightSection={<IconChevronDown size={14} aria-hidden />}
              >
                {pt('pet.intake.more')}
              </Button>
              <Collapse expanded={moreOpen}>
                <Stack gap="sm">
                  <TextInput
                    label={pt('pet.f.place')}
                    description={pt('pet.f.placeHint')}
                    maxLength={200}
                    value={place}
                    onChange={(e) => setPlace(e.currentTarget.value)}
                  />
                  <RecipientPicker
                    label={pt('pet.f.addressedTo')}
                    value={addressedToId}
                    onChange={(id) => setAddressedToId(id)}
                  />
                  <Group grow align="flex-start" wrap="wrap" gap="sm">
                    <TextInput
                      label={pt('pet.f.term')}
                      placeholder="2021-2026"
                      maxLength={40}
                      value={term}
                      onChange={(e) => setTerm(e.currentTarget.value)}
                      miw={160}
                    />
                    <DateField
                      label={pt('pet.f.receivedAt')}
                      description={pt('pet.f.receivedAtHint')}
                      value={receivedDay}
                      onChange={setReceivedDay}
                      error={fieldError(create.error, 'receivedAt')}
                      miw={160}
                    />
                  </Group>
                  <Checkbox
                    label={pt('pet.f.isPublic')}
                    checked={isPublic}
                    onChange={(e) => setIsPublic(e.currentTarget.checked)}
                  />
                </Stack>
              </Collapse>
              <Paper withBorder p="sm" bg="gray.0" component="fieldset" m={0}>
                <Stack gap="xs">
                  <Text component="legend" fw={600} px={4}>
                    {pt('pet.who')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {pt('pet.who.optional')}
                  </Text>
                  <Checkbox
                    label={pt('pet.who.consent')}
                    checked={consent}
                    onChange={(e) => setConsent(e.currentTarget.checked)}
                  />
                  <Group grow align="flex-start" wrap="wrap" gap="sm">
                    <TextInput
                      label={pt('pet.who.name')}
                      disabled={!consent}
                      maxLength={200}
                      value={name}
                      onChange={(e) => setName(e.currentTarget.value)}
                      autoComplete="off"
                      miw={180}
                    />
                    <TextInput
                      label={pt('pet.who.phone')}
                      disabled={!consent}
                      type="tel"
                      maxLength={30}
                      value={phone}
                      onChange={(e) => setPhone(e.currentTarget.value)}
                      error={fieldError(create.error, 'petitioner.phone')}
                      autoComplete="off"
                      miw={180}
                    />
                  </Group>
                  <Group grow align="flex-start" wrap="wrap" gap="sm">
                    <TextInput
                      label={pt('pet.who.email')}
                      disabled={!consent}
                      type="email"
                      maxLength={254}
                      value={email}
                      onChange={(e) => setEmail(e.currentTarget.value)}
                      error={fieldError(create.error, 'petitioner.email')}
                      autoComplete="off"
                      miw={180}
                    />
                    <TextInput
                      label={pt('pet.who.address')}
                      disabled={!consent}
                      maxLength={500}
                      value={address}
                      onChange={(e) => setAddress(e.currentTarget.value)}
                      autoComplete="off"
                      miw={180}
                    />
                  </Group>
                  <Checkbox
                    label={pt('pet.who.notify')}
                    disabled={!consent || !email.trim()}
                    checked={notifyByEmail}
                    onChange={(e) => setNotifyByEmail(e.currentTarget.checked)}
                  />
                </Stack>
              </Paper>
              {mergeInto && (
                <Alert color="blue" variant="light" icon={<IconCheck aria-hidden />}>
                  <Group justify="space-between" gap="xs">
                    <Text size="sm">
                      {pt('pet.similar.chosen')}: <strong>{mergeInto.trackingCode}</strong>
                    </Text>
                    <Button size="compact-xs" variant="subtle" onClick={() => setMergeInto(null)}>
                      {t('common.cancel')}
                    </Button>
                  </Group>
                </Alert>
              )}
              {localError && (
                <Alert color="red" variant="light" role="alert">
                  {localError}
                </Alert>
              )}
              <ErrorAlert error={create.error} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/petitions')}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={create.isPending}>
                  {mergeInto ? pt('pet.intake.saveAndMerge') : pt('pet.intake.save')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md" component="aside" aria-label={pt('pet.similar')}>
            <SimilarPanel
              text={`${title} ${description}`.trim()}
              unitId={unitId ?? me.activeUnit.id}
              subjectCode={subjectCode ?? undefined}
              action={(item) =>
                mergeInto?.id === item.id ? (
                  <Text size="sm" c="#1c4f8a" fw={600}>
                    {pt('pet.similar.chosen')}
                  </Text>
                ) : item.status === 'merged' ||
                  item.status === 'rejected' ||
                  item.status === 'draft' ? null : (
                  <Button
                    size="compact-sm"
                    variant="light"
                    w="fit-content"
                    onClick={() => setMergeInto({ id: item.id, trackingCode: item.trackingCode })}
                  >
                    {pt('pet.similar.choose')}
                  </Button>
                )
              }
            />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
