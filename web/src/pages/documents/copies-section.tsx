import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { CopyForm, DocumentCopy, DocumentDetail } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { useSigningCredentials } from '../../api/document-signing.ts';
import { documentPaths } from '../../api/documents.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { undefinedIfEmpty } from '../../components/form-utils.ts';
import { formatDate } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { useDocI18n } from './doc-i18n.ts';

const forms: CopyForm[] = ['SY', 'TrS', 'SL'];

/** Documents a copy may be made of: issued outgoing ones and registered incoming ones. */
const copiable = (doc: DocumentDetail) =>
  doc.direction === 'outgoing'
    ? ['issued', 'archived'].includes(doc.status)
    : doc.arrivalNumber !== null && !['returned', 'recalled'].includes(doc.status);

/** Copies (bản sao y, trích sao, sao lục) of the document, and a new one for the registry. */
export function CopiesSection({ doc }: { doc: DocumentDetail }) {
  const { dt } = useDocI18n();
  const me = useMe().data;
  const copies = useQuery({
    queryKey: ['document', doc.id, 'copies'],
    queryFn: () => api.get<DocumentCopy[]>(`/documents/${doc.id}/copies`),
    enabled: copiable(doc),
    retry: false,
  });
  if (!copiable(doc)) return null;
  const mayCopy = can(me, 'documents.issue');
  if (!mayCopy && (copies.data?.length ?? 0) === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label={dt('doc.copy.title')}>
      <Title order={2} size="h4" mb="sm">
        {dt('doc.copy.title')}
      </Title>
      <Stack gap="sm">
        {copies.data && copies.data.length > 0 && (
          <Stack
            component="ul"
            gap={4}
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            data-testid="document-copies"
          >
            {copies.data.map((c) => (
              <Text component="li" size="sm" key={c.id}>
                <b>{c.symbol}</b> · {dt(`doc.copy.form.${c.form}`)} · {formatDate(c.copyDate)} ·{' '}
                {c.signerPosition} {c.signerFullName}
                {c.excerpt ? ` · ${dt('doc.copy.excerpt')}: ${c.excerpt}` : ''}
                {c.fileId && (
                  <>
                    {' · '}
                    <Anchor href={documentPaths.file(doc.id, c.fileId)} download>
                      {dt('doc.copy.file')}
                    </Anchor>
                  </>
                )}
              </Text>
            ))}
          </Stack>
        )}
        {mayCopy && <NewCopy doc={doc} />}
      </Stack>
    </Paper>
  );
}

function NewCopy({ doc }: { doc: DocumentDetail }) {
  const { dt } = useDocI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({
    form: 'SY' as CopyForm,
    signerFullName: '',
    signerPosition: '',
    excerpt: '',
    recipients: '',
    electronic: false,
    credentialId: null as string | null,
    pin: '',
  });
  const agencyCredentials = useSigningCredentials({ unitId: doc.unitId });
  const usable = (agencyCredentials.data ?? []).filter(
    (c) => c.kind === 'agency' && c.status === 'active' && new Date(c.notAfter).getTime() > Date.now(),
  );
  const credential = usable.find((c) => c.id === (form.credentialId ?? usable[0]?.id));
  const electronic = form.electronic && form.form !== 'TrS' && credential;
  const create = useMutation({
    mutationFn: () =>
      api.post<DocumentCopy>(`/documents/${doc.id}/copies`, {
        form: form.form,
        signerFullName: form.signerFullName.trim(),
        signerPosition: form.signerPosition.trim(),
        excerpt: form.form === 'TrS' ? undefinedIfEmpty(form.excerpt) : undefined,
        recipients: undefinedIfEmpty(form.recipients),
        agency: electronic
          ? { credentialId: credential.id, ...(credential.provider === 'local' ? { pin: form.pin } : {}) }
          : undefined,
      }),
    onSuccess: async () => {
      setForm((f) => ({ ...f, pin: '' }));
      await client.invalidateQueries({ queryKey: ['document', doc.id] });
    },
  });
  const err = (field: string) => fieldError(create.error, field);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={dt('doc.copy.new')}>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={dt('doc.copy.form')}
            allowDeselect={false}
            data={forms.map((f) => ({ value: f, label: dt(`doc.copy.form.${f}`) }))}
            value={form.form}
            onChange={(value) => setForm({ ...form, form: (value ?? 'SY') as CopyForm })}
          />
          <TextInput
            label={dt('doc.signerFullName')}
            required
            value={form.signerFullName}
            error={err('signerFullName')}
            onChange={(e) => setForm({ ...form, signerFullName: e.currentTarget.value })}
          />
          <TextInput
            label={dt('doc.signerPosition')}
            required
            value={form.signerPosition}
            error={err('signerPosition')}
            onChange={(e) => setForm({ ...form, signerPosition: e.currentTarget.value })}
          />
        </SimpleGrid>
        {form.form === 'TrS' && (
          <Textarea
            label={dt('doc.copy.excerpt')}
            required
            autosize
            minRows={2}
            value={form.excerpt}
            error={err('excerpt')}
            onChange={(e) => setForm({ ...form, excerpt: e.currentTarget.value })}
          />
        )}
        <TextInput
          label={dt('doc.copy.recipients')}
          value={form.recipients}
          onChange={(e) => setForm({ ...form, recipients: e.currentTarget.value })}
        />
        {form.form !== 'TrS' && usable.length > 0 && (
          <Checkbox
            label={dt('doc.copy.electronic')}
            checked={form.electronic}
            onChange={(e) => setForm({ ...form, electronic: e.currentTarget.checked })}
          />
        )}
        {electronic && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={dt('doc.seal.credential')}
              allowDeselect={false}
              data={usable.map((c) => ({ value: c.id, label: c.label || c.subject }))}
              value={credential.id}
              onChange={(value) => setForm({ ...form, credentialId: value })}
            />
            {credential.provider === 'local' && (
              <PasswordInput
                label={dt('doc.seal.pin')}
                required
                autoComplete="off"
                value={form.pin}
                onChange={(e) => setForm({ ...form, pin: e.currentTarget.value })}
              />
            )}
          </SimpleGrid>
        )}
        <ErrorAlert error={create.error} />
        {create.data && (
          <Text size="sm" c={tones.success} role="status">
            {dt('doc.copy.made', { symbol: create.data.symbol })}
          </Text>
        )}
        <Group>
          <Button type="submit" variant="default" loading={create.isPending}>
            {dt('doc.copy.new')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
