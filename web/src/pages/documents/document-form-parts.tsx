import { Button, Group, Paper, Select, Textarea, TextInput, Title } from '@mantine/core';
import type { DocumentPriority, SecrecyLevel } from '@mts/contracts';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useDocumentTypes } from '../../api/documents.ts';
import { DateField } from '../../components/date-field.tsx';
import { useDocI18n } from './doc-i18n.ts';

export const priorities: DocumentPriority[] = ['normal', 'khan', 'thuong_khan', 'hoa_toc'];
export const secrecies: SecrecyLevel[] = ['normal', 'mat', 'toi_mat', 'tuyet_mat'];

/** The fields an incoming registration and an outgoing draft share. */
export interface CommonDocumentFields {
  dueDate: string;
  priority: DocumentPriority;
  secrecy: SecrecyLevel;
  signerFullName: string;
  signerPosition: string;
}

/**
 * Due date, urgency, secrecy and the signer, as grid cells of the Decree 30 details (the same in
 * the incoming and the outgoing form).
 */
export function CommonDocumentInputs({
  form,
  set,
  err,
}: {
  form: CommonDocumentFields;
  set: (key: keyof CommonDocumentFields) => (value: string) => void;
  err: (field: string) => string | undefined;
}) {
  const { dt } = useDocI18n();
  return (
    <>
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
    </>
  );
}

/** The summary (trích yếu), required in both forms. */
export function SubjectInput({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { dt } = useDocI18n();
  return (
    <Textarea
      mt="sm"
      label={dt('doc.subject')}
      required
      autosize
      minRows={2}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}

/** Submit and cancel (back to the list). */
export function FormButtons({
  label,
  loading,
  cancelTo,
}: {
  label: string;
  loading: boolean;
  cancelTo: string;
}) {
  const { t } = useDocI18n();
  const navigate = useNavigate();
  return (
    <Group>
      <Button type="submit" loading={loading}>
        {label}
      </Button>
      <Button variant="default" onClick={() => navigate(cancelTo)}>
        {t('common.cancel')}
      </Button>
    </Group>
  );
}

/** A titled part of a document form. */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** The unit's active document types, "Tên (viết tắt)". */
export function TypeSelect({
  unitId,
  value,
  onChange,
  required,
  error,
}: {
  unitId: string;
  value: string;
  onChange: (id: string) => void;
  required?: boolean;
  error?: string;
}) {
  const { dt } = useDocI18n();
  const types = useDocumentTypes(unitId);
  return (
    <Select
      label={dt('doc.type')}
      required={required}
      searchable
      data={(types.data ?? [])
        .filter((x) => x.isActive)
        .map((x) => ({ value: x.id, label: x.code ? `${x.name} (${x.code})` : x.name }))}
      value={value || null}
      onChange={(id) => onChange(id ?? '')}
      error={error}
    />
  );
}
