import type { SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, systemAuditContext } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ExchangeModule } from '../exchange/index.ts';
import { documentExchangeMessage } from './exchange-link.schema.ts';

export const businessLabels = {
  0: { vi: 'Văn bản mới', en: 'New document' },
  1: { vi: 'Thu hồi văn bản', en: 'Recall' },
  2: { vi: 'Cập nhật văn bản', en: 'Update' },
  3: { vi: 'Thay thế văn bản', en: 'Replacement' },
} as const;

export const HEADER = 'edXMLEnvelope/edXMLHeader';

export const refusal = (reason: string, path: string, vi: string, en: string) =>
  new AppError('BAD_REQUEST', {
    message: { vi: `Thông điệp edXML bị từ chối: ${vi}`, en: `edXML message rejected: ${en}` },
    details: { reason, path },
  });

export const exchangeAudit: AuditContext = { ...systemAuditContext, actorLabel: 'system (edXML exchange)' };

/** What the receiver said when it refused a message, in one line. */
export function refusalText(answer: unknown): string {
  const error = (answer as { error?: { message?: unknown } } | null)?.error;
  if (typeof error?.message === 'string') return error.message.slice(0, 1000);
  if (error?.message && typeof (error.message as { vi?: unknown }).vi === 'string')
    return (error.message as { vi: string }).vi.slice(0, 1000);
  return (typeof answer === 'string' ? answer : JSON.stringify(answer)).slice(0, 1000);
}

/** Queues a message; a peer that vanished from the configuration marks the rows failed. */
export async function queueMessage(
  deps: { db: Database; exchange: Pick<ExchangeModule, 'send'> },
  message: { peer: string; reference: string; xml: string },
  rows: SQL,
) {
  try {
    await deps.exchange.send(message.peer, message.reference, message.xml);
  } catch (error) {
    await deps.db
      .update(documentExchangeMessage)
      .set({ delivery: 'failed', deliveryDetail: (error as Error).message.slice(0, 1000) })
      .where(rows);
  }
}
