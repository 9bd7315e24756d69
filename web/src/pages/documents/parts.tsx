import { Badge, Button, FileInput, Group, Text } from '@mantine/core';
import type { DocumentPriority, DocumentUpload, SecrecyLevel } from '@mts/contracts';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { NavLink as RouterNavLink, useSearchParams } from 'react-router';
import { uploadDocumentFile } from '../../api/documents.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { tones } from '../../tones.ts';
import { useDocI18n } from './doc-i18n.ts';

const priorityColour: Record<DocumentPriority, string> = {
  normal: 'gray.8',
  khan: tones.warning,
  thuong_khan: '#a4161a',
  hoa_toc: '#7f0000',
};

export function PriorityBadge({ priority }: { priority: DocumentPriority }) {
  const { dt } = useDocI18n();
  if (priority === 'normal') return null;
  return (
    <Badge color={priorityColour[priority]} variant="filled">
      {dt(`doc.priority.${priority}`)}
    </Badge>
  );
}

export function SecrecyBadge({ secrecy }: { secrecy: SecrecyLevel }) {
  const { dt } = useDocI18n();
  if (secrecy === 'normal') return null;
  return (
    <Badge color="#4a148c" variant="outline">
      {dt(`doc.secrecy.${secrecy}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { dtAny } = useDocI18n();
  const colour =
    status === 'done' || status === 'issued' || status === 'archived'
      ? tones.success
      : status === 'returned' || status === 'recalled'
        ? tones.warning
        : 'front.8';
  return <Badge color={colour}>{dtAny(`doc.status.${status}`, status)}</Badge>;
}

export function OverdueBadge() {
  const { dt } = useDocI18n();
  return (
    <Badge color="#a4161a" variant="filled">
      {dt('doc.overdue')}
    </Badge>
  );
}

/**
 * The page's state in the URL (filters, page): `setParam(key, '')` removes the key, and changing
 * anything but the page goes back to the first page.
 *
 * Updates start from the browser's current address, not from the last render: the router renders
 * navigations in a transition, so a quick second change (clear the filters, then search at once)
 * would otherwise be built on the parameters from before the first one and bring them back.
 */
export function useUrlState() {
  const [params, setSearchParams] = useSearchParams();
  const setParams = (next: URLSearchParams | ((current: URLSearchParams) => URLSearchParams)) =>
    setSearchParams(
      typeof next === 'function' ? () => next(new URLSearchParams(window.location.search)) : next,
    );
  const setParam = (key: string, value: string) =>
    setParams((current) => {
      if (value) current.set(key, value);
      else current.delete(key);
      if (key !== 'page') current.delete('page');
      return current;
    });
  return { params, setParams, setParam };
}

/** Previous / next page where the server tells only whether more follow (no total). */
export function PrevNextPager({
  page,
  hasMore,
  onChange,
}: {
  page: number;
  hasMore: boolean;
  onChange: (page: number) => void;
}) {
  const { t } = useDocI18n();
  if (page <= 1 && !hasMore) return null;
  return (
    <Group component="nav" aria-label={t('common.pagination')} gap="xs">
      <Button variant="default" disabled={page <= 1} onClick={() => onChange(page - 1)}>
        {t('common.previous')}
      </Button>
      <Text size="sm">{t('common.page', { page })}</Text>
      <Button variant="default" disabled={!hasMore} onClick={() => onChange(page + 1)}>
        {t('common.nextPage')}
      </Button>
    </Group>
  );
}

/** A date before today in Vietnam (yyyy-mm-dd compares as text). */
export function isPast(date: string | null, today: string) {
  return Boolean(date && date.slice(0, 10) < today);
}

/** The links between the documents pages (incoming, outgoing, registers, notifications). */
export function DocumentsNav() {
  const { dt } = useDocI18n();
  const me = useMe().data;
  const links: Array<[string, string]> = [
    ['/documents/incoming', dt('doc.incoming')],
    ['/documents/outgoing', dt('doc.outgoing')],
    ['/documents/search', dt('doc.search')],
  ];
  links.push(['/documents/assignments', dt('doc.work')]);
  if (can(me, 'documents.register', 'documents.issue', 'documents.configure'))
    links.push(['/documents/registers', dt('doc.registers')]);
  links.push(['/documents/files', dt('doc.files')]);
  links.push(['/documents/kpis', dt('doc.kpi')]);
  links.push(['/documents/notifications', dt('doc.notifications')]);
  return (
    <Group component="nav" aria-label={dt('doc.sections')} gap="xs" mb="sm" wrap="wrap">
      {links.map(([to, label]) => (
        <RouterNavLink key={to} to={to} className="doc-tab">
          {({ isActive }) => (
            <Badge
              size="lg"
              variant={isActive ? 'filled' : 'outline'}
              color="front.8"
              style={{ cursor: 'pointer', textTransform: 'none' }}
              component="span"
            >
              {label}
            </Badge>
          )}
        </RouterNavLink>
      ))}
    </Group>
  );
}

/**
 * A file field that uploads at once (the server checks the type by content) and shows the server's
 * reason when a file is refused.
 */
export function UploadField({
  label,
  unitId,
  purpose,
  accept,
  value,
  onChange,
  required,
  error,
}: {
  label: string;
  unitId: string;
  purpose: 'scan' | 'draft';
  accept: string;
  value: DocumentUpload | null;
  onChange: (upload: DocumentUpload | null) => void;
  required?: boolean;
  error?: string;
}) {
  const { dt } = useDocI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <div>
      <FileInput
        label={label}
        accept={accept}
        required={required}
        clearable
        leftSection={<IconUpload size={16} aria-hidden />}
        value={file}
        error={error}
        disabled={busy}
        onChange={async (next) => {
          setFile(next);
          setFailure(null);
          onChange(null);
          if (!next) return;
          setBusy(true);
          try {
            onChange(await uploadDocumentFile(next, unitId, purpose));
          } catch (problem) {
            setFailure(problem);
            setFile(null);
          } finally {
            setBusy(false);
          }
        }}
      />
      {busy && (
        <Text size="sm" role="status">
          {dt('doc.upload.uploading')}
        </Text>
      )}
      {value && (
        <Text size="sm" c={tones.success} role="status">
          {value.pageCount
            ? dt('doc.upload.done', { name: value.fileName, pages: value.pageCount })
            : dt('doc.upload.doneNoPages', { name: value.fileName })}
        </Text>
      )}
      <ErrorAlert error={failure} />
    </div>
  );
}

/**
 * Several scans at once (a multi-page document photographed page by page): each file is uploaded
 * and checked by the server; refused ones are listed with the server's reason, the others kept.
 */
export function MultiUploadField({
  label,
  unitId,
  accept,
  value,
  onChange,
  error,
}: {
  label: string;
  unitId: string;
  accept: string;
  value: DocumentUpload[];
  onChange: (uploads: DocumentUpload[]) => void;
  error?: string;
}) {
  const { dt } = useDocI18n();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState<unknown[]>([]);
  return (
    <div>
      <FileInput
        label={label}
        accept={accept}
        required
        multiple
        clearable
        leftSection={<IconUpload size={16} aria-hidden />}
        value={files}
        error={error}
        disabled={busy}
        onChange={async (next) => {
          setFiles(next);
          setFailures([]);
          onChange([]);
          if (next.length === 0) return;
          setBusy(true);
          const done: DocumentUpload[] = [];
          const refused: unknown[] = [];
          for (const file of next) {
            try {
              done.push(await uploadDocumentFile(file, unitId, 'scan'));
            } catch (problem) {
              refused.push(problem);
            }
          }
          setBusy(false);
          setFailures(refused);
          setFiles(next.filter((f) => done.some((d) => d.fileName === f.name)));
          onChange(done);
        }}
      />
      {busy && (
        <Text size="sm" role="status">
          {dt('doc.upload.uploading')}
        </Text>
      )}
      {value.map((upload) => (
        <Text key={upload.id} size="sm" c={tones.success} role="status">
          {upload.pageCount
            ? dt('doc.upload.done', { name: upload.fileName, pages: upload.pageCount })
            : dt('doc.upload.doneNoPages', { name: upload.fileName })}
        </Text>
      ))}
      {failures.map((failure, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one alert per refused file, in the order chosen
        <ErrorAlert key={index} error={failure} />
      ))}
    </div>
  );
}
