import { randomUUID } from 'node:crypto';
import type { EdxmlReceipt } from '@mts/contracts';
import type { Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { buildDocumentMessage, type EdxmlOptions, parseEdxml } from './edxml.ts';
import {
  type EdxmlAttachment,
  type EdxmlDocumentMessage,
  type EdxmlOrganization,
  type EdxmlStatusMessage,
  formatDocumentId,
} from './edxml-model.ts';
import { TRUST_NOT_CHECKED } from './signature/index.ts';
import { EdxmlRejection } from './xml.ts';

/** Where a message came from; `unitId` is the receiving unit when the transport knows it (API token). */
export interface ReceiptContext {
  tx: Queryable;
  transport: 'http' | 'directory';
  /** File name (directory) or request id (HTTP). */
  reference: string;
  unitId: string | null;
  audit: AuditContext;
  receiptId: string;
  /** Runs `work` once the message's transaction has committed (e.g. a status message back). */
  afterCommit(work: () => Promise<void>): void;
}

export type IncomingDocumentHandler = (
  message: EdxmlDocumentMessage,
  context: ReceiptContext,
) => Promise<void>;
export type StatusHandler = (status: EdxmlStatusMessage, context: ReceiptContext) => Promise<void>;

/** A document as the documents module knows it, in Appendix VI names; the rest is derived. */
export interface ExportableDocument
  extends Omit<
    EdxmlDocumentMessage,
    'documentId' | 'traceHeaders' | 'business' | 'signature' | 'responseFor'
  > {
  responseFor?: EdxmlDocumentMessage['responseFor'];
  business?: EdxmlDocumentMessage['business'];
  /** When the message leaves (local Vietnam time, `yyyy-MM-ddTHH:mm:ss`); now by default. */
  sentAt?: string;
}

export type { EdxmlAttachment, EdxmlOrganization };

/** Local Vietnam time (UTC+7, no daylight saving) as edXML timestamps carry it. */
export function vietnamTimestamp(at: Date = new Date()): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
}

export function createExchangeService(deps: Pick<PlatformDeps, 'db'>, options: EdxmlOptions = {}) {
  const documentHandlers: IncomingDocumentHandler[] = [];
  const statusHandlers: StatusHandler[] = [];

  /**
   * Parses, validates and hands a message to the registered handlers inside one transaction with
   * its audit entry: the message is taken, or nothing is written. A malformed message is a 400
   * with the precise reason; with no handler registered for its kind, a 503 (the sender retries).
   */
  async function receive(
    input: Buffer,
    source: Omit<ReceiptContext, 'tx' | 'receiptId' | 'afterCommit'>,
  ): Promise<EdxmlReceipt> {
    let parsed: ReturnType<typeof parseEdxml>;
    try {
      parsed = parseEdxml(input, options);
    } catch (error) {
      if (!(error instanceof EdxmlRejection)) throw error;
      const { code, path, vi, en } = error.reason;
      throw new AppError('BAD_REQUEST', {
        message: { vi: `Thông điệp edXML bị từ chối: ${vi}`, en: `edXML message rejected: ${en}` },
        details: { reason: code, ...(path ? { path } : {}) },
      });
    }
    const handlers = parsed.kind === 'document' ? documentHandlers : statusHandlers;
    if (handlers.length === 0) {
      throw new AppError('SERVICE_UNAVAILABLE', {
        message: {
          vi: 'Hệ thống chưa sẵn sàng tiếp nhận loại thông điệp edXML này; vui lòng gửi lại sau.',
          en: 'No receiver is registered for this kind of edXML message yet; please send it again later.',
        },
      });
    }
    const receiptId = randomUUID();
    const documentId =
      parsed.kind === 'document' ? parsed.message.documentId : parsed.status.responseFor.documentId;
    const statusCode = parsed.kind === 'status' ? parsed.status.statusCode : null;
    const afterCommit: Array<() => Promise<void>> = [];
    await deps.db.transaction(async (tx) => {
      const context: ReceiptContext = {
        ...source,
        tx,
        receiptId,
        afterCommit: (work) => afterCommit.push(work),
      };
      if (parsed.kind === 'document') {
        for (const handler of documentHandlers) await handler(parsed.message, context);
      } else {
        for (const handler of statusHandlers) await handler(parsed.status, context);
      }
      await recordAudit(tx, source.audit, {
        action: parsed.kind === 'document' ? 'exchange.document_received' : 'exchange.status_received',
        entityType: 'edxml_message',
        entityId: receiptId,
        unitId: source.unitId,
        after: {
          transport: source.transport,
          reference: source.reference,
          documentId,
          statusCode,
          from: parsed.kind === 'document' ? parsed.message.from.organId : parsed.status.from.organId,
          signature:
            (parsed.kind === 'document' ? parsed.message.signature : parsed.status.signature) ?? null,
        },
      });
    });
    // The message is taken: follow-up work (which records its own failures) never undoes the receipt.
    for (const work of afterCommit) await work().catch(() => undefined);
    const signed = parsed.kind === 'document' ? parsed.message.signature : parsed.status.signature;
    return {
      receiptId,
      kind: parsed.kind,
      documentId,
      statusCode,
      receivedAt: new Date().toISOString(),
      signature: signed
        ? {
            status: signed.status,
            subject: signed.subject,
            issuer: signed.issuer,
            trust: signed.trust,
            trustNote: TRUST_NOT_CHECKED,
          }
        : { status: 'absent', subject: null, issuer: null, trust: null, trustNote: null },
    };
  }

  /** edXML text of an issued document: DocumentId, trace header and business type are derived. */
  function exportDocument(document: ExportableDocument): string {
    const { sentAt, ...rest } = document;
    return buildDocumentMessage(
      {
        ...rest,
        responseFor: document.responseFor ?? [],
        documentId: formatDocumentId(
          document.from.organId,
          document.promulgationInfo.promulgationDate,
          document.code,
        ),
        traceHeaders: [{ organId: document.from.organId, timestamp: sentAt ?? vietnamTimestamp() }],
        business: document.business ?? { bussinessDocType: 0 },
      },
      options,
    );
  }

  return {
    receive,
    exportDocument,
    /** The documents module registers the code that files an incoming document (văn bản đến). */
    onIncomingDocument(handler: IncomingDocumentHandler) {
      documentHandlers.push(handler);
    },
    /** …and the code that records a recipient's status (đã đến, tiếp nhận, trả lại, …). */
    onStatus(handler: StatusHandler) {
      statusHandlers.push(handler);
    },
    /** Forgets the registered handlers (tests of the exchange alone, without the documents module). */
    resetHandlers() {
      documentHandlers.length = 0;
      statusHandlers.length = 0;
    },
  };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;
