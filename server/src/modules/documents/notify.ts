import type { Queryable } from '../../db/client.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { notification } from './documents.schema.ts';

export interface Notice {
  unitId: string;
  kind: string;
  title: string;
  documentId: string | null;
  isUrgent?: boolean;
}

export interface Person {
  id: string;
  email: string | null;
}

/**
 * In-app notifications written in the caller's transaction; the e-mails are returned as a
 * function to call once it has committed (a rolled-back change must not mail anyone).
 */
export type AfterCommit = () => Promise<void>;
export const nothingToDo: AfterCommit = async () => {};

export async function notifyPeople(
  tx: Queryable,
  mailer: Mailer,
  people: Person[],
  notice: Notice,
): Promise<AfterCommit> {
  if (people.length === 0) return nothingToDo;
  await tx.insert(notification).values(
    people.map((p) => ({
      unitId: notice.unitId,
      staffId: p.id,
      kind: notice.kind,
      title: notice.title,
      documentId: notice.documentId,
      isUrgent: notice.isUrgent ?? false,
    })),
  );
  return async () => {
    for (const person of people) {
      if (!person.email) continue;
      await mailer.send({
        to: person.email,
        subject: `${notice.isUrgent ? '[KHẨN] ' : ''}${notice.title}`,
        text: `${notice.title}\n\nVui lòng đăng nhập Mặt trận số để xem văn bản.`,
        unitId: notice.unitId,
      });
    }
  };
}
