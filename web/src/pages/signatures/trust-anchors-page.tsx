import { Badge, Button, FileInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { TrustAnchor } from '@mts/contracts';
import { IconUpload } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useAddTrustAnchor, useTrustAnchors } from '../../api/signatures.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert, ErrorState, fieldError } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { notifyDone, Section, SignaturesNav } from './parts.tsx';
import { useSigI18n } from './signatures-i18n.ts';

const wrapAnywhere = { overflowWrap: 'anywhere' as const, wordBreak: 'break-word' as const };

/** The root certificates signatures are trusted through (signatures.admin): list and add a PEM. */
export default function TrustAnchorsPage() {
  const { st } = useSigI18n();
  const anchors = useTrustAnchors();
  const columns: Column<TrustAnchor>[] = [
    {
      key: 'name',
      header: st('sig.anchors.name'),
      primary: true,
      render: (a) => <span style={wrapAnywhere}>{a.name}</span>,
    },
    {
      key: 'subject',
      header: st('sig.cred.subject'),
      render: (a) => <span style={wrapAnywhere}>{a.subject}</span>,
    },
    {
      key: 'validity',
      header: st('sig.cred.validity'),
      render: (a) => st('sig.cred.validRange', { from: formatDate(a.notBefore), to: formatDate(a.notAfter) }),
    },
    {
      key: 'fingerprint',
      header: st('sig.anchors.fingerprint'),
      render: (a) => (
        <Text component="span" size="xs" ff="monospace" style={wrapAnywhere}>
          {a.fingerprintSha256}
        </Text>
      ),
    },
    { key: 'source', header: st('sig.anchors.source'), render: (a) => st(`sig.anchors.source.${a.source}`) },
    {
      key: 'active',
      header: st('sig.cred.status'),
      render: (a) => (
        <Badge color={a.active ? tones.success : 'gray.8'}>
          {a.active ? st('sig.anchors.active') : st('sig.anchors.inactive')}
        </Badge>
      ),
    },
  ];
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={st('sig.anchors.title')} description={st('sig.anchors.description')} />
      <SignaturesNav />
      <Section id="trust-anchors" title={st('sig.anchors.caption')}>
        {anchors.isPending ? (
          <Loading />
        ) : anchors.error ? (
          <ErrorState error={anchors.error} onRetry={() => anchors.refetch()} />
        ) : (
          <DataTable
            caption={st('sig.anchors.caption')}
            columns={columns}
            rows={anchors.data}
            rowKey={(a) => a.id}
            empty={st('sig.anchors.empty')}
            testId="trust-anchors"
          />
        )}
        <AddAnchorForm />
      </Section>
    </Stack>
  );
}

function AddAnchorForm() {
  const { st, t } = useSigI18n();
  const add = useAddTrustAnchor();
  const [name, setName] = useState('');
  const [pem, setPem] = useState('');
  const handled = Boolean(fieldError(add.error, 'name') || fieldError(add.error, 'pem'));
  return (
    <form
      aria-labelledby="add-anchor"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        add.mutate(
          { name: name.trim(), pem },
          {
            onSuccess: (created) => {
              notifyDone(t, st('sig.anchors.added', { name: created.name }));
              setName('');
              setPem('');
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Title order={3} size="h5" id="add-anchor">
          {st('sig.anchors.add')}
        </Title>
        <TextInput
          label={st('sig.anchors.name')}
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(add.error, 'name')}
        />
        <Textarea
          label={st('sig.anchors.pem')}
          description={st('sig.anchors.pemHint')}
          required
          autosize
          minRows={4}
          maxRows={12}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          value={pem}
          onChange={(e) => setPem(e.currentTarget.value)}
          error={fieldError(add.error, 'pem')}
        />
        <FileInput
          label={st('sig.anchors.pemFile')}
          accept=".pem,.crt,.cer,application/x-pem-file"
          clearable
          clearButtonProps={{ 'aria-label': st('sig.clearFile') }}
          leftSection={<IconUpload size={16} aria-hidden />}
          onChange={async (file) => {
            if (file) setPem(await file.text());
          }}
        />
        {!handled && <ErrorAlert error={add.error} />}
        <Button type="submit" w="fit-content" loading={add.isPending} disabled={!name.trim() || !pem.trim()}>
          {st('sig.anchors.add')}
        </Button>
      </Stack>
    </form>
  );
}
