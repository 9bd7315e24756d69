import { ActionIcon, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import type { DocumentPriority, DocumentUpload, SecrecyLevel, UnitLink } from '@mts/contracts';
import { IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateDraft } from '../../api/documents.ts';
import { useMe } from '../../auth/use-me.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { undefinedIfEmpty } from '../../components/form-utils.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { ComposeDraftPanel } from './compose-draft.tsx';
import { useDocI18n } from './doc-i18n.ts';
import {
  CommonDocumentInputs,
  FormButtons,
  FormSection,
  SubjectInput,
  TypeSelect,
} from './document-form-parts.tsx';
import { UploadField } from './parts.tsx';

/** A new outgoing draft: type, summary, internal recipients, secrecy, urgency, due date, the file. */
export default function OutgoingFormPage() {
  const { dt } = useDocI18n();
  const me = useMe().data!;
  const unitId = me.activeUnit.id;
  const navigate = useNavigate();
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
          <FormSection title={dt('doc.form.metadata')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TypeSelect
                unitId={unitId}
                value={form.typeId}
                onChange={set('typeId')}
                required
                error={err('typeId')}
              />
              <CommonDocumentInputs form={form} set={set} err={err} />
            </SimpleGrid>
            <SubjectInput value={form.subject} onChange={set('subject')} error={err('subject')} />
          </FormSection>
          <FormSection title={dt('doc.form.recipients')}>
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
          </FormSection>
          <FormSection title={dt('doc.form.files')}>
            <ComposeDraftPanel
              unitId={unitId}
              typeId={form.typeId}
              summary={form.subject}
              signer={{ fullName: form.signerFullName, position: form.signerPosition }}
              onComposed={(upload) => {
                setDraft(upload);
                if (upload) setMissingFile(false);
              }}
            />
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
          </FormSection>
          <ErrorAlert error={create.error} />
          <FormButtons
            label={dt('doc.form.submitDraft')}
            loading={create.isPending}
            cancelTo="/documents/outgoing"
          />
        </Stack>
      </form>
    </Stack>
  );
}
