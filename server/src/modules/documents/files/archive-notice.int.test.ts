import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { notification } from '../documents.schema.ts';
import { vietnamToday } from '../symbol.ts';
import { buildDocumentsWorld } from '../test-support/world.ts';
import { ARCHIVE_NOTICE_CRON, ARCHIVE_NOTICE_QUEUE, createArchiveNotices } from './archive-notice.ts';
import { addDays } from './file-code.ts';
import { recordFile } from './files.schema.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
});
afterAll(() => ctx.close());

const today = vietnamToday().date;

/** A file of the province due for archive transfer on `archiveDueDate` (an override). */
async function fileDue(title: string, archiveDueDate: string, responsible = world.specialist) {
  const response = await world.clerk.client.post('/api/document-files', {
    unitId: world.province.id,
    year: 2025,
    title,
    retention: 5,
    responsibleStaffId: responsible.staff.id,
    archiveDueDate,
  });
  if (response.statusCode !== 201) throw new Error(`${response.statusCode} ${response.body}`);
  return response.json() as { id: string; code: string };
}

const noticesAbout = (code: string) =>
  ctx.platform.db
    .select()
    .from(notification)
    .where(and(eq(notification.kind, 'file.archive_due'), eq(notification.unitId, world.province.id)))
    .then((rows) => rows.filter((r) => r.title.startsWith(`Hồ sơ ${code} `)));

describe('the 30-day archive transfer notice', () => {
  it('is scheduled daily in Vietnam time', async () => {
    const result = await ctx.platform.pool.query(
      'SELECT cron, timezone FROM pgboss.schedule WHERE name = $1',
      [ARCHIVE_NOTICE_QUEUE],
    );
    expect(result.rows).toEqual([{ cron: ARCHIVE_NOTICE_CRON, timezone: 'Asia/Ho_Chi_Minh' }]);
  });

  it('goes once to the person responsible and the unit’s registry, 30 days before the due date', async () => {
    // The sweep runs "as of" a chosen day, as the job's data may say.
    const day = '2031-03-01';
    const inThirty = await fileDue('Hồ sơ hội nghị hiệp thương', addDays(day, 30));
    const inThirtyOne = await fileDue('Hồ sơ thi đua khen thưởng', addDays(day, 31));
    const overdue = await fileDue('Hồ sơ giám sát đã quá hạn', addDays(day, -3), world.clerk);
    const sweep = createArchiveNotices({ db: ctx.platform.db, mailer: ctx.platform.mailer }).sweep;
    const transferred = await fileDue('Hồ sơ đã nộp lưu', addDays(day, 10));
    await ctx.platform.db
      .update(recordFile)
      .set({ status: 'transferred' })
      .where(eq(recordFile.id, transferred.id));

    expect(await sweep(day)).toEqual({ notified: 2 });
    const notices = await noticesAbout(inThirty.code);
    expect(notices.map((n) => n.staffId).sort()).toEqual([world.specialist.staff.id, null].sort());
    expect(notices[0]!.title).toBe(
      `Hồ sơ ${inThirty.code} "Hồ sơ hội nghị hiệp thương" đến hạn nộp lưu ngày 31/03/2031 (còn 30 ngày)`,
    );
    const late = await noticesAbout(overdue.code);
    expect(late.map((n) => n.staffId).sort()).toEqual([world.clerk.staff.id, null].sort());
    expect(late[0]!.title).toBe(
      `Hồ sơ ${overdue.code} "Hồ sơ giám sát đã quá hạn" đã quá hạn nộp lưu từ ngày 26/02/2031`,
    );
    expect(await noticesAbout(inThirtyOne.code)).toEqual([]);
    expect(await noticesAbout(transferred.code)).toEqual([]);

    // Once per file: the same day again, or the next day, adds nothing for those files.
    expect(await sweep(day)).toEqual({ notified: 0 });
    expect(await sweep(addDays(day, 1))).toEqual({ notified: 1 });
    expect(await noticesAbout(inThirty.code)).toHaveLength(2);
    expect(await noticesAbout(inThirtyOne.code)).toHaveLength(2);

    // A new due date earns a new notice when it comes near.
    const moved = await world.clerk.client.patch(`/api/document-files/${inThirty.id}`, {
      archiveDueDate: addDays(day, 200),
    });
    expect(moved.json().archiveNoticeAt).toBeNull();
    expect(await sweep(addDays(day, 1))).toEqual({ notified: 0 });
    expect(await sweep(addDays(day, 171))).toEqual({ notified: 1 });
    expect(await noticesAbout(inThirty.code)).toHaveLength(4);
  });

  it('runs as a job with its day in the data', async () => {
    const day = '2032-06-01';
    const file = await fileDue('Hồ sơ chạy bằng job', addDays(day, 5));
    await ctx.platform.jobs.send(ARCHIVE_NOTICE_QUEUE, { today: day });
    for (let i = 0; i < 100 && (await noticesAbout(file.code)).length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await noticesAbout(file.code)).toHaveLength(2);
  });
});

describe('files due for archive transfer', () => {
  it('lists the files in scope due within 30 days, overdue ones flagged', async () => {
    const soon = await fileDue('Hồ sơ sắp đến hạn', addDays(today, 10));
    const late = await fileDue('Hồ sơ quá hạn', addDays(today, -2));
    const later = await fileDue('Hồ sơ còn xa', addDays(today, 45));
    const response = await world.leader.client.get(
      `/api/document-files/archive-due?unitId=${world.province.id}`,
    );
    expect(response.statusCode).toBe(200);
    const due = response.json() as Array<{ id: string; daysLeft: number; isOverdue: boolean }>;
    const byId = new Map(due.map((f) => [f.id, f]));
    expect(byId.get(soon.id)).toMatchObject({ daysLeft: 10, isOverdue: false });
    expect(byId.get(late.id)).toMatchObject({ daysLeft: -2, isOverdue: true });
    expect(byId.has(later.id)).toBe(false);
    // Earliest first.
    expect(due.findIndex((f) => f.id === late.id)).toBeLessThan(due.findIndex((f) => f.id === soon.id));
    const wider = (await world.leader.client.get('/api/document-files/archive-due?days=60')).json();
    expect(wider.map((f: { id: string }) => f.id)).toContain(later.id);
    const neighbours = (
      await world.neighbourClerk.client.get('/api/document-files/archive-due?days=366')
    ).json();
    expect(neighbours).toEqual([]);
    // Registry notices are to the unit, not to a person.
    const registry = await ctx.platform.db
      .select()
      .from(notification)
      .where(and(isNull(notification.staffId), inArray(notification.unitId, [world.neighbour.id])));
    expect(registry.filter((n) => n.kind === 'file.archive_due')).toEqual([]);
  });
});
