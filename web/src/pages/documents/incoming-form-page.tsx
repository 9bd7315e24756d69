import { Alert, Button, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { DocumentPriority, DocumentUpload, SecrecyLevel } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useDocumentTypes, useRegisterIncoming } from '../../api/documents.ts';
import { useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { undefinedIfEmpty } from '../../components/form-utils.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { todayIso } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import {
  CommonDocumentInputs,
  FormButtons,
  FormSection,
  SubjectInput,
  TypeSelect,
} from './document-form-parts.tsx';
import { MultiUploadField } from './parts.tsx';

/** Registering a paper document that arrived: the scan, then the Decree 30 register fields. */
export default function IncomingFormPage() {
  const { dt, t } = useDocI18n();
  const me = useMe().data!;
  const unitId = me.activeUnit.id;
  const navigate = useNavigate();
  const types = useDocumentTypes(unitId);
  const register = useRegisterIncoming();
  const [scans, setScans] = useState<DocumentUpload[]>([]);
  const [missingScan, setMissingScan] = useState(false);
  const [form, setForm] = useState({
    typeId: '',
    codeNumber: '',
    codeNotation: '',
    issuedDate: todayIso(),
    organName: '',
    subject: '',
    signerFullName: '',
    signerPosition: '',
    priority: 'normal' as DocumentPriority,
    secrecy: 'normal' as SecrecyLevel,
    dueDate: '',
    description: '',
  });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const duplicate =
    register.error instanceof ApiError && register.error.status === 409 && register.error.details?.duplicates
      ? register.error
      : null;

  const send = (acknowledgeDuplicate: boolean) => {
    if (scans.length === 0) {
      setMissingScan(true);
      return;
    }
    const type = types.data?.find((x) => x.id === form.typeId);
    register.mutate(
      {
        unitId,
        typeId: type?.id,
        typeName: type?.name,
        codeNumber: form.codeNumber.trim(),
        codeNotation: form.codeNotation.trim(),
        issuedDate: form.issuedDate,
        organName: form.organName.trim(),
        subject: form.subject.trim(),
        signerFullName: undefinedIfEmpty(form.signerFullName),
        signerPosition: undefinedIfEmpty(form.signerPosition),
        pageAmount: scans.reduce((sum, x) => sum + (x.pageCount ?? 1), 0),
        priority: form.priority,
        secrecy: form.secrecy,
        dueDate: form.dueDate || undefined,
        description: undefinedIfEmpty(form.description),
        uploadIds: scans.map((x) => x.id),
        acknowledgeDuplicate,
      },
      { onSuccess: (doc) => navigate(`/documents/${doc.id}`) },
    );
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(false);
  };
  const err = (field: string) => fieldError(register.error, field);

  return (
    <Stack gap="md" maw={880}>
      <PageHeader title={dt('doc.registerIncoming')} />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormSection title={dt('doc.form.files')}>
            <MultiUploadField
              label={dt('doc.upload.scan')}
              unitId={unitId}
              accept="application/pdf,image/jpeg,image/png"
              value={scans}
              onChange={(next) => {
                setScans(next);
                if (next.length > 0) setMissingScan(false);
              }}
              error={missingScan ? dt('doc.upload.required') : undefined}
            />
          </FormSection>
          <FormSection title={dt('doc.form.metadata')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TypeSelect unitId={unitId} value={form.typeId} onChange={set('typeId')} />
              <TextInput
                label={dt('doc.organName')}
                required
                value={form.organName}
                onChange={(e) => set('organName')(e.currentTarget.value)}
                error={err('organName')}
              />
              <TextInput
                label={dt('doc.codeNumber')}
                required
                value={form.codeNumber}
                onChange={(e) => set('codeNumber')(e.currentTarget.value)}
                error={err('codeNumber')}
              />
              <TextInput
                label={dt('doc.codeNotation')}
                required
                placeholder="QĐ-UBND"
                value={form.codeNotation}
                onChange={(e) => set('codeNotation')(e.currentTarget.value)}
                error={err('codeNotation')}
              />
              <DateField
                label={dt('doc.issuedDate')}
                required
                value={form.issuedDate}
                onChange={set('issuedDate')}
                error={err('issuedDate')}
              />
              <CommonDocumentInputs form={form} set={set} err={err} />
            </SimpleGrid>
            <SubjectInput value={form.subject} onChange={set('subject')} error={err('subject')} />
            <Textarea
              mt="sm"
              label={dt('doc.description')}
              autosize
              minRows={1}
              value={form.description}
              onChange={(e) => set('description')(e.currentTarget.value)}
            />
          </FormSection>
          {duplicate ? (
            <Alert color="orange" title={dt('doc.form.duplicateTitle')} role="alert">
              <Stack gap="sm">
                <span>{duplicate.message}</span>
                <Group>
                  <Button color="orange.9" onClick={() => send(true)} loading={register.isPending}>
                    {dt('doc.form.confirmDuplicate')}
                  </Button>
                  <Button variant="default" onClick={() => register.reset()}>
                    {t('common.cancel')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <ErrorAlert error={register.error} />
          )}
          <FormButtons
            label={dt('doc.form.submitRegister')}
            loading={register.isPending}
            cancelTo="/documents/incoming"
          />
        </Stack>
      </form>
    </Stack>
  );
}
