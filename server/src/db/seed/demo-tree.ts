import { randomUUID } from 'node:crypto';
import type { UnitKind } from '@mts/contracts';
import { type PersonName, type PlaceName, personName, type Random, usernameFor } from './names.ts';

export interface UnitSeed {
  id: string;
  parentId: string | null;
  levelId: string;
  kind: UnitKind;
  name: string;
  shortName: string | null;
  code: string;
  symbol: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  effectiveFrom: string;
  sortOrder: number;
}

export interface StaffSeed {
  id: string;
  unitId: string;
  username: string;
  fullName: string;
  position: string;
  gender: 'male' | 'female';
  birthYear: number;
  email: string | null;
  phone: string | null;
  termStart: string | null;
  termEnd: string | null;
}

export interface GrantSeed {
  staffId: string;
  roleId: string;
  unitId: string;
}

export const MEMBER_ORGANISATIONS = [
  { name: 'Công đoàn', symbol: 'CĐ' },
  { name: 'Hội Nông dân', symbol: 'HND' },
  { name: 'Đoàn TNCS Hồ Chí Minh', symbol: 'ĐTN' },
  { name: 'Hội Liên hiệp Phụ nữ', symbol: 'HLHPN' },
  { name: 'Hội Cựu chiến binh', symbol: 'HCCB' },
] as const;

export const PROVINCIAL_DEPARTMENTS = [
  { name: 'Văn phòng', symbol: 'MTTQ-VP' },
  { name: 'Ban Tổ chức - Kiểm tra', symbol: 'MTTQ-BTC' },
  { name: 'Ban Tuyên giáo', symbol: 'MTTQ-BTG' },
  { name: 'Ban Dân chủ - Pháp luật', symbol: 'MTTQ-BDCPL' },
  { name: 'Ban Phong trào', symbol: 'MTTQ-BPT' },
] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Collects the demo's units, staff and role grants in memory, by tree depth, so they can be
 * written with a few multi-row inserts (parents before children).
 */
export class DemoTree {
  readonly layers = new Map<number, UnitSeed[]>();
  readonly staff: StaffSeed[] = [];
  readonly grants: GrantSeed[] = [];
  private readonly usernames = new Set<string>();

  constructor(private readonly random: Random) {}

  unit(depth: number, seed: Omit<UnitSeed, 'id' | 'sortOrder'> & { sortOrder?: number }): string {
    const id = randomUUID();
    const layer = this.layers.get(depth) ?? [];
    layer.push({ ...seed, id, sortOrder: seed.sortOrder ?? layer.length });
    this.layers.set(depth, layer);
    return id;
  }

  /** A staff member with a generated name (or a fixed username), optionally holding roles at `roleUnitId`. */
  person(
    unitId: string,
    position: string,
    options: {
      username?: string;
      roles?: string[];
      roleUnitId?: string;
      email?: string;
      name?: PersonName;
    } = {},
  ): StaffSeed {
    const name = options.name ?? personName(this.random);
    let username = options.username ?? usernameFor(name);
    for (let n = 2; !options.username && this.usernames.has(username); n++)
      username = `${usernameFor(name)}${n}`;
    this.usernames.add(username);
    const row: StaffSeed = {
      id: randomUUID(),
      unitId,
      username,
      fullName: name.fullName,
      position,
      gender: name.gender,
      birthYear: this.random.between(1965, 1998),
      email: options.email ?? null,
      phone: `09${pad(this.random.between(0, 99_999_999), 8)}`,
      termStart: '2024-10-01',
      termEnd: '2029-09-30',
    };
    this.staff.push(row);
    for (const roleId of options.roles ?? [])
      this.grants.push({ staffId: row.id, roleId, unitId: options.roleUnitId ?? unitId });
    return row;
  }

  /**
   * A commune committee at `depth` with its standing board, the five member organisations and 2–3
   * residential-area committees, plus a chair (leader role) and, every third commune, a clerk.
   */
  commune(
    depth: number,
    parentId: string,
    place: PlaceName,
    codeSuffix: string,
    index: number,
    effectiveFrom: string,
    logins: { chair?: string; clerk?: string } = {},
  ): { id: string; chair: StaffSeed; label: string } {
    const label = `${place.type} ${place.name}`;
    const code = `000.${pad(index, 3)}`;
    const id = this.unit(depth, {
      parentId,
      levelId: 'commune',
      kind: 'committee',
      name: `Ủy ban MTTQ Việt Nam ${label}`,
      shortName: `MTTQ ${label}`,
      code: `${code}.00.${codeSuffix}`,
      symbol: 'MTTQ-BTT',
      address: `Trụ sở ${label}`,
      phone: null,
      email: null,
      effectiveFrom,
    });
    this.communeBodies(depth + 1, id, place, `${code}`, codeSuffix, effectiveFrom);
    const chair = this.person(id, `Chủ tịch Ủy ban MTTQ Việt Nam ${label}`, {
      roles: ['leader'],
      username: logins.chair,
    });
    if (index % 3 === 1 || logins.clerk)
      this.person(id, 'Văn thư', { roles: ['clerk'], username: logins.clerk });
    return { id, chair, label };
  }

  /** The standing board, member organisations and residential-area committees of a commune. */
  communeBodies(
    depth: number,
    communeId: string,
    place: PlaceName,
    code: string,
    codeSuffix: string,
    effectiveFrom: string,
  ) {
    const label = `${place.type} ${place.name}`;
    const body = (kind: UnitKind, name: string, levelId: string, n: number, symbol: string | null) =>
      this.unit(depth, {
        parentId: communeId,
        levelId,
        kind,
        name,
        shortName: null,
        code: `${code}.${pad(n, 2)}.${codeSuffix}`,
        symbol,
        address: null,
        phone: null,
        email: null,
        effectiveFrom,
      });
    body('standing_board', `Ban Thường trực Ủy ban MTTQ Việt Nam ${label}`, 'commune', 1, 'MTTQ-BTT');
    MEMBER_ORGANISATIONS.forEach((org, i) => {
      body('member_organisation', `${org.name} ${label}`, 'commune', i + 2, org.symbol);
    });
    const areas = this.random.between(2, 3);
    for (let k = 1; k <= areas; k++) {
      const area = place.type === 'phường' ? `tổ dân phố ${k}` : `thôn ${k}`;
      body(
        'residential_committee',
        `Ban Công tác Mặt trận khu dân cư ${area}, ${label}`,
        'residential',
        20 + k,
        null,
      );
    }
  }

  /** A provincial committee's standing board, departments and member organisations. */
  provinceBodies(depth: number, provinceId: string, provinceLabel: string, codeSuffix: string, from: string) {
    const ids: Record<string, string> = {};
    const body = (kind: UnitKind, name: string, n: number, symbol: string | null) => {
      ids[name] = this.unit(depth, {
        parentId: provinceId,
        levelId: 'province',
        kind,
        name: `${name} Ủy ban MTTQ Việt Nam ${provinceLabel}`,
        shortName: name,
        code: `000.00.${pad(n, 2)}.${codeSuffix}`,
        symbol,
        address: null,
        phone: null,
        email: null,
        effectiveFrom: from,
      });
      return ids[name];
    };
    body('standing_board', 'Ban Thường trực', 1, 'MTTQ-BTT');
    PROVINCIAL_DEPARTMENTS.forEach((department, i) => {
      body('department', department.name, i + 2, department.symbol);
    });
    MEMBER_ORGANISATIONS.forEach((org, i) => {
      ids[org.name] = this.unit(depth, {
        parentId: provinceId,
        levelId: 'province',
        kind: 'member_organisation',
        name: `${org.name} ${provinceLabel}`,
        shortName: null,
        code: `000.00.${pad(20 + i, 2)}.${codeSuffix}`,
        symbol: org.symbol,
        address: null,
        phone: null,
        email: null,
        effectiveFrom: from,
      });
    });
    return ids;
  }

  /** The units collected so far, parents first, and forgets them (they are about to be written). */
  takeUnits(): UnitSeed[][] {
    const layers = [...this.layers.entries()].sort(([a], [b]) => a - b).map(([, layer]) => layer);
    this.layers.clear();
    return layers;
  }

  /** The staff and grants collected so far, and forgets them. */
  takePeople() {
    const taken = { staff: [...this.staff], grants: [...this.grants] };
    this.staff.length = 0;
    this.grants.length = 0;
    return taken;
  }
}
