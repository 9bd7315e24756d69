/**
 * Public sites (issue 7), staff side: sites, categories, articles through their workflow,
 * revisions and the media library. Paths live here only; shapes come from @mts/contracts.
 */
import type {
  CreatePortalArticle,
  CreatePortalSite,
  EmbedPortalMedia,
  PortalArticle,
  PortalCategory,
  PortalMedia,
  PortalMediaList,
  PortalRevisionDiff,
  PortalSite,
  portalArticleSummarySchema,
  portalRevisionSchema,
  UpdatePortalArticle,
  UpdatePortalMedia,
  UpdatePortalSite,
} from '@mts/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Query } from './client.ts';

export type PortalArticleSummary = z.infer<typeof portalArticleSummarySchema>;
export type PortalRevision = z.infer<typeof portalRevisionSchema>;
export type { PortalArticle, PortalCategory, PortalMedia, PortalRevisionDiff, PortalSite };

export const portalPaths = {
  sites: '/portal/sites',
  site: (id: string) => `/portal/sites/${id}`,
  categories: (siteId: string) => `/portal/sites/${siteId}/categories`,
  category: (id: string) => `/portal/categories/${id}`,
  articles: '/portal/articles',
  article: (id: string) => `/portal/articles/${id}`,
  action: (id: string, action: WorkflowAction) => `/portal/articles/${id}/${action}`,
  revisions: (id: string) => `/portal/articles/${id}/revisions`,
  diff: (id: string) => `/portal/articles/${id}/revisions/diff`,
  media: (siteId: string) => `/portal/sites/${siteId}/media`,
  embed: (siteId: string) => `/portal/sites/${siteId}/media/embed`,
  mediaItem: (id: string) => `/portal/media/${id}`,
} as const;

export const portalKeys = {
  all: ['portal'] as const,
  sites: ['portal', 'sites'] as const,
  categories: (siteId: string) => ['portal', 'categories', siteId] as const,
  articles: (query: Query) => ['portal', 'articles', query] as const,
  article: (id: string) => ['portal', 'article', id] as const,
  revisions: (id: string) => ['portal', 'revisions', id] as const,
  diff: (id: string, from: number, to: number) => ['portal', 'diff', id, from, to] as const,
  media: (siteId: string, query: Query) => ['portal', 'media', siteId, query] as const,
};

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'publish' | 'unpublish' | 'republish';

/** After any write, every portal view is fetched again (lists, details, libraries). */
function usePortalMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: portalKeys.all }) });
}

// ───────────────────────────── Sites and categories ─────────────────────────────

export function usePortalSites() {
  return useQuery({
    queryKey: portalKeys.sites,
    queryFn: ({ signal }) => api.get<PortalSite[]>(portalPaths.sites, undefined, signal),
  });
}

export function usePortalCategories(siteId: string | null | undefined) {
  return useQuery({
    queryKey: portalKeys.categories(siteId ?? ''),
    queryFn: ({ signal }) => api.get<PortalCategory[]>(portalPaths.categories(siteId!), undefined, signal),
    enabled: Boolean(siteId),
  });
}

export function useCreateSite() {
  return usePortalMutation((body: Partial<CreatePortalSite> & { unitId: string }) =>
    api.post<PortalSite>(portalPaths.sites, body),
  );
}

export function useUpdateSite() {
  return usePortalMutation(({ id, body }: { id: string; body: UpdatePortalSite }) =>
    api.patch<PortalSite>(portalPaths.site(id), body),
  );
}

export function useCreateCategory() {
  return usePortalMutation(({ siteId, name }: { siteId: string; name: string }) =>
    api.post<PortalCategory>(portalPaths.categories(siteId), { name }),
  );
}

export function useUpdateCategory() {
  return usePortalMutation(({ id, name }: { id: string; name: string }) =>
    api.patch<PortalCategory>(portalPaths.category(id), { name }),
  );
}

export function useDeleteCategory() {
  return usePortalMutation((id: string) => api.delete<void>(portalPaths.category(id)));
}

// ───────────────────────────── Articles ─────────────────────────────

export function usePortalArticles(query: Query) {
  return useQuery({
    queryKey: portalKeys.articles(query),
    queryFn: ({ signal }) =>
      api.get<{ items: PortalArticleSummary[]; total: number }>(portalPaths.articles, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePortalArticle(id: string | undefined) {
  return useQuery({
    queryKey: portalKeys.article(id ?? ''),
    queryFn: ({ signal }) => api.get<PortalArticle>(portalPaths.article(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateArticle() {
  return usePortalMutation((body: Partial<CreatePortalArticle> & { siteId: string; title: string }) =>
    api.post<PortalArticle>(portalPaths.articles, body),
  );
}

export function useUpdateArticle() {
  return usePortalMutation(({ id, body }: { id: string; body: Partial<UpdatePortalArticle> }) =>
    api.patch<PortalArticle>(portalPaths.article(id), body),
  );
}

/** A workflow step; `body` carries `{ reason }` (return, unpublish) or `{ at }` (publish). */
export function useArticleAction() {
  return usePortalMutation(
    ({ id, action, body }: { id: string; action: WorkflowAction; body?: { reason?: string; at?: string } }) =>
      api.post<PortalArticle>(portalPaths.action(id, action), body ?? {}),
  );
}

export function useRevisions(id: string | undefined) {
  return useQuery({
    queryKey: portalKeys.revisions(id ?? ''),
    queryFn: ({ signal }) => api.get<PortalRevision[]>(portalPaths.revisions(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useRevisionDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: portalKeys.diff(id, from ?? 0, to ?? 0),
    queryFn: ({ signal }) => api.get<PortalRevisionDiff>(portalPaths.diff(id), { from, to }, signal),
    enabled: from !== null && to !== null && from !== to,
  });
}

// ───────────────────────────── Media library ─────────────────────────────

export function usePortalMedia(siteId: string | null | undefined, query: Query) {
  return useQuery({
    queryKey: portalKeys.media(siteId ?? '', query),
    queryFn: ({ signal }) => api.get<PortalMediaList>(portalPaths.media(siteId!), query, signal),
    enabled: Boolean(siteId),
    placeholderData: keepPreviousData,
  });
}

export function useUploadMedia() {
  return usePortalMutation(
    ({ siteId, file, alt, caption }: { siteId: string; file: File; alt?: string; caption?: string }) => {
      const form = new FormData();
      form.append('file', file);
      return api.post<PortalMedia>(portalPaths.media(siteId), form, { alt, caption });
    },
  );
}

export function useEmbedMedia() {
  return usePortalMutation(({ siteId, body }: { siteId: string; body: EmbedPortalMedia }) =>
    api.post<PortalMedia>(portalPaths.embed(siteId), body),
  );
}

export function useUpdateMedia() {
  return usePortalMutation(({ id, body }: { id: string; body: UpdatePortalMedia }) =>
    api.patch<PortalMedia>(portalPaths.mediaItem(id), body),
  );
}

export function useDeleteMedia() {
  return usePortalMutation((id: string) => api.delete<void>(portalPaths.mediaItem(id)));
}
