import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { PetitionStatus } from '../petitions.schema.ts';
import { parseTrackingCode } from '../tracking-code.ts';
import { type AttributeAnswers, describeAnswers } from './attributes.ts';
import { findApiKey } from './keys.ts';
import { jurisdictionOf, placeOf } from './lookups.ts';
import type { Params } from './params.ts';
import { badParameter, list, notFoundError, type SparkValue, w3cDateTime } from './render.ts';
import { ALWAYS_CLOSED, open311StatusOf } from './status.ts';

/** The specification's limits: a window of at most 90 days, at most 1,000 requests per answer. */
export const MAX_WINDOW_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;
/** Published coordinates are rounded to 3 decimals (about 110 m): a place, never a house. */
const COORDINATE_DECIMALS = 3;

// ───────────────────────────── visibility and status in SQL ─────────────────────────────

/** What the public may see: never drafts, spam, hidden or private petitions. */
export const VISIBLE = sql`p.status NOT IN ('draft', 'rejected') AND p.hidden_at IS NULL AND p.is_public`;
// A scalar subquery with LIMIT, not EXISTS: under OR/NOT the planner turns EXISTS into a hashed
// subplan over every published answer (400,000 at 1M petitions: 0.5 s per call); this form is an
// index probe (petition_answer_petition_idx) for the answered rows only.
const PUBLISHED_ANSWER = sql`coalesce((SELECT true FROM petition_answer pa WHERE pa.petition_id = p.id AND pa.published_at IS NOT NULL LIMIT 1), false)`;
/** `closed` on Open311 (see status.ts): settled, merged, rejected, or answered with a published answer. */
const IS_CLOSED = sql`(p.status = ANY(${`{${ALWAYS_CLOSED.join(',')}}`}::text[]) OR (p.status = 'answered' AND ${PUBLISHED_ANSWER}))`;

type RequestRow = {
  id: string;
  serial: number;
  status: PetitionStatus;
  subject_code: string;
  service_name: string;
  title: string;
  description: string;
  agency: string | null;
  received_at: Date;
  updated_at: Date;
  deadline_at: Date | null;
  place: string | null;
  unit_name: string;
  unit_short_name: string | null;
  unit_code: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  competence_level: string;
  merged_into_serial: number | null;
  answer_summary: string | null;
  last_note: string | null;
  attributes: AttributeAnswers | null;
  api_key_id: string | null;
  tracking_code: string;
};

const REQUEST_COLUMNS = sql`p.id, p.serial, p.status, p.subject_code, s.name_vi AS service_name,
  coalesce(p.public_title, p.title) AS title, coalesce(p.public_description, p.description) AS description,
  r.name AS agency, p.received_at, p.updated_at, p.deadline_at, p.place,
  u.name AS unit_name, u.short_name AS unit_short_name, u.code AS unit_code, p.lat, p.lng, p.channel,
  p.competence_level, m.serial AS merged_into_serial, a.summary AS answer_summary, n.public_note AS last_note,
  o.attributes, o.api_key_id, p.tracking_code`;

/** The joins behind REQUEST_COLUMNS, for petitions `p` already chosen (a page, or one). */
const REQUEST_JOINS = sql`
  JOIN petition_subject s ON s.code = p.subject_code
  JOIN unit u ON u.id = p.unit_id
  LEFT JOIN petition_forward f ON f.id = p.current_forward_id
  LEFT JOIN petition_recipient r ON r.id = f.recipient_id
  LEFT JOIN petition m ON m.id = p.merged_into_id
  LEFT JOIN open311_submission o ON o.petition_id = p.id
  LEFT JOIN LATERAL (SELECT pa.summary FROM petition_answer pa
                      WHERE pa.petition_id = p.id AND pa.published_at IS NOT NULL
                      ORDER BY pa.published_at DESC LIMIT 1) a ON true
  LEFT JOIN LATERAL (SELECT e.public_note FROM petition_event e
                      WHERE e.petition_id = p.id AND e.public_note IS NOT NULL
                      ORDER BY e.id DESC LIMIT 1) n ON true`;

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(COORDINATE_DECIMALS)));

/**
 * The reading side of the API: GET requests (every filter, the 90-day window, 1,000 per page,
 * the extensions), GET a request, tokens, and mySociety's service request updates.
 */
export function createRequestQueries(db: Database) {
  async function loadRequests(where: SQL, order: SQL, limit: number, offset: number): Promise<RequestRow[]> {
    const result = await db.execute<RequestRow>(sql`
      WITH chosen AS (
        SELECT p.id FROM petition p JOIN unit u ON u.id = p.unit_id
         WHERE ${VISIBLE} AND ${where}
         ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
      SELECT ${REQUEST_COLUMNS}
        FROM chosen JOIN petition p ON p.id = chosen.id ${REQUEST_JOINS}
       ORDER BY ${order}`);
    return result.rows;
  }

  async function notesOf(ids: string[]) {
    const notes = new Map<string, Array<{ at: Date; kind: string; note: string }>>();
    if (!ids.length) return notes;
    const result = await db.execute<{ petition_id: string; at: Date; kind: string; public_note: string }>(sql`
      SELECT e.petition_id, e.at, e.kind, e.public_note FROM petition_event e
       WHERE e.petition_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND e.public_note IS NOT NULL
       ORDER BY e.petition_id, e.id`);
    for (const row of result.rows) {
      const entry = { at: row.at, kind: row.kind, note: row.public_note };
      notes.set(row.petition_id, [...(notes.get(row.petition_id) ?? []), entry]);
    }
    return notes;
  }

  /** The key that may see tracking codes (of the petitions it submitted), when a valid one is given. */
  async function optionalKey(params: Params) {
    const key = params.text('api_key');
    return key === undefined ? null : await findApiKey(db, key);
  }

  async function toRequests(rows: RequestRow[], params: Params): Promise<SparkValue> {
    const extensions = params.flag('extensions');
    const notes = extensions ? await notesOf(rows.map((r) => r.id)) : new Map();
    const key = extensions ? await optionalKey(params) : null;
    const now = Date.now();
    return list(
      'request',
      rows.map((row) => {
        const status = open311StatusOf(row.status, row.answer_summary !== null);
        const request: Record<string, SparkValue> = {
          service_request_id: String(row.serial),
          status: status.status,
          status_notes: statusNotes(row),
          service_name: row.service_name,
          service_code: row.subject_code,
          description: row.description,
          agency_responsible: row.agency,
          requested_datetime: w3cDateTime(row.received_at),
          updated_datetime: w3cDateTime(
            new Date(Math.max(new Date(row.updated_at).getTime(), new Date(row.received_at).getTime())),
          ),
          expected_datetime: w3cDateTime(row.deadline_at),
          address: row.place ?? placeOf(row.unit_name),
          address_id: row.unit_code,
          lat: round(row.lat),
          long: round(row.lng),
          media_url: null,
        };
        if (!extensions) return request;
        const deadline = row.deadline_at ? new Date(row.deadline_at).getTime() : null;
        request.extended_attributes = {
          status: status.extended,
          status_code: row.status,
          title: row.title,
          jurisdiction_id: row.unit_code,
          jurisdiction_name: row.unit_name,
          competence_level: row.competence_level,
          channel: row.channel,
          overdue: status.status === 'open' && deadline !== null && deadline < now,
          duplicate_of: row.merged_into_serial === null ? null : String(row.merged_into_serial),
          // Only to the key that submitted it: the code lets the citizen act on the petition.
          tracking_code: key && row.api_key_id === key.id ? row.tracking_code : undefined,
        };
        const answers = describeAnswers(row.subject_code, row.attributes ?? {});
        // Left out when empty: an empty element is null, not a list, by the Spark convention.
        request.attributes = answers.length
          ? list(
              'attribute',
              answers.map((a) => ({ ...a })),
            )
          : undefined;
        const timeline: Array<{ at: Date; kind: string; note: string }> = notes.get(row.id) ?? [];
        request.notes = timeline.length
          ? list(
              'note',
              timeline.map((n) => ({ datetime: w3cDateTime(n.at), description: n.note, type: n.kind })),
            )
          : undefined;
        return request;
      }),
    );
  }

  function statusNotes(row: RequestRow): string | null {
    if (row.status === 'merged' && row.merged_into_serial !== null)
      return `Đã tổng hợp vào kiến nghị số ${row.merged_into_serial}.`;
    if (row.answer_summary !== null && (row.status === 'answered' || row.status === 'closed'))
      return row.answer_summary;
    return row.last_note;
  }

  const ORDER = sql`p.received_at DESC, p.serial DESC`;

  /** GET requests with every filter of the specification and the common extensions. */
  async function findRequests(params: Params, now = new Date()): Promise<SparkValue> {
    const jurisdiction = await jurisdictionOf(db, params);
    const page = params.integer('page', 1, 1_000_000) ?? 1;
    const pageSize = params.integer('page_size', 1, MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
    const conditions: SQL[] = [];
    if (jurisdiction) conditions.push(sql`u.path <@ ${jurisdiction.path}::ltree`);

    const ids = params.list('service_request_id');
    if (ids.length) {
      // "This overrides all other arguments."
      if (ids.length > MAX_PAGE_SIZE || ids.some((id) => !/^\d{1,15}$/.test(id)))
        throw badParameter({
          vi: `service_request_id phải là danh sách tối đa ${MAX_PAGE_SIZE} số, cách nhau bởi dấu phẩy.`,
          en: `service_request_id must be a comma-delimited list of at most ${MAX_PAGE_SIZE} numbers.`,
        });
      conditions.push(sql`p.serial = ANY(${`{${ids.join(',')}}`}::bigint[])`);
      const rows = await loadRequests(sql.join(conditions, sql` AND `), ORDER, MAX_PAGE_SIZE, 0);
      return toRequests(rows, params);
    }

    const codes = params.list('service_code');
    if (codes.length) {
      const known = await db.execute<{ code: string }>(
        sql`SELECT code FROM petition_subject WHERE code = ANY(${`{${codes.map(arrayLiteral).join(',')}}`}::text[])`,
      );
      const unknown = codes.filter((c) => !known.rows.some((row) => row.code === c));
      if (unknown.length)
        throw badParameter({
          vi: `Không có lĩnh vực (service_code) ${unknown.join(', ')}. Xem services.xml.`,
          en: `Unknown service_code ${unknown.join(', ')}. See services.xml.`,
        });
      conditions.push(sql`p.subject_code = ANY(${`{${codes.map(arrayLiteral).join(',')}}`}::text[])`);
    }

    const statuses = new Set(params.list('status').map((s) => s.toLowerCase()));
    for (const status of statuses)
      if (status !== 'open' && status !== 'closed')
        throw badParameter({
          vi: `status chỉ nhận open hoặc closed (nhận được "${status}").`,
          en: `status must be open or closed (got "${status}").`,
        });
    if (statuses.size === 1) conditions.push(statuses.has('closed') ? IS_CLOSED : sql`NOT ${IS_CLOSED}`);

    const updatedAfter = params.dateTime('updated_after');
    const updatedBefore = params.dateTime('updated_before');
    if (updatedAfter && updatedBefore && updatedBefore < updatedAfter)
      throw badParameter({
        vi: 'updated_before phải sau updated_after.',
        en: 'updated_before must be after updated_after.',
      });
    if (updatedAfter) conditions.push(sql`p.updated_at > ${updatedAfter.toISOString()}::timestamptz`);
    if (updatedBefore) conditions.push(sql`p.updated_at < ${updatedBefore.toISOString()}::timestamptz`);

    const window = requestedWindow(params, now, Boolean(updatedAfter || updatedBefore));
    if (window) {
      conditions.push(sql`p.received_at >= ${window.start.toISOString()}::timestamptz`);
      conditions.push(sql`p.received_at <= ${window.end.toISOString()}::timestamptz`);
    }
    const where = conditions.length ? sql.join(conditions, sql` AND `) : sql`true`;
    const rows = await loadRequests(where, ORDER, pageSize, (page - 1) * pageSize);
    return toRequests(rows, params);
  }

  async function findRequest(serviceRequestId: string, params: Params): Promise<SparkValue> {
    const jurisdiction = await jurisdictionOf(db, params);
    const missing = () =>
      notFoundError({
        vi: `Không tìm thấy kiến nghị số ${serviceRequestId}.`,
        en: `service_request_id ${serviceRequestId} was not found.`,
      });
    if (!/^\d{1,15}$/.test(serviceRequestId)) throw missing();
    const conditions = [sql`p.serial = ${Number(serviceRequestId)}`];
    if (jurisdiction) conditions.push(sql`u.path <@ ${jurisdiction.path}::ltree`);
    const rows = await loadRequests(sql.join(conditions, sql` AND `), ORDER, 1, 0);
    if (!rows.length) throw missing();
    return toRequests(rows, params);
  }

  /**
   * GET tokens/{token}: our services are `realtime` (the id comes back at once), so the token is the
   * citizen's tracking code (mã tra cứu): whoever holds it learns the public service_request_id.
   */
  async function findToken(token: string, params: Params): Promise<SparkValue> {
    const jurisdiction = await jurisdictionOf(db, params);
    const code = parseTrackingCode(token);
    const missing = () =>
      notFoundError({ vi: `Không tìm thấy token "${token}".`, en: `token "${token}" was not found.` });
    if (!code) throw missing();
    const conditions = [sql`p.tracking_code = ${code}`, VISIBLE];
    if (jurisdiction) conditions.push(sql`u.path <@ ${jurisdiction.path}::ltree`);
    const result = await db.execute<{ serial: number }>(
      sql`SELECT p.serial FROM petition p JOIN unit u ON u.id = p.unit_id WHERE ${sql.join(conditions, sql` AND `)}`,
    );
    const row = result.rows[0];
    if (!row) throw missing();
    return list('request', [{ service_request_id: String(row.serial), token: code }]);
  }

  /** GET servicerequestupdates: the public timeline entries in a window (default: the last 90 days). */
  async function findUpdates(params: Params, now = new Date()): Promise<SparkValue> {
    const jurisdiction = await jurisdictionOf(db, params);
    const page = params.integer('page', 1, 1_000_000) ?? 1;
    const pageSize = params.integer('page_size', 1, MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
    const window = requestedWindow(params, now, false)!;
    const conditions = [
      VISIBLE,
      sql`e.public_note IS NOT NULL`,
      sql`e.at >= ${window.start.toISOString()}::timestamptz`,
      sql`e.at <= ${window.end.toISOString()}::timestamptz`,
    ];
    if (jurisdiction) conditions.push(sql`u.path <@ ${jurisdiction.path}::ltree`);
    const ids = params.list('service_request_id');
    if (ids.length) {
      if (ids.some((id) => !/^\d{1,15}$/.test(id)))
        throw badParameter({
          vi: 'service_request_id phải là danh sách số, cách nhau bởi dấu phẩy.',
          en: 'service_request_id must be a comma-delimited list of numbers.',
        });
      conditions.push(sql`p.serial = ANY(${`{${ids.join(',')}}`}::bigint[])`);
    }
    const result = await db.execute<{
      id: number;
      at: Date;
      status: PetitionStatus;
      public_note: string;
      serial: number;
      published: boolean;
    }>(sql`
      SELECT e.id, e.at, e.status, e.public_note, p.serial,
             EXISTS (SELECT 1 FROM petition_answer pa WHERE pa.petition_id = p.id
                        AND pa.published_at IS NOT NULL AND pa.published_at <= e.at) AS published
        FROM petition_event e JOIN petition p ON p.id = e.petition_id JOIN unit u ON u.id = p.unit_id
       WHERE ${sql.join(conditions, sql` AND `)}
       ORDER BY e.at, e.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
    return list(
      'request_update',
      result.rows.map((row) => ({
        update_id: String(row.id),
        service_request_id: String(row.serial),
        status: open311StatusOf(row.status, row.published).extended,
        updated_datetime: w3cDateTime(row.at),
        description: row.public_note,
        media_url: null,
        external_status_code: row.status,
      })),
    );
  }

  return { findRequests, findRequest, findToken, findUpdates };
}

/** An element of a PostgreSQL text[] literal, quoted. */
const arrayLiteral = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * The requested_datetime window: both dates (end not before start, at most 90 days apart), one of
 * them (90 days from it), or the last 90 days. None when the client filters on updates instead.
 */
export function requestedWindow(
  params: Params,
  now: Date,
  filtersOnUpdates: boolean,
): { start: Date; end: Date } | null {
  const start = params.dateTime('start_date');
  const end = params.dateTime('end_date');
  const span = MAX_WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end < start)
      throw badParameter({
        vi: 'end_date phải sau start_date.',
        en: 'end_date must not be before start_date.',
      });
    if (end.getTime() - start.getTime() > span)
      throw badParameter({
        vi: `Khoảng từ start_date đến end_date không được quá ${MAX_WINDOW_DAYS} ngày.`,
        en: `start_date and end_date may not span more than ${MAX_WINDOW_DAYS} days.`,
      });
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + span) };
  if (end) return { start: new Date(end.getTime() - span), end };
  if (filtersOnUpdates) return null;
  return { start: new Date(now.getTime() - span), end: now };
}
