import {
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import type { DocumentDetail, DocumentUpload } from '@mts/contracts';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useParams } from 'react-router';
import { useDocumentLiveRecipients } from '../../api/document-events.ts';
import {
  documentPaths,
  type OutgoingActionName,
  stepPaths,
  useAddDraftVersion,
  useDocument,
  useDocumentStep,
} from '../../api/documents.ts';
import { can, type Me, useMe } from '../../auth/use-me.ts';
import { ErrorAlert, ErrorState } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { CopiesSection } from './copies-section.tsx';
import { DirectionForm } from './direction-form.tsx';
import { useDocI18n } from './doc-i18n.ts';
import { EdxmlDownload, ExchangeMessages, OcrStatus, RoutingSlipDownload } from './document-extras.tsx';
import {
  DocumentsNav,
  OverdueBadge,
  PriorityBadge,
  SecrecyBadge,
  StatusBadge,
  UploadField,
} from './parts.tsx';
import { IssueWithSealForm, SignatureReport, SignDigitallyForm } from './signing-section.tsx';

type Assignment = DocumentDetail['assignments'][number];
type Step = ReturnType<typeof useDocumentStep>;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={700}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {value || '—'}
      </Text>
    </div>
  );
}

/** A button that opens a short form asking for the reason (return, send back, recall). */
function ReasonAction({
  label,
  step,
  run,
  color = 'red.9',
}: {
  label: string;
  step: Step;
  run: (reason: string) => void;
  color?: string;
}) {
  const { dt, t } = useDocI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <Button variant="outline" color={color} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  return (
    <Paper withBorder p="sm" w="100%">
      <form
        aria-label={label}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (reason.trim()) run(reason.trim());
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={`${label}: ${dt('doc.act.reason')}`}
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" color={color} loading={step.isPending} disabled={!reason.trim()}>
              {label}
            </Button>
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function IncomingActions({ doc, me, step }: { doc: DocumentDetail; me: Me; step: Step }) {
  const { dt } = useDocI18n();
  const [directing, setDirecting] = useState(false);
  const buttons: ReactNode[] = [];
  if (can(me, 'documents.register')) {
    if (doc.status === 'arrived')
      buttons.push(
        <Button key="receive" onClick={() => step.mutate({ path: stepPaths.receive(doc.id) })}>
          {dt('doc.act.receive')}
        </Button>,
      );
    if (doc.status === 'registered')
      buttons.push(
        <Button
          key="submit"
          onClick={() => step.mutate({ path: stepPaths.submit(doc.id) })}
          loading={step.isPending}
        >
          {dt('doc.act.submit')}
        </Button>,
      );
    if (doc.status === 'arrived' || doc.status === 'registered')
      buttons.push(
        <ReasonAction
          key="return"
          label={dt('doc.act.return')}
          step={step}
          run={(reason) => step.mutate({ path: stepPaths.returnDoc(doc.id), body: { reason } })}
        />,
      );
  }
  const canDirect =
    can(me, 'documents.direct') && ['registered', 'submitted', 'directed'].includes(doc.status);
  if (buttons.length === 0 && !canDirect) return null;
  return (
    <Section title={dt('doc.detail.actions')}>
      <Stack gap="sm">
        {buttons.length > 0 && <Group gap="xs">{buttons}</Group>}
        {canDirect &&
          (directing || doc.status === 'submitted' ? (
            <DirectionForm documentId={doc.id} onDone={() => setDirecting(false)} />
          ) : (
            <Button variant="default" onClick={() => setDirecting(true)} w="fit-content">
              {dt('doc.act.direct')}
            </Button>
          ))}
        <ErrorAlert error={step.error} />
      </Stack>
    </Section>
  );
}

const forward: Array<{ action: OutgoingActionName; from: string; permission: Parameters<typeof can>[1] }> = [
  { action: 'submit_for_review', from: 'draft', permission: 'documents.draft' },
  { action: 'check_content', from: 'in_review', permission: 'documents.review' },
  { action: 'check_format', from: 'content_checked', permission: 'documents.issue' },
  { action: 'approve', from: 'format_checked', permission: 'documents.approve' },
  { action: 'archive', from: 'issued', permission: 'documents.issue' },
];

function SignOnPaperForm({ doc, step }: { doc: DocumentDetail; step: Step }) {
  const { dt } = useDocI18n();
  const [scan, setScan] = useState<DocumentUpload | null>(null);
  const [name, setName] = useState(doc.signerFullName ?? '');
  const [position, setPosition] = useState(doc.signerPosition ?? '');
  return (
    <Paper withBorder p="sm">
      <form
        aria-label={dt('doc.act.signOnPaper')}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!scan) return;
          step.mutate({
            path: stepPaths.signOnPaper(doc.id),
            body: { scanUploadId: scan.id, signerFullName: name.trim(), signerPosition: position.trim() },
          });
        }}
      >
        <Stack gap="xs">
          <UploadField
            label={dt('doc.upload.signedScan')}
            unitId={doc.unitId}
            purpose="scan"
            accept="application/pdf,image/jpeg,image/png"
            required
            value={scan}
            onChange={setScan}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput
              label={dt('doc.signerFullName')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextInput
              label={dt('doc.signerPosition')}
              required
              value={position}
              onChange={(e) => setPosition(e.currentTarget.value)}
            />
          </SimpleGrid>
          <Button
            type="submit"
            loading={step.isPending}
            disabled={!scan || !name.trim() || !position.trim()}
            w="fit-content"
          >
            {dt('doc.act.signOnPaper')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/** A new version of the draft file while the document is a draft (versions are kept). */
function NewVersion({ doc }: { doc: DocumentDetail }) {
  const { dt } = useDocI18n();
  const add = useAddDraftVersion(doc.id);
  const [upload, setUpload] = useState<DocumentUpload | null>(null);
  const [key, setKey] = useState(0);
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <UploadField
          key={key}
          label={dt('doc.version.new')}
          unitId={doc.unitId}
          purpose="draft"
          accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          value={upload}
          onChange={setUpload}
        />
        <Button
          w="fit-content"
          variant="default"
          disabled={!upload}
          loading={add.isPending}
          onClick={() =>
            upload &&
            add.mutate(upload.id, {
              onSuccess: () => {
                setUpload(null);
                setKey((k) => k + 1);
              },
            })
          }
        >
          {dt('doc.version.add')}
        </Button>
        {add.data && (
          <Text size="sm" c={tones.success} role="status">
            {dt('doc.version.added', { v: add.data.version })}
          </Text>
        )}
        <ErrorAlert error={add.error} />
      </Stack>
    </Paper>
  );
}

function OutgoingActions({ doc, me, step }: { doc: DocumentDetail; me: Me; step: Step }) {
  const { dt } = useDocI18n();
  const act = (action: OutgoingActionName, note?: string) =>
    step.mutate({ path: stepPaths.actions(doc.id), body: { action, ...(note ? { note } : {}) } });
  const items: ReactNode[] = [];
  for (const f of forward)
    if (doc.status === f.from && can(me, f.permission))
      items.push(
        <Button
          key={f.action}
          onClick={() => act(f.action)}
          loading={step.isPending}
          variant={f.action === 'archive' ? 'default' : 'filled'}
        >
          {dt(`doc.act.${f.action}`)}
        </Button>,
      );
  if (
    ['in_review', 'content_checked', 'format_checked', 'approved'].includes(doc.status) &&
    can(me, 'documents.review')
  )
    items.push(
      <ReasonAction
        key="send_back"
        label={dt('doc.act.send_back')}
        step={step}
        color={tones.warning}
        run={(note) => act('send_back', note)}
      />,
    );
  const digitallySigned = doc.files.some((f) => f.role === 'signed');
  if (doc.status === 'signed' && can(me, 'documents.issue') && !digitallySigned)
    items.push(
      <Button
        key="issue"
        onClick={() => step.mutate({ path: stepPaths.issue(doc.id) })}
        loading={step.isPending}
      >
        {dt('doc.act.issue')}
      </Button>,
    );
  if ((doc.status === 'issued' || doc.status === 'archived') && can(me, 'documents.issue'))
    items.push(
      <ReasonAction
        key="recall"
        label={dt('doc.act.recall')}
        step={step}
        run={(reason) => step.mutate({ path: stepPaths.recall(doc.id), body: { reason } })}
      />,
    );
  const signing = doc.status === 'approved' && can(me, 'documents.issue');
  const signingDigitally = doc.status === 'approved' && can(me, 'documents.approve');
  const sealing = doc.status === 'signed' && digitallySigned && can(me, 'documents.issue');
  const drafting = doc.status === 'draft' && can(me, 'documents.draft');
  if (items.length === 0 && !signing && !signingDigitally && !sealing && !drafting) return null;
  return (
    <Section title={dt('doc.detail.actions')}>
      <Stack gap="sm">
        {items.length > 0 && <Group gap="xs">{items}</Group>}
        {signingDigitally && <SignDigitallyForm doc={doc} />}
        {sealing && <IssueWithSealForm doc={doc} step={step} />}
        {signing && <SignOnPaperForm doc={doc} step={step} />}
        {drafting && <NewVersion doc={doc} />}
        <ErrorAlert error={step.error} />
      </Stack>
    </Section>
  );
}

/** The assigned person (with their unit) or the assigned unit. */
function AssigneeName({ a }: { a: Assignment }) {
  return <>{a.assigneeStaffName ? `${a.assigneeStaffName} (${a.assigneeUnitName})` : a.assigneeUnitName}</>;
}

function AssignmentCard({ a, doc, me, step }: { a: Assignment; doc: DocumentDetail; me: Me; step: Step }) {
  const { dt } = useDocI18n();
  const [result, setResult] = useState('');
  const [reply, setReply] = useState('');
  const mine =
    can(me, 'documents.process') && (a.assigneeStaffId === null || a.assigneeStaffId === me.staff.id);
  const open = !['recalled', 'returned'].includes(doc.status);
  return (
    <Paper withBorder p="sm">
      <Stack gap={6}>
        <Group gap="xs" justify="space-between">
          <Text fw={700}>
            {a.role === 'lead' ? dt('doc.act.lead') : dt('doc.act.coordinate')}: <AssigneeName a={a} />
          </Text>
          <Group gap={4}>
            <Badge color={a.status === 'done' ? tones.success : 'front.8'}>
              {dt(`doc.assign.status.${a.status}`)}
            </Badge>
            {a.isOverdue && <OverdueBadge />}
          </Group>
        </Group>
        <Text size="sm">
          {dt('doc.act.deadline')}: {formatDate(a.deadline)}
        </Text>
        {a.direction && <Text size="sm">{a.direction}</Text>}
        {a.result && (
          <Text size="sm">
            {dt('doc.act.result')}: {a.result}
            {a.replyReference ? ` · ${dt('doc.act.replyReference')}: ${a.replyReference}` : ''}
          </Text>
        )}
        {mine && open && a.status === 'assigned' && (
          <Button
            w="fit-content"
            onClick={() => step.mutate({ path: stepPaths.accept(a.id) })}
            loading={step.isPending}
          >
            {dt('doc.act.accept')}
          </Button>
        )}
        {mine && open && a.status === 'accepted' && (
          <form
            aria-label={dt('doc.act.complete')}
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              if (!result.trim()) return;
              step.mutate({
                path: stepPaths.complete(a.id),
                body: { result: result.trim(), ...(reply.trim() ? { replyReference: reply.trim() } : {}) },
              });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={dt('doc.act.result')}
                required
                autosize
                minRows={2}
                value={result}
                onChange={(e) => setResult(e.currentTarget.value)}
              />
              <TextInput
                label={dt('doc.act.replyReference')}
                value={reply}
                onChange={(e) => setReply(e.currentTarget.value)}
              />
              <Button type="submit" w="fit-content" loading={step.isPending} disabled={!result.trim()}>
                {dt('doc.act.complete')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

function Recipients({ doc }: { doc: DocumentDetail }) {
  const { dt, dtAny } = useDocI18n();
  return (
    <Section title={dt('doc.detail.recipients')}>
      <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="recipient-status">
        {doc.recipients.map((r) => (
          <Group component="li" key={r.id} justify="space-between" gap="xs" wrap="wrap">
            <Text size="sm" fw={600} style={{ flex: '1 1 12rem' }}>
              {r.organName}
            </Text>
            <Group gap={6}>
              <Badge color={r.statusCode === '02' || r.statusCode === '15' ? tones.warning : tones.success}>
                {r.statusCode
                  ? `${r.statusCode} · ${dtAny(`doc.edxml.${r.statusCode}`, r.statusLabel ?? r.statusCode)}`
                  : dt('doc.recipient.pending')}
              </Badge>
              {r.statusAt && (
                <Text size="xs" c="dimmed">
                  {formatDateTime(r.statusAt)}
                </Text>
              )}
            </Group>
            {r.statusReason && (
              <Text size="sm" w="100%">
                {dt('doc.act.reason')}: {r.statusReason}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </Section>
  );
}

function Comments({ doc, step }: { doc: DocumentDetail; step: Step }) {
  const { dt } = useDocI18n();
  const [body, setBody] = useState('');
  return (
    <Section title={dt('doc.detail.comments')}>
      <Stack gap="sm">
        {doc.comments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {dt('doc.detail.noComments')}
          </Text>
        ) : (
          <List spacing="xs">
            {doc.comments.map((c) => (
              <List.Item key={c.id}>
                <Text size="sm">
                  <b>{c.authorName}</b> · {formatDateTime(c.createdAt)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.body}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        <form
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            if (!body.trim()) return;
            step.mutate(
              { path: stepPaths.comment(doc.id), body: { body: body.trim() } },
              { onSuccess: () => setBody('') },
            );
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={dt('doc.detail.comment')}
              autosize
              minRows={2}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <Button type="submit" variant="default" w="fit-content" disabled={!body.trim()}>
              {dt('doc.detail.sendComment')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Section>
  );
}

export default function DocumentDetailPage() {
  const { documentId } = useParams();
  const { dt, dtAny } = useDocI18n();
  const me = useMe().data!;
  const query = useDocument(documentId);
  const step = useDocumentStep(documentId ?? '');
  // The Recipients section below updates live (accepted, returned, assigned, … on any instance).
  useDocumentLiveRecipients(
    documentId,
    query.data?.direction === 'outgoing' && (query.data?.recipients.length ?? 0) > 0,
  );
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (!query.data) return <Loading py="xl" />;
  const doc = query.data;
  const symbol = doc.codeNumber ? `${doc.codeNumber}/${doc.codeNotation ?? ''}` : null;
  const kindTitle =
    doc.direction === 'incoming' ? dt('doc.detail.title.incoming') : dt('doc.detail.title.outgoing');

  return (
    <Stack gap="md">
      <PageHeader
        title={`${kindTitle}: ${doc.subject}`}
        description={
          <Group gap={6} component="span">
            <StatusBadge status={doc.status} />
            <PriorityBadge priority={doc.priority} />
            <SecrecyBadge secrecy={doc.secrecy} />
            {doc.assignments.some((a) => a.isOverdue) && <OverdueBadge />}
          </Group>
        }
      />
      <DocumentsNav />
      {doc.direction === 'outgoing' && symbol && (
        <Text fw={700} c={tones.success} data-testid="issued-symbol">
          {dt('doc.detail.issuedAs', { symbol })}
        </Text>
      )}
      {doc.returnReason && (
        <Text c={tones.warning}>
          {dt('doc.detail.returnReason')}: {doc.returnReason}
        </Text>
      )}
      {doc.recallReason && (
        <Text c={tones.warning} data-testid="recall-reason">
          {dt('doc.detail.recallReason')}: {doc.recallReason}
        </Text>
      )}
      {doc.direction === 'incoming' ? (
        <IncomingActions doc={doc} me={me} step={step} />
      ) : (
        <OutgoingActions doc={doc} me={me} step={step} />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title={dt('doc.detail.info')}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            {doc.direction === 'incoming' && (
              <Field
                label={dt('doc.arrivalNumber')}
                value={
                  doc.arrivalNumber
                    ? `${String(doc.arrivalNumber).padStart(2, '0')}/${doc.registerYear ?? ''} · ${formatDate(doc.arrivalDate)}`
                    : null
                }
              />
            )}
            <Field label={dt('doc.symbol')} value={symbol} />
            <Field label={dt('doc.type')} value={doc.typeName} />
            <Field label={dt('doc.issuedDate')} value={formatDate(doc.issuedDate)} />
            <Field label={dt('doc.organName')} value={doc.organName} />
            <Field label={dt('doc.dueDate')} value={formatDate(doc.dueDate)} />
            <Field
              label={dt('doc.signer')}
              value={[doc.signerPosition, doc.signerFullName].filter(Boolean).join(' ')}
            />
            <Field label={dt('doc.pageAmount')} value={doc.pageAmount} />
            <Field label={dt('doc.documentIdentifier')} value={doc.documentIdentifier} />
            <Field label={dt('doc.description')} value={doc.description} />
          </SimpleGrid>
        </Section>
        <Section title={dt('doc.detail.files')}>
          {doc.files.length === 0 ? (
            <Text size="sm" c="dimmed">
              {dt('doc.detail.noFiles')}
            </Text>
          ) : (
            <List spacing={4}>
              {doc.files.map((f) => (
                <List.Item key={f.id}>
                  <Anchor
                    href={documentPaths.file(doc.id, f.id)}
                    download={f.fileName}
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {f.fileName}
                  </Anchor>{' '}
                  <Text span size="sm" c="dimmed">
                    ({dtAny(`doc.file.role.${f.role}`, f.role)}, {dt('doc.file.version', { v: f.version })}
                    {f.pageCount ? `, ${f.pageCount} tr.` : ''})
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
          <SignatureReport doc={doc} />
          <OcrStatus doc={doc} />
          <EdxmlDownload doc={doc} />
          <RoutingSlipDownload doc={doc} />
        </Section>
      </SimpleGrid>
      {doc.assignments.length > 0 && (
        <Section title={dt('doc.detail.assignments')}>
          <Stack gap="xs">
            {doc.assignments.map((a) => (
              <AssignmentCard key={a.id} a={a} doc={doc} me={me} step={step} />
            ))}
          </Stack>
        </Section>
      )}
      {doc.direction === 'outgoing' && doc.recipients.length > 0 && <Recipients doc={doc} />}
      <ExchangeMessages doc={doc} />
      <CopiesSection doc={doc} />
      <Comments doc={doc} step={step} />
      <Section title={dt('doc.detail.history')}>
        <Timeline bulletSize={14} lineWidth={2} active={doc.history.length - 1}>
          {doc.history.map((h) => (
            <Timeline.Item
              key={`${h.at}-${h.toStatus}`}
              title={dtAny(`doc.status.${h.toStatus}`, h.toStatus)}
            >
              <Text size="xs" c="dimmed">
                {[formatDateTime(h.at), h.actorName].filter(Boolean).join(' · ')}
              </Text>
              {h.note && <Text size="sm">{h.note}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </Section>
    </Stack>
  );
}
