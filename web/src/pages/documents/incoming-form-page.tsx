import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
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
import { MultiUploadField } from './parts.tsx';

export const priorities: DocumentPriority[] = ['normal', 'khan', 'thuong_khan', 'hoa_toc'];
export const secrecies: SecrecyLevel[] = ['normal', 'mat', 'toi_mat', 'tuyet_mat'];

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
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {dt('doc.form.files')}
            </Title>
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
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {dt('doc.form.metadata')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label={dt('doc.type')}
                searchable
                data={(types.data ?? [])
                  .filter((x) => x.isActive)
                  .map((x) => ({ value: x.id, label: x.code ? `${x.name} (${x.code})` : x.name }))}
                value={form.typeId || null}
                onChange={(value) => set('typeId')(value ?? '')}
              />
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
            <Textarea
              mt="sm"
              label={dt('doc.description')}
              autosize
              minRows={1}
              value={form.description}
              onChange={(e) => set('description')(e.currentTarget.value)}
            />
          </Paper>
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
          <Group>
            <Button type="submit" loading={register.isPending}>
              {dt('doc.form.submitRegister')}
            </Button>
            <Button variant="default" onClick={() => navigate('/documents/incoming')}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
