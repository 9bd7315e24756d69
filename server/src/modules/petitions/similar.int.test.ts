import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { systemAuditContext } from '../../platform/audit/index.ts';
import { signedInStaff } from '../messaging/test-support/people.ts';
import { createPetition, type NewPetition } from './intake.ts';
import { findSimilarPetitions } from './similar.repository.ts';
import { foldVietnamese, similarityTerms } from './similarity.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

interface Pair {
  a: string;
  b: string;
  similar: boolean;
  note?: string;
}
const pairs: Pair[] = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'similarity-data', 'pairs.json'), 'utf8'),
);
/** The labelled clusters: texts of similar pairs grouped by the cluster named in the note. */
const clusters = new Map<string, Set<string>>();
for (const pair of pairs.filter((p) => p.similar)) {
  const id = (pair.note ?? '').split(':')[0]!;
  const texts = clusters.get(id) ?? new Set<string>();
  texts.add(pair.a).add(pair.b);
  clusters.set(id, texts);
}
const allTexts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];

let tree: Awaited<ReturnType<typeof buildTree>>;
const titleOf = (text: string) => text.split(/[.,:;]/)[0]!.slice(0, 120);

async function file(input: Partial<NewPetition> & { description: string }) {
  return db.transaction((tx) =>
    createPetition(tx, systemAuditContext, {
      unitId: tree.communeA.id,
      subjectCode: 'khac',
      title: titleOf(input.description),
      channel: 'session',
      ...input,
    }),
  );
}

/** Labelled text → petition id, all in commune A (subject "khac"). */
const idOfText = new Map<string, string>();

beforeAll(async () => {
  tree = await buildTree(db);
  for (const text of allTexts) idOfText.set(text, (await file({ description: text })).id);
  await db.execute(sql`ANALYZE petition`);
});

describe('the stored terms', () => {
  it('the database function gives the same terms as similarityTerms() for every labelled text', async () => {
    const mismatches: string[] = [];
    for (const text of allTexts) {
      const folded = foldVietnamese(text);
      const result = await db.execute<{ terms: string[] }>(
        sql`SELECT tsvector_to_array(petition_similarity_terms(${folded}, NULL)) AS terms`,
      );
      const expected = similarityTerms(folded).sort();
      const actual = [...result.rows[0]!.terms].sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps the column on every write, with the subject as a term', async () => {
    const id = idOfText.get(allTexts[0]!)!;
    const row = await db.execute<{ terms: string[] }>(
      sql`SELECT tsvector_to_array(similarity_terms) AS terms FROM petition WHERE id = ${id}`,
    );
    expect(row.rows[0]!.terms).toContain('@khac');
    expect(row.rows[0]!.terms).toEqual(
      expect.arrayContaining(similarityTerms(foldVietnamese(`${titleOf(allTexts[0]!)} ${allTexts[0]}`))),
    );
    await db.execute(
      sql`UPDATE petition SET folded = 'sat lo bo song hong', subject_code = 'moi-truong' WHERE id = ${id}`,
    );
    const updated = await db.execute<{ terms: string[] }>(
      sql`SELECT tsvector_to_array(similarity_terms) AS terms FROM petition WHERE id = ${id}`,
    );
    expect(updated.rows[0]!.terms.sort()).toEqual(['@moi-truong', 'bo_song', 'lo_bo', 'sat_lo', 'song_hong']);
    await db.execute(
      sql`UPDATE petition SET folded = ${foldVietnamese(`${titleOf(allTexts[0]!)} ${allTexts[0]}`)}, subject_code = 'khac' WHERE id = ${id}`,
    );
  });
});

describe('findSimilarPetitions', () => {
  it('finds the other texts of a labelled cluster among the first five (retrieval recall)', async () => {
    let expected = 0;
    let found = 0;
    const missed: string[] = [];
    for (const [cluster, texts] of clusters) {
      for (const text of texts) {
        const results = await findSimilarPetitions(db, {
          text,
          unitId: tree.communeA.id,
          subjectCode: 'khac',
          excludeId: idOfText.get(text)!,
          limit: 5,
        });
        const ids = new Set(results.map((r) => r.id));
        for (const mate of texts) {
          if (mate === text) continue;
          expected++;
          if (ids.has(idOfText.get(mate)!)) found++;
          else missed.push(`${cluster}: ${text.slice(0, 50)} → ${mate.slice(0, 50)}`);
        }
      }
    }
    const recall = found / expected;
    console.log(
      `retrieval recall@5 over the labelled clusters: ${(recall * 100).toFixed(1)} % (${found}/${expected})`,
    );
    if (missed.length) console.log(`missed:\n  ${missed.slice(0, 15).join('\n  ')}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('suggests as the text is typed, by the part typed so far', async () => {
    const results = await findSimilarPetitions(db, { text: 'cầu treo bản Nà Lầu', unitId: tree.communeA.id });
    expect(results[0]?.excerpt).toMatch(/Nà Lầu|Na Lau/);
    expect(await findSimilarPetitions(db, { text: 'đề nghị các cấp' })).toEqual([]);
  });

  it('stays in the area (unit, ancestors, descendants) and subject, across sessions and terms, with the published answer', async () => {
    const text =
      'Đề nghị nạo vét kênh Bà Lài đoạn qua ấp Phước Lộc, kênh bị bồi lấp, nước thải ứ đọng gây ô nhiễm.';
    const elsewhere = await file({ description: text, unitId: tree.communeB.id, subjectCode: 'moi-truong' });
    const province = await file({
      description: `${text} (kiến nghị ở kỳ họp trước)`,
      unitId: tree.provinceA.id,
      subjectCode: 'moi-truong',
      term: '2016-2021',
    });
    await db.execute(
      sql`UPDATE petition SET status = 'answered', answered_at = now() - interval '3 years' WHERE id = ${province.id}`,
    );
    await db.execute(sql`
      INSERT INTO petition_answer (petition_id, summary, answered_at, published_at) VALUES
        (${province.id}, 'Đã đưa kênh Bà Lài vào kế hoạch nạo vét năm 2023.', now() - interval '3 years', now() - interval '3 years'),
        (${province.id}, 'Bản nháp chưa công bố.', now(), NULL)`);
    const otherSubject = await file({ description: text, subjectCode: 'giao-thong' });

    const results = await findSimilarPetitions(db, {
      text: 'Kênh Bà Lài ấp Phước Lộc bồi lấp, ô nhiễm, cần nạo vét',
      unitId: tree.communeA.id,
      subjectCode: 'moi-truong',
    });
    expect(results.map((r) => r.id)).toEqual([province.id]);
    expect(results[0]).toMatchObject({
      status: 'answered',
      term: '2016-2021',
      unitId: tree.provinceA.id,
      subjectCode: 'moi-truong',
      answer: { summary: 'Đã đưa kênh Bà Lài vào kế hoạch nạo vét năm 2023.' },
      isLikelyRepeat: true,
    });
    expect(results[0]!.trackingCode).toMatch(/^KN-/);
    // Without an area, the other commune's and the other subject's come too.
    const everywhere = await findSimilarPetitions(db, { text, limit: 10 });
    expect(everywhere.map((r) => r.id)).toEqual(
      expect.arrayContaining([elsewhere.id, province.id, otherSubject.id]),
    );
    // From the province, its communes are in the area (descendants).
    const fromProvince = await findSimilarPetitions(db, { text, unitId: tree.provinceA.id, limit: 10 });
    expect(fromProvince.map((r) => r.id)).toEqual(expect.arrayContaining([province.id, otherSubject.id]));
    expect(fromProvince.map((r) => r.id)).not.toContain(elsewhere.id);
  });

  it('suggests the petition a repeat was merged into, never drafts, rejected or (publicly) hidden ones', async () => {
    const text = 'Đề nghị sửa chữa trạm bơm Cống Xuyên, máy bơm hỏng, ruộng lúa xóm Trại bị úng.';
    // Subject "nong-nghiep": the labelled texts (subject "khac") include another broken pump.
    const subjectCode = 'nong-nghiep';
    const primary = await file({
      description: `Trạm bơm Cống Xuyên hỏng máy, xóm Trại bị úng lúa. ${text}`,
      subjectCode,
    });
    const member = await file({ description: text, subjectCode });
    await db.execute(
      sql`UPDATE petition SET status = 'merged', merged_into_id = ${primary.id} WHERE id = ${member.id}`,
    );
    const draft = await file({ description: text, status: 'draft', subjectCode });
    const rejected = await file({ description: text, subjectCode });
    await db.execute(sql`UPDATE petition SET status = 'rejected' WHERE id = ${rejected.id}`);
    const hidden = await file({ description: `${text} Bà con rất bức xúc.`, subjectCode });
    await db.execute(
      sql`UPDATE petition SET hidden_at = now(), hidden_reason = 'lộ thông tin' WHERE id = ${hidden.id}`,
    );

    const publicResults = await findSimilarPetitions(db, { text, subjectCode });
    const publicIds = publicResults.map((r) => r.id);
    expect(publicIds).toEqual([primary.id]);
    expect(publicResults[0]!.matchedMergedId).toBe(member.id);
    expect(publicIds).not.toContain(draft.id);

    const staffIds = (await findSimilarPetitions(db, { text, subjectCode, audience: 'staff' })).map(
      (r) => r.id,
    );
    expect(staffIds).toEqual(expect.arrayContaining([primary.id, hidden.id]));
    expect(staffIds).not.toContain(rejected.id);
    // Looking at the primary itself: neither it nor what was merged into it.
    expect(
      (await findSimilarPetitions(db, { text, subjectCode, audience: 'staff', excludeId: primary.id })).map(
        (r) => r.id,
      ),
    ).toEqual([hidden.id]);
  });
});

describe('moderated text', () => {
  it('shows the public the redacted title and description, staff the original', async () => {
    const description =
      'Ông Trần Văn Lộc ở xóm Gò Mả lấn chiếm hành lang đê sông Đáy để xây nhà kho, đề nghị xử lý.';
    const redacted = 'Một hộ dân ở xóm Gò Mả lấn chiếm hành lang đê sông Đáy để xây nhà kho, đề nghị xử lý.';
    const petition = await file({ description, subjectCode: 'tu-phap' });
    await db.execute(sql`
      UPDATE petition SET public_title = 'Lấn chiếm hành lang đê sông Đáy', public_description = ${redacted},
                          redacted_at = now(), folded = ${foldVietnamese(`Lấn chiếm hành lang đê sông Đáy ${redacted}`)}
       WHERE id = ${petition.id}`);
    const text = 'lấn chiếm hành lang đê sông Đáy xóm Gò Mả xây nhà kho';
    const [shown] = await findSimilarPetitions(db, { text, subjectCode: 'tu-phap' });
    expect(shown).toMatchObject({ id: petition.id, title: 'Lấn chiếm hành lang đê sông Đáy' });
    expect(shown!.excerpt).toBe(redacted);
    const [staffView] = await findSimilarPetitions(db, { text, subjectCode: 'tu-phap', audience: 'staff' });
    expect(staffView!.excerpt).toContain('Trần Văn Lộc');
  });
});

describe('GET /api/petitions/similar', () => {
  let cadre: TestClient;
  let outsider: TestClient;
  let stranger: TestClient;
  const text = 'Xe tải chở đất quá tải chạy qua đường thôn Vĩnh Hòa làm hỏng mặt đường, bụi mù mịt.';
  let petitionId: string;

  beforeAll(async () => {
    ({ client: cadre } = await signedInStaff(ctx, tree.communeA.id, { permissions: ['petitions.read'] }));
    ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, { permissions: ['petitions.read'] }));
    ({ client: stranger } = await signedInStaff(ctx, tree.communeA.id, { permissions: [] }));
    petitionId = (
      await db.transaction((tx) =>
        createPetition(tx, systemAuditContext, {
          unitId: tree.communeA.id,
          subjectCode: 'giao-thong',
          title: 'Xe quá tải làm hỏng đường thôn Vĩnh Hòa',
          description: text,
          channel: 'phone',
          petitioner: { name: 'Lê Thị Bảo Mật', phone: '0987 654 321', consent: true },
        }),
      )
    ).id;
  });

  const url = (params: Record<string, string>) => `/api/petitions/similar?${new URLSearchParams(params)}`;

  it('answers the cadre as they type, in scope, without personal data', async () => {
    const response = await cadre.get(
      url({
        text: 'xe tai qua tai duong thon Vinh Hoa',
        unitId: tree.communeA.id,
        subjectCode: 'giao-thong',
        excludeId: '',
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.repeatThreshold).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ id: petitionId, subjectCode: 'giao-thong', status: 'received' });
    expect(response.body).not.toContain('Bảo Mật');
    expect(response.body).not.toContain('0987');
  });

  it('shows nothing outside the caller’s subtree', async () => {
    const response = await outsider.get(url({ text }));
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((r: { id: string }) => r.id)).not.toContain(petitionId);
  });

  it('refuses the anonymous (401) and staff without petitions.read (403)', async () => {
    expect((await ctx.client().get(url({ text }))).statusCode).toBe(401);
    expect((await stranger.get(url({ text }))).statusCode).toBe(403);
  });

  it('says in Vietnamese what to fix', async () => {
    const empty = await cadre.get(url({ text: '   ' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Chưa nhập nội dung');
    const badUnit = await cadre.get(url({ text, unitId: 'xa-an-binh' }));
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.body).toContain('Mã đơn vị không hợp lệ');
    const badSubject = await cadre.get(url({ text, subjectCode: "x' OR 1=1" }));
    expect(badSubject.statusCode).toBe(400);
    const tooMany = await cadre.get(url({ text, limit: '500' }));
    expect(tooMany.statusCode).toBe(400);
  });
});
