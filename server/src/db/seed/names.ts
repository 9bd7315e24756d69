/**
 * Fictional but plausible Vietnamese names for the demo: communes and wards from common place-name
 * syllables, people from common family, middle and given names. Deterministic (seeded), so every
 * demo database looks the same.
 */

/** mulberry32: a small deterministic pseudo-random generator. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, between };
}
export type Random = ReturnType<typeof createRandom>;

const PLACE_FIRST = [
  'An',
  'Bình',
  'Tân',
  'Phú',
  'Hòa',
  'Thạch',
  'Đức',
  'Hương',
  'Cẩm',
  'Kỳ',
  'Xuân',
  'Thanh',
  'Quang',
  'Sơn',
  'Lộc',
  'Gia',
  'Hưng',
  'Vĩnh',
  'Mỹ',
  'Long',
  'Phước',
  'Thuận',
  'Hải',
  'Đông',
  'Nam',
  'Trung',
  'Hồng',
  'Minh',
  'Đại',
  'Nghĩa',
  'Lạc',
  'Hiệp',
  'Tiến',
  'Kim',
  'Ngọc',
  'Yên',
  'Thiên',
  'Hàm',
  'Tuy',
  'Đồng',
] as const;
const PLACE_SECOND = [
  'Bình',
  'An',
  'Hòa',
  'Phú',
  'Thịnh',
  'Lợi',
  'Lộc',
  'Thành',
  'Hưng',
  'Sơn',
  'Hà',
  'Lâm',
  'Điền',
  'Xuân',
  'Thủy',
  'Phong',
  'Tiến',
  'Mỹ',
  'Đức',
  'Long',
  'Thạnh',
  'Hiệp',
  'Trung',
  'Nghĩa',
  'Tân',
  'Hải',
  'Ninh',
  'Quý',
  'Khánh',
  'Vinh',
  'Lương',
  'Châu',
  'Định',
  'Kiệt',
  'Linh',
] as const;
/** Highland prefixes used in Lâm Đồng and the former Đắk Nông. */
const HIGHLAND_FIRST = ['Đắk', 'Đạ', 'Ea', 'Di', 'Krông', 'Lạc', 'Đơn', 'Bảo', 'Quảng'] as const;

export interface PlaceName {
  /** "xã" or "phường" */
  type: 'xã' | 'phường';
  /** The proper name, e.g. "An Bình". */
  name: string;
}

/** `count` distinct commune/ward names (about one in five a ward), none in `taken`. */
export function placeNames(random: Random, count: number, taken: Set<string>, highland = false): PlaceName[] {
  const names: PlaceName[] = [];
  let attempts = 0;
  while (names.length < count) {
    attempts += 1;
    if (attempts > count * 200) throw new Error('not enough distinct place names');
    const first = highland && random.next() < 0.35 ? random.pick(HIGHLAND_FIRST) : random.pick(PLACE_FIRST);
    const second = random.pick(PLACE_SECOND);
    if (first === second) continue;
    const name = `${first} ${second}`;
    if (taken.has(name)) continue;
    taken.add(name);
    names.push({ type: random.next() < 0.2 ? 'phường' : 'xã', name });
  }
  return names;
}

const FAMILY = [
  ['Nguyễn', 30],
  ['Trần', 11],
  ['Lê', 9],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Huỳnh', 4],
  ['Phan', 4],
  ['Vũ', 4],
  ['Võ', 4],
  ['Đặng', 3],
  ['Bùi', 3],
  ['Đỗ', 3],
  ['Hồ', 2],
  ['Ngô', 2],
  ['Dương', 2],
  ['Lý', 1],
  ['Đinh', 1],
  ['Trương', 1],
  ['Lương', 1],
  ['Mai', 1],
] as const;
const MIDDLE_MALE = [
  'Văn',
  'Hữu',
  'Đức',
  'Minh',
  'Quang',
  'Công',
  'Thanh',
  'Xuân',
  'Ngọc',
  'Quốc',
  'Đình',
] as const;
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Hồng', 'Kim', 'Phương'] as const;
const GIVEN_MALE = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Hải',
  'Hùng',
  'Huy',
  'Khánh',
  'Long',
  'Minh',
  'Nam',
  'Phong',
  'Phúc',
  'Quân',
  'Sơn',
  'Tâm',
  'Thắng',
  'Thành',
  'Toàn',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
] as const;
const GIVEN_FEMALE = [
  'Anh',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hoa',
  'Hương',
  'Lan',
  'Linh',
  'Loan',
  'Mai',
  'Nga',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phương',
  'Thảo',
  'Thủy',
  'Trang',
  'Tuyết',
  'Vân',
  'Yến',
] as const;

export interface PersonName {
  fullName: string;
  gender: 'male' | 'female';
  family: string;
  middle: string;
  given: string;
}

export function personName(random: Random): PersonName {
  const total = FAMILY.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  let family: string = FAMILY[0][0];
  for (const [name, weight] of FAMILY) {
    roll -= weight;
    if (roll <= 0) {
      family = name;
      break;
    }
  }
  const gender = random.next() < 0.45 ? 'female' : 'male';
  const middle = random.pick(gender === 'female' ? MIDDLE_FEMALE : MIDDLE_MALE);
  const given = random.pick(gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE);
  return { fullName: `${family} ${middle} ${given}`, gender, family, middle, given };
}

/** Lower case without diacritics: "Đắk Sơn" → "dak son". */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** A login name from a person's name: "Nguyễn Thị Hà" → "ha.nt". */
export function usernameFor(person: PersonName): string {
  const initials = `${person.family} ${person.middle}`
    .split(' ')
    .map((part) => asciiFold(part)[0])
    .join('');
  return `${asciiFold(person.given).replace(/[^a-z]/g, '')}.${initials}`;
}
