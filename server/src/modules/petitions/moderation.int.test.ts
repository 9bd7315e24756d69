import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { systemAuditContext } from '../../platform/audit/index.ts';
import { signedInStaff } from '../messaging/test-support/people.ts';
import { createPetition, type PetitionerInput } from './intake.ts';
import { ANONYMISE_QUEUE, anonymisePetitioners } from './privacy.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let tree: Awaited<ReturnType<typeof buildTree>>;
let moderator: TestClient; // province A: read + moderate
let clerk: TestClient; // province A: read + intake, no moderation
let privacyOfficer: TestClient; // province A: read + personal data

const PHONE = '0912 345 678';

async function petition(options: { petitioner?: PetitionerInput; description?: string } = {}) {
  return db.transaction(
    async (tx) =>
      (
        await createPetition(tx, systemAuditContext, {
          unitId: tree.communeA.id,
          subjectCode: 'an-ninh',
          title: 'Ông Nguyễn Văn Tèo gây mất trật tự',
          description:
            options.description ??
            `Ông Nguyễn Văn Tèo (số điện thoại ${PHONE}) thường xuyên mở nhạc lớn ban đêm, ông Nguyễn Văn Tèo không chấp hành nhắc nhở.`,
          channel: 'phone',
          petitioner: options.petitioner ?? null,
        })
      ).id,
  );
}

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: moderator } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.moderate'],
  }));
  ({ client: clerk } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.intake'],
  }));
  ({ client: privacyOfficer } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.personal_data'],
  }));
});

describe('moderation', () => {
  it('hides with a reason shown publicly, or kept internal when sensitive; restores', async () => {
    const id = await petition();
    expect((await clerk.post(`/api/petitions/${id}/hide`, { reason: 'Không phù hợp' })).statusCode).toBe(403);
    const noReason = await moderator.post(`/api/petitions/${id}/hide`, {});
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json().error.issues)).toContain('Cần nêu lý do');

    const hidden = await moderator.post(`/api/petitions/${id}/hide`, {
      reason: 'Nội dung trùng lặp, đăng nhiều lần.',
    });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json()).toMatchObject({
      isHidden: true,
      hiddenReason: 'Nội dung trùng lặp, đăng nhiều lần.',
    });
    expect(hidden.json().timeline.at(-1)).toMatchObject({
      kind: 'hidden',
      status: 'received',
      publicNote: 'Kiến nghị đã được ẩn khỏi trang công khai. Lý do: Nội dung trùng lặp, đăng nhiều lần.',
      internalNote: 'Nội dung trùng lặp, đăng nhiều lần.',
    });
    expect((await moderator.post(`/api/petitions/${id}/hide`, { reason: 'Lần nữa' })).statusCode).toBe(409);
    const list = (await moderator.get(`/api/petitions?unitId=${tree.communeA.id}&hidden=true`)).json();
    expect(list.items.map((p: { id: string }) => p.id)).toContain(id);

    const restored = await moderator.post(`/api/petitions/${id}/restore`, {
      reason: 'Đã xác minh là kiến nghị thật.',
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ isHidden: false, hiddenAt: null, hiddenReason: null });
    expect(restored.json().timeline.at(-1)).toMatchObject({ kind: 'restored' });
    expect((await moderator.post(`/api/petitions/${id}/restore`, { reason: 'Không có gì' })).statusCode).toBe(
      409,
    );

    const sensitive = await moderator.post(`/api/petitions/${id}/hide`, {
      reason: 'Nêu đích danh người bệnh HIV.',
      sensitive: true,
    });
    expect(sensitive.json().timeline.at(-1)).toMatchObject({
      publicNote: 'Kiến nghị đã được ẩn khỏi trang công khai.',
      internalNote: 'Nêu đích danh người bệnh HIV.',
    });
  });

  it('redacts parts of the public text, keeps the original for staff, and leaks the removed text nowhere', async () => {
    const id = await petition();
    const response = await moderator.post(`/api/petitions/${id}/redact`, {
      replacements: [{ text: 'Nguyễn Văn Tèo' }, { text: PHONE, replacement: '[số điện thoại]' }],
      reason: 'Che thông tin cá nhân của người bị phản ánh.',
      sensitive: true,
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({
      isRedacted: true,
      title: 'Ông Nguyễn Văn Tèo gây mất trật tự',
      publicTitle: 'Ông [đã ẩn] gây mất trật tự',
      publicDescription:
        'Ông [đã ẩn] (số điện thoại [số điện thoại]) thường xuyên mở nhạc lớn ban đêm, ông [đã ẩn] không chấp hành nhắc nhở.',
    });
    expect(detail.description).toContain(PHONE);
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'redacted',
      publicNote: 'Một phần nội dung kiến nghị đã được biên tập trước khi công khai.',
    });
    const leaks = await db.execute<{ n: number }>(sql`
      SELECT (SELECT count(*) FROM audit_log WHERE after::text LIKE ${`%${PHONE}%`})
           + (SELECT count(*) FROM petition_event WHERE coalesce(public_note, '') || coalesce(internal_note, '') || data::text LIKE ${`%${PHONE}%`})
           AS n`);
    expect(Number(leaks.rows[0]!.n)).toBe(0);
    const folded = await db.execute<{ folded: string }>(sql`SELECT folded FROM petition WHERE id = ${id}`);
    expect(folded.rows[0]!.folded).not.toContain('teo');
    expect(folded.rows[0]!.folded).not.toContain('0912');

    // Redactions add up; a text not in the public version is refused and nothing changes.
    const missing = await moderator.post(`/api/petitions/${id}/redact`, {
      replacements: [{ text: 'nhạc lớn' }, { text: 'Nguyễn Văn Tèo' }],
      reason: 'Che thêm.',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('Không tìm thấy đoạn cần che');
    expect(missing.json().error.issues).toEqual([
      { path: 'body.replacements.1.text', message: expect.stringContaining('Không có') },
    ]);
    const more = await moderator.post(`/api/petitions/${id}/redact`, {
      replacements: [{ text: 'nhạc lớn', replacement: '…' }],
      reason: 'Che thêm.',
    });
    expect(more.json().publicDescription).toContain('mở … ban đêm');
    expect(more.json().publicDescription).toContain('[số điện thoại]');

    const everything = await moderator.post(`/api/petitions/${id}/redact`, {
      replacements: [{ text: 'Ông [đã ẩn] gây mất trật tự', replacement: ' ' }],
      reason: 'Xóa tiêu đề.',
    });
    expect(everything.statusCode).toBe(400);
    expect(everything.json().error.message).toContain('trống');

    const restored = await moderator.post(`/api/petitions/${id}/restore`, {
      reason: 'Người bị phản ánh đồng ý.',
      undo: ['redacted'],
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ isRedacted: false, publicTitle: null, publicDescription: null });
    const refolded = await db.execute<{ folded: string }>(sql`SELECT folded FROM petition WHERE id = ${id}`);
    expect(refolded.rows[0]!.folded).toContain('nguyen van teo');
  });
});

describe('anonymisation of old petitioners', () => {
  it('blanks the petitioners of petitions settled long ago, stamps them, and leaves the rest', async () => {
    const person = (name: string): PetitionerInput => ({
      name,
      phone: '0988 000 111',
      email: `${name.replaceAll(' ', '.').normalize('NFD').replace(/\p{M}/gu, '')}@example.vn`,
      address: 'thôn 1',
      consent: true,
      notifyByEmail: true,
    });
    const old = await petition({ petitioner: person('Cũ Lâu Rồi') });
    const recent = await petition({ petitioner: person('Mới Đóng') });
    const open = await petition({ petitioner: person('Đang Mở') });
    const primary = await petition();
    const member = await petition({ petitioner: person('Đã Gộp') });
    await db.execute(sql`
      UPDATE petition SET status = 'closed', closed_at = now() - interval '800 days'
       WHERE id IN (${old}, ${primary})`);
    await db.execute(
      sql`UPDATE petition SET status = 'closed', closed_at = now() - interval '10 days' WHERE id = ${recent}`,
    );
    await db.execute(
      sql`UPDATE petition SET status = 'merged', merged_into_id = ${primary} WHERE id = ${member}`,
    );

    const result = await anonymisePetitioners(db, { afterDays: 730, batchSize: 1 });
    expect(result.anonymised).toBe(2);
    const rows = await db.execute<{
      petition_id: string;
      name: string | null;
      phone: string | null;
      email: string | null;
      address: string | null;
      notify_by_email: boolean;
      anonymised_at: string | null;
    }>(sql`
      SELECT petition_id, name, phone, email, address, notify_by_email, anonymised_at FROM petition_person
       WHERE petition_id IN (${old}, ${recent}, ${open}, ${member})`);
    const byId = new Map(rows.rows.map((r) => [r.petition_id, r]));
    for (const id of [old, member])
      expect(byId.get(id)).toMatchObject({
        name: null,
        phone: null,
        email: null,
        address: null,
        notify_by_email: false,
        anonymised_at: expect.any(String),
      });
    expect(byId.get(recent)).toMatchObject({ name: 'Mới Đóng', anonymised_at: null });
    expect(byId.get(open)).toMatchObject({ name: 'Đang Mở', anonymised_at: null });

    // One audit entry per batch; running again changes nothing.
    const audits = await db.execute<{ after: { petitionIds: string[] } }>(sql`
      SELECT after FROM audit_log WHERE action = 'petition.personal_data.anonymise' ORDER BY id`);
    expect(audits.rows.flatMap((r) => r.after.petitionIds).sort()).toEqual([old, member].sort());
    expect((await anonymisePetitioners(db, { afterDays: 730 })).anonymised).toBe(0);

    // Staff see that the data is gone; the view is still audited.
    const view = await privacyOfficer.get(`/api/petitions/${old}/petitioner`);
    expect(view.json()).toMatchObject({
      recorded: true,
      name: null,
      phone: null,
      anonymisedAt: expect.any(String),
    });
    expect((await privacyOfficer.get(`/api/petitions/${old}`)).json().petitioner).toEqual({
      recorded: false,
      anonymised: true,
    });
  });

  it('runs as the daily job with PETITIONS_ANONYMISE_AFTER_DAYS (730 by default)', async () => {
    expect(ctx.platform.config.PETITIONS_ANONYMISE_AFTER_DAYS).toBe(730);
    const due = await petition({ petitioner: { name: 'Qua Hạn', consent: true } });
    const notYet = await petition({ petitioner: { name: 'Chưa Tới Hạn', consent: true } });
    await db.execute(
      sql`UPDATE petition SET status = 'rejected', closed_at = now() - interval '731 days' WHERE id = ${due}`,
    );
    await db.execute(
      sql`UPDATE petition SET status = 'rejected', closed_at = now() - interval '729 days' WHERE id = ${notYet}`,
    );
    await ctx.platform.jobs.send(ANONYMISE_QUEUE, {});
    const nameOf = async (id: string) =>
      (
        await db.execute<{ name: string | null }>(
          sql`SELECT name FROM petition_person WHERE petition_id = ${id}`,
        )
      ).rows[0]!.name;
    await expect.poll(() => nameOf(due), { timeout: 15_000, interval: 200 }).toBeNull();
    expect(await nameOf(notYet)).toBe('Chưa Tới Hạn');
  });
});
