import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** The server's stream of a document's events (Server-Sent Events; the session cookie authenticates). */
export const documentEventsPath = (id: string) => `/api/documents/${id}/events`;

/**
 * While `enabled`, follows the document's recipients live: every `recipients` event (a recipient
 * accepted, returned, was assigned, …, on any server instance) refetches the document detail.
 * EventSource reconnects by itself; without EventSource (old browsers) the page stays as loaded.
 */
export function useDocumentLiveRecipients(id: string | undefined, enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!id || !enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(documentEventsPath(id), { withCredentials: true });
    const refresh = () => queryClient.invalidateQueries({ queryKey: ['document', id] });
    source.addEventListener('recipients', refresh);
    return () => {
      source.removeEventListener('recipients', refresh);
      source.close();
    };
  }, [id, enabled, queryClient]);
}
