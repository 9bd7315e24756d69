import { and, eq, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { recordAudit, systemAuditContext } from '../../../platform/audit/index.ts';
import type { Mailer } from '../../../platform/mail/index.ts';
import { type Actor, pathWithin, scopePaths } from '../../../platform/policy/index.ts';
import { staff, unit } from '../../organisation/index.ts';
import { notification } from '../documents.schema.ts';
import { type AfterCommit, notifyPeople } from '../notify.ts';
import { vietnamToday } from '../symbol.ts';
import { addDays, daysBetween, vnDisplayDate } from './file-code.ts';
import { selectFiles } from './files.repository.ts';
import { recordFile } from './files.schema.ts';

/** The daily sweep (pg-boss schedule) that sends the 30-day archive transfer notice. */
export const ARCHIVE_NOTICE_QUEUE = 'documents.archive-notice';
/** 01:00 in Vietnam every day. */
export const ARCHIVE_NOTICE_CRON = '0 1 * * *';
export const ARCHIVE_NOTICE_DAYS = 30;

const noticeTitle = (file: { code: string; title: string; archiveDueDate: string }, today: string) => {
  const left = daysBetween(today, file.archiveDueDate);
  const when =
    left >= 0
      ? `đến hạn nộp lưu ngày ${vnDisplayDate(file.archiveDueDate)} (còn ${left} ngày)`
      : `đã quá hạn nộp lưu từ ngày ${vnDisplayDate(file.archiveDueDate)}`;
  return `Hồ sơ ${file.code} "${file.title}" ${when}`;
};

export function createArchiveNotices(deps: { db: Database; mailer: Mailer }) {
  const { db, mailer } = deps;

  /**
   * Notifies, once per file, the person responsible and the unit's registry of every file not
   * yet transferred whose archive transfer falls due within 30 days of `today` (or is overdue).
   * Marking the file and writing the notifications happen in one transaction; the UPDATE …
   * WHERE archive_notice_at IS NULL makes a second or concurrent sweep a no-op for that file.
   */
  async function sweep(today = vietnamToday().date): Promise<{ notified: number }> {
    let afterCommit: AfterCommit[] = [];
    const notified = await db.transaction(async (tx) => {
      const due = await tx
        .update(recordFile)
        .set({ archiveNoticeAt: new Date() })
        .where(
          and(
            isNull(recordFile.archiveNoticeAt),
            ne(recordFile.status, 'transferred'),
            lte(recordFile.archiveDueDate, addDays(today, ARCHIVE_NOTICE_DAYS)),
          ),
        )
        .returning();
      afterCommit = [];
      for (const file of due) {
        const title = noticeTitle(file, today);
        const [person] = await tx
          .select({ id: staff.id, email: staff.email, status: staff.status })
          .from(staff)
          .where(eq(staff.id, file.responsibleStaffId));
        const notice = { unitId: file.unitId, kind: 'file.archive_due', title, documentId: null };
        if (person?.status === 'active') afterCommit.push(await notifyPeople(tx, mailer, [person], notice));
        // The unit's registry (văn thư) sees it in the unit's queue.
        await tx.insert(notification).values({ ...notice, staffId: null });
        await recordAudit(tx, systemAuditContext, {
          action: 'document_file.archive_notice',
          entityType: 'document_file',
          entityId: file.id,
          unitId: file.unitId,
          after: { archiveDueDate: file.archiveDueDate, today },
        });
      }
      return due.length;
    });
    for (const send of afterCommit) await send();
    return { notified };
  }

  /** Files in the caller's scope not yet transferred and due within `days` (overdue ones too). */
  async function listDue(actor: Actor, query: { unitId?: string; days: number }) {
    const today = vietnamToday().date;
    const files = await selectFiles(
      db,
      and(
        pathWithin(unit.path, scopePaths(actor, 'documents.read')),
        query.unitId ? eq(recordFile.unitId, query.unitId) : undefined,
        ne(recordFile.status, 'transferred'),
        lte(recordFile.archiveDueDate, addDays(today, query.days)),
      ),
      [sql`${recordFile.archiveDueDate}`],
    );
    return files.map((file) => {
      const daysLeft = daysBetween(today, file.archiveDueDate);
      return { ...file, daysLeft, isOverdue: daysLeft < 0 };
    });
  }

  return { sweep, listDue };
}

export type ArchiveNotices = ReturnType<typeof createArchiveNotices>;
