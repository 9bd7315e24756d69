import type { CompetenceLevel } from '../petitions.schema.ts';
import { parseW3cDateTime } from './params.ts';
import type { Text } from './render.ts';

/** GeoReport v2 attribute datatypes. */
export type AttributeDatatype =
  | 'string'
  | 'number'
  | 'datetime'
  | 'text'
  | 'singlevaluelist'
  | 'multivaluelist';

/** One attribute of a service definition (GET services/{code}); answered as `attribute[CODE]`. */
export interface AttributeDefinition {
  code: string;
  datatype: AttributeDatatype;
  /** false: shown to the user only (an instruction), no input expected. */
  variable: boolean;
  required: boolean;
  description: string;
  datatypeDescription: string | null;
  values?: ReadonlyArray<{ key: string; name: string }>;
  /** For numbers: the accepted range (integers only when `integer`). */
  range?: { min: number; max: number; integer: boolean };
}

/** Shown to every client before the citizen types: personal data goes in its own fields. */
const PRIVACY_NOTICE: AttributeDefinition = {
  code: 'LUU_Y_BAO_MAT',
  datatype: 'text',
  variable: false,
  required: false,
  description:
    'Không ghi họ tên, số điện thoại, địa chỉ nhà riêng vào nội dung kiến nghị: các thông tin này gửi trong các trường riêng (first_name, last_name, phone, email, address_string) và không bao giờ được công khai.',
  datatypeDescription: null,
};

const COMMON: AttributeDefinition[] = [
  PRIVACY_NOTICE,
  {
    code: 'DA_KIEN_NGHI_TRUOC',
    datatype: 'singlevaluelist',
    variable: true,
    required: true,
    description: 'Nội dung này đã được kiến nghị trước đây chưa?',
    datatypeDescription: 'Chọn một giá trị.',
    values: [
      { key: 'chua', name: 'Chưa kiến nghị lần nào' },
      { key: 'chua-tra-loi', name: 'Đã kiến nghị nhưng chưa được trả lời' },
      { key: 'chua-thoa-dang', name: 'Đã được trả lời nhưng chưa thỏa đáng' },
    ],
  },
  {
    code: 'SO_HO_ANH_HUONG',
    datatype: 'number',
    variable: true,
    required: false,
    description: 'Số hộ gia đình bị ảnh hưởng (ước tính).',
    datatypeDescription: 'Số nguyên từ 0 đến 1.000.000.',
    range: { min: 0, max: 1_000_000, integer: true },
  },
  {
    code: 'CAP_GIAI_QUYET',
    datatype: 'singlevaluelist',
    variable: true,
    required: false,
    description: 'Theo người kiến nghị, cấp nào có thẩm quyền giải quyết?',
    datatypeDescription: 'Chọn một giá trị; bỏ trống nếu không rõ.',
    values: [
      { key: 'commune', name: 'Cấp xã' },
      { key: 'province', name: 'Cấp tỉnh' },
      { key: 'central', name: 'Trung ương' },
    ],
  },
];

/** Questions that only make sense for one subject area. */
const BY_SUBJECT: Record<string, AttributeDefinition[]> = {
  'giao-thong': [
    {
      code: 'HANG_MUC',
      datatype: 'multivaluelist',
      variable: true,
      required: false,
      description: 'Hạng mục liên quan.',
      datatypeDescription: 'Chọn một hoặc nhiều giá trị.',
      values: [
        { key: 'duong', name: 'Đường giao thông' },
        { key: 'cau-cong', name: 'Cầu, cống' },
        { key: 'chieu-sang', name: 'Chiếu sáng công cộng' },
        { key: 'an-toan', name: 'An toàn giao thông' },
        { key: 'xay-dung', name: 'Trật tự xây dựng' },
      ],
    },
  ],
  'moi-truong': [
    {
      code: 'NGUON_O_NHIEM',
      datatype: 'multivaluelist',
      variable: true,
      required: false,
      description: 'Nguồn gây ô nhiễm.',
      datatypeDescription: 'Chọn một hoặc nhiều giá trị.',
      values: [
        { key: 'rac-thai', name: 'Rác thải' },
        { key: 'nuoc-thai', name: 'Nước thải' },
        { key: 'khoi-bui', name: 'Khói, bụi, mùi' },
        { key: 'tieng-on', name: 'Tiếng ồn' },
        { key: 'khoang-san', name: 'Khai thác khoáng sản' },
      ],
    },
  ],
  'dat-dai': [
    {
      code: 'NGAY_QUYET_DINH',
      datatype: 'datetime',
      variable: true,
      required: false,
      description: 'Ngày ban hành quyết định (thu hồi, giao đất, bồi thường) liên quan, nếu có.',
      datatypeDescription: 'Ngày theo ISO 8601, ví dụ 2025-07-01.',
    },
  ],
  'dien-nuoc': [
    {
      code: 'DICH_VU',
      datatype: 'singlevaluelist',
      variable: true,
      required: false,
      description: 'Dịch vụ liên quan.',
      datatypeDescription: 'Chọn một giá trị.',
      values: [
        { key: 'dien', name: 'Điện' },
        { key: 'nuoc', name: 'Nước sạch' },
        { key: 'vien-thong', name: 'Viễn thông, internet' },
      ],
    },
  ],
};

/** The attributes of a subject's service definition, in display order. */
export function attributesOf(subjectCode: string): AttributeDefinition[] {
  return [...COMMON, ...(BY_SUBJECT[subjectCode] ?? [])];
}

export type AttributeAnswers = Record<string, string | string[]>;

const ATTRIBUTE_PARAM = /^attribute\[([^\]]+)\](\[\])?$/;

/**
 * The `attribute[CODE]=value` parameters of a POST (`attribute[CODE][]=v` repeated for a
 * multivaluelist), checked against the definition. Returns the answers, or the problems found
 * (every one of them, so the client can fix them all at once).
 */
export function readAttributes(
  subjectCode: string,
  params: Array<[key: string, values: string[]]>,
): { answers: AttributeAnswers; problems: Text[] } {
  const definitions = new Map(attributesOf(subjectCode).map((d) => [d.code, d]));
  const given = new Map<string, string[]>();
  const problems: Text[] = [];
  for (const [key, values] of params) {
    const match = ATTRIBUTE_PARAM.exec(key);
    if (!match) continue;
    const code = match[1]!;
    given.set(code, [...(given.get(code) ?? []), ...values]);
  }
  const answers: AttributeAnswers = {};
  for (const [code, values] of given) {
    const definition = definitions.get(code);
    if (!definition) {
      problems.push({
        vi: `Thuộc tính ${code} không có trong định nghĩa của lĩnh vực ${subjectCode} (xem services/${subjectCode}.xml).`,
        en: `attribute[${code}] is not defined for service ${subjectCode} (see services/${subjectCode}.xml).`,
      });
      continue;
    }
    if (!definition.variable) continue; // an instruction: nothing to answer
    const problem = checkValue(definition, values);
    if (problem) problems.push(problem);
    else answers[code] = definition.datatype === 'multivaluelist' ? [...new Set(values)] : values[0]!.trim();
  }
  for (const definition of definitions.values()) {
    if (
      definition.required &&
      definition.variable &&
      !(definition.code in answers) &&
      !given.has(definition.code)
    )
      problems.push({
        vi: `Thiếu thuộc tính bắt buộc attribute[${definition.code}]: ${definition.description}`,
        en: `The required attribute[${definition.code}] is missing.`,
      });
  }
  return { answers, problems };
}

function checkValue(definition: AttributeDefinition, values: string[]): Text | null {
  const code = definition.code;
  if (definition.datatype !== 'multivaluelist' && values.length > 1)
    return { vi: `Thuộc tính ${code} chỉ nhận một giá trị.`, en: `attribute[${code}] takes one value.` };
  const value = values[0]!.trim();
  switch (definition.datatype) {
    case 'number': {
      const n = Number(value);
      const range = definition.range;
      const isNumber = /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(n);
      if (!isNumber || (range && (n < range.min || n > range.max || (range.integer && !Number.isInteger(n)))))
        return {
          vi: `Thuộc tính ${code} phải là số${range ? ` (${definition.datatypeDescription})` : ''}.`,
          en: `attribute[${code}] must be a number${range ? ` from ${range.min} to ${range.max}` : ''}.`,
        };
      return null;
    }
    case 'datetime':
      try {
        parseW3cDateTime(value, `attribute[${code}]`);
        return null;
      } catch {
        return {
          vi: `Thuộc tính ${code} phải là ngày theo ISO 8601, ví dụ 2025-07-01.`,
          en: `attribute[${code}] must be an ISO 8601 date, e.g. 2025-07-01.`,
        };
      }
    case 'string':
      return value.length > 200 || /[\r\n]/.test(value)
        ? {
            vi: `Thuộc tính ${code}: tối đa 200 ký tự, một dòng.`,
            en: `attribute[${code}]: one line, at most 200 characters.`,
          }
        : null;
    case 'text':
      return value.length > 2000
        ? {
            vi: `Thuộc tính ${code}: tối đa 2.000 ký tự.`,
            en: `attribute[${code}]: at most 2,000 characters.`,
          }
        : null;
    case 'singlevaluelist':
    case 'multivaluelist': {
      const keys = new Set(definition.values?.map((v) => v.key));
      const unknown = values.map((v) => v.trim()).filter((v) => !keys.has(v));
      return unknown.length
        ? {
            vi: `Thuộc tính ${code} không nhận giá trị ${unknown.join(', ')}; giá trị hợp lệ: ${[...keys].join(', ')}.`,
            en: `attribute[${code}] does not accept ${unknown.join(', ')}; valid keys: ${[...keys].join(', ')}.`,
          }
        : null;
    }
  }
}

/** The competence level the citizen suggested (CAP_GIAI_QUYET), if any. */
export function suggestedLevel(answers: AttributeAnswers): CompetenceLevel | null {
  const value = answers.CAP_GIAI_QUYET;
  return value === 'commune' || value === 'province' || value === 'central' ? value : null;
}

/** The answers as the public sees them (extensions=true): the label of each chosen value. */
export function describeAnswers(subjectCode: string, answers: AttributeAnswers) {
  const definitions = new Map(attributesOf(subjectCode).map((d) => [d.code, d]));
  return Object.entries(answers).map(([code, value]) => {
    const definition = definitions.get(code);
    const values = Array.isArray(value) ? value : [value];
    const names = values.map((v) => definition?.values?.find((option) => option.key === v)?.name ?? v);
    return {
      code,
      label: definition?.description ?? code,
      value: values.join(','),
      name: names.join(', '),
    };
  });
}
