import { Alert, Badge, Button, Code, Group, Paper, PasswordInput, Select, Stack, Text } from '@mantine/core';
import type { DocumentDetail, DocumentSigningState, SigningCredential } from '@mts/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import {
  type DocumentFileVerification,
  useDocumentSignatureReport,
  useDocumentSignings,
  useSignDocument,
  useSigningCredentials,
} from '../../api/document-signing.ts';
import type { useDocumentStep } from '../../api/documents.ts';
import { stepPaths } from '../../api/documents.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { useDocI18n } from './doc-i18n.ts';

type Step = ReturnType<typeof useDocumentStep>;

const usable = (c: SigningCredential) => c.status === 'active' && new Date(c.notAfter).getTime() > Date.now();

function credentialLabel(c: SigningCredential, remote: string) {
  const until = new Date(c.notAfter).toLocaleDateString('vi-VN');
  return `${c.label || c.subject} · ${c.provider === 'remote' ? remote : 'PKCS#12'} · ${until}`;
}

/** Seconds left until `iso`, ticking every second. */
function useSecondsLeft(iso: string | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [iso]);
  return iso ? Math.max(0, Math.round((new Date(iso).getTime() - now) / 1000)) : null;
}

function PendingSigning({ signing }: { signing: DocumentSigningState }) {
  const { dt } = useDocI18n();
  const left = useSecondsLeft(signing.expiresAt);
  const clock = left === null ? '' : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <Paper withBorder p="sm" role="status">
      <Text fw={700}>{dt('doc.sign.pending')}</Text>
      <Text size="sm">
        {signing.expiresAt ? dt('doc.sign.pendingLeft', { clock }) : dt('doc.sign.pendingStart')}
      </Text>
    </Paper>
  );
}

/**
 * The competent person's digital signature on the approved document: their certificate, and the
 * PIN for a keystore kept here; a remote certificate is approved on the phone (a countdown shows).
 */
export function SignDigitallyForm({ doc }: { doc: DocumentDetail }) {
  const { dt, language } = useDocI18n();
  const credentials = useSigningCredentials('mine');
  const signings = useDocumentSignings(doc.id);
  const sign = useSignDocument(doc.id);
  const [credentialId, setCredentialId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const personal = (credentials.data ?? []).filter((c) => c.kind === 'personal' && usable(c));
  const chosen = personal.find((c) => c.id === (credentialId ?? personal[0]?.id));
  const latest = signings.data?.find((s) => s.kind === 'personal');
  const pending = latest?.state === 'pending' ? latest : null;
  return (
    <Paper withBorder p="sm">
      <form
        aria-label={dt('doc.sign.title')}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!chosen) return;
          sign.mutate(
            { credentialId: chosen.id, ...(chosen.provider === 'local' ? { pin } : {}) },
            { onSettled: () => setPin('') },
          );
        }}
      >
        <Stack gap="xs">
          <Text fw={700}>{dt('doc.sign.title')}</Text>
          {credentials.data && personal.length === 0 && (
            <Text size="sm" c="dimmed">
              {dt('doc.sign.noCredential')}
            </Text>
          )}
          {personal.length > 0 && (
            <Select
              label={dt('doc.sign.credential')}
              data={personal.map((c) => ({ value: c.id, label: credentialLabel(c, dt('doc.sign.remote')) }))}
              value={chosen?.id ?? null}
              onChange={setCredentialId}
              allowDeselect={false}
            />
          )}
          {chosen?.provider === 'local' && (
            <PasswordInput
              label={dt('doc.sign.pin')}
              required
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.currentTarget.value)}
            />
          )}
          {pending && <PendingSigning signing={pending} />}
          {latest?.state === 'failed' && latest.error && (
            <Alert color="red" variant="light" role="alert" title={dt('doc.sign.failed')}>
              {language === 'vi' ? latest.error.vi : latest.error.en}
            </Alert>
          )}
          <Button
            type="submit"
            w="fit-content"
            loading={sign.isPending}
            disabled={!chosen || Boolean(pending) || (chosen.provider === 'local' && !pin)}
          >
            {chosen?.provider === 'remote' ? dt('doc.sign.sendToPhone') : dt('doc.sign.submit')}
          </Button>
          <ErrorAlert error={sign.error} />
        </Stack>
      </form>
    </Paper>
  );
}

/** Issue of a digitally signed document: the registry's number and the agency signature with the seal. */
export function IssueWithSealForm({ doc, step }: { doc: DocumentDetail; step: Step }) {
  const { dt } = useDocI18n();
  const credentials = useSigningCredentials({ unitId: doc.unitId });
  const [credentialId, setCredentialId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const agency = (credentials.data ?? []).filter((c) => c.kind === 'agency' && usable(c));
  const chosen = agency.find((c) => c.id === (credentialId ?? agency[0]?.id));
  return (
    <Paper withBorder p="sm">
      <form
        aria-label={dt('doc.seal.title')}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!chosen) return;
          step.mutate(
            {
              path: stepPaths.issue(doc.id),
              body: { agency: { credentialId: chosen.id, ...(chosen.provider === 'local' ? { pin } : {}) } },
            },
            { onSettled: () => setPin('') },
          );
        }}
      >
        <Stack gap="xs">
          <Text fw={700}>{dt('doc.seal.title')}</Text>
          <Text size="sm" c="dimmed">
            {dt('doc.seal.hint')}
          </Text>
          {credentials.data && agency.length === 0 && (
            <Text size="sm" c="dimmed">
              {dt('doc.seal.noCredential')}
            </Text>
          )}
          {agency.length > 0 && (
            <Select
              label={dt('doc.seal.credential')}
              data={agency.map((c) => ({ value: c.id, label: credentialLabel(c, dt('doc.sign.remote')) }))}
              value={chosen?.id ?? null}
              onChange={setCredentialId}
              allowDeselect={false}
            />
          )}
          {chosen?.provider === 'local' && (
            <PasswordInput
              label={dt('doc.seal.pin')}
              required
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.currentTarget.value)}
            />
          )}
          <Button
            type="submit"
            w="fit-content"
            loading={step.isPending}
            disabled={!chosen || (chosen.provider === 'local' && !pin)}
          >
            {dt('doc.seal.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

const verdictColour = {
  valid: tones.success,
  invalid: '#b71c1c',
  indeterminate: tones.warning,
  absent: 'gray.8',
} as const;

export function VerdictBadge({ verdict }: { verdict: DocumentFileVerification['verdict'] }) {
  const { dt } = useDocI18n();
  return (
    <Badge color={verdictColour[verdict]} variant="filled">
      {dt(`doc.verify.${verdict}`)}
    </Badge>
  );
}

/** Each PDF's signatures as the verifier found them, with the full report to read. */
export function SignatureReport({ doc }: { doc: DocumentDetail }) {
  const { dt, language } = useDocI18n();
  const hasPdf = doc.files.some((f) => f.contentType === 'application/pdf' && f.role !== 'draft');
  const report = useDocumentSignatureReport(doc.id, hasPdf);
  const [open, setOpen] = useState<string | null>(null);
  if (!hasPdf) return null;
  return (
    <Stack gap="xs" data-testid="signature-report">
      <ErrorAlert error={report.error} />
      {report.data?.map((file) => (
        <Paper withBorder p="sm" key={file.fileId}>
          <Stack gap={4}>
            <Group gap="xs" justify="space-between" wrap="wrap">
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {file.fileName}
              </Text>
              <VerdictBadge verdict={file.verdict} />
            </Group>
            <Text size="sm" c="dimmed">
              {dt('doc.verify.count', { n: file.signatureCount })} · {dt('doc.verify.checkedAt')}{' '}
              {formatDateTime(file.checkedAt)}
            </Text>
            {file.signatureCount > 0 && (
              <Button
                variant="subtle"
                size="compact-sm"
                w="fit-content"
                aria-expanded={open === file.fileId}
                onClick={() => setOpen(open === file.fileId ? null : file.fileId)}
              >
                {dt('doc.verify.details')}
              </Button>
            )}
            {open === file.fileId && (
              <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {language === 'vi' ? file.text.vi : file.text.en}
              </Code>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
