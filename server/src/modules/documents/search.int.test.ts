import type { DocumentSearchHit } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { document, documentRegister } from './documents.schema.ts';
import { buildDocumentsWorld } from './test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let ids: Record<string, string>;
let typeIds: { decision: string; plan: string };
let registerId: string;

type Doc = Partial<typeof document.$inferInsert> & { subject: string };

beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
  const db = ctx.platform.db;
  const types = await db.execute<{ id: string; code: string }>(
    sql`SELECT id, code FROM document_type WHERE unit_id IS NULL AND code IN ('QĐ', 'KH')`,
  );
  const typeId = (code: string) => types.rows.find((t) => t.code === code)!.id;
  typeIds = { decision: typeId('QĐ'), plan: typeId('KH') };
  const [register] = await db
    .insert(documentRegister)
    .values({ unitId: world.province.id, kind: 'incoming', name: 'Sổ văn bản đến (tìm kiếm)' })
    .returning();
  registerId = register!.id;

  const docs: Record<string, Doc> = {
    // Words with their diacritics, in the subject.
    decision: {
      subject: 'Quyết định thành lập Ban Chỉ đạo Ngày hội Đại đoàn kết toàn dân tộc năm 2026',
      typeId: typeIds.decision,
      typeName: 'Quyết định',
      codeNumber: '123',
      codeNotation: 'QĐ-UBND',
      organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
      direction: 'incoming',
      status: 'registered',
      registerId: registerId,
      issuedDate: '2026-03-10',
      arrivalDate: new Date('2026-03-11T02:00:00Z'),
    },
    // The same letters without marks: "quyet dinh" only folds to it.
    unmarked: {
      subject: 'Bao cao quyet dinh cua hoi nghi (ban khong dau)',
      codeNumber: '1123',
      codeNotation: 'QĐ-UBND',
      direction: 'incoming',
      status: 'registered',
      issuedDate: '2026-05-02',
    },
    // "quyết" and "định" far apart: not the phrase.
    apart: {
      subject: 'Kế hoạch quyết tâm thực hiện, xác định nhiệm vụ trọng tâm',
      typeId: typeIds.plan,
      typeName: 'Kế hoạch',
      codeNumber: '07',
      codeNotation: 'KH-MTTQ-BTT',
      direction: 'outgoing',
      status: 'issued',
      issuedDate: '2026-06-15',
    },
    // Old tone placement in the subject; OCR text in the body.
    oldTone: {
      subject: 'Báo cáo công tác thủy lợi và phòng chống thiên tai vùng Hòa Bình',
      codeNumber: '45',
      codeNotation: 'BC-MTTQ-BTT',
      direction: 'outgoing',
      status: 'issued',
      issuedDate: '2025-12-20',
      bodyText: 'Nội dung quét: đề nghị các đơn vị triển khai Đề án 06 về dữ liệu dân cư trên địa bàn.',
    },
    xss: {
      subject: 'Giấy mời họp <script>alert("xss")</script> & <img src=x onerror=alert(1)>',
      codeNumber: '09',
      codeNotation: 'GM-MTTQ-BTT',
      direction: 'outgoing',
      status: 'issued',
      issuedDate: '2026-01-05',
    },
    department: {
      subject: 'Hướng dẫn tuyên truyền cuộc vận động của Ban Tuyên giáo',
      unitId: world.department.id,
      codeNumber: '12',
      codeNotation: 'HD-MTTQ-BTG',
      direction: 'outgoing',
      status: 'issued',
      issuedDate: '2026-02-01',
    },
    neighbour: {
      subject: 'Quyết định thành lập Ban Chỉ đạo của tỉnh Láng Giềng',
      unitId: world.neighbour.id,
      codeNumber: '123',
      codeNotation: 'QĐ-UBND',
      direction: 'incoming',
      status: 'registered',
      issuedDate: '2026-03-10',
    },
  };
  ids = {};
  for (const [name, doc] of Object.entries(docs)) {
    const [row] = await db
      .insert(document)
      .values({ unitId: world.province.id, direction: 'incoming', status: 'registered', ...doc })
      .returning({ id: document.id });
    ids[name] = row!.id;
  }
});
afterAll(() => ctx.close());

async function search(params: Record<string, string>, client = world.specialist.client) {
  const response = await client.get(`/api/documents/search?${new URLSearchParams(params)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as DocumentSearchHit[];
}
const idsOf = (hits: DocumentSearchHit[]) => hits.map((h) => h.id);

describe('searching words', () => {
  it('finds "quyết định" when typed without diacritics', async () => {
    const hits = await search({ q: 'quyet dinh' });
    expect(idsOf(hits)).toEqual(expect.arrayContaining([ids.decision, ids.unmarked, ids.apart]));
  });

  it('ranks matches with the diacritics as typed first', async () => {
    const typed = await search({ q: 'quyết định' });
    expect(typed[0]).toMatchObject({ id: ids.decision, match: 'exact' });
    expect(typed.find((h) => h.id === ids.unmarked)?.match).toBe('folded');
    const bare = await search({ q: 'quyet dinh' });
    expect(bare[0]).toMatchObject({ id: ids.unmarked, match: 'exact' });
  });

  it('treats old and new tone placement (thủy/thuỷ, Hòa/Hoà) and decomposed Unicode alike', async () => {
    for (const q of ['thuỷ lợi', 'thủy lợi', 'hoà bình', 'thu\u0309y lơ\u0323i']) {
      const hits = await search({ q });
      expect(hits[0], q).toMatchObject({ id: ids.oldTone, match: 'exact' });
    }
  });

  it('matches a phrase only when the words are adjacent', async () => {
    const hits = await search({ q: '"quyết định"' });
    expect(idsOf(hits)).toContain(ids.decision);
    expect(idsOf(hits)).not.toContain(ids.apart);
    expect(idsOf(await search({ q: 'quyết định' }))).toContain(ids.apart);
  });

  it('searches the issuing body and the OCR text, and highlights the matched words', async () => {
    const [byOrgan] = await search({ q: 'uy ban nhan dan' });
    expect(byOrgan?.id).toBe(ids.decision);
    const [byBody] = await search({ q: 'de an 06 dan cu' });
    expect(byBody?.id).toBe(ids.oldTone);
    expect(byBody?.highlight.body).toContain('<mark>Đề</mark> <mark>án</mark> <mark>06</mark>');
    const [bySubject] = await search({ q: 'thanh lap' });
    expect(bySubject?.highlight.subject).toContain('<mark>thành</mark> <mark>lập</mark>');
  });

  it('escapes HTML from the subject in the highlight (no script comes back as markup)', async () => {
    const [hit] = await search({ q: 'giấy mời' });
    expect(hit?.id).toBe(ids.xss);
    expect(hit?.highlight.subject).toBe(
      '<mark>Giấy</mark> <mark>mời</mark> họp &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
    const bySymbol = await search({ q: '09/GM-MTTQ-BTT' });
    expect(bySymbol[0]?.highlight.subject).not.toContain('<script>');
  });
});

describe('filters', () => {
  const q = 'quyet dinh';
  it('by type, status, register and direction', async () => {
    expect(idsOf(await search({ q, typeId: typeIds.plan }))).toEqual([ids.apart]);
    expect(idsOf(await search({ q, status: 'issued' }))).toEqual([ids.apart]);
    expect(idsOf(await search({ q, registerId }))).toEqual([ids.decision]);
    expect(idsOf(await search({ q, direction: 'outgoing' }))).toEqual([ids.apart]);
    expect((await search({ q, direction: 'incoming' })).map((h) => h.id).sort()).toEqual(
      [ids.decision, ids.unmarked].sort(),
    );
  });

  it('by issued date range and by arrival date (Vietnam days)', async () => {
    expect(idsOf(await search({ q, issuedFrom: '2026-05-01', issuedTo: '2026-05-31' }))).toEqual([
      ids.unmarked,
    ]);
    expect(idsOf(await search({ q, arrivalFrom: '2026-03-11', arrivalTo: '2026-03-11' }))).toEqual([
      ids.decision,
    ]);
    expect(await search({ q, arrivalFrom: '2026-03-12' })).toEqual([]);
  });

  it('by unit, with its subtree', async () => {
    const below = await search({ q: 'huong dan tuyen truyen', unitId: world.province.id });
    expect(idsOf(below)).toEqual([ids.department]);
    expect(await search({ q: 'quyet dinh', unitId: world.department.id })).toEqual([]);
  });

  it('lists by filters alone, newest first', async () => {
    const hits = await search({ direction: 'outgoing' });
    expect(idsOf(hits)).toEqual([ids.apart, ids.department, ids.xss, ids.oldTone]);
    expect(hits.every((h) => h.match === 'filter')).toBe(true);
  });
});

describe('document symbols', () => {
  it('finds a symbol exactly, whatever the case, marks or leading zeros', async () => {
    for (const q of ['123/QĐ-UBND', '123/qd-ubnd', '0123/QĐ-UBND']) {
      const hits = await search({ q });
      expect(idsOf(hits), q).toEqual([ids.decision]);
      expect(hits[0]?.match).toBe('symbol_exact');
    }
    expect(idsOf(await search({ q: '7/KH-MTTQ-BTT' }))).toEqual([ids.apart]);
  });

  it('by prefix and by substring, exact and prefix matches first', async () => {
    const prefix = await search({ symbol: '12' });
    expect(prefix.map((h) => [h.id, h.match])).toEqual(
      expect.arrayContaining([
        [ids.decision, 'symbol_prefix'],
        [ids.department, 'symbol_prefix'],
      ]),
    );
    const substring = await search({ q: 'QĐ-UBND' });
    expect(substring.map((h) => h.id).sort()).toEqual([ids.decision, ids.unmarked].sort());
    expect(substring.every((h) => h.match === 'symbol_substring')).toBe(true);
    // LIKE wildcards typed in a symbol are literal characters: "12%" and "1_3" match nothing here.
    expect(await search({ symbol: '12%' })).toEqual([]);
    expect(await search({ symbol: '1_3/QĐ' })).toEqual([]);
    const ordered = await search({ symbol: '123/QĐ' });
    expect(ordered.map((h) => [h.id, h.match])).toEqual([
      [ids.decision, 'symbol_prefix'],
      [ids.unmarked, 'symbol_substring'],
    ]);
  });
});

describe('who sees what', () => {
  it('never returns a document of another province', async () => {
    for (const q of ['quyet dinh thanh lap', '123/QĐ-UBND', 'Láng Giềng']) {
      expect(idsOf(await search({ q }))).not.toContain(ids.neighbour);
    }
    expect(idsOf(await search({ q: 'quyet dinh', unitId: world.neighbour.id }))).toEqual([]);
    const theirs = await search({ q: '123/QĐ-UBND' }, world.neighbourSpecialist.client);
    expect(idsOf(theirs)).toEqual([ids.neighbour]);
  });

  it('a department specialist sees only the department subtree', async () => {
    const hits = await search({ q: 'quyet dinh' }, world.deptSpecialist.client);
    expect(hits).toEqual([]);
    expect(idsOf(await search({ q: 'tuyen truyen' }, world.deptSpecialist.client))).toEqual([ids.department]);
  });

  it('requires signing in', async () => {
    const response = await ctx.client().get('/api/documents/search?q=quyet');
    expect(response.statusCode).toBe(401);
  });
});

describe('bad input', () => {
  const bad = async (params: Record<string, string>) => {
    const response = await world.specialist.client.get(
      `/api/documents/search?${new URLSearchParams(params)}`,
    );
    expect(response.statusCode).toBe(400);
    return response.json().error as { code: string; message: string; issues?: Array<{ message: string }> };
  };

  it('refuses a query that is too long, with a Vietnamese message', async () => {
    const error = await bad({ q: 'quyết định '.repeat(30) });
    expect(error.issues?.[0]?.message).toContain('Từ khoá tìm kiếm dài quá 200 ký tự');
  });

  it('refuses bad dates and a range that ends before it starts', async () => {
    expect((await bad({ q: 'x', issuedFrom: '2026-13-45' })).issues?.[0]?.message).toContain(
      'issuedFrom phải là ngày dạng YYYY-MM-DD',
    );
    expect((await bad({ issuedFrom: '2026-05-01', issuedTo: '2026-04-01' })).issues?.[0]?.message).toContain(
      'Ngày ban hành "đến" phải sau ngày "từ"',
    );
    expect(
      (await bad({ arrivalFrom: '2026-05-01', arrivalTo: '2026-04-01' })).issues?.[0]?.message,
    ).toContain('Ngày đến "đến" phải sau ngày "từ"');
  });

  it('refuses a query of punctuation only, and too large pages', async () => {
    expect((await bad({ q: '!!! ...' })).message).toBe('Từ khoá tìm kiếm cần có ít nhất một chữ hoặc số.');
    await bad({ q: 'x', limit: '500' });
  });
});

describe('after a reorganisation', () => {
  it('searches a moved unit’s documents in its new parent’s scope, no longer in the old one', async () => {
    const db = ctx.platform.db;
    const commune = await buildUnit(db, {
      parentId: world.province.id,
      name: 'Ủy ban MTTQ xã Chuyển Đi',
      levelId: 'commune',
      symbol: 'MTTQ-BTT',
    });
    const [moved] = await db
      .insert(document)
      .values({
        unitId: commune.id,
        direction: 'outgoing',
        status: 'issued',
        subject: 'Biên bản hòa giải ở cơ sở tại xã Chuyển Đi',
        codeNumber: '31',
        codeNotation: 'BB-MTTQ-BTT',
        issuedDate: '2026-04-01',
      })
      .returning({ id: document.id });
    expect(idsOf(await search({ q: 'hoa giai chuyen di' }))).toEqual([moved!.id]);
    expect(idsOf(await search({ q: 'hoa giai chuyen di' }, world.neighbourSpecialist.client))).toEqual([]);

    // What a reorganisation does to a moved unit (organisation's moveSubtrees): a new parent and path.
    await db.execute(sql`
      UPDATE unit u SET parent_id = p.id, path = p.path || u.node::text
        FROM unit p WHERE p.id = ${world.neighbour.id} AND u.id = ${commune.id}`);

    expect(idsOf(await search({ q: 'hoa giai chuyen di' }))).toEqual([]);
    expect(idsOf(await search({ q: '31/BB-MTTQ-BTT' }))).toEqual([]);
    const theirs = world.neighbourSpecialist.client;
    expect(idsOf(await search({ q: 'hoa giai chuyen di' }, theirs))).toEqual([moved!.id]);
    expect(idsOf(await search({ q: 'hoa giai', unitId: commune.id }, theirs))).toEqual([moved!.id]);
    expect(idsOf(await search({ q: '31/BB-MTTQ-BTT' }, theirs))).toEqual([moved!.id]);
  });
});
