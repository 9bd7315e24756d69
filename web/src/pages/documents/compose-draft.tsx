import { Button, Paper, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import type { ComposeDraft, DocumentUpload } from '@mts/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { tones } from '../../tones.ts';
import { useDocI18n } from './doc-i18n.ts';

/**
 * Writing the draft here instead of uploading a file: the server renders it in the Decree 30
 * Appendix I layout and keeps it as the draft upload (number and date left for the registry).
 */
export function ComposeDraftPanel({
  unitId,
  typeId,
  summary,
  signer,
  onComposed,
}: {
  unitId: string;
  typeId: string;
  summary: string;
  signer: { fullName: string; position: string };
  onComposed: (upload: DocumentUpload | null) => void;
}) {
  const { dt } = useDocI18n();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ body: '', authority: '', recipients: '', archive: 'VT' });
  const compose = useMutation({
    mutationFn: (input: ComposeDraft) => api.post<DocumentUpload>('/document-uploads/compose', input),
    onSuccess: (upload) => onComposed(upload),
  });
  const err = (field: string) => fieldError(compose.error, field);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  return (
    <Stack gap="xs">
      <Switch
        label={dt('doc.compose.toggle')}
        checked={open}
        onChange={(e) => {
          setOpen(e.currentTarget.checked);
          if (!e.currentTarget.checked) onComposed(null);
        }}
      />
      {open && (
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {dt('doc.compose.hint')}
            </Text>
            <Textarea
              label={dt('doc.compose.body')}
              required
              autosize
              minRows={6}
              value={form.body}
              error={err('body')}
              onChange={(e) => set('body')(e.currentTarget.value)}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={dt('doc.compose.authority')}
                placeholder="TM. BAN THƯỜNG TRỰC"
                value={form.authority}
                onChange={(e) => set('authority')(e.currentTarget.value)}
              />
              <TextInput
                label={dt('doc.compose.archive')}
                value={form.archive}
                onChange={(e) => set('archive')(e.currentTarget.value)}
              />
            </SimpleGrid>
            <Textarea
              label={dt('doc.compose.recipients')}
              required
              autosize
              minRows={2}
              value={form.recipients}
              error={err('recipients')}
              onChange={(e) => set('recipients')(e.currentTarget.value)}
            />
            <ErrorAlert error={compose.error} />
            {compose.data && (
              <Text size="sm" c={tones.success} role="status">
                {dt('doc.compose.done', { pages: compose.data.pageCount ?? 1 })}
              </Text>
            )}
            <Button
              type="button"
              variant="default"
              w="fit-content"
              loading={compose.isPending}
              disabled={!typeId || !summary.trim() || !signer.fullName.trim() || !signer.position.trim()}
              onClick={() =>
                compose.mutate({
                  unitId,
                  typeId,
                  summary: summary.trim(),
                  body: form.body,
                  authority: form.authority.trim() || undefined,
                  signerTitle: signer.position.trim().toLocaleUpperCase('vi-VN'),
                  signerName: signer.fullName.trim(),
                  recipients: form.recipients,
                  archive: form.archive.trim() || undefined,
                })
              }
            >
              {dt('doc.compose.render')}
            </Button>
            {(!signer.fullName.trim() || !signer.position.trim()) && (
              <Text size="sm" c="dimmed">
                {dt('doc.compose.needSigner')}
              </Text>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
