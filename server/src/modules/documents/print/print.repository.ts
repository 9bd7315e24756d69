import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';

/** A register with the names its cover page and header need. */
export interface RegisterHeading {
  id: string;
  unitId: string;
  kind: string;
  name: string;
  unitName: string;
  parentUnitName: string | null;
}

export interface EntryAssignment {
  role: 'lead' | 'coordinate';
  unitName: string;
  staffName: string | null;
  deadline: string;
  status: 'assigned' | 'accepted' | 'done';
  result: string | null;
  replyReference: string | null;
  direction: string | null;
}

/**
 * One number of a register's year: the document it went to (null for a number reserved for paper
 * or cancelled) with what the Appendix IV registers and the Appendix VI export show.
 */
export interface RegisterEntry {
  number: number;
  numberStatus: 'issued' | 'reserved' | 'cancelled';
  numberNote: string | null;
  doc: {
    id: string;
    status: string;
    typeName: string | null;
    codeNumber: string | null;
    codeNotation: string | null;
    issuedDate: string | null;
    organName: string | null;
    organId: string | null;
    subject: string;
    description: string | null;
    language: string;
    pageAmount: number | null;
    signerPosition: string | null;
    signerFullName: string | null;
    priority: string;
    secrecy: string;
    dueDate: string | null;
    issuedAmount: number | null;
    arrivalDate: string | null; // Vietnam calendar date
    documentIdentifier: string | null;
    relation: string | null;
    returnReason: string | null;
    recallReason: string | null;
    creatorName: string | null;
    passedOnDate: string | null; // passed to the leader or the handlers (incoming) — Vietnam date
    sentDate: string | null; // issued (outgoing) — Vietnam date
    recipientCount: number;
    recipients: string[]; // the first RECIPIENTS_SHOWN, or all when asked
    assignments: EntryAssignment[];
  } | null;
}

export const RECIPIENTS_SHOWN = 10;
const BATCH = 500;

export async function findRegisterHeading(db: Queryable, id: string): Promise<RegisterHeading | undefined> {
  const result = await db.execute<{
    id: string;
    unit_id: string;
    kind: string;
    name: string;
    unit_name: string;
    parent_unit_name: string | null;
  }>(sql`
    SELECT r.id, r.unit_id, r.kind, r.name, u.name AS unit_name, p.name AS parent_unit_name
    FROM document_register r JOIN unit u ON u.id = r.unit_id LEFT JOIN unit p ON p.id = u.parent_id
    WHERE r.id = ${id}`);
  const row = result.rows[0];
  return (
    row && {
      id: row.id,
      unitId: row.unit_id,
      kind: row.kind,
      name: row.name,
      unitName: row.unit_name,
      parentUnitName: row.parent_unit_name,
    }
  );
}

/** The first and last number of a register's year within [from, to] (for the cover page). */
export async function numberRange(
  db: Queryable,
  registerId: string,
  filter: { year: number; from: number; to: number; tracking: boolean },
): Promise<{ first: number | null; last: number | null; count: number }> {
  const result = await db.execute<{ first: number | null; last: number | null; count: string }>(sql`
    SELECT min(rn.number) AS first, max(rn.number) AS last, count(*) AS count
    FROM register_number rn
    WHERE rn.register_id = ${registerId} AND rn.year = ${filter.year}
      AND rn.number BETWEEN ${filter.from} AND ${filter.to}
      ${filter.tracking ? sql`AND EXISTS (SELECT 1 FROM document_assignment a WHERE a.document_id = rn.document_id)` : sql``}`);
  const row = result.rows[0]!;
  return { first: row.first, last: row.last, count: Number(row.count) };
}

const vnDate = (column: ReturnType<typeof sql>) =>
  sql`to_char((${column}) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;

/**
 * The register's numbers of a year in [from, to], in number order, fetched BATCH at a time
 * (keyset on the number), so a register of thousands of entries is never held whole.
 * `tracking`: only documents with assignments (the processing-tracking register).
 * `allRecipients`: every recipient's name instead of the first RECIPIENTS_SHOWN.
 */
export async function* registerEntries(
  db: Queryable,
  registerId: string,
  filter: { year: number; from: number; to: number; tracking: boolean; allRecipients?: boolean },
): AsyncGenerator<RegisterEntry> {
  let after = filter.from - 1;
  const recipientLimit = filter.allRecipients ? sql`` : sql`LIMIT ${RECIPIENTS_SHOWN}`;
  for (;;) {
    const result = await db.execute<Record<string, unknown>>(sql`
      SELECT rn.number, rn.status AS number_status, rn.note AS number_note,
        d.id, d.status, d.type_name, d.code_number, d.code_notation, d.issued_date::text AS issued_date,
        d.organ_name, d.organ_id, d.subject, d.description, d.language, d.page_amount,
        d.signer_position, d.signer_full_name, d.priority, d.secrecy, d.due_date::text AS due_date,
        d.issued_amount, ${vnDate(sql`d.arrival_date`)} AS arrival_date, d.document_identifier,
        d.relation, d.return_reason, d.recall_reason, creator.full_name AS creator_name,
        ${vnDate(sql`(SELECT min(e.at) FROM document_status_event e WHERE e.document_id = d.id AND e.to_status IN ('submitted', 'directed'))`)} AS passed_on_date,
        ${vnDate(sql`(SELECT min(e.at) FROM document_status_event e WHERE e.document_id = d.id AND e.to_status = 'issued')`)} AS sent_date,
        (SELECT count(*) FROM document_recipient r WHERE r.document_id = d.id)::int AS recipient_count,
        (SELECT coalesce(json_agg(x.organ_name), '[]') FROM (
          SELECT r.organ_name FROM document_recipient r WHERE r.document_id = d.id ORDER BY r.organ_name ${recipientLimit}
        ) x) AS recipients,
        (SELECT coalesce(json_agg(json_build_object(
            'role', a.role, 'unitName', u.name, 'staffName', s.full_name, 'deadline', a.deadline,
            'status', a.status, 'result', a.result, 'replyReference', a.reply_reference, 'direction', a.direction
          ) ORDER BY a.role DESC, a.created_at), '[]')
          FROM document_assignment a JOIN unit u ON u.id = a.assignee_unit_id
          LEFT JOIN staff s ON s.id = a.assignee_staff_id WHERE a.document_id = d.id) AS assignments
      FROM register_number rn
      LEFT JOIN document d ON d.id = rn.document_id
      LEFT JOIN staff creator ON creator.id = d.created_by
      WHERE rn.register_id = ${registerId} AND rn.year = ${filter.year}
        AND rn.number > ${after} AND rn.number <= ${filter.to}
        ${filter.tracking ? sql`AND EXISTS (SELECT 1 FROM document_assignment a WHERE a.document_id = d.id)` : sql``}
      ORDER BY rn.number
      LIMIT ${BATCH}`);
    for (const row of result.rows) yield toEntry(row);
    if (result.rows.length < BATCH) return;
    after = Number(result.rows.at(-1)!.number);
  }
}

function toEntry(r: Record<string, unknown>): RegisterEntry {
  const s = (key: string) => (r[key] ?? null) as string | null;
  return {
    number: Number(r.number),
    numberStatus: r.number_status as RegisterEntry['numberStatus'],
    numberNote: s('number_note'),
    doc: r.id
      ? {
          id: r.id as string,
          status: r.status as string,
          typeName: s('type_name'),
          codeNumber: s('code_number'),
          codeNotation: s('code_notation'),
          issuedDate: s('issued_date'),
          organName: s('organ_name'),
          organId: s('organ_id'),
          subject: r.subject as string,
          description: s('description'),
          language: r.language as string,
          pageAmount: (r.page_amount as number | null) ?? null,
          signerPosition: s('signer_position'),
          signerFullName: s('signer_full_name'),
          priority: r.priority as string,
          secrecy: r.secrecy as string,
          dueDate: s('due_date'),
          issuedAmount: (r.issued_amount as number | null) ?? null,
          arrivalDate: s('arrival_date'),
          documentIdentifier: s('document_identifier'),
          relation: s('relation'),
          returnReason: s('return_reason'),
          recallReason: s('recall_reason'),
          creatorName: s('creator_name'),
          passedOnDate: s('passed_on_date'),
          sentDate: s('sent_date'),
          recipientCount: Number(r.recipient_count ?? 0),
          recipients: (r.recipients as string[]) ?? [],
          assignments: (r.assignments as EntryAssignment[]) ?? [],
        }
      : null,
  };
}

/** What the routing slip (phiếu giải quyết văn bản đến) of one document shows. */
export interface RoutingSlipData {
  unitId: string;
  unitName: string;
  parentUnitName: string | null;
  direction: 'incoming' | 'outgoing';
  arrivalNumber: number | null;
  arrivalDate: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  organName: string | null;
  typeName: string | null;
  subject: string;
  priority: string;
  secrecy: string;
  leaderDirection: string | null;
  directedBy: string | null;
  directedDate: string | null;
  assignments: EntryAssignment[];
}

export async function routingSlipData(
  db: Queryable,
  documentId: string,
): Promise<RoutingSlipData | undefined> {
  const result = await db.execute<Record<string, unknown>>(sql`
    SELECT d.unit_id, u.name AS unit_name, p.name AS parent_unit_name, d.direction, d.arrival_number,
      ${vnDate(sql`d.arrival_date`)} AS arrival_date, d.code_number, d.code_notation,
      d.issued_date::text AS issued_date, d.organ_name, d.type_name, d.subject, d.priority, d.secrecy,
      directed.note AS leader_direction, leader.full_name AS directed_by, ${vnDate(sql`directed.at`)} AS directed_date,
      (SELECT coalesce(json_agg(json_build_object(
          'role', a.role, 'unitName', au.name, 'staffName', s.full_name, 'deadline', a.deadline,
          'status', a.status, 'result', a.result, 'replyReference', a.reply_reference, 'direction', a.direction
        ) ORDER BY a.role DESC, a.created_at), '[]')
        FROM document_assignment a JOIN unit au ON au.id = a.assignee_unit_id
        LEFT JOIN staff s ON s.id = a.assignee_staff_id WHERE a.document_id = d.id) AS assignments
    FROM document d JOIN unit u ON u.id = d.unit_id LEFT JOIN unit p ON p.id = u.parent_id
    LEFT JOIN LATERAL (
      SELECT e.note, e.actor_id, e.at FROM document_status_event e
      WHERE e.document_id = d.id AND e.to_status = 'directed' ORDER BY e.at DESC LIMIT 1
    ) directed ON true
    LEFT JOIN staff leader ON leader.id = directed.actor_id
    WHERE d.id = ${documentId}`);
  const r = result.rows[0];
  if (!r) return undefined;
  const s = (key: string) => (r[key] ?? null) as string | null;
  return {
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    parentUnitName: s('parent_unit_name'),
    direction: r.direction as 'incoming' | 'outgoing',
    arrivalNumber: (r.arrival_number as number | null) ?? null,
    arrivalDate: s('arrival_date'),
    codeNumber: s('code_number'),
    codeNotation: s('code_notation'),
    issuedDate: s('issued_date'),
    organName: s('organ_name'),
    typeName: s('type_name'),
    subject: r.subject as string,
    priority: r.priority as string,
    secrecy: r.secrecy as string,
    leaderDirection: s('leader_direction'),
    directedBy: s('directed_by'),
    directedDate: s('directed_date'),
    assignments: (r.assignments as EntryAssignment[]) ?? [],
  };
}
