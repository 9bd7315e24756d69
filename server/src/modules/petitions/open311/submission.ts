import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { AuditContext } from '../../../platform/audit/index.ts';
import { reopenPetition } from '../citizen.service.ts';
import { createPetition } from '../intake.ts';
import { open311ApiKey, open311Submission } from '../open311.schema.ts';
import { COMPETENCE_LEVELS, type CompetenceLevel, type PetitionStatus } from '../petitions.schema.ts';
import { recordPetitionEvent } from '../timeline.ts';
import { readAttributes, suggestedLevel } from './attributes.ts';
import {
  activeSubject,
  findJurisdiction,
  type Jurisdiction,
  requireKey,
  unknownJurisdiction,
  unknownService,
  within,
} from './lookups.ts';
import type { Params } from './params.ts';
import {
  badParameter,
  forbiddenError,
  list,
  notFoundError,
  Open311Error,
  type SparkValue,
  type Text,
} from './render.ts';
import { VISIBLE } from './requests.ts';

export const MAX_DESCRIPTION = 4000;
/** How long an identical POST from the same key is taken for a retry of the first. */
const REPLAY_WINDOW = '10 minutes';
const REPLAY_LOCK = 724_011_311;

export interface SubmittedRequest {
  serviceRequestId: string;
  trackingCode: string;
  /** The unit it was filed with. */
  areaName: string;
}

/** The writing side of the API, for api_key holders: POST requests and POST service request updates. */
export function createSubmissions(db: Database) {
  /**
   * POST requests: the petition through createPetition (channel `open311`), the attributes and
   * the key that sent them, all in one transaction. The petitioner's name, phone, e-mail and
   * exact address go to petition_person only, under the consent the key holder collects.
   */
  async function submit(params: Params, context: AuditContext): Promise<SubmittedRequest> {
    const key = await requireKey(db, params);
    const audit = { ...context, actorLabel: `Open311: ${key.name}` };
    const problems: Text[] = [];

    const serviceCode = params.text('service_code');
    if (serviceCode === undefined)
      throw badParameter({ vi: 'Thiếu service_code (lĩnh vực).', en: 'service_code was not provided.' });
    const subject = await activeSubject(db, serviceCode);
    if (!subject) throw unknownService(serviceCode);

    const jurisdictionId = params.text('jurisdiction_id');
    let area: Jurisdiction;
    if (jurisdictionId !== undefined) {
      const found = await findJurisdiction(db, jurisdictionId);
      if (found?.status !== 'active') throw unknownJurisdiction(jurisdictionId);
      if (!within(found.path, key.unitPath))
        throw forbiddenError({
          vi: `api_key này không được gửi kiến nghị cho jurisdiction_id "${jurisdictionId}".`,
          en: `This api_key may not submit requests for jurisdiction_id "${jurisdictionId}".`,
        });
      area = found;
    } else {
      const own = await findJurisdiction(db, key.unitId);
      if (!own) throw unknownJurisdiction(key.unitId);
      area = own;
    }

    // Location: lat & long, or address_string, or address_id (the code of a unit within the area).
    const latText = params.text('lat');
    const longText = params.text('long');
    const addressString = params.text('address_string');
    const addressId = params.text('address_id');
    let lat: number | null = null;
    let lng: number | null = null;
    if (latText !== undefined || longText !== undefined) {
      const problem = checkCoordinates(latText, longText);
      if (problem) problems.push(problem);
      else {
        lat = Number(latText);
        lng = Number(longText);
      }
    } else if (addressString === undefined && addressId === undefined) {
      problems.push({
        vi: 'Thiếu vị trí: gửi lat và long, hoặc address_string, hoặc address_id.',
        en: 'No location: send lat and long, or address_string, or address_id.',
      });
    }
    if (addressString !== undefined && addressString.length > 500)
      problems.push({
        vi: 'address_string tối đa 500 ký tự.',
        en: 'address_string: at most 500 characters.',
      });
    if (addressId !== undefined) {
      const place = await findJurisdiction(db, addressId);
      if (place?.status !== 'active' || !within(place.path, area.path))
        problems.push({
          vi: `address_id "${addressId}" không phải mã định danh của một đơn vị trong ${area.name}.`,
          en: `address_id "${addressId}" is not the identifier code of a unit within ${area.name}.`,
        });
      else area = place;
    }

    const description = cleanText(params.all('description')[0] ?? '');
    if (!description)
      problems.push({
        vi: 'Thiếu nội dung kiến nghị (description).',
        en: 'description was not provided: a petition needs its text.',
      });
    else if ([...description].length > MAX_DESCRIPTION)
      problems.push({
        vi: `Nội dung kiến nghị tối đa ${MAX_DESCRIPTION.toLocaleString('vi-VN')} ký tự (hiện có ${[...description].length.toLocaleString('vi-VN')}).`,
        en: `description: at most ${MAX_DESCRIPTION.toLocaleString('en')} characters (got ${[...description].length.toLocaleString('en')}).`,
      });

    const person = readPerson(params, problems);
    const mediaUrl = params.text('media_url');
    if (mediaUrl !== undefined && !isHttpUrl(mediaUrl))
      problems.push({
        vi: 'media_url phải là địa chỉ http(s) hợp lệ, tối đa 2.000 ký tự.',
        en: 'media_url must be a valid http(s) URL of at most 2,000 characters.',
      });

    const attributeParams = params
      .keys()
      .filter((k) => k.startsWith('attribute['))
      .map((k) => [k, params.all(k)] as [string, string[]]);
    const { answers, problems: attributeProblems } = readAttributes(serviceCode, attributeParams);
    problems.push(...attributeProblems);
    if (problems.length) throw new Open311Error(400, problems);

    const level: CompetenceLevel =
      suggestedLevel(answers) ??
      ((COMPETENCE_LEVELS as readonly string[]).includes(area.levelId)
        ? (area.levelId as CompetenceLevel)
        : 'commune');
    const hasPerson = Object.values(person).some((v) => v !== null) || addressString !== undefined;

    const created = await db.transaction(async (tx) => {
      // A client retrying the same POST (a lost answer, a double tap) gets the petition it already
      // created: same key, area, service, text and place within REPLAY_WINDOW. One at a time per key.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REPLAY_LOCK}, hashtext(${key.id}))`);
      const replayed = await tx.execute<{ id: string; serial: number; tracking_code: string }>(sql`
        SELECT p.id, p.serial, p.tracking_code
          FROM open311_submission o JOIN petition p ON p.id = o.petition_id
         WHERE o.api_key_id = ${key.id} AND o.created_at > now() - ${REPLAY_WINDOW}::interval
           AND p.unit_id = ${area.id} AND p.subject_code = ${serviceCode} AND p.description = ${description}
           AND p.lat IS NOT DISTINCT FROM ${lat}::double precision
           AND p.lng IS NOT DISTINCT FROM ${lng}::double precision
         ORDER BY o.created_at DESC LIMIT 1`);
      const previous = replayed.rows[0];
      if (previous) return { id: previous.id, serial: previous.serial, trackingCode: previous.tracking_code };
      const petition = await createPetition(tx, audit, {
        unitId: area.id,
        subjectCode: serviceCode,
        competenceLevel: level,
        title: titleOf(description),
        description,
        channel: 'open311',
        lat,
        lng,
        petitioner: hasPerson
          ? {
              name: person.name,
              phone: person.phone,
              email: person.email,
              address: addressString ?? null,
              // The key holder's terms of use: it collects the citizen's consent before sending.
              consent: true,
            }
          : null,
      });
      await tx.insert(open311Submission).values({
        petitionId: petition.id,
        apiKeyId: key.id,
        attributes: answers,
        mediaUrl: mediaUrl ?? null,
      });
      await tx
        .update(open311ApiKey)
        .set({ lastUsedAt: new Date() })
        .where(sql`${open311ApiKey.id} = ${key.id}`);
      return petition;
    });
    return {
      serviceRequestId: String(created.serial),
      trackingCode: created.trackingCode,
      areaName: area.name,
    };
  }

  /**
   * POST servicerequestupdates (an api_key holder relays the citizen): OPEN adds the citizen's
   * comment for the staff (not published: it may hold personal data); REOPEN reopens the petition
   * once after a published answer, the comment being the reason (citizen.service.ts's rule).
   */
  async function postUpdate(params: Params, context: AuditContext): Promise<SparkValue> {
    const key = await requireKey(db, params);
    const audit = { ...context, actorLabel: `Open311: ${key.name}` };
    const serviceRequestId = params.text('service_request_id');
    if (serviceRequestId === undefined)
      throw badParameter({ vi: 'Thiếu service_request_id.', en: 'service_request_id was not provided.' });
    const problems: Text[] = [];
    const status = params.text('status')?.toUpperCase();
    if (status !== 'OPEN' && status !== 'REOPEN')
      problems.push({
        vi: 'status chỉ nhận OPEN (bổ sung ý kiến) hoặc REOPEN (đề nghị xem xét lại câu trả lời).',
        en: 'status must be OPEN (a comment) or REOPEN (ask for the answer to be reconsidered).',
      });
    const description = cleanText(params.all('description')[0] ?? '');
    if (!description)
      problems.push({ vi: 'Thiếu nội dung (description).', en: 'description was not provided.' });
    else if ([...description].length > MAX_DESCRIPTION)
      problems.push({
        vi: `Nội dung tối đa ${MAX_DESCRIPTION.toLocaleString('vi-VN')} ký tự.`,
        en: `description: at most ${MAX_DESCRIPTION.toLocaleString('en')} characters.`,
      });
    const clientUpdateId = params.text('update_id')?.slice(0, 100) ?? null;
    const missing = () =>
      notFoundError({
        vi: `Không tìm thấy kiến nghị số ${serviceRequestId}.`,
        en: `service_request_id ${serviceRequestId} was not found.`,
      });
    if (!/^\d{1,15}$/.test(serviceRequestId)) throw missing();
    if (problems.length) throw new Open311Error(400, problems);

    const eventId = await db.transaction(async (tx) => {
      const result = await tx.execute<{
        id: string;
        status: PetitionStatus;
        unit_id: string;
        unit_path: string;
        reopened_at: Date | null;
      }>(sql`
        SELECT p.id, p.status, p.unit_id, u.path::text AS unit_path, p.reopened_at
          FROM petition p JOIN unit u ON u.id = p.unit_id
         WHERE p.serial = ${Number(serviceRequestId)} AND ${VISIBLE}
           FOR UPDATE OF p`);
      const row = result.rows[0];
      if (!row || !within(row.unit_path, key.unitPath)) throw missing();
      const data = { channel: 'open311', apiKeyId: key.id, clientUpdateId };
      if (status === 'REOPEN') {
        // The citizen's one reopen, by the same rule as on the public site (after a published answer).
        await reopenPetition(tx, audit, row.id, description);
      } else {
        await tx.execute(sql`UPDATE petition SET updated_at = now() WHERE id = ${row.id}`);
        await recordPetitionEvent(tx, audit, {
          petitionId: row.id,
          kind: 'comment',
          status: row.status,
          publicNote: null,
          internalNote: description,
          unitId: row.unit_id,
          data,
        });
      }
      await tx
        .update(open311ApiKey)
        .set({ lastUsedAt: new Date() })
        .where(sql`${open311ApiKey.id} = ${key.id}`);
      const last = await tx.execute<{ id: number }>(
        sql`SELECT id FROM petition_event WHERE petition_id = ${row.id} ORDER BY id DESC LIMIT 1`,
      );
      return last.rows[0]!.id;
    });
    // Two children, so the Spark convention maps the element to an object, not a one-item list.
    return list('request_update', [{ update_id: String(eventId), service_request_id: serviceRequestId }]);
  }

  return { submit, postUpdate };
}

/** Plain text as stored: NFC, no control characters but line breaks and tabs, trimmed. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ''))
    .trim();
}

/** A petition's title from its description: the first line, at most 120 characters, cut at a word. */
export function titleOf(description: string): string {
  const firstLine =
    description
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? description;
  const words = firstLine.replace(/\s+/g, ' ');
  if ([...words].length <= 120) return words;
  const cut = [...words].slice(0, 119).join('');
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(' '), 60));
  return `${atWord.trimEnd()}…`;
}

/** Latitude and longitude: both, numbers, on the Earth, and in Vietnam (islands included). */
function checkCoordinates(latText: string | undefined, longText: string | undefined): Text | null {
  if (latText === undefined || longText === undefined)
    return {
      vi: 'Cần gửi cả lat và long (hoặc dùng address_string/address_id).',
      en: 'lat and long must both be sent (or use address_string/address_id).',
    };
  const number = /^-?\d{1,3}(\.\d+)?$/;
  const lat = Number(latText);
  const lng = Number(longText);
  if (!number.test(latText) || !number.test(longText) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return {
      vi: 'Tọa độ không hợp lệ: lat từ -90 đến 90, long từ -180 đến 180 (độ thập phân WGS84).',
      en: 'Invalid coordinates: lat from -90 to 90, long from -180 to 180 (WGS84 decimal degrees).',
    };
  // Mainland, Hoàng Sa and Trường Sa, with a margin.
  if (lat < 6 || lat > 24 || lng < 101 || lng > 118)
    return {
      vi: 'Tọa độ nằm ngoài lãnh thổ Việt Nam: hãy kiểm tra lại lat/long (có thể đã bị đảo ngược).',
      en: 'The coordinates are outside Vietnam: check lat/long (they may be swapped).',
    };
  return null;
}

function isHttpUrl(value: string) {
  if (value.length > 2000) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The petitioner's fields of a POST, checked; problems are added to `problems`. */
function readPerson(params: Params, problems: Text[]) {
  const first = params.text('first_name');
  const last = params.text('last_name');
  const email = params.text('email');
  const phone = params.text('phone');
  for (const [name, value] of [
    ['first_name', first],
    ['last_name', last],
  ] as const)
    if (value !== undefined && (value.length > 100 || /[\p{Cc}<>]/u.test(value)))
      problems.push({
        vi: `${name} tối đa 100 ký tự, không chứa ký tự đặc biệt.`,
        en: `${name}: at most 100 plain characters.`,
      });
  if (email !== undefined && (email.length > 254 || !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)))
    problems.push({ vi: 'email không hợp lệ.', en: 'email is not a valid address.' });
  if (phone !== undefined && !/^\+?[0-9 ().-]{6,20}$/.test(phone))
    problems.push({
      vi: 'phone không hợp lệ: 6–20 chữ số, có thể có dấu +, khoảng trắng, dấu chấm hoặc gạch ngang.',
      en: 'phone is not valid: 6–20 digits, optionally with +, spaces, dots or dashes.',
    });
  const name = [last, first].filter((v): v is string => v !== undefined).join(' ') || null;
  return { name, email: email ?? null, phone: phone ?? null };
}
