/** Directives (chỉ đạo) endpoints: send, lists, the board, recipient actions, export. Paths live here only. */
import type {
  CreateDirective,
  DirectiveCounts,
  directiveDetailSchema,
  directiveListItemSchema,
  directiveSchema,
  RecipientRow,
  RecipientStatus,
} from '@mts/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

export type Directive = z.infer<typeof directiveSchema>;
export type DirectiveListItem = z.infer<typeof directiveListItemSchema>;
export type DirectiveDetail = z.infer<typeof directiveDetailSchema>;
export type { DirectiveCounts, RecipientRow, RecipientStatus };
export type DirectiveBox = 'sent' | 'received';
export type BoardFilter = RecipientStatus | 'overdue' | '';

export const directivePaths = {
  directives: '/directives',
  directive: (id: string) => `/directives/${id}`,
  board: (id: string) => `/directives/${id}/board`,
  seen: (id: string) => `/directives/${id}/seen`,
  acknowledge: (id: string) => `/directives/${id}/acknowledge`,
  report: (id: string) => `/directives/${id}/report`,
  export: (id: string, format: 'xlsx' | 'csv') => `/directives/${id}/export.${format}`,
  /** A report's attached file, as a link (the full URL, downloaded by the browser). */
  attachment: (id: string, key: string) => `/api/directives/${id}/attachments/${key}`,
} as const;

export const directiveKeys = {
  all: ['directives'] as const,
  list: (box: DirectiveBox, page: number) => ['directives', 'list', box, page] as const,
  detail: (id: string) => ['directives', 'detail', id] as const,
  board: (id: string, status: BoardFilter, page: number) =>
    ['directives', 'board', id, status, page] as const,
};

export function useDirectiveList(box: DirectiveBox, page: number, pageSize: number) {
  return useQuery({
    queryKey: directiveKeys.list(box, page),
    queryFn: ({ signal }) =>
      api.get<{ items: DirectiveListItem[]; total: number }>(
        directivePaths.directives,
        { box, limit: pageSize, offset: (page - 1) * pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useDirective(id: string | undefined) {
  return useQuery({
    queryKey: directiveKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<DirectiveDetail>(directivePaths.directive(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

/** One page of the board (rows in the order of the organisation tree), with the counts. */
export function useDirectiveBoard(id: string, status: BoardFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: directiveKeys.board(id, status, page),
    queryFn: ({ signal }) =>
      api.get<{ counts: DirectiveCounts; rows: RecipientRow[]; total: number }>(
        directivePaths.board(id),
        { status: status || undefined, limit: pageSize, offset: (page - 1) * pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useSendDirective() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDirective) => api.post<DirectiveDetail>(directivePaths.directives, body),
    onSuccess: () => client.invalidateQueries({ queryKey: directiveKeys.all }),
  });
}

/** A recipient's step (seen, acknowledge, report); the detail and lists are read again afterwards. */
export function useRecipientAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      step: 'seen' | 'acknowledge' | 'report';
      unitId?: string;
      text?: string;
      figure?: number;
      files?: File[];
    }) => {
      if (input.step !== 'report')
        return api.post<unknown>(
          input.step === 'seen' ? directivePaths.seen(id) : directivePaths.acknowledge(id),
          { unitId: input.unitId },
        );
      if (input.files && input.files.length > 0) {
        const form = new FormData();
        if (input.unitId) form.append('unitId', input.unitId);
        if (input.text) form.append('text', input.text);
        if (input.figure !== undefined) form.append('figure', String(input.figure));
        for (const file of input.files) form.append('attachments', file, file.name);
        return api.post<unknown>(directivePaths.report(id), form);
      }
      return api.post<unknown>(directivePaths.report(id), {
        unitId: input.unitId,
        text: input.text || undefined,
        figure: input.figure,
      });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: directiveKeys.all }),
  });
}
