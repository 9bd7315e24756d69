import type { Permission } from '@mts/contracts';
import { sql } from 'drizzle-orm';
// TODO(identity): use an export of the identity index once it offers one for sealing TOTP seeds.
import { seedDemoDirective } from '../../modules/directives/index.ts';
import { createSecretBox, hashPassword } from '../../modules/identity/index.ts';
import { syncHierarchyChannels } from '../../modules/messaging/index.ts';
import {
  createReorganisationService,
  insertCredentialRows,
  insertGrantRows,
  insertStaffRows,
  insertUnitRows,
} from '../../modules/organisation/index.ts';
import { seedDemoOpen311Key, seedDemoPetitions } from '../../modules/petitions/index.ts';
import { seedDemoAnalytics, seedDemoPortal } from '../../modules/portal/index.ts';
import { type AuditContext, recordAudit, systemAuditContext } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import type { Database, Queryable } from '../client.ts';
import { DemoTree, type StaffSeed } from './demo-tree.ts';
import { createRandom, type PlaceName, placeNames } from './names.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  unit: string;
  note?: string;
}

/** The password of every demo login (documented in the README and printed at start). */
export const DEMO_PASSWORD = 'MatTran@2026';
/** Fixed TOTP seed of the demo accounts whose role requires two-factor sign-in (base32). */
export const DEMO_TOTP_SECRET = 'MATTRANSODEMOQUANTRIHETHONGTOTP2';

const SEED_LOCK = 724_011_201;
const MERGER_DATE = '2025-07-01';
const seedAudit: AuditContext = { ...systemAuditContext, actorLabel: 'system (demo seed)' };

const hasUnits = async (db: Queryable) =>
  (await db.execute<{ exists: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM unit) AS "exists"`)).rows[0]!
    .exists;

/**
 * Seeds the demo when the database has no units yet, in one transaction; returns the demo logins.
 * The central committee; Lâm Đồng formed on 1/7/2025 by merging the former provinces Lâm Đồng,
 * Đắk Nông and Bình Thuận (through the reorganisation service, so the history is real); Hà Tĩnh,
 * not merged, with one commune merger and one rename. About 200 communes with their standing
 * boards, member organisations and residential-area committees, and about 300 staff.
 * With `secretKey` (the server's SECRET_KEY) the MFA-bound demo accounts get the fixed TOTP seed.
 */
export async function seedDemoIfEmpty(
  db: Database,
  options: { secretKey?: string } = {},
): Promise<DemoLogin[] | null> {
  if (await hasUnits(db)) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await hasUnits(tx)) return null;
    return seedDemo(tx, passwordHash, options.secretKey);
  });
}

async function seedDemo(tx: Queryable, passwordHash: string, secretKey?: string): Promise<DemoLogin[]> {
  const random = createRandom(20_250_701);
  const demo = new DemoTree(random);
  const logins = new Map<string, { role: string; unit: string; totp?: boolean }>();
  const login = (person: StaffSeed, role: string, unitName: string, totp = false) => {
    logins.set(person.username, { role, unit: unitName, totp });
    return person;
  };
  const takenPlaces = new Set(['An Bình']);

  // Central committee.
  const centralName = 'Ủy ban Trung ương MTTQ Việt Nam';
  const centralId = demo.unit(0, {
    parentId: null,
    levelId: 'central',
    kind: 'committee',
    name: centralName,
    shortName: 'UBTW MTTQ Việt Nam',
    code: '000.00.00.A00',
    symbol: 'MTTW-BTT',
    address: '46 Tràng Thi, Hoàn Kiếm, Hà Nội',
    phone: null,
    email: null,
    effectiveFrom: '1930-11-18',
  });
  for (const [i, name] of ['Ban Thường trực', 'Văn phòng'].entries())
    demo.unit(1, {
      parentId: centralId,
      levelId: 'central',
      kind: i === 0 ? 'standing_board' : 'department',
      name: `${name} ${centralName}`,
      shortName: name,
      code: `000.00.0${i + 1}.A00`,
      symbol: i === 0 ? 'MTTW-BTT' : 'MTTW-VP',
      address: null,
      phone: null,
      email: null,
      effectiveFrom: '1930-11-18',
    });
  const admin = login(
    demo.person(centralId, 'Quản trị hệ thống', {
      username: 'admin',
      roles: ['system_admin'],
      email: 'admin@mattranso.demo',
    }),
    'system_admin',
    centralName,
    true,
  );
  for (const position of [
    'Chuyên viên Ban Tổ chức',
    'Chuyên viên Văn phòng',
    'Chuyên viên Ban Dân chủ - Pháp luật',
  ])
    demo.person(centralId, position, { roles: ['specialist'] });

  // The three former provinces, each with its bodies, staff and communes.
  const former = [
    { label: 'tỉnh Lâm Đồng', suffix: 'H35', from: '1976-01-01', communes: 34, highland: true },
    { label: 'tỉnh Đắk Nông', suffix: 'H64', from: '2004-01-01', communes: 33, highland: true },
    { label: 'tỉnh Bình Thuận', suffix: 'H48', from: '1992-01-01', communes: 33, highland: false },
  ];
  const formerIds: string[] = [];
  for (const province of former) {
    const provinceName = `Ủy ban MTTQ Việt Nam ${province.label}`;
    const id = demo.unit(1, {
      parentId: centralId,
      levelId: 'province',
      kind: 'committee',
      name: provinceName,
      shortName: `MTTQ ${province.label}`,
      code: `000.00.00.${province.suffix}`,
      symbol: 'MTTQ-BTT',
      address: null,
      phone: null,
      email: null,
      effectiveFrom: province.from,
    });
    formerIds.push(id);
    demo.provinceBodies(2, id, province.label, province.suffix, province.from);
    demo.person(id, `Chủ tịch Ủy ban MTTQ Việt Nam ${province.label}`, { roles: ['leader'] });
    demo.person(id, `Phó Chủ tịch Ủy ban MTTQ Việt Nam ${province.label}`);
    demo.person(id, 'Chánh Văn phòng');
    const places = placeNames(random, province.communes, takenPlaces, province.highland);
    if (formerIds.length === 1) places[0] = { type: 'xã', name: 'An Bình' };
    places.forEach((place, i) => {
      const demoLogins =
        formerIds.length === 1 && i === 0 ? { chair: 'chutich.xa.anbinh', clerk: 'canbo.xa.anbinh' } : {};
      demo.commune(2, id, place, province.suffix, i + 1, '2008-01-01', demoLogins);
    });
  }
  const anBinh = 'Ủy ban MTTQ Việt Nam xã An Bình';
  logins.set('chutich.xa.anbinh', { role: 'leader', unit: anBinh });
  logins.set('canbo.xa.anbinh', { role: 'clerk', unit: anBinh });

  // Hà Tĩnh, not merged: bodies, leaders, 100 communes and two communes about to merge.
  const haTinhName = 'Ủy ban MTTQ Việt Nam tỉnh Hà Tĩnh';
  const haTinhId = demo.unit(1, {
    parentId: centralId,
    levelId: 'province',
    kind: 'committee',
    name: haTinhName,
    shortName: 'MTTQ tỉnh Hà Tĩnh',
    code: '000.00.00.H42',
    symbol: 'MTTQ-BTT',
    address: 'Phường Thành Sen, tỉnh Hà Tĩnh',
    phone: null,
    email: null,
    effectiveFrom: '1991-09-01',
  });
  const haTinhBodies = demo.provinceBodies(2, haTinhId, 'tỉnh Hà Tĩnh', 'H42', '1991-09-01');
  login(
    demo.person(haTinhId, 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Hà Tĩnh', {
      username: 'lanhdao.hatinh',
      roles: ['leader'],
      email: 'lanhdao.hatinh@mattranso.demo',
    }),
    'leader',
    haTinhName,
  );
  login(
    demo.person(haTinhBodies['Văn phòng']!, 'Văn thư', {
      username: 'vanthu.hatinh',
      roles: ['clerk'],
      roleUnitId: haTinhId,
    }),
    'clerk',
    haTinhName,
  );
  provincialStaff(demo, haTinhId, haTinhBodies);
  const haTinhPlaces = placeNames(random, 102, takenPlaces);
  haTinhPlaces[0] = { ...haTinhPlaces[0]!, type: 'xã' }; // renamed to a ward below
  const haTinhCommunes = haTinhPlaces.map((place, i) =>
    demo.commune(2, haTinhId, place, 'H42', i + 1, '2008-01-01'),
  );

  await writeUnits(tx, demo);
  await writePeople(tx, demo, passwordHash, logins);

  // 1/7/2025: the three former provinces merge into the new Lâm Đồng.
  const reorganisations = createReorganisationService({ db: tx as Database });
  const seeder = systemActor(admin.id, await pathOf(tx, centralId));
  const merger = await reorganisations.applyWithin(
    tx,
    seeder,
    {
      kind: 'merge',
      sourceIds: formerIds,
      target: {
        mode: 'new',
        unit: {
          name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng',
          shortName: 'MTTQ tỉnh Lâm Đồng',
          code: '000.00.00.H68',
          symbol: 'MTTQ-BTT',
          address: 'Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng',
        },
      },
      internalBodies: 'retire',
      moveStaff: true,
      effectiveDate: MERGER_DATE,
      decisionRef: 'Nghị quyết 202/2025/QH15',
      note: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025: hợp nhất tỉnh Lâm Đồng, tỉnh Đắk Nông và tỉnh Bình Thuận.',
    },
    seedAudit,
  );
  const lamDongId = merger.createdIds[0]!;
  const lamDongName = 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng';
  const lamDongBodies = demo.provinceBodies(0, lamDongId, 'tỉnh Lâm Đồng', 'H68', MERGER_DATE);
  const lamDongChair = login(
    demo.person(lamDongId, 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng', {
      username: 'lanhdao.lamdong',
      roles: ['leader'],
      email: 'lanhdao.lamdong@mattranso.demo',
    }),
    'leader',
    lamDongName,
  );
  login(
    demo.person(lamDongBodies['Văn phòng']!, 'Văn thư', {
      username: 'vanthu.lamdong',
      roles: ['clerk'],
      roleUnitId: lamDongId,
      email: 'vanthu.lamdong@mattranso.demo',
    }),
    'clerk',
    lamDongName,
  );
  login(
    demo.person(lamDongBodies['Văn phòng']!, 'Quản trị hệ thống của tỉnh', {
      username: 'quantri.lamdong',
      roles: ['unit_admin'],
      roleUnitId: lamDongId,
    }),
    'unit_admin',
    lamDongName,
    true,
  );
  provincialStaff(demo, lamDongId, lamDongBodies);

  // Hà Tĩnh, 1/7/2025: two communes merge into a new one; another becomes a ward (rename).
  const [first, second] = haTinhCommunes.slice(-2) as [
    (typeof haTinhCommunes)[0],
    (typeof haTinhCommunes)[0],
  ];
  const mergedPlace: PlaceName = placeNames(random, 1, takenPlaces)[0]!;
  const communeMerger = await reorganisations.applyWithin(
    tx,
    seeder,
    {
      kind: 'merge',
      sourceIds: [first.id, second.id],
      target: {
        mode: 'new',
        unit: {
          name: `Ủy ban MTTQ Việt Nam xã ${mergedPlace.name}`,
          shortName: `MTTQ xã ${mergedPlace.name}`,
          code: '000.200.00.H42',
          symbol: 'MTTQ-BTT',
        },
      },
      internalBodies: 'retire',
      moveStaff: true,
      effectiveDate: MERGER_DATE,
      decisionRef: 'Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã tỉnh Hà Tĩnh năm 2025',
      note: 'Dữ liệu minh họa.',
    },
    seedAudit,
  );
  const newCommuneId = communeMerger.createdIds[0]!;
  demo.communeBodies(0, newCommuneId, { type: 'xã', name: mergedPlace.name }, '000.200', 'H42', MERGER_DATE);
  const renamed = haTinhCommunes[0]!;
  const renamedPlace = haTinhPlaces[0]!;
  await reorganisations.applyWithin(
    tx,
    seeder,
    {
      kind: 'rename',
      unitId: renamed.id,
      name: `Ủy ban MTTQ Việt Nam phường ${renamedPlace.name}`,
      shortName: `MTTQ phường ${renamedPlace.name}`,
      effectiveDate: MERGER_DATE,
      decisionRef: 'Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã tỉnh Hà Tĩnh năm 2025',
      note: 'Dữ liệu minh họa: xã trở thành phường.',
    },
    seedAudit,
  );

  await writeUnits(tx, demo);
  await writePeople(tx, demo, passwordHash, logins);
  if (secretKey)
    await enrolDemoTotp(
      tx,
      secretKey,
      [...logins].filter(([, l]) => l.totp).map(([u]) => u),
    );
  // Channels of every committee, province + communes, committee + organisations, with their members.
  await syncHierarchyChannels(tx);
  // A directive (chỉ đạo) from Lâm Đồng's chair to its communes, partly answered: every board state.
  await seedDemoDirective(tx, { senderUnitId: lamDongId, senderStaffId: lamDongChair.id });
  await seedDemoPetitions(tx, { provinceId: lamDongId });
  await seedDemoOpen311Key(tx);
  // Public sites of Lâm Đồng and two of its communes, with published news (issue 7).
  const portal = await seedDemoPortal(tx, { provinceId: lamDongId });
  await seedDemoAnalytics(tx, { siteIds: portal.sites.map((site) => site.id) });

  const counts = await tx.execute<{ units: number; staff: number }>(sql`
    SELECT (SELECT count(*)::int FROM unit) AS units, (SELECT count(*)::int FROM staff) AS staff`);
  await recordAudit(tx, seedAudit, {
    action: 'demo.seed',
    entityType: 'unit',
    entityId: centralId,
    unitId: centralId,
    after: { ...counts.rows[0], logins: [...logins.keys()] },
  });

  const order = [
    'admin',
    'lanhdao.lamdong',
    'vanthu.lamdong',
    'quantri.lamdong',
    'chutich.xa.anbinh',
    'canbo.xa.anbinh',
    'lanhdao.hatinh',
    'vanthu.hatinh',
  ];
  const sorted = [...logins].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return sorted.map(([username, info]) => ({
    username,
    password: DEMO_PASSWORD,
    role: info.role,
    unit: info.unit,
    ...(info.totp
      ? {
          note: secretKey
            ? `TOTP: ${DEMO_TOTP_SECRET}`
            : 'vai trò yêu cầu xác thực hai lớp: đăng ký TOTP ở lần đăng nhập đầu',
        }
      : {}),
  }));
}

/** Deputy chairs, department heads and specialists of a province (about ten people). */
function provincialStaff(demo: DemoTree, provinceId: string, bodies: Record<string, string>) {
  demo.person(provinceId, 'Phó Chủ tịch', { roles: ['leader'] });
  demo.person(provinceId, 'Phó Chủ tịch');
  demo.person(bodies['Văn phòng']!, 'Chánh Văn phòng', { roles: ['specialist'], roleUnitId: provinceId });
  for (const department of [
    'Ban Tổ chức - Kiểm tra',
    'Ban Tuyên giáo',
    'Ban Dân chủ - Pháp luật',
    'Ban Phong trào',
  ]) {
    demo.person(bodies[department]!, 'Trưởng ban', { roles: ['specialist'], roleUnitId: provinceId });
    demo.person(bodies[department]!, 'Chuyên viên', { roles: ['specialist'], roleUnitId: provinceId });
  }
}

/** Writes the collected units, parents first, one bulk insert per tree level. */
async function writeUnits(tx: Queryable, demo: DemoTree) {
  for (const layer of demo.takeUnits()) await insertUnitRows(tx, layer);
}

/** Writes staff, credentials (a password only for demo logins) and role grants. */
async function writePeople(
  tx: Queryable,
  demo: DemoTree,
  passwordHash: string,
  logins: ReadonlyMap<string, unknown>,
) {
  const people = demo.takePeople();
  await insertStaffRows(tx, people.staff);
  await insertCredentialRows(
    tx,
    people.staff.map((person) => ({
      staffId: person.id,
      passwordHash: logins.has(person.username) ? passwordHash : null,
    })),
  );
  await insertGrantRows(tx, people.grants);
}

async function enrolDemoTotp(tx: Queryable, secretKey: string, usernames: string[]) {
  const box = createSecretBox(secretKey);
  for (const username of usernames)
    await tx.execute(sql`
      UPDATE credential SET totp_secret = ${box.seal(DEMO_TOTP_SECRET)}, totp_enabled_at = now()
       WHERE staff_id = (SELECT id FROM staff WHERE username = ${username})`);
}

const pathOf = async (tx: Queryable, id: string) =>
  (await tx.execute<{ path: string }>(sql`SELECT path::text AS path FROM unit WHERE id = ${id}`)).rows[0]!
    .path;

/** The seeding system admin, acting at the central committee with the reorganisation permission. */
function systemActor(staffId: string, path: string): Actor {
  const permissions = new Set<Permission>(['units.read', 'units.manage', 'units.reorganise']);
  return {
    staffId,
    username: 'admin',
    fullName: 'Demo seed',
    via: 'session',
    mfaSatisfied: true,
    activeUnitId: '',
    grants: [{ roleId: 'system_admin', unitId: '', unitPath: path, permissions }],
  };
}
