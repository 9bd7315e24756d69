import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { UUID_PATTERN } from '../../../platform/policy/index.ts';
import { document } from '../../documents/index.ts';
import { unit } from '../../organisation/index.ts';
import {
  type PetitionStatus,
  petition,
  petitionAnswer,
  petitionEvent,
  petitionForward,
  petitionMedia,
  petitionRecipient,
  petitionSubject,
} from '../petitions.schema.ts';

/**
 * The queries of the public pages: SQL only. Nothing here reads petition_person — the
 * petitioner's personal data never reaches a public page — and the public text of a petition is
 * `coalesce(public_x, x)` (a moderator's redaction wins).
 */

const publicTitle = sql<string>`coalesce(${petition.publicTitle}, ${petition.title})`;
const publicDescription = sql<string>`coalesce(${petition.publicDescription}, ${petition.description})`;
/** Shown on the public site: not a draft, not withdrawn from the public, not hidden by moderation. */
const isListed = sql<boolean>`(${petition.isPublic} AND ${petition.hiddenAt} IS NULL AND ${petition.status} <> 'draft')`;

/** "Ủy ban MTTQ Việt Nam xã An Bình" → "xã An Bình": the area as citizens name it. */
export const areaName = (name: string) => name.replace(/^Ủy ban MTTQ( Việt Nam)? /u, '') || name;

export interface AreaChoice {
  id: string;
  code: string | null;
  name: string;
  levelId: string;
  provinceId: string;
}

/** The committees whose area a petition may concern: active provinces and communes. */
const areaUnits = and(
  eq(unit.kind, 'committee'),
  eq(unit.status, 'active'),
  inArray(unit.levelId, ['province', 'commune']),
);

/** A unit named in `?don-vi=` (id or code), when it is an area. */
export async function findArea(db: Queryable, idOrCode: string) {
  const byId = UUID_PATTERN.test(idOrCode);
  const [row] = await db
    .select({ id: unit.id, path: unit.path, levelId: unit.levelId, name: unit.name })
    .from(unit)
    .where(and(areaUnits, byId ? eq(unit.id, idOrCode) : eq(unit.code, idOrCode.toUpperCase())))
    .limit(1);
  return row ?? null;
}

/** Number of areas (provinces and communes) the form could offer. */
export async function countAreas(db: Queryable) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(unit).where(areaUnits);
  return row?.n ?? 0;
}

/** The provinces, for the first step of the form when all areas would be too many for one list. */
export async function listProvinces(db: Queryable) {
  return db
    .select({ id: unit.id, name: unit.name, code: unit.code })
    .from(unit)
    .where(and(areaUnits, eq(unit.levelId, 'province')))
    .orderBy(asc(unit.sortOrder), asc(unit.name));
}

/**
 * The areas grouped by province: every province (or only those whose subtree holds `within`) with
 * the communes under it, in display order.
 */
export async function listAreas(db: Queryable, within?: { path: string }): Promise<AreaChoice[]> {
  const province = sql`(SELECT p.id FROM unit p WHERE p.path @> ${unit.path} AND p.level_id = 'province'
    AND p.kind = 'committee' ORDER BY nlevel(p.path) DESC LIMIT 1)`;
  const rows = await db
    .select({
      id: unit.id,
      code: unit.code,
      name: unit.name,
      levelId: unit.levelId,
      provinceId: sql<string | null>`${province}`,
      sortOrder: unit.sortOrder,
    })
    .from(unit)
    .where(
      and(
        areaUnits,
        within
          ? sql`${unit.path} <@ (SELECT p.path FROM unit p WHERE p.path @> ${within.path}::ltree
              AND p.level_id = 'province' AND p.kind = 'committee' ORDER BY nlevel(p.path) DESC LIMIT 1)`
          : undefined,
      ),
    )
    .orderBy(asc(unit.sortOrder), asc(unit.name));
  return rows
    .filter((row) => row.provinceId)
    .map((row) => ({ ...row, provinceId: row.provinceId! }))
    .sort((a, b) => (a.levelId === b.levelId ? 0 : a.levelId === 'province' ? -1 : 1));
}

/** Is `id` an area the form may file under? */
export async function isArea(db: Queryable, id: string) {
  const [row] = await db
    .select({ id: unit.id })
    .from(unit)
    .where(and(areaUnits, eq(unit.id, id)));
  return Boolean(row);
}

export async function listSubjects(db: Queryable) {
  return db
    .select({ code: petitionSubject.code, name: petitionSubject.nameVi, group: petitionSubject.groupVi })
    .from(petitionSubject)
    .where(eq(petitionSubject.isActive, true))
    .orderBy(asc(petitionSubject.sortOrder), asc(petitionSubject.code));
}

export interface PublicPetition {
  id: string;
  serial: number;
  trackingCode: string;
  status: PetitionStatus;
  title: string;
  description: string;
  subjectName: string;
  unitName: string;
  place: string | null;
  lat: number | null;
  lng: number | null;
  receivedAt: Date;
  deadlineAt: Date | null;
  answeredAt: Date | null;
  mergedIntoId: string | null;
  satisfied: boolean | null;
  ratedAt: Date | null;
  reopenedAt: Date | null;
  isHidden: boolean;
  isPublic: boolean;
  isOverdue: boolean;
}

/** Statuses in which an answer is still awaited (the deadline runs). */
const AWAITING: PetitionStatus[] = ['received', 'forwarded', 'accepted', 'returned', 'reopened'];

/** One petition as the public may see it, by tracking code or by number; drafts are never found. */
export async function findPublicPetition(
  db: Queryable,
  by: { trackingCode: string } | { serial: number },
): Promise<PublicPetition | null> {
  const [row] = await db
    .select({
      id: petition.id,
      serial: petition.serial,
      trackingCode: petition.trackingCode,
      status: petition.status,
      title: publicTitle,
      description: publicDescription,
      subjectName: petitionSubject.nameVi,
      unitName: unit.name,
      place: petition.place,
      lat: petition.lat,
      lng: petition.lng,
      receivedAt: petition.receivedAt,
      deadlineAt: petition.deadlineAt,
      answeredAt: petition.answeredAt,
      mergedIntoId: petition.mergedIntoId,
      satisfied: petition.satisfied,
      ratedAt: petition.ratedAt,
      reopenedAt: petition.reopenedAt,
      isHidden: sql<boolean>`${petition.hiddenAt} IS NOT NULL`,
      isPublic: petition.isPublic,
      isOverdue: sql<boolean>`coalesce(${petition.deadlineAt} < now()
        AND ${petition.status} IN ${AWAITING}, false)`,
    })
    .from(petition)
    .innerJoin(petitionSubject, eq(petitionSubject.code, petition.subjectCode))
    .innerJoin(unit, eq(unit.id, petition.unitId))
    .where(
      and(
        ne(petition.status, 'draft'),
        'trackingCode' in by ? eq(petition.trackingCode, by.trackingCode) : eq(petition.serial, by.serial),
      ),
    )
    .limit(1);
  return row ? { ...row, unitName: areaName(row.unitName) } : null;
}

/** The transfer chain (chuyển xử lý): every hop with its recipient, a public body or delegate. */
export async function listForwards(db: Queryable, petitionId: string) {
  return db
    .select({
      recipientName: petitionRecipient.name,
      recipientKind: petitionRecipient.kind,
      state: petitionForward.state,
      forwardedAt: petitionForward.forwardedAt,
      deadlineAt: petitionForward.deadlineAt,
      acceptedAt: petitionForward.acceptedAt,
      returnedAt: petitionForward.returnedAt,
      returnReason: petitionForward.returnReason,
      answeredAt: petitionForward.answeredAt,
    })
    .from(petitionForward)
    .innerJoin(petitionRecipient, eq(petitionRecipient.id, petitionForward.recipientId))
    .where(eq(petitionForward.petitionId, petitionId))
    .orderBy(asc(petitionForward.forwardedAt));
}

/** The public timeline: events that carry a public note, in order. */
export async function listPublicEvents(db: Queryable, petitionId: string) {
  return db
    .select({ at: petitionEvent.at, status: petitionEvent.status, note: petitionEvent.publicNote })
    .from(petitionEvent)
    .where(and(eq(petitionEvent.petitionId, petitionId), isNotNull(petitionEvent.publicNote)))
    .orderBy(asc(petitionEvent.id));
}

/** The latest published answer, with its official document's public references (not secret ones). */
export async function findPublishedAnswer(db: Queryable, petitionId: string) {
  const [row] = await db
    .select({
      summary: petitionAnswer.summary,
      answeredAt: petitionAnswer.answeredAt,
      publishedAt: petitionAnswer.publishedAt,
      recipientName: petitionRecipient.name,
      documentNumber: sql<string | null>`CASE WHEN ${document.secrecy} = 'normal' THEN
        concat_ws('/', ${document.codeNumber}, ${document.codeNotation}) END`,
      documentDate: sql<
        string | null
      >`CASE WHEN ${document.secrecy} = 'normal' THEN ${document.issuedDate} END`,
      documentOrgan: sql<
        string | null
      >`CASE WHEN ${document.secrecy} = 'normal' THEN ${document.organName} END`,
      documentSubject: sql<
        string | null
      >`CASE WHEN ${document.secrecy} = 'normal' THEN ${document.subject} END`,
    })
    .from(petitionAnswer)
    .leftJoin(petitionRecipient, eq(petitionRecipient.id, petitionAnswer.recipientId))
    .leftJoin(document, eq(document.id, petitionAnswer.documentId))
    .where(and(eq(petitionAnswer.petitionId, petitionId), isNotNull(petitionAnswer.publishedAt)))
    .orderBy(desc(petitionAnswer.publishedAt))
    .limit(1);
  return row ?? null;
}
export type PublishedAnswer = NonNullable<Awaited<ReturnType<typeof findPublishedAnswer>>>;

/** The petition a merged one follows (its number is public only when it is listed itself). */
export async function findPrimary(db: Queryable, id: string) {
  const [row] = await db
    .select({
      id: petition.id,
      serial: petition.serial,
      status: petition.status,
      isListed,
    })
    .from(petition)
    .where(eq(petition.id, id));
  return row ?? null;
}

/** Photos a moderator made public. */
export async function listPublicMedia(db: Queryable, petitionId: string) {
  return db
    .select({ id: petitionMedia.id, name: petitionMedia.name })
    .from(petitionMedia)
    .where(and(eq(petitionMedia.petitionId, petitionId), eq(petitionMedia.isPublic, true)))
    .orderBy(asc(petitionMedia.createdAt));
}

/** A public photo's stored file, only while its petition is listed. */
export async function findPublicMedia(db: Queryable, mediaId: string) {
  const [row] = await db
    .select({ key: petitionMedia.storageKey, contentType: petitionMedia.contentType })
    .from(petitionMedia)
    .innerJoin(petition, eq(petition.id, petitionMedia.petitionId))
    .where(and(eq(petitionMedia.id, mediaId), eq(petitionMedia.isPublic, true), isListed));
  return row ?? null;
}

export interface PetitionSummary {
  id: string;
  serial: number;
  title: string;
  status: PetitionStatus;
  subjectName: string;
  unitName: string;
  receivedAt: Date;
  isOverdue: boolean;
  answerSummary: string | null;
  answerPublishedAt: Date | null;
}

const summaryColumns = {
  id: petition.id,
  serial: petition.serial,
  title: publicTitle,
  status: petition.status,
  subjectName: petitionSubject.nameVi,
  unitName: unit.name,
  receivedAt: petition.receivedAt,
  isOverdue: sql<boolean>`coalesce(${petition.deadlineAt} < now() AND ${petition.status} IN ${AWAITING}, false)`,
  answerSummary: sql<string | null>`answer.summary`,
  answerPublishedAt: sql<Date | null>`answer.published_at`,
};

/** The latest published answer of each petition (or of the petition it was merged into). */
const latestAnswer = sql`(
  SELECT a.summary, a.published_at FROM petition_answer a
   WHERE a.petition_id = coalesce(${petition.mergedIntoId}, ${petition.id}) AND a.published_at IS NOT NULL
   ORDER BY a.published_at DESC LIMIT 1) answer`;

async function listSummaries(db: Queryable, where: SQL | undefined, order: SQL, limit: number) {
  const rows = await db
    .select(summaryColumns)
    .from(petition)
    .innerJoin(petitionSubject, eq(petitionSubject.code, petition.subjectCode))
    .innerJoin(unit, eq(unit.id, petition.unitId))
    .leftJoinLateral(latestAnswer, sql`true`)
    .where(and(isListed, where))
    .orderBy(order)
    .limit(limit);
  return rows.map((row) => ({
    ...row,
    unitName: areaName(row.unitName),
    answerPublishedAt: row.answerPublishedAt ? new Date(row.answerPublishedAt) : null,
  })) satisfies PetitionSummary[];
}

/**
 * The most recently published answers, newest first, driven by the published-answer index; a
 * petition answered twice (after a reopen) appears once. Merged petitions appear through their
 * primary (the answer is the primary's).
 */
export async function listRecentAnswers(db: Queryable, limit = 10) {
  const recent = await db
    .select({ petitionId: petitionAnswer.petitionId })
    .from(petitionAnswer)
    .innerJoin(petition, eq(petition.id, petitionAnswer.petitionId))
    .where(and(isNotNull(petitionAnswer.publishedAt), isListed, isNull(petition.mergedIntoId)))
    .orderBy(desc(petitionAnswer.publishedAt))
    .limit(limit * 2);
  const ids = [...new Set(recent.map((row) => row.petitionId))].slice(0, limit);
  return listSummariesByIds(db, ids);
}

/** Listed petitions by id, in the order given (similar-petition suggestions). */
export async function listSummariesByIds(db: Queryable, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await listSummaries(db, inArray(petition.id, ids), sql`${petition.serial}`, ids.length);
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/** Listed petitions with a location, newest first, for the map page (coordinates rounded there). */
export async function listLocated(db: Queryable, limit = 200) {
  const rows = await db
    .select({ ...summaryColumns, lat: petition.lat, lng: petition.lng })
    .from(petition)
    .innerJoin(petitionSubject, eq(petitionSubject.code, petition.subjectCode))
    .innerJoin(unit, eq(unit.id, petition.unitId))
    .leftJoinLateral(latestAnswer, sql`true`)
    .where(and(isListed, isNotNull(petition.lat), isNull(petition.mergedIntoId)))
    .orderBy(desc(petition.receivedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, unitName: areaName(row.unitName), lat: row.lat!, lng: row.lng! }));
}
