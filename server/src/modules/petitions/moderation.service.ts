import type { RedactPetition } from '@mts/contracts';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { AuditContext } from '../../platform/audit/index.ts';
import { badRequest } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { petitionNotFound, wrongStatus } from './intake.errors.ts';
import { foldedTextOf } from './intake.ts';
import type { PetitionStatus } from './petitions.schema.ts';
import { applyRedactions } from './text-tools.ts';
import { recordPetitionEvent } from './timeline.ts';

/**
 * Moderation (petitions.moderate): hide a petition from the public site, redact parts of its public
 * text (a name, a phone number, an insult), restore — always with a reason, each a timeline event
 * in the hash-chained audit. Staff keep the original text; the public reads `public_title` /
 * `public_description` when set. A sensitive reason stays internal: the public note says only
 * what happened.
 */

/** SQL: the title the public sees (alias of `petition`). */
export const publicTitleSql = (alias: SQLWrapper): SQL =>
  sql`coalesce(${alias}.public_title, ${alias}.title)`;
/** SQL: the description the public sees (alias of `petition`). */
export const publicDescriptionSql = (alias: SQLWrapper): SQL =>
  sql`coalesce(${alias}.public_description, ${alias}.description)`;

/** The public text of a petition row read by Drizzle (the redacted version when there is one). */
export const publicTextOf = (row: {
  title: string;
  description: string;
  publicTitle: string | null;
  publicDescription: string | null;
}) => ({ title: row.publicTitle ?? row.title, description: row.publicDescription ?? row.description });

const withReason = (text: string, reason: string, sensitive: boolean) =>
  sensitive ? text : `${text} Lý do: ${reason}`;

type ModeratedRow = {
  id: string;
  status: PetitionStatus;
  unit_id: string;
  title: string;
  description: string;
  public_title: string | null;
  public_description: string | null;
  hidden_at: Date | null;
  redacted_at: Date | null;
};

async function lock(tx: Queryable, id: string): Promise<ModeratedRow> {
  const result = await tx.execute<ModeratedRow>(sql`
    SELECT id, status, unit_id, title, description, public_title, public_description, hidden_at, redacted_at
      FROM petition WHERE id = ${id} FOR UPDATE`);
  const row = result.rows[0];
  if (!row) throw petitionNotFound();
  return row;
}

export function createModerationService(deps: { db: Database }) {
  const { db } = deps;

  async function hide(
    actor: Actor,
    id: string,
    input: { reason: string; sensitive: boolean },
    audit: AuditContext,
  ) {
    await db.transaction(async (tx) => {
      const row = await lock(tx, id);
      if (row.hidden_at)
        throw wrongStatus('Kiến nghị đã được ẩn khỏi trang công khai.', 'The petition is already hidden.');
      await tx.execute(sql`
        UPDATE petition SET hidden_at = now(), hidden_reason = ${input.reason}, updated_at = now() WHERE id = ${id}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: id,
        kind: 'hidden',
        status: row.status,
        publicNote: withReason('Kiến nghị đã được ẩn khỏi trang công khai.', input.reason, input.sensitive),
        internalNote: input.reason,
        actorStaffId: actor.staffId,
        unitId: row.unit_id,
        data: { sensitive: input.sensitive },
      });
    });
  }

  async function restore(
    actor: Actor,
    id: string,
    input: { reason: string; undo: Array<'hidden' | 'redacted'>; sensitive: boolean },
    audit: AuditContext,
  ) {
    await db.transaction(async (tx) => {
      const row = await lock(tx, id);
      const unhide = input.undo.includes('hidden') && row.hidden_at !== null;
      const unredact = input.undo.includes('redacted') && row.redacted_at !== null;
      if (!unhide && !unredact)
        throw wrongStatus(
          'Không có gì để khôi phục: kiến nghị không bị ẩn, nội dung không bị biên tập.',
          'Nothing to restore: the petition is neither hidden nor redacted.',
        );
      await tx.execute(sql`
        UPDATE petition
           SET hidden_at = ${unhide ? sql`NULL` : sql`hidden_at`}, hidden_reason = ${unhide ? sql`NULL` : sql`hidden_reason`},
               public_title = ${unredact ? sql`NULL` : sql`public_title`},
               public_description = ${unredact ? sql`NULL` : sql`public_description`},
               redacted_at = ${unredact ? sql`NULL` : sql`redacted_at`},
               folded = ${unredact ? foldedTextOf(row.title, row.description) : sql`folded`},
               updated_at = now()
         WHERE id = ${id}`);
      const what = [unhide ? 'hiển thị lại kiến nghị' : null, unredact ? 'khôi phục nội dung gốc' : null]
        .filter(Boolean)
        .join(' và ');
      await recordPetitionEvent(tx, audit, {
        petitionId: id,
        kind: 'restored',
        status: row.status,
        publicNote: withReason(`Đã ${what}.`, input.reason, input.sensitive),
        internalNote: input.reason,
        actorStaffId: actor.staffId,
        unitId: row.unit_id,
        data: { unhidden: unhide, unredacted: unredact, sensitive: input.sensitive },
      });
    });
  }

  /**
   * Replaces parts of the public text. Replacements apply to what the public sees now (so
   * redactions add up); each must occur somewhere, else 400 and nothing changes. The replaced text
   * is not copied into the timeline or the audit log (it is often personal data): only counts.
   */
  async function redact(actor: Actor, id: string, input: RedactPetition, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const row = await lock(tx, id);
      const result = applyRedactions(
        row.public_title ?? row.title,
        row.public_description ?? row.description,
        input.replacements,
      );
      if (result.missing.length > 0)
        throw badRequest(
          {
            vi: `Không tìm thấy đoạn cần che trong tiêu đề hay nội dung công khai: "${result.missing[0]}". Hãy chép đúng đoạn văn bản.`,
            en: `Text to redact not found in the public title or description: "${result.missing[0]}". Copy it exactly.`,
          },
          input.replacements
            .map((r, index) => ({ r, index }))
            .filter(({ r }) => result.missing.includes(r.text))
            .map(({ index }) => ({
              path: `body.replacements.${index}.text`,
              message: 'Không có trong nội dung công khai (not found in the public text)',
            })),
        );
      if (!result.title.trim() || !result.description.trim())
        throw badRequest({
          vi: 'Sau khi che, tiêu đề hoặc nội dung công khai sẽ trống: hãy che ít hơn, hoặc ẩn kiến nghị.',
          en: 'The public title or description would be empty: redact less, or hide the petition.',
        });
      const title = result.title === row.title ? null : result.title;
      const description = result.description === row.description ? null : result.description;
      await tx.execute(sql`
        UPDATE petition
           SET public_title = ${title}, public_description = ${description},
               redacted_at = ${title === null && description === null ? null : sql`now()`},
               folded = ${foldedTextOf(result.title, result.description)}, updated_at = now()
         WHERE id = ${id}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: id,
        kind: 'redacted',
        status: row.status,
        publicNote: withReason(
          'Một phần nội dung kiến nghị đã được biên tập trước khi công khai.',
          input.reason,
          input.sensitive,
        ),
        internalNote: input.reason,
        actorStaffId: actor.staffId,
        unitId: row.unit_id,
        data: {
          replacements: input.replacements.length,
          occurrences: result.count,
          fields: [title !== null ? 'title' : null, description !== null ? 'description' : null].filter(
            Boolean,
          ),
          sensitive: input.sensitive,
        },
      });
    });
  }

  return { hide, restore, redact };
}

export type ModerationService = ReturnType<typeof createModerationService>;
