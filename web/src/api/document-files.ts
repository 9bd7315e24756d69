/** Files (hồ sơ), digitisation KPIs, OCR progress and edXML export of documents. */
import type {
  CreateDocumentFile,
  DocumentFile,
  DocumentFileDetail,
  DocumentFileStatus,
  DocumentKpi,
} from '@mts/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export type ArchiveDueItem = DocumentFile & { daysLeft: number; isOverdue: boolean };

export function useDocumentFiles(query: { unitId?: string; year?: number; status?: DocumentFileStatus }) {
  return useQuery({
    queryKey: ['document-files', query],
    queryFn: ({ signal }) => api.get<DocumentFile[]>('/document-files', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useArchiveDue(unitId?: string) {
  return useQuery({
    queryKey: ['document-files', 'archive-due', unitId],
    queryFn: () => api.get<ArchiveDueItem[]>('/document-files/archive-due', { unitId }),
  });
}

export function useDocumentFile(id: string | undefined) {
  return useQuery({
    queryKey: ['document-file', id],
    queryFn: () => api.get<DocumentFileDetail>(`/document-files/${id}`),
    enabled: Boolean(id),
  });
}

export function useCreateDocumentFile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDocumentFile) => api.post<DocumentFile>('/document-files', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['document-files'] }),
  });
}

/** A step on a file (add or remove a document, close, transfer); the answer refreshes the file. */
export function useDocumentFileStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: { method: 'post' | 'put' | 'delete'; path: string; body?: unknown }) =>
      step.method === 'delete'
        ? api.delete<unknown>(step.path)
        : step.method === 'put'
          ? api.put<unknown>(step.path, step.body ?? {})
          : api.post<unknown>(step.path, step.body ?? {}),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['document-file', id] });
      await client.invalidateQueries({ queryKey: ['document-files'] });
    },
  });
}

export function useDocumentKpis(query: {
  unitId?: string;
  from?: string;
  to?: string;
  groupBy: 'unit' | 'month';
}) {
  return useQuery({
    queryKey: ['document-kpis', query],
    queryFn: ({ signal }) => api.get<DocumentKpi>('/documents/kpis', query, signal),
    placeholderData: keepPreviousData,
  });
}

type Localised = { vi: string; en: string };
export type OcrState = 'none' | 'queued' | 'running' | 'done' | 'failed' | 'unavailable';
export interface DocumentOcr {
  status: OcrState;
  page: number;
  pages: number | null;
  message: Localised;
  files: Array<{
    fileId: string;
    fileName: string;
    status: OcrState;
    page: number;
    pages: number | null;
    confidence: number | null;
    searchable: boolean;
    error: Localised | null;
  }>;
}

/** Text recognition of a document's scans; polled every 3 s while queued or running. */
export function useDocumentOcr(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['document', id, 'ocr'],
    queryFn: () => api.get<DocumentOcr>(`/documents/${id}/ocr`),
    enabled,
    refetchInterval: (query) =>
      query.state.data && ['queued', 'running'].includes(query.state.data.status) ? 3000 : false,
  });
}
