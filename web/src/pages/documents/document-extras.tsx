import { Anchor, Badge, Button, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import type { DocumentDetail } from '@mts/contracts';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api, saveDownload } from '../../api/client.ts';
import { useDocumentOcr } from '../../api/document-files.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { useDocI18n } from './doc-i18n.ts';

/**
 * Text recognition (OCR) of an incoming document's scans: the server's message, progress while it
 * runs (refreshed every few seconds), and the searchable copy of each scan when there is one.
 */
export function OcrStatus({ doc }: { doc: DocumentDetail }) {
  const { dt, language } = useDocI18n();
  const hasScans = doc.direction === 'incoming' && doc.files.some((f) => f.role === 'scan');
  const ocr = useDocumentOcr(doc.id, hasScans);
  if (!hasScans || !ocr.data || ocr.data.status === 'none') return null;
  const { status, page, pages, message, files } = ocr.data;
  const colour =
    status === 'done'
      ? tones.success
      : status === 'failed' || status === 'unavailable'
        ? tones.warning
        : undefined;
  return (
    <Stack gap={4} mt="sm" data-testid="ocr-status">
      <Text size="sm" fw={600}>
        {dt('doc.ocr.title')}
      </Text>
      <Text size="sm" c={colour} role="status">
        {message[language]}
      </Text>
      {(status === 'running' || status === 'queued') && pages ? (
        <Progress value={(100 * page) / pages} aria-label={dt('doc.ocr.progress', { page, pages })} />
      ) : null}
      {files.some((f) => f.searchable) && (
        <List spacing={2} size="sm">
          {files
            .filter((f) => f.searchable)
            .map((f) => (
              <List.Item key={f.fileId}>
                <Anchor
                  href={`/api/documents/${doc.id}/ocr/files/${f.fileId}/searchable`}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {dt('doc.ocr.searchableCopy', { name: f.fileName })}
                </Anchor>
              </List.Item>
            ))}
        </List>
      )}
    </Stack>
  );
}

/**
 * A button that downloads a file from the API (PDF, XLSX, edXML…) under the server's file name,
 * showing the server's reason when it refuses.
 */
export function DownloadButton({
  path,
  query,
  fallbackName,
  children,
}: {
  path: string;
  query?: Record<string, string | number>;
  fallbackName: string;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <div>
      <Button
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setFailure(null);
          try {
            await saveDownload(await api.raw('GET', path, { query }), fallbackName);
          } catch (problem) {
            setFailure(problem);
          } finally {
            setBusy(false);
          }
        }}
      >
        {children}
      </Button>
      <ErrorAlert error={failure} />
    </div>
  );
}

/** "Tải edXML": an issued outgoing document as an edXML message, for agencies reached by other means. */
export function EdxmlDownload({ doc }: { doc: DocumentDetail }) {
  const { dt } = useDocI18n();
  if (doc.direction !== 'outgoing' || !['issued', 'archived'].includes(doc.status)) return null;
  return (
    <Group mt="sm">
      <DownloadButton path={`/documents/${doc.id}/edxml`} fallbackName="van-ban.edxml.xml">
        {dt('doc.edxml.download')}
      </DownloadButton>
    </Group>
  );
}

/** "In phiếu giải quyết": the routing slip of a registered incoming document (PDF). */
export function RoutingSlipDownload({ doc }: { doc: DocumentDetail }) {
  const { dt } = useDocI18n();
  if (doc.direction !== 'incoming' || doc.arrivalNumber === null) return null;
  return (
    <Group mt="sm">
      <DownloadButton path={`/documents/${doc.id}/routing-slip.pdf`} fallbackName="phieu-giai-quyet.pdf">
        {dt('doc.print.routingSlip')}
      </DownloadButton>
    </Group>
  );
}

/** "In sổ": the register (and for incoming registers the processing-tracking book) as PDF or XLSX. */
export function RegisterPrintButtons({
  registerId,
  kind,
  year,
}: {
  registerId: string;
  kind: string;
  year: number;
}) {
  const { dt } = useDocI18n();
  const path = `/document-registers/${registerId}/print`;
  const tracking = kind === 'incoming' || kind === 'incoming_confidential';
  return (
    <Group gap="xs" mb="sm" wrap="wrap">
      <DownloadButton path={path} query={{ year, format: 'pdf' }} fallbackName={`so-${year}.pdf`}>
        {dt('doc.print.registerPdf')}
      </DownloadButton>
      <DownloadButton path={path} query={{ year, format: 'xlsx' }} fallbackName={`so-${year}.xlsx`}>
        {dt('doc.print.registerXlsx')}
      </DownloadButton>
      {tracking && (
        <>
          <DownloadButton
            path={path}
            query={{ year, format: 'pdf', report: 'tracking' }}
            fallbackName={`theo-doi-${year}.pdf`}
          >
            {dt('doc.print.trackingPdf')}
          </DownloadButton>
          <DownloadButton
            path={path}
            query={{ year, format: 'xlsx', report: 'tracking' }}
            fallbackName={`theo-doi-${year}.xlsx`}
          >
            {dt('doc.print.trackingXlsx')}
          </DownloadButton>
        </>
      )}
    </Group>
  );
}

interface ExchangeMessage {
  id: string;
  kind: 'document_in' | 'document_out' | 'status_out';
  organId: string;
  businessLabel: { vi: string; en: string };
  statusCode: string | null;
  delivery: 'received' | 'queued' | 'delivered' | 'refused' | 'no_peer' | 'failed';
  deliveryDetail: string | null;
  updatedAt: string;
}

/**
 * edXML messages exchanged about the document with agencies outside the product: what was sent to
 * each outside recipient and whether it was delivered, refused (with the reason) or has no route.
 */
export function ExchangeMessages({ doc }: { doc: DocumentDetail }) {
  const { dt, dtAny, language } = useDocI18n();
  const messages = useQuery({
    queryKey: ['document', doc.id, 'exchange'],
    queryFn: () => api.get<ExchangeMessage[]>(`/documents/${doc.id}/exchange`),
    retry: false,
  });
  // Nothing exchanged (or no exchange on this server): the section is left out.
  if (!messages.data || messages.data.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label={dt('doc.exchange.title')}>
      <Title order={2} size="h4" mb="sm">
        {dt('doc.exchange.title')}
      </Title>
      <Stack
        component="ul"
        gap="xs"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        data-testid="exchange-messages"
      >
        {messages.data.map((m) => (
          <Group component="li" key={m.id} gap="xs" wrap="wrap" justify="space-between">
            <Text size="sm" style={{ flex: '1 1 14rem', overflowWrap: 'anywhere' }}>
              {dtAny(`doc.exchange.kind.${m.kind}`, m.kind)} · {m.organId}
              {m.statusCode ? ` · ${m.statusCode}` : ''} · {m.businessLabel[language]}
            </Text>
            <Group gap={6}>
              <Badge
                color={
                  m.delivery === 'delivered' || m.delivery === 'received'
                    ? tones.success
                    : m.delivery === 'queued'
                      ? 'front.8'
                      : tones.warning
                }
              >
                {dtAny(`doc.exchange.delivery.${m.delivery}`, m.delivery)}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatDateTime(m.updatedAt)}
              </Text>
            </Group>
            {m.deliveryDetail && (
              <Text size="sm" w="100%">
                {m.deliveryDetail}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
