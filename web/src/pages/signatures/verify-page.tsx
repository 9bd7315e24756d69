import { Box, Button, Code, FileInput, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { SignatureVerification } from '@mts/contracts';
import { IconDownload, IconFileCertificate, IconUpload } from '@tabler/icons-react';
import { type DragEvent, type ReactNode, useState } from 'react';
// The verifier's report is plain JSON; its shape is declared once, on the server (types only).
import type {
  SignatureReport,
  VerificationReport,
} from '../../../../server/src/modules/signatures/verify/report.ts';
import { useVerifyPdf } from '../../api/signatures.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { Section, SignaturesNav } from './parts.tsx';
import { type SigKey, useSigI18n } from './signatures-i18n.ts';

type Verdict = SignatureVerification['verdict'];

/** White text on these backgrounds is at least 4.5:1. */
const verdictBackground: Record<Verdict, string> = {
  valid: '#1b5e20',
  invalid: '#b71c1c',
  indeterminate: '#8a3b00',
  absent: '#495057',
};

const wrapAnywhere = { overflowWrap: 'anywhere' as const, wordBreak: 'break-word' as const };

/** "Kiểm tra chữ ký số": a PDF chosen or dropped, its verdict, each signature and the full report. */
export default function VerifyPage() {
  const { st } = useSigI18n();
  const verify = useVerifyPdf();
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const check = (next: File | null) => {
    setFile(next);
    verify.reset();
    if (next) verify.mutate(next);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) check(dropped);
  };
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={st('sig.verify.title')} description={st('sig.verify.description')} />
      <SignaturesNav />
      <Paper
        withBorder
        p={{ base: 'sm', sm: 'lg' }}
        onDragOver={(event: DragEvent) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: dragging ? 'var(--mantine-color-front-8)' : undefined,
        }}
        data-testid="verify-drop"
      >
        <Stack gap="xs" align="stretch">
          <Group gap="xs" wrap="nowrap">
            <IconFileCertificate size={28} aria-hidden />
            <Text fw={600}>{st('sig.verify.drop')}</Text>
          </Group>
          <FileInput
            label={st('sig.verify.file')}
            accept="application/pdf,.pdf"
            clearable
            clearButtonProps={{ 'aria-label': st('sig.clearFile') }}
            leftSection={<IconUpload size={16} aria-hidden />}
            value={file}
            disabled={verify.isPending}
            onChange={check}
          />
          {verify.isPending && (
            <Text size="sm" role="status">
              {st('sig.verify.checking')}
            </Text>
          )}
        </Stack>
      </Paper>
      <ErrorAlert error={verify.error} />
      {verify.data && file && <VerificationResult result={verify.data} fileName={file.name} />}
    </Stack>
  );
}

function VerificationResult({ result, fileName }: { result: SignatureVerification; fileName: string }) {
  const { st, language } = useSigI18n();
  const report = result.report as VerificationReport | null;
  const download = () => {
    const blob = new Blob([JSON.stringify(result.report, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName.replace(/\.pdf$/i, '')}.verification.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Stack gap="md" data-testid="verification-result">
      <Section id="verify-result" title={st('sig.verify.result')}>
        <Box
          role="status"
          p="md"
          style={{ background: verdictBackground[result.verdict], color: '#fff', borderRadius: 8 }}
          data-testid="verdict"
          data-verdict={result.verdict}
        >
          <Text fw={700} fz={{ base: 22, sm: 28 }} lh={1.2}>
            {st(`sig.verify.${result.verdict}`)}
          </Text>
          <Text size="sm" style={wrapAnywhere}>
            {st('sig.verify.count', { n: result.signatureCount, name: fileName })}
          </Text>
        </Box>
        {report && report.reasons.length > 0 && (
          <List size="sm">
            {report.reasons.map((r) => (
              <List.Item key={`${r.code}:${r.en}`}>{r[language]}</List.Item>
            ))}
          </List>
        )}
        <Button
          variant="default"
          w="fit-content"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={download}
        >
          {st('sig.verify.download')}
        </Button>
      </Section>
      {report?.signatures.map((signature) => (
        <SignatureCard key={signature.index} signature={signature} />
      ))}
      <Section id="verify-text" title={st('sig.verify.fullReport')}>
        <Code block style={{ whiteSpace: 'pre-wrap', ...wrapAnywhere }} data-testid="verification-text">
          {language === 'vi' ? result.text.vi : result.text.en}
        </Code>
      </Section>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box component="div" style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 0 }}>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={wrapAnywhere}>
        {children}
      </Text>
    </Box>
  );
}

function SignatureCard({ signature: s }: { signature: SignatureReport }) {
  const { st, language } = useSigI18n();
  const id = `signature-${s.index}`;
  const title =
    s.kind === 'document-timestamp'
      ? st('sig.verify.docTimestamp', { n: s.index })
      : st('sig.verify.signature', { n: s.index });
  const verdictLabel = st(`sig.verify.${s.verdict}`);
  const signer = s.signer
    ? [s.signer.commonName, s.signer.organization].filter(Boolean).join(', ') || s.signer.subject
    : st('sig.verify.unknown');
  const trust =
    s.chain.status === 'trusted'
      ? s.chain.anchor
        ? st('sig.verify.trusted', { anchor: s.chain.anchor })
        : st('sig.verify.trustedNoName')
      : s.chain.status === 'untrusted'
        ? st('sig.verify.untrusted')
        : st('sig.verify.incomplete');
  const claimed = s.claimedSigningTime.signingTimeAttribute ?? s.claimedSigningTime.pdfM;
  const timestamp = s.timestamp
    ? st(
        s.timestamp.tokenValid && s.timestamp.imprintMatches
          ? 'sig.verify.timestampValid'
          : 'sig.verify.timestampInvalid',
        { time: formatDateTime(s.timestamp.genTime) },
      ) + (s.timestamp.tsaName ? ` (${s.timestamp.tsaName})` : '')
    : st('sig.verify.noTimestamp');
  const certValidity: Record<SignatureReport['certificateValidity']['status'], SigKey> = {
    valid: 'sig.verify.certValid',
    expired: 'sig.verify.certExpired',
    'not-yet-valid': 'sig.verify.certNotYetValid',
  };
  const coverage = s.coverage.wholeDocument
    ? st('sig.verify.whole')
    : st('sig.verify.partial', {
        revision: s.coverage.revision,
        total: s.coverage.totalRevisions,
        changes: st(`sig.verify.changes.${s.coverage.laterChanges}`),
      });
  const notes = s.reasons.filter((r) => r.code !== 'SIGNED_EARLIER_REVISION');
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          <Text
            component="span"
            fw={700}
            size="sm"
            px="xs"
            style={{ background: verdictBackground[s.verdict], color: '#fff', borderRadius: 4 }}
          >
            {verdictLabel}
          </Text>
        </Group>
        <Box
          component="dl"
          m={0}
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 16rem), 1fr))',
            gap: 12,
          }}
        >
          <Fact label={st('sig.verify.signer')}>{signer}</Fact>
          <Fact label={st('sig.verify.issuer')}>{s.signer?.issuer ?? st('sig.verify.unknown')}</Fact>
          <Fact label={st('sig.verify.trust')}>{trust}</Fact>
          <Fact label={st('sig.verify.time')}>
            {claimed ? formatDateTime(claimed) : st('sig.verify.unknown')}
          </Fact>
          <Fact label={st('sig.verify.timestamp')}>{timestamp}</Fact>
          <Fact label={st('sig.verify.integrity')}>
            {s.integrity.intact ? st('sig.verify.intact') : st('sig.verify.broken')}
          </Fact>
          <Fact label={st('sig.verify.certValidity')}>
            {`${st(certValidity[s.certificateValidity.status])} (${formatDateTime(s.certificateValidity.at)})`}
          </Fact>
          <Fact label={st('sig.verify.coverage')}>{coverage}</Fact>
        </Box>
        {notes.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {st('sig.verify.reasons')}
            </Text>
            <List size="sm">
              {notes.map((r) => (
                <List.Item key={`${r.code}:${r.en}`}>{r[language]}</List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
