import {
  ActionIcon,
  Button,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { DocumentPriority, DocumentUpload, SecrecyLevel, UnitLink } from '@mts/contracts';
import { IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateDraft, useDocumentTypes } from '../../api/documents.ts';
import { useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { undefinedIfEmpty } from '../../components/form-utils.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useDocI18n } from './doc-i18n.ts';
import { priorities, secrecies } from './incoming-form-page.tsx';
import { UploadField } from './parts.tsx';

/** A new outgoing draft: type, summary, internal recipients, secrecy, urgency, due date, the file. */
export default function OutgoingFormPage() {
  const { dt, t } = useDocI18n();
  const me = useMe().data!;
  const unitId = me.activeUnit.id;
  const navigate = useNavigate();
  const types = useDocumentTypes(unitId);
  const create = useCreateDraft();
  const [draft, setDraft] = useState<DocumentUpload | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [recipients, setRecipients] = useState<UnitLink[]>([]);
  const [form, setForm] = useState({
    typeId: '',
    subject: '',
    priority: 'normal' as DocumentPriority,
    secrecy: 'normal' as SecrecyLevel,
    dueDate: '',
    signerFullName: '',
    signerPosition: '',
  });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const err = (field: string) => fieldError(create.error, field);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) {
      setMissingFile(true);
      return;
    }
    create.mutate(
      {
        unitId,
        typeId: form.typeId,
        subject: form.subject.trim(),
        priority: form.priority,
        secrecy: form.secrecy,
        dueDate: form.dueDate || undefined,
        signerFullName: undefinedIfEmpty(form.signerFullName),
        signerPosition: undefinedIfEmpty(form.signerPosition),
        recipientUnitIds: recipients.map((r) => r.id),
        externalRecipients: [],
        draftUploadId: draft.id,
        attachmentUploadIds: [],
      },
      { onSuccess: (doc) => navigate(`/documents/${doc.id}`) },
    );
  };

  return (
    <Stack gap="md" maw={880}>
      <PageHeader title={dt('doc.newDraft')} />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {dt('doc.form.metadata')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label={dt('doc.type')}
                required
                searchable
                data={(types.data ?? [])
                  .filter((x) => x.isActive)
                  .map((x) => ({ value: x.id, label: x.code ? `${x.name} (${x.code})` : x.name }))}
                value={form.typeId || null}
                onChange={(value) => set('typeId')(value ?? '')}
                error={err('typeId')}
              />
              <DateField
                label={dt('doc.dueDate')}
                value={form.dueDate}
                onChange={set('dueDate')}
                error={err('dueDate')}
              />
              <Select
                label={dt('doc.priority')}
                allowDeselect={false}
                data={priorities.map((p) => ({ value: p, label: dt(`doc.priority.${p}`) }))}
                value={form.priority}
                onChange={(value) => set('priority')(value ?? 'normal')}
              />
              <Select
                label={dt('doc.secrecy')}
                allowDeselect={false}
                data={secrecies.map((s) => ({ value: s, label: dt(`doc.secrecy.${s}`) }))}
                value={form.secrecy}
                onChange={(value) => set('secrecy')(value ?? 'normal')}
              />
              <TextInput
                label={dt('doc.signerFullName')}
                value={form.signerFullName}
                onChange={(e) => set('signerFullName')(e.currentTarget.value)}
              />
              <TextInput
                label={dt('doc.signerPosition')}
                value={form.signerPosition}
                onChange={(e) => set('signerPosition')(e.currentTarget.value)}
              />
            </SimpleGrid>
            <Textarea
              mt="sm"
              label={dt('doc.subject')}
              required
              autosize
              minRows={2}
              value={form.subject}
              onChange={(e) => set('subject')(e.currentTarget.value)}
              error={err('subject')}
            />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {dt('doc.form.recipients')}
            </Title>
            <UnitPicker
              label={dt('doc.form.addRecipient')}
              value={null}
              excludeIds={[unitId, ...recipients.map((r) => r.id)]}
              onChange={(_id, unit) => {
                if (unit) setRecipients((list) => [...list, unit]);
              }}
            />
            {recipients.length === 0 ? (
              <Text size="sm" c="dimmed" mt="xs">
                {dt('doc.form.noRecipients')}
              </Text>
            ) : (
              <List mt="xs" spacing={4} aria-label={dt('doc.form.recipients')}>
                {recipients.map((r) => (
                  <List.Item key={r.id}>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{r.name}</Text>
                      <ActionIcon
                        variant="subtle"
                        color="gray.8"
                        aria-label={dt('doc.form.removeRecipient', { name: r.name })}
                        onClick={() => setRecipients((list) => list.filter((x) => x.id !== r.id))}
                      >
                        <IconX size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </List.Item>
                ))}
              </List>
            )}
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {dt('doc.form.files')}
            </Title>
            <UploadField
              label={dt('doc.upload.draft')}
              unitId={unitId}
              purpose="draft"
              accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              required
              value={draft}
              onChange={(next) => {
                setDraft(next);
                if (next) setMissingFile(false);
              }}
              error={missingFile ? dt('doc.upload.required') : undefined}
            />
          </Paper>
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {dt('doc.form.submitDraft')}
            </Button>
            <Button variant="default" onClick={() => navigate('/documents/outgoing')}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
