import type {
  ClassifyPetition,
  ConfirmDraft,
  CreatePetition,
  PetitionDetail,
  Petitioner,
  PetitionListQuery,
  PetitionSubjectItem,
  PetitionSummary,
} from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { type Actor, isWithin, pathWithin, scopePaths, UUID_PATTERN } from '../../platform/policy/index.ts';
import {
  futureReceivedAt,
  petitionNotFound,
  unitOutOfScope,
  unknownRecipient,
  unknownSession,
  unknownSubject,
  wrongStatus,
} from './intake.errors.ts';
import { createPetition, foldedTextOf } from './intake.ts';
import { answersFor, consolidationOf } from './merge.service.ts';
import { COMPETENCE_LEVELS, type CompetenceLevel, type PetitionStatus } from './petitions.schema.ts';
import { foldVietnamese } from './similarity.ts';
import { deriveTitle } from './text-tools.ts';
import { recordPetitionEvent } from './timeline.ts';
import { parseTrackingCode } from './tracking-code.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Statuses in which a petition waits on a recipient, so its deadline can pass: the same rule as
 * routing's isOverdueSql and the public "quá hạn" flag (kept in step with contracts).
 */
const OPEN_STATUSES = sql`('forwarded', 'accepted')`;

type SummaryRow = {
  id: string;
  tracking_code: string;
  serial: number;
  title: string;
  status: PetitionStatus;
  channel: PetitionSummary['channel'];
  subject_code: string;
  subject_name: string;
  competence_level: CompetenceLevel;
  unit_id: string;
  unit_name: string;
  session_id: string | null;
  term: string | null;
  place: string | null;
  received_at: Date;
  deadline_at: Date | null;
  is_overdue: boolean;
  answered_at: Date | null;
  closed_at: Date | null;
  merged_into_id: string | null;
  member_count: number;
  is_hidden: boolean;
  is_redacted: boolean;
  is_public: boolean;
  updated_at: Date;
};

const SUMMARY_COLUMNS = sql`p.id, p.tracking_code, p.serial, p.title, p.status, p.channel, p.subject_code,
  s.name_vi AS subject_name, p.competence_level, p.unit_id, u.name AS unit_name, p.session_id, p.term, p.place,
  p.received_at, p.deadline_at,
  coalesce(p.status IN ${OPEN_STATUSES} AND p.deadline_at < now(), false) AS is_overdue,
  p.answered_at, p.closed_at, p.merged_into_id,
  (SELECT count(*)::int FROM petition_merge m WHERE m.primary_id = p.id AND m.undone_at IS NULL) AS member_count,
  p.hidden_at IS NOT NULL AS is_hidden, p.redacted_at IS NOT NULL AS is_redacted, p.is_public, p.updated_at`;
const SUMMARY_FROM = sql`petition p JOIN unit u ON u.id = p.unit_id JOIN petition_subject s ON s.code = p.subject_code`;

function toSummary(row: SummaryRow): PetitionSummary {
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    serial: Number(row.serial),
    title: row.title,
    status: row.status,
    channel: row.channel,
    subjectCode: row.subject_code,
    subjectName: row.subject_name,
    competenceLevel: row.competence_level,
    unitId: row.unit_id,
    unitName: row.unit_name,
    sessionId: row.session_id,
    term: row.term,
    place: row.place,
    receivedAt: iso(row.received_at)!,
    deadlineAt: iso(row.deadline_at),
    isOverdue: row.is_overdue,
    answeredAt: iso(row.answered_at),
    closedAt: iso(row.closed_at),
    mergedIntoId: row.merged_into_id,
    memberCount: row.member_count,
    isHidden: row.is_hidden,
    isRedacted: row.is_redacted,
    isPublic: row.is_public,
    updatedAt: iso(row.updated_at)!,
  };
}

type DetailRow = SummaryRow & {
  description: string;
  public_title: string | null;
  public_description: string | null;
  redacted_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
  reject_reason: string | null;
  reopen_reason: string | null;
  satisfied: boolean | null;
  lat: number | null;
  lng: number | null;
  addressed_to_id: string | null;
  addressed_to_name: string | null;
  addressed_to_kind: 'agency' | 'delegate' | null;
  has_person: boolean;
  person_anonymised: boolean;
};

/** The unit a petition is recorded for: it must lie in the actor's petitions.intake scope. */
async function unitInScope(tx: Queryable, actor: Actor, unitId: string) {
  const result = await tx.execute<{ id: string; path: string; level_id: string; status: string }>(
    sql`SELECT id, path::text AS path, level_id, status FROM unit WHERE id = ${unitId}`,
  );
  const unit = result.rows[0];
  const roots = scopePaths(actor, 'petitions.intake');
  if (!unit || !roots.some((root) => isWithin(unit.path, root))) throw unitOutOfScope();
  return unit;
}

async function checkSubject(tx: Queryable, code: string) {
  const result = await tx.execute<{ ok: boolean }>(
    sql`SELECT is_active AS ok FROM petition_subject WHERE code = ${code}`,
  );
  if (result.rows[0]?.ok !== true) throw unknownSubject(code);
}

/**
 * A recipient the petition may be addressed to: active, and serving the petition's area or an
 * area above it (a commune's voters may address a provincial department or a National Assembly
 * delegate), or a unit in the actor's scope.
 */
async function checkRecipient(tx: Queryable, actor: Actor, recipientId: string, unitPath: string) {
  const roots = scopePaths(actor, 'petitions.intake');
  const result = await tx.execute<{ ok: boolean }>(sql`
    SELECT true AS ok FROM petition_recipient r JOIN unit ru ON ru.id = r.unit_id
     WHERE r.id = ${recipientId} AND r.is_active
       AND (${unitPath}::ltree <@ ru.path OR ${pathWithin(sql`ru.path`, roots)})`);
  if (result.rows[0]?.ok !== true) throw unknownRecipient();
}

/** The session a petition was raised at; its term is the default term. */
async function sessionOf(tx: Queryable, sessionId: string) {
  const result = await tx.execute<{ term: string | null }>(
    sql`SELECT term FROM petition_session WHERE id = ${sessionId}`,
  );
  const session = result.rows[0];
  if (!session) throw unknownSession();
  return session;
}

const levelOfUnit = (levelId: string): CompetenceLevel =>
  (COMPETENCE_LEVELS as readonly string[]).includes(levelId) ? (levelId as CompetenceLevel) : 'commune';

export function createIntakeService(deps: { db: Database }) {
  const { db } = deps;

  async function loadDetailRow(q: Queryable, id: string): Promise<DetailRow | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const result = await q.execute<DetailRow>(sql`
      SELECT ${SUMMARY_COLUMNS}, p.description, p.public_title, p.public_description, p.redacted_at, p.hidden_at,
             p.hidden_reason, p.reject_reason, p.reopen_reason, p.satisfied, p.lat, p.lng,
             p.addressed_to_id, r.name AS addressed_to_name, r.kind AS addressed_to_kind,
             (pp.petition_id IS NOT NULL AND pp.anonymised_at IS NULL) AS has_person,
             (pp.anonymised_at IS NOT NULL) AS person_anonymised
        FROM ${SUMMARY_FROM}
        LEFT JOIN petition_recipient r ON r.id = p.addressed_to_id
        LEFT JOIN petition_person pp ON pp.petition_id = p.id
       WHERE p.id = ${id}`);
    return result.rows[0] ?? null;
  }

  /**
   * A petition for staff (the route's policy checked petitions.read over its area): the text as
   * written and as the public sees it, timeline, transfer chain, answers (its own and its
   * primary's), consolidation with provenance. Never the petitioner's personal data.
   */
  async function detail(id: string, q: Queryable = db): Promise<PetitionDetail> {
    const row = await loadDetailRow(q, id);
    if (!row) throw petitionNotFound();
    const [timeline, forwards, answers, consolidation] = await Promise.all([
      q.execute<{
        id: number;
        kind: string;
        status: PetitionStatus;
        public_note: string | null;
        internal_note: string | null;
        actor_name: string | null;
        at: Date;
      }>(sql`
        SELECT e.id, e.kind, e.status, e.public_note, e.internal_note, st.full_name AS actor_name, e.at
          FROM petition_event e LEFT JOIN staff st ON st.id = e.actor_staff_id
         WHERE e.petition_id = ${id} ORDER BY e.id`),
      q.execute<{
        id: string;
        recipient_id: string;
        recipient_name: string;
        recipient_kind: 'agency' | 'delegate';
        state: PetitionDetail['forwards'][number]['state'];
        forwarded_at: Date;
        deadline_at: Date;
        deadline_rule: string;
        accepted_at: Date | null;
        returned_at: Date | null;
        return_reason: string | null;
        answered_at: Date | null;
      }>(sql`
        SELECT f.id, f.recipient_id, r.name AS recipient_name, r.kind AS recipient_kind, f.state, f.forwarded_at,
               f.deadline_at, f.deadline_rule, f.accepted_at, f.returned_at, f.return_reason, f.answered_at
          FROM petition_forward f JOIN petition_recipient r ON r.id = f.recipient_id
         WHERE f.petition_id = ${id} ORDER BY f.forwarded_at, f.id`),
      answersFor(q, id),
      consolidationOf(q, { id: row.id, status: row.status, mergedIntoId: row.merged_into_id }),
    ]);
    return {
      ...toSummary(row),
      description: row.description,
      publicTitle: row.public_title,
      publicDescription: row.public_description,
      redactedAt: iso(row.redacted_at),
      hiddenAt: iso(row.hidden_at),
      hiddenReason: row.hidden_reason,
      rejectReason: row.reject_reason,
      reopenReason: row.reopen_reason,
      satisfied: row.satisfied,
      lat: row.lat,
      lng: row.lng,
      addressedTo:
        row.addressed_to_id && row.addressed_to_name && row.addressed_to_kind
          ? { id: row.addressed_to_id, name: row.addressed_to_name, kind: row.addressed_to_kind }
          : null,
      petitioner: { recorded: row.has_person, anonymised: row.person_anonymised },
      timeline: timeline.rows.map((e) => ({
        id: Number(e.id),
        kind: e.kind,
        status: e.status,
        publicNote: e.public_note,
        internalNote: e.internal_note,
        actorName: e.actor_name,
        at: iso(e.at)!,
      })),
      forwards: forwards.rows.map((f) => ({
        id: f.id,
        recipientId: f.recipient_id,
        recipientName: f.recipient_name,
        recipientKind: f.recipient_kind,
        state: f.state,
        forwardedAt: iso(f.forwarded_at)!,
        deadlineAt: iso(f.deadline_at)!,
        deadlineRule: f.deadline_rule,
        acceptedAt: iso(f.accepted_at),
        returnedAt: iso(f.returned_at),
        returnReason: f.return_reason,
        answeredAt: iso(f.answered_at),
      })),
      answers,
      consolidation,
    };
  }

  /**
   * Assisted intake (tiếp nhận trực tiếp): a cadre records what a voter raised at a session, by
   * phone, at the office, on paper, by e-mail or on social media. The petitioner's identity is kept
   * only with their consent. One transaction: petition, petitioner, first timeline event, audit.
   */
  async function create(actor: Actor, input: CreatePetition, audit: AuditContext, now = new Date()) {
    if (input.receivedAt && new Date(input.receivedAt).getTime() > now.getTime() + 5 * 60_000)
      throw futureReceivedAt();
    const unitId = input.unitId ?? actor.activeUnitId;
    const petitioner = input.petitioner;
    const hasIdentity = Boolean(
      petitioner && (petitioner.name || petitioner.phone || petitioner.email || petitioner.address),
    );
    const id = await db.transaction(async (tx) => {
      const unit = await unitInScope(tx, actor, unitId);
      await checkSubject(tx, input.subjectCode);
      const session = input.sessionId ? await sessionOf(tx, input.sessionId) : null;
      if (input.addressedToId) await checkRecipient(tx, actor, input.addressedToId, unit.path);
      const created = await createPetition(tx, audit, {
        unitId,
        subjectCode: input.subjectCode,
        competenceLevel: input.competenceLevel ?? levelOfUnit(unit.level_id),
        title: input.title || deriveTitle(input.description),
        description: input.description,
        channel: input.channel,
        status: 'received',
        sessionId: input.sessionId ?? null,
        term: input.term ?? session?.term ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        place: input.place ?? null,
        addressedToId: input.addressedToId ?? null,
        isPublic: input.isPublic,
        createdByStaffId: actor.staffId,
        // Without consent nothing personal is passed on (createPetition stores nothing either).
        petitioner: petitioner?.consent ? petitioner : null,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : undefined,
      });
      return created.id;
    });
    return {
      petition: await detail(id),
      petitionerStored: Boolean(petitioner?.consent) && hasIdentity,
    };
  }

  /**
   * Petitions in the actor's petitions.read scope, filtered and paged. Without a status filter,
   * merged members are left out (they follow their primary, which is listed).
   */
  async function list(actor: Actor, query: PetitionListQuery) {
    const where: SQL[] = [pathWithin(sql`u.path`, scopePaths(actor, 'petitions.read'))];
    if (query.status?.length) where.push(sql`p.status = ANY(${`{${query.status.join(',')}}`}::text[])`);
    else where.push(sql`p.status <> 'merged'`);
    if (query.subjectCode) where.push(sql`p.subject_code = ${query.subjectCode}`);
    if (query.unitId) where.push(sql`u.path <@ (SELECT path FROM unit WHERE id = ${query.unitId})`);
    if (query.channel?.length) where.push(sql`p.channel = ANY(${`{${query.channel.join(',')}}`}::text[])`);
    if (query.sessionId) where.push(sql`p.session_id = ${query.sessionId}`);
    if (query.term) where.push(sql`p.term = ${query.term}`);
    if (query.overdue !== undefined)
      where.push(
        query.overdue
          ? sql`p.status IN ${OPEN_STATUSES} AND p.deadline_at < now()`
          : sql`NOT coalesce(p.status IN ${OPEN_STATUSES} AND p.deadline_at < now(), false)`,
      );
    if (query.hidden !== undefined)
      where.push(query.hidden ? sql`p.hidden_at IS NOT NULL` : sql`p.hidden_at IS NULL`);
    if (query.q) {
      const code = parseTrackingCode(query.q);
      const folded = foldVietnamese(query.q);
      // The folded text holds letters, digits and single spaces only: no LIKE wildcard can get in.
      const text = folded ? sql`p.folded LIKE ${`%${folded}%`}` : sql`false`;
      where.push(code ? sql`(p.tracking_code = ${code} OR ${text})` : text);
    }
    const condition = sql.join(where, sql` AND `);
    const order = {
      received_desc: sql`p.received_at DESC, p.id DESC`,
      received_asc: sql`p.received_at ASC, p.id ASC`,
      deadline: sql`p.deadline_at ASC NULLS LAST, p.received_at DESC, p.id DESC`,
      updated_desc: sql`p.updated_at DESC, p.id DESC`,
    }[query.sort];
    const [rows, total] = await Promise.all([
      db.execute<SummaryRow>(sql`
        SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM}
         WHERE ${condition} ORDER BY ${order} LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${SUMMARY_FROM} WHERE ${condition}`),
    ]);
    return { items: rows.rows.map(toSummary), total: total.rows[0]!.n };
  }

  async function lockForChange(tx: Queryable, id: string) {
    const result = await tx.execute<{
      id: string;
      status: PetitionStatus;
      unit_id: string;
      unit_path: string;
      subject_code: string;
      competence_level: CompetenceLevel;
      addressed_to_id: string | null;
      title: string;
      description: string;
    }>(sql`
      SELECT p.id, p.status, p.unit_id, u.path::text AS unit_path, p.subject_code, p.competence_level,
             p.addressed_to_id, p.title, p.description
        FROM petition p JOIN unit u ON u.id = p.unit_id WHERE p.id = ${id} FOR UPDATE OF p`);
    const row = result.rows[0];
    if (!row) throw petitionNotFound();
    return row;
  }

  /** Applies classification fields (checked) and says what changed, before → after. */
  async function applyClassification(
    tx: Queryable,
    actor: Actor,
    row: Awaited<ReturnType<typeof lockForChange>>,
    input: Pick<ClassifyPetition, 'subjectCode' | 'competenceLevel' | 'unitId' | 'addressedToId'>,
  ) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    let unitPath = row.unit_path;
    if (input.unitId !== undefined && input.unitId !== row.unit_id) {
      unitPath = (await unitInScope(tx, actor, input.unitId)).path;
      before.unitId = row.unit_id;
      after.unitId = input.unitId;
    }
    if (input.subjectCode !== undefined && input.subjectCode !== row.subject_code) {
      await checkSubject(tx, input.subjectCode);
      before.subjectCode = row.subject_code;
      after.subjectCode = input.subjectCode;
    }
    if (input.competenceLevel !== undefined && input.competenceLevel !== row.competence_level) {
      before.competenceLevel = row.competence_level;
      after.competenceLevel = input.competenceLevel;
    }
    if (input.addressedToId !== undefined && input.addressedToId !== row.addressed_to_id) {
      if (input.addressedToId !== null) await checkRecipient(tx, actor, input.addressedToId, unitPath);
      before.addressedToId = row.addressed_to_id;
      after.addressedToId = input.addressedToId;
    }
    if (Object.keys(after).length > 0)
      await tx.execute(sql`
        UPDATE petition
           SET unit_id = ${(after.unitId as string | undefined) ?? row.unit_id},
               subject_code = ${(after.subjectCode as string | undefined) ?? row.subject_code},
               competence_level = ${(after.competenceLevel as string | undefined) ?? row.competence_level},
               addressed_to_id = ${'addressedToId' in after ? (after.addressedToId as string | null) : row.addressed_to_id},
               updated_at = now()
         WHERE id = ${row.id}`);
    return { before, after };
  }

  /** Changes subject, competence level, area or addressee; one timeline event with before → after. */
  async function classify(actor: Actor, id: string, input: ClassifyPetition, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const row = await lockForChange(tx, id);
      if (row.status === 'merged' || row.status === 'rejected')
        throw wrongStatus(
          row.status === 'merged'
            ? 'Kiến nghị đã được gộp: hãy phân loại kiến nghị tổng hợp.'
            : 'Kiến nghị đã bị từ chối tiếp nhận: không thể phân loại.',
          row.status === 'merged'
            ? 'The petition is merged: classify its primary.'
            : 'The petition was rejected.',
        );
      const { before, after } = await applyClassification(tx, actor, row, input);
      if (Object.keys(after).length === 0) return;
      await recordPetitionEvent(tx, audit, {
        petitionId: id,
        kind: 'classified',
        status: row.status,
        publicNote: 'Đã cập nhật phân loại kiến nghị.',
        internalNote: input.note ?? null,
        actorStaffId: actor.staffId,
        unitId: (after.unitId as string | undefined) ?? row.unit_id,
        data: { before, after },
      });
    });
    return detail(id);
  }

  /** A draft (e-mail intake) checked by a cadre becomes a received petition, classified. */
  async function confirm(actor: Actor, id: string, input: ConfirmDraft, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const row = await lockForChange(tx, id);
      if (row.status !== 'draft')
        throw wrongStatus(
          'Kiến nghị không ở trạng thái chờ xác nhận: không cần xác nhận lại.',
          'The petition is not a draft awaiting confirmation.',
        );
      const { before, after } = await applyClassification(tx, actor, row, input);
      const title = input.title || row.title;
      const description = input.description ?? row.description;
      const edited = title !== row.title || description !== row.description;
      const text = edited
        ? sql`, title = ${title}, description = ${description}, folded = ${foldedTextOf(title, description)}`
        : sql``;
      await tx.execute(sql`
        UPDATE petition
           SET status = 'received', updated_at = now() ${text}
         WHERE id = ${id}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: id,
        kind: 'received',
        status: 'received',
        publicNote: 'Đã tiếp nhận kiến nghị.',
        internalNote: edited
          ? 'Cán bộ xác nhận bản nháp và chỉnh sửa nội dung.'
          : 'Cán bộ xác nhận bản nháp.',
        actorStaffId: actor.staffId,
        unitId: (after.unitId as string | undefined) ?? row.unit_id,
        data: { confirmed: true, edited, before, after },
      });
    });
    return detail(id);
  }

  /** Not a petition (spam, out of scope, a duplicate e-mail): rejected with a reason the timeline shows. */
  async function reject(actor: Actor, id: string, reason: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const row = await lockForChange(tx, id);
      if (row.status !== 'draft' && row.status !== 'received')
        throw wrongStatus(
          'Chỉ từ chối được kiến nghị đang chờ xác nhận hoặc vừa tiếp nhận, chưa chuyển xử lý.',
          'Only drafts and received petitions not yet forwarded can be rejected.',
        );
      await tx.execute(sql`
        UPDATE petition SET status = 'rejected', reject_reason = ${reason}, closed_at = now(), updated_at = now()
         WHERE id = ${id}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: id,
        kind: 'rejected',
        status: 'rejected',
        publicNote: `Kiến nghị không được tiếp nhận. Lý do: ${reason}`,
        internalNote: reason,
        actorStaffId: actor.staffId,
        unitId: row.unit_id,
        data: { statusBefore: row.status },
      });
    });
    return detail(id);
  }

  /**
   * The petitioner's personal data (Decree 13/2023), for holders of petitions.personal_data over
   * the petition's area (checked by the route's policy). Every view — even of an empty or
   * anonymised record — is written to the hash-chained audit log in the same transaction as the read.
   */
  async function petitioner(id: string, audit: AuditContext): Promise<Petitioner> {
    return db.transaction(async (tx) => {
      const result = await tx.execute<{
        unit_id: string;
        petition_id: string | null;
        name: string | null;
        phone: string | null;
        email: string | null;
        address: string | null;
        consent_at: Date | null;
        notify_by_email: boolean | null;
        anonymised_at: Date | null;
      }>(sql`
        SELECT p.unit_id, pp.petition_id, pp.name, pp.phone, pp.email, pp.address, pp.consent_at,
               pp.notify_by_email, pp.anonymised_at
          FROM petition p LEFT JOIN petition_person pp ON pp.petition_id = p.id WHERE p.id = ${id}`);
      const row = result.rows[0];
      if (!row) throw petitionNotFound();
      const shown = (['name', 'phone', 'email', 'address'] as const).filter((field) => row[field] !== null);
      await recordAudit(tx, audit, {
        action: 'petition.personal_data.view',
        entityType: 'petition',
        entityId: id,
        unitId: row.unit_id,
        after: { fields: shown },
      });
      return {
        petitionId: id,
        recorded: row.petition_id !== null,
        name: row.name,
        phone: row.phone,
        email: row.email,
        address: row.address,
        consentAt: iso(row.consent_at),
        notifyByEmail: row.notify_by_email ?? false,
        anonymisedAt: iso(row.anonymised_at),
      };
    });
  }

  /** Every subject area in the configured order, inactive ones last (they stay on old petitions). */
  async function subjects(): Promise<PetitionSubjectItem[]> {
    const result = await db.execute<PetitionSubjectItem>(sql`
      SELECT code, name_vi AS "nameVi", name_en AS "nameEn", group_vi AS "group", description,
             is_active AS "isActive"
        FROM petition_subject
       ORDER BY is_active DESC, sort_order, code`);
    return result.rows;
  }

  return { create, list, detail, classify, confirm, reject, petitioner, subjects };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
