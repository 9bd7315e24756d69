import { sql } from 'drizzle-orm';
import { html } from 'ghtml';
import type { Queryable } from '../../db/client.ts';
import { foldVietnamese, slugify } from '../../platform/text/index.ts';
import type { ArticleStatus, MenuItem, SiteContact } from './portal.schema.ts';
import { htmlToText, sanitiseArticleHtml } from './sanitise.ts';

/**
 * The demo's public sites: Lâm Đồng (showing its communes' news) and two of its communes (those
 * with staff first, xã An Bình among them), each with the four usual categories, tags, a menu, a
 * contact and published articles about the Front's work over the last 60 days; the commune site
 * also has a draft and an article in review (never shown). Inserted directly, in the caller's
 * transaction (the demo seed).
 */

const DAY = 86_400_000;
const CATEGORIES = [
  ['Tin hoạt động', 'Hoạt động của Ủy ban Mặt trận và các tổ chức thành viên.'],
  ['Đại đoàn kết', 'Xây dựng khối đại đoàn kết toàn dân tộc ở khu dân cư.'],
  ['Cuộc vận động', 'Các cuộc vận động và phong trào thi đua do Mặt trận phát động.'],
  ['Giám sát và phản biện xã hội', 'Hoạt động giám sát, phản biện xã hội và góp ý xây dựng chính quyền.'],
] as const;
type CategoryIndex = 0 | 1 | 2 | 3;

interface DemoArticle {
  title: string;
  category: CategoryIndex;
  summary: string;
  lead: string;
  heading: string;
  detail: string;
  tags: string[];
  daysAgo: number;
  status?: ArticleStatus;
}

const PROVINCE_ARTICLES: DemoArticle[] = [
  {
    title: 'Hội nghị Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng lần thứ hai',
    category: 0,
    summary:
      'Hội nghị đánh giá kết quả công tác Mặt trận sáu tháng và triển khai nhiệm vụ những tháng cuối năm.',
    lead: 'Sáng nay, Ủy ban MTTQ Việt Nam tỉnh tổ chức hội nghị lần thứ hai với sự tham dự của các ủy viên và đại diện các tổ chức thành viên.',
    heading: 'Nhiệm vụ trọng tâm',
    detail:
      'Hội nghị thống nhất tập trung củng cố tổ chức sau sắp xếp, nâng cao chất lượng giám sát và đẩy mạnh chuyển đổi số trong công tác Mặt trận.',
    tags: ['Hội nghị', 'Chuyển đổi số'],
    daysAgo: 2,
  },
  {
    title: 'Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư năm 2026',
    category: 1,
    summary: 'Các khu dân cư trên địa bàn tỉnh đồng loạt tổ chức Ngày hội Đại đoàn kết toàn dân tộc.',
    lead: 'Hưởng ứng kỷ niệm ngày truyền thống Mặt trận Tổ quốc Việt Nam 18/11, hơn một nghìn khu dân cư đã tổ chức ngày hội.',
    heading: 'Gắn kết tình làng nghĩa xóm',
    detail:
      'Ngày hội là dịp biểu dương gia đình văn hóa tiêu biểu, trao quà cho hộ nghèo và phát động các phong trào thi đua ở khu dân cư.',
    tags: ['Ngày hội đại đoàn kết', 'Khu dân cư'],
    daysAgo: 5,
  },
  {
    title: 'Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" lan tỏa rộng khắp',
    category: 2,
    summary: 'Nhiều doanh nghiệp và hợp tác xã tham gia chương trình đưa hàng Việt về vùng sâu, vùng xa.',
    lead: 'Ban Thường trực Ủy ban MTTQ tỉnh phối hợp với Sở Công Thương tổ chức phiên chợ hàng Việt tại các xã vùng đồng bào dân tộc thiểu số.',
    heading: 'Kết quả bước đầu',
    detail:
      'Các phiên chợ thu hút hàng nghìn lượt người dân mua sắm, nhiều sản phẩm OCOP của địa phương được giới thiệu rộng rãi.',
    tags: ['Hàng Việt', 'OCOP'],
    daysAgo: 9,
  },
  {
    title: 'Giám sát việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo',
    category: 3,
    summary: 'Đoàn giám sát của Ủy ban MTTQ tỉnh làm việc tại một số xã về chính sách hỗ trợ nhà ở.',
    lead: 'Đoàn giám sát đã kiểm tra hồ sơ, gặp gỡ các hộ được hỗ trợ và ghi nhận kiến nghị của cử tri về tiến độ giải ngân.',
    heading: 'Kiến nghị sau giám sát',
    detail:
      'Đoàn đề nghị chính quyền các cấp rút ngắn thời gian thẩm định hồ sơ và công khai danh sách hộ được hỗ trợ tại nhà văn hóa thôn.',
    tags: ['Giám sát', 'Nhà ở cho hộ nghèo'],
    daysAgo: 14,
  },
  {
    title: 'Phát động ủng hộ Quỹ "Vì người nghèo" năm 2026',
    category: 2,
    summary: 'Lễ phát động nhận được sự hưởng ứng của các cơ quan, doanh nghiệp và nhà hảo tâm.',
    lead: 'Tại lễ phát động, các cơ quan, đơn vị, doanh nghiệp đã đăng ký ủng hộ Quỹ "Vì người nghèo" với tổng số tiền hơn 5 tỷ đồng.',
    heading: 'Sử dụng quỹ công khai, minh bạch',
    detail:
      'Toàn bộ số tiền ủng hộ được dùng để xây nhà Đại đoàn kết, hỗ trợ sinh kế và học bổng cho học sinh nghèo vượt khó.',
    tags: ['Vì người nghèo', 'An sinh xã hội'],
    daysAgo: 21,
  },
  {
    title: 'Trao 50 căn nhà Đại đoàn kết cho hộ nghèo vùng đồng bào dân tộc thiểu số',
    category: 1,
    summary: 'Những căn nhà kiên cố giúp bà con yên tâm lao động sản xuất, ổn định cuộc sống.',
    lead: 'Từ nguồn Quỹ "Vì người nghèo", Ủy ban MTTQ tỉnh đã bàn giao 50 căn nhà Đại đoàn kết cho các hộ nghèo ở các xã vùng cao.',
    heading: 'Niềm vui nhà mới',
    detail:
      'Mỗi căn nhà được hỗ trợ 60 triệu đồng, cùng với sự góp công của bà con và đoàn viên thanh niên trong thôn.',
    tags: ['Nhà Đại đoàn kết', 'An sinh xã hội'],
    daysAgo: 30,
  },
  {
    title: 'Góp ý dự thảo đề án phát triển giao thông nông thôn',
    category: 3,
    summary:
      'Hội nghị phản biện xã hội thu nhận nhiều ý kiến tâm huyết của các chuyên gia và đại diện nhân dân.',
    lead: 'Ủy ban MTTQ tỉnh tổ chức hội nghị phản biện xã hội đối với dự thảo đề án phát triển giao thông nông thôn giai đoạn 2026-2030.',
    heading: 'Ý kiến của nhân dân',
    detail:
      'Các ý kiến đề nghị ưu tiên kè chống sạt lở đường liên thôn và huy động người dân cùng tham gia giám sát chất lượng công trình.',
    tags: ['Phản biện xã hội', 'Giao thông nông thôn'],
    daysAgo: 42,
  },
  {
    title: 'Tập huấn nghiệp vụ công tác Mặt trận cho cán bộ cơ sở',
    category: 0,
    summary:
      'Hơn 200 cán bộ Mặt trận cấp xã được bồi dưỡng kỹ năng tiếp nhận kiến nghị và ứng dụng công nghệ.',
    lead: 'Lớp tập huấn tập trung vào kỹ năng tiếp xúc cử tri, tiếp nhận và theo dõi kiến nghị trên nền tảng Mặt trận số.',
    heading: 'Ứng dụng công nghệ',
    detail:
      'Học viên được hướng dẫn đăng bài trên trang thông tin điện tử của đơn vị và trả lời kiến nghị của người dân trực tuyến.',
    tags: ['Tập huấn', 'Chuyển đổi số'],
    daysAgo: 55,
  },
];

const communeArticles = (place: string): DemoArticle[] => [
  {
    title: `Ngày hội Đại đoàn kết ở thôn 3 ${place}`,
    category: 1,
    summary: `Bà con thôn 3 ${place} vui ngày hội, biểu dương 25 gia đình văn hóa tiêu biểu.`,
    lead: `Ban Công tác Mặt trận thôn 3 ${place} tổ chức ngày hội với các hoạt động văn nghệ, thể thao và bữa cơm đoàn kết.`,
    heading: 'Phần lễ và phần hội',
    detail: 'Ngày hội trao 10 suất quà cho hộ nghèo và phát động làm đường bê tông nông thôn trong thôn.',
    tags: ['Ngày hội đại đoàn kết'],
    daysAgo: 3,
  },
  {
    title: `Tiếp xúc cử tri trước kỳ họp Hội đồng nhân dân ${place}`,
    category: 3,
    summary: 'Cử tri kiến nghị sửa chữa đường liên thôn bị sạt lở và xử lý ô nhiễm từ trại chăn nuôi.',
    lead: `Ủy ban MTTQ ${place} phối hợp tổ chức hội nghị tiếp xúc cử tri với đại biểu Hội đồng nhân dân.`,
    heading: 'Kiến nghị của cử tri',
    detail:
      'Các kiến nghị đã được tổng hợp, chuyển tới cơ quan có thẩm quyền và được theo dõi công khai trên trang kiến nghị.',
    tags: ['Tiếp xúc cử tri'],
    daysAgo: 11,
  },
  {
    title: `Trao học bổng cho học sinh nghèo vượt khó ${place}`,
    category: 2,
    summary: 'Hai mươi suất học bổng được trao cho học sinh có hoàn cảnh khó khăn trước thềm năm học mới.',
    lead: `Từ Quỹ "Vì người nghèo", Ủy ban MTTQ ${place} trao học bổng cho học sinh nghèo vượt khó.`,
    heading: 'Tiếp sức đến trường',
    detail:
      'Mỗi suất học bổng gồm tiền mặt và dụng cụ học tập, do các doanh nghiệp và nhà hảo tâm trên địa bàn đóng góp.',
    tags: ['Vì người nghèo'],
    daysAgo: 25,
  },
  {
    title: `Kế hoạch giám sát vệ sinh môi trường ${place} (bản nháp)`,
    category: 3,
    summary: 'Dự kiến nội dung giám sát việc thu gom rác thải ở các thôn.',
    lead: 'Bản nháp kế hoạch, chưa được duyệt.',
    heading: 'Nội dung',
    detail: 'Đang soạn thảo.',
    tags: [],
    daysAgo: 1,
    status: 'draft',
  },
  {
    title: `Tổng kết phong trào xây dựng nông thôn mới ${place}`,
    category: 2,
    summary: 'Bài viết đang chờ lãnh đạo duyệt.',
    lead: 'Bài viết gửi duyệt, chưa xuất bản.',
    heading: 'Kết quả',
    detail: 'Đang chờ duyệt.',
    tags: [],
    daysAgo: 1,
    status: 'review',
  },
];

/** "Ủy ban MTTQ Việt Nam xã An Bình" → "xã An Bình". */
const placeOf = (unitName: string) => unitName.replace(/^Ủy ban (MTTQ|Mặt trận Tổ quốc)( Việt Nam)?\s+/u, '');

async function insertSite(
  tx: Queryable,
  input: {
    unitId: string;
    slug: string;
    name: string;
    tagline: string;
    contact: SiteContact;
    aggregate: boolean;
  },
) {
  const site = await tx.execute<{ id: string }>(sql`
    INSERT INTO portal_site (unit_id, slug, name, tagline, contact, aggregate_children)
    VALUES (${input.unitId}, ${input.slug}, ${input.name}, ${input.tagline}, ${JSON.stringify(input.contact)}::jsonb, ${input.aggregate})
    RETURNING id`);
  const siteId = site.rows[0]!.id;
  const categoryIds: string[] = [];
  for (const [i, [name, description]] of CATEGORIES.entries()) {
    const row = await tx.execute<{ id: string }>(sql`
      INSERT INTO portal_category (site_id, slug, name, description, sort_order)
      VALUES (${siteId}, ${slugify(name)}, ${name}, ${description}, ${i}) RETURNING id`);
    categoryIds.push(row.rows[0]!.id);
  }
  const menu: MenuItem[] = [
    { kind: 'page', page: 'home' },
    ...categoryIds.map((categoryId): MenuItem => ({ kind: 'category', categoryId })),
    { kind: 'page', page: 'petitions' },
    { kind: 'page', page: 'contact' },
  ];
  await tx.execute(sql`UPDATE portal_site SET menu = ${JSON.stringify(menu)}::jsonb WHERE id = ${siteId}`);
  return { siteId, categoryIds };
}

async function insertArticles(
  tx: Queryable,
  site: { siteId: string; categoryIds: string[] },
  articles: DemoArticle[],
  now: Date,
) {
  const tagIds = new Map<string, string>();
  for (const a of articles) {
    const bodyHtml = sanitiseArticleHtml(
      html`<p>${a.lead}</p><h2>${a.heading}</h2><p>${a.detail}</p><p>Mặt trận Tổ quốc Việt Nam các cấp sẽ tiếp tục theo dõi, đồng hành cùng nhân dân.</p>`,
    );
    const status = a.status ?? 'published';
    const at = new Date(now.getTime() - a.daysAgo * DAY);
    const publishedAt = status === 'published' ? at : null;
    const row = await tx.execute<{ id: string }>(sql`
      INSERT INTO portal_article (site_id, category_id, slug, title, summary, body_html, status, published_at, folded, created_at, updated_at)
      VALUES (${site.siteId}, ${site.categoryIds[a.category]!}, ${slugify(a.title)}, ${a.title}, ${a.summary}, ${bodyHtml},
              ${status}, ${publishedAt}, ${foldVietnamese(`${a.title} ${a.summary} ${htmlToText(bodyHtml)}`)}, ${at}, ${at})
      RETURNING id`);
    const articleId = row.rows[0]!.id;
    await tx.execute(sql`
      INSERT INTO portal_article_revision (article_id, version, title, summary, body_html, note, created_at)
      VALUES (${articleId}, 1, ${a.title}, ${a.summary}, ${bodyHtml}, 'Dữ liệu minh họa', ${at})`);
    for (const name of a.tags) {
      let tagId = tagIds.get(name);
      if (!tagId) {
        const tag = await tx.execute<{ id: string }>(sql`
          INSERT INTO portal_tag (site_id, slug, name) VALUES (${site.siteId}, ${slugify(name)}, ${name}) RETURNING id`);
        tagId = tag.rows[0]!.id;
        tagIds.set(name, tagId);
      }
      await tx.execute(
        sql`INSERT INTO portal_article_tag (article_id, tag_id) VALUES (${articleId}, ${tagId})`,
      );
    }
  }
}

export interface DemoPortalResult {
  sites: Array<{ id: string; slug: string; unitId: string }>;
}

/** Seeds the demo sites in the caller's transaction; `provinceId` is the new Lâm Đồng. */
export async function seedDemoPortal(
  tx: Queryable,
  input: { provinceId: string; now?: Date },
): Promise<DemoPortalResult> {
  const now = input.now ?? new Date();
  const province = await tx.execute<{ id: string; name: string; address: string | null }>(
    sql`SELECT id, name, address FROM unit WHERE id = ${input.provinceId}`,
  );
  const provinceRow = province.rows[0];
  if (!provinceRow) throw new Error(`seedDemoPortal: no unit ${input.provinceId}`);
  const communes = await tx.execute<{ id: string; name: string; address: string | null }>(sql`
    SELECT u.id, u.name, u.address FROM unit u JOIN unit p ON p.id = ${input.provinceId}
     WHERE u.path <@ p.path AND u.level_id = 'commune' AND u.kind = 'committee' AND u.status = 'active'
     ORDER BY EXISTS (SELECT 1 FROM staff s WHERE s.unit_id = u.id) DESC, (u.name LIKE '%xã An Bình') DESC, u.path
     LIMIT 2`);

  const sites: DemoPortalResult['sites'] = [];
  const provinceSite = await insertSite(tx, {
    unitId: provinceRow.id,
    slug: 'lam-dong',
    name: provinceRow.name,
    tagline: 'Trang thông tin điện tử của Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng',
    contact: {
      address: provinceRow.address ?? 'Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng',
      phone: '0263 3822 118',
      email: 'mattran.lamdong@mattranso.demo',
      hours: 'Thứ Hai đến thứ Sáu, 7 giờ 30 đến 17 giờ',
    },
    aggregate: true,
  });
  await insertArticles(tx, provinceSite, PROVINCE_ARTICLES, now);
  sites.push({ id: provinceSite.siteId, slug: 'lam-dong', unitId: provinceRow.id });

  for (const commune of communes.rows) {
    const place = placeOf(commune.name);
    const slug = slugify(place);
    const site = await insertSite(tx, {
      unitId: commune.id,
      slug,
      name: commune.name,
      tagline: `Tin tức, hoạt động của Mặt trận ${place}`,
      contact: {
        address: commune.address ?? `Trụ sở Ủy ban nhân dân ${place}`,
        phone: '0263 3850 200',
        email: `${slug}@mattranso.demo`,
        hours: 'Sáng thứ Năm hằng tuần tiếp công dân',
      },
      aggregate: false,
    });
    await insertArticles(tx, site, communeArticles(place), now);
    sites.push({ id: site.siteId, slug, unitId: commune.id });
  }
  return { sites };
}
