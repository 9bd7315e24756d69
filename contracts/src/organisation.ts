import { z } from 'zod';

/**
 * Organisation directory: units (tổ chức), reorganisations (sáp nhập, chia tách, đổi tên, điều
 * chuyển, giải thể), staff (cán bộ) and imports. Request and response shapes shared by server and web.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

export const unitKinds = [
  'committee', // Ủy ban MTTQ (trung ương, tỉnh, xã)
  'standing_board', // Ban Thường trực
  'department', // ban, văn phòng chuyên môn
  'member_organisation', // tổ chức chính trị - xã hội thành viên
  'residential_committee', // Ban Công tác Mặt trận khu dân cư
] as const;
export type UnitKind = (typeof unitKinds)[number];

/** Vietnamese labels of unit kinds (UI, import templates). */
export const unitKindLabels: Record<UnitKind, { vi: string; en: string }> = {
  committee: { vi: 'Ủy ban MTTQ', en: 'Front committee' },
  standing_board: { vi: 'Ban Thường trực', en: 'Standing board' },
  department: { vi: 'Ban/Văn phòng chuyên môn', en: 'Department' },
  member_organisation: { vi: 'Tổ chức chính trị - xã hội', en: 'Member organisation' },
  residential_committee: { vi: 'Ban Công tác Mặt trận khu dân cư', en: 'Residential-area committee' },
};

export const unitStatuses = ['active', 'merged', 'split', 'dissolved'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export const staffStatuses = ['active', 'suspended', 'left'] as const;
export type StaffStatus = (typeof staffStatuses)[number];

/** Calendar date `YYYY-MM-DD` (dates are shown as dd/mm/yyyy in the UI). */
export const isoDateSchema = z.iso.date();

/**
 * Mã định danh (QCVN 102:2016): up to 35 characters of digits and capital letters in segments
 * separated by dots, e.g. `000.00.00.H30`.
 */
export const UNIT_CODE_PATTERN = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;
export const unitCodeSchema = z
  .string()
  .trim()
  .max(35, 'Mã định danh tối đa 35 ký tự (max 35 characters)')
  .regex(
    UNIT_CODE_PATTERN,
    'Mã định danh chỉ gồm chữ số, chữ in hoa và dấu chấm ngăn cách các cấp, ví dụ 000.00.00.H30 (digits, capitals and dots)',
  );

/** Staff username: lower-case letters, digits, dot, dash, underscore; 3–64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    USERNAME_PATTERN,
    'Tên đăng nhập 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang (lower-case letters, digits, . _ -)',
  );

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .()-]{6,19}$/, 'Số điện thoại không hợp lệ (invalid phone number)');

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const idParamsSchema = z.object({ id: z.uuid() });

/** A unit as other screens reference it. */
export const unitLinkSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  status: z.enum(unitStatuses),
});
export type UnitLink = z.infer<typeof unitLinkSchema>;

// ---------------------------------------------------------------------------------------------
// Levels (cấp)
// ---------------------------------------------------------------------------------------------

export const unitLevelSchema = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  rank: z.number().int(),
});
export type UnitLevel = z.infer<typeof unitLevelSchema>;

export const updateUnitLevelSchema = z.object({
  nameVi: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
});
export type UpdateUnitLevel = z.infer<typeof updateUnitLevelSchema>;

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

const unitContactShape = {
  shortName: optionalText(100),
  symbol: z
    .string()
    .trim()
    .max(50)
    .regex(/^[0-9A-ZĐ][0-9A-ZĐ-]*$/, 'Ký hiệu gồm chữ in hoa, số và dấu gạch ngang, ví dụ MTTQ-BTT')
    .nullable()
    .optional(),
  address: optionalText(300),
  phone: phoneSchema.nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  website: z.url().max(300).nullable().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
};

export const createUnitSchema = z.object({
  parentId: z.uuid(),
  name: z.string().trim().min(2).max(300),
  code: unitCodeSchema.nullable().optional(),
  levelId: z.string().min(1),
  kind: z.enum(unitKinds),
  effectiveFrom: isoDateSchema.optional(),
  ...unitContactShape,
});
export type CreateUnit = z.infer<typeof createUnitSchema>;

/** Contacts and codes; the name changes only through a reorganisation (rename keeps history). */
export const updateUnitSchema = z
  .strictObject({
    code: unitCodeSchema.nullable().optional(),
    effectiveFrom: isoDateSchema.optional(),
    ...unitContactShape,
  })
  .refine((value) => Object.keys(value).length > 0, 'Không có gì để cập nhật (nothing to update)');
export type UpdateUnit = z.infer<typeof updateUnitSchema>;

export const unitSummarySchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  levelId: z.string(),
  kind: z.enum(unitKinds),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string().nullable(),
  symbol: z.string().nullable(),
  status: z.enum(unitStatuses),
  effectiveFrom: isoDateSchema,
  effectiveTo: isoDateSchema.nullable(),
  /** Active children (what the tree can expand to). */
  childCount: z.number().int(),
});
export type UnitSummary = z.infer<typeof unitSummarySchema>;

export const unitListQuerySchema = paginationQuerySchema.extend({
  parentId: z.uuid().optional(),
  levelId: z.string().optional(),
  kind: z.enum(unitKinds).optional(),
  /** Default `active`; `all` includes merged, split and dissolved units. */
  status: z.enum([...unitStatuses, 'all']).default('active'),
  /** Name or code; diacritics optional ("xa an binh" finds "Xã An Bình"). */
  q: z.string().trim().max(100).optional(),
});
export type UnitListQuery = z.input<typeof unitListQuerySchema>;
export type UnitListParams = z.infer<typeof unitListQuerySchema>;

export const unitListSchema = z.object({
  items: z.array(unitSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type UnitList = z.infer<typeof unitListSchema>;

export const unitTreeQuerySchema = z.object({
  /** Subtree root; default the roots of the actor's scope. */
  rootId: z.uuid().optional(),
  /** Levels below the root to include (1 = the root and its children). */
  depth: z.coerce.number().int().min(0).max(6).default(1),
  includeHistorical: booleanQuery.default(false),
});
export type UnitTreeQuery = z.input<typeof unitTreeQuerySchema>;
export type UnitTreeParams = z.infer<typeof unitTreeQuerySchema>;

export interface UnitTreeNode {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  code: string | null;
  kind: UnitKind;
  levelId: string;
  status: UnitStatus;
  childCount: number;
  /** Loaded children; absent when the node lies at the requested depth (expand with `rootId`). */
  children?: UnitTreeNode[];
}

export const unitTreeNodeSchema: z.ZodType<UnitTreeNode> = z.lazy(() =>
  z.object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    name: z.string(),
    shortName: z.string().nullable(),
    code: z.string().nullable(),
    kind: z.enum(unitKinds),
    levelId: z.string(),
    status: z.enum(unitStatuses),
    childCount: z.number().int(),
    children: z.array(unitTreeNodeSchema).optional(),
  }),
);

export const unitTreeSchema = z.object({ roots: z.array(unitTreeNodeSchema) });
export type UnitTree = z.infer<typeof unitTreeSchema>;

export const formerNameSchema = z.object({
  name: z.string(),
  shortName: z.string().nullable(),
  validFrom: isoDateSchema,
  /** Last day the name was in use (inclusive). */
  validTo: isoDateSchema,
  decisionRef: z.string().nullable(),
});

export const unitEventKinds = ['create', 'merge', 'split', 'rename', 'move', 'dissolve'] as const;
export type UnitEventKind = (typeof unitEventKinds)[number];

export const unitEventRefSchema = z.object({
  id: z.uuid(),
  kind: z.enum(unitEventKinds),
  effectiveDate: isoDateSchema,
  decisionRef: z.string().nullable(),
  note: z.string().nullable(),
});

/** A successor or predecessor, with the event that linked them. */
export const unitSuccessionSchema = z.object({ unit: unitLinkSchema, event: unitEventRefSchema });

export const unitDetailSchema = unitSummarySchema.extend({
  path: z.string(),
  level: unitLevelSchema,
  parent: unitLinkSchema.nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  sortOrder: z.number().int(),
  counts: z.object({
    activeChildren: z.number().int(),
    /** Merged/split/dissolved units kept below this one as history. */
    historicalChildren: z.number().int(),
    /** Active staff attached directly to this unit. */
    staff: z.number().int(),
    /** Active units in the whole subtree, this one included. */
    subtreeUnits: z.number().int(),
    subtreeStaff: z.number().int(),
  }),
  successors: z.array(unitSuccessionSchema),
  predecessors: z.array(unitSuccessionSchema),
  formerNames: z.array(formerNameSchema),
  events: z.array(unitEventRefSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UnitDetail = z.infer<typeof unitDetailSchema>;

export const nameAtQuerySchema = z.object({ date: isoDateSchema });

/** How a record dated `date` names its unit: the name then, and what the unit is now. */
export const unitNameAtSchema = z.object({
  unitId: z.uuid(),
  date: isoDateSchema,
  /** The unit's name on that date. */
  name: z.string(),
  shortName: z.string().nullable(),
  /** The unit's present name (equal to `name` when nothing changed). */
  currentName: z.string(),
  status: z.enum(unitStatuses),
  /** Active units that carry on a merged, split or dissolved unit (followed to the end of the chain). */
  successors: z.array(unitLinkSchema),
  /** Ready to print: "Ủy ban MTTQ tỉnh Bình Thuận (nay là Ủy ban MTTQ tỉnh Lâm Đồng)". */
  display: z.object({ vi: z.string(), en: z.string() }),
});
export type UnitNameAt = z.infer<typeof unitNameAtSchema>;

// ---------------------------------------------------------------------------------------------
// Reorganisations (sắp xếp, sáp nhập, chia tách, đổi tên, điều chuyển, giải thể)
// ---------------------------------------------------------------------------------------------

const decisionShape = {
  /** Ngày hiệu lực. */
  effectiveDate: isoDateSchema,
  /** Số quyết định / nghị quyết, e.g. "Nghị quyết 202/2025/QH15". */
  decisionRef: z.string().trim().min(1).max(200),
  note: z.string().trim().max(2000).nullable().optional(),
};

/** A unit created by a merge or split; `parentId` defaults to the source's parent. */
export const newUnitSchema = z.object({
  parentId: z.uuid().optional(),
  name: z.string().trim().min(2).max(300),
  code: unitCodeSchema.nullable().optional(),
  levelId: z.string().min(1).optional(),
  kind: z.enum(unitKinds).optional(),
  ...unitContactShape,
});
export type NewUnit = z.infer<typeof newUnitSchema>;

export const mergeRequestSchema = z.object({
  kind: z.literal('merge'),
  /** Units merged away (at least two when merging into a new unit). */
  sourceIds: z.array(z.uuid()).min(1).max(50),
  target: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('existing'), unitId: z.uuid() }),
    z.object({ mode: z.literal('new'), unit: newUnitSchema }),
  ]),
  /**
   * What happens to the merged units' own bodies (standing board, departments, member
   * organisations): `move` them under the successor like every other active child (default), or
   * `retire` them together with their parent (the successor's own bodies carry on).
   */
  internalBodies: z.enum(['move', 'retire']).default('move'),
  /** Move the merged units' active staff to the successor (default); otherwise they stay attached to the historical unit. */
  moveStaff: z.boolean().default(true),
  ...decisionShape,
});

export const splitRequestSchema = z.object({
  kind: z.literal('split'),
  sourceId: z.uuid(),
  /** The new units; children and staff not assigned to a part go to the first part. */
  parts: z
    .array(
      z.object({
        unit: newUnitSchema,
        childIds: z.array(z.uuid()).default([]),
        staffIds: z.array(z.uuid()).default([]),
      }),
    )
    .min(2)
    .max(20),
  ...decisionShape,
});

export const renameRequestSchema = z.object({
  kind: z.literal('rename'),
  unitId: z.uuid(),
  name: z.string().trim().min(2).max(300),
  shortName: optionalText(100),
  ...decisionShape,
});

export const moveRequestSchema = z.object({
  kind: z.literal('move'),
  unitId: z.uuid(),
  newParentId: z.uuid(),
  ...decisionShape,
});

export const dissolveRequestSchema = z.object({
  kind: z.literal('dissolve'),
  unitId: z.uuid(),
  /** Where active children and staff go; required when the unit still has any. */
  transferToId: z.uuid().optional(),
  ...decisionShape,
});

export const reorganisationRequestSchema = z.discriminatedUnion('kind', [
  mergeRequestSchema,
  splitRequestSchema,
  renameRequestSchema,
  moveRequestSchema,
  dissolveRequestSchema,
]);
export type ReorganisationRequest = z.input<typeof reorganisationRequestSchema>;
export type ReorganisationCommand = z.infer<typeof reorganisationRequestSchema>;

const movedUnitSchema = z.object({
  unit: unitLinkSchema,
  fromParent: unitLinkSchema.nullable(),
  /** Null when the new parent is a unit this reorganisation creates. */
  toParent: unitLinkSchema.nullable(),
  toParentName: z.string(),
});

/** What a reorganisation changes; the merge wizard shows it before the user confirms. */
export const reorganisationPreviewSchema = z.object({
  kind: z.enum(unitEventKinds),
  effectiveDate: isoDateSchema,
  decisionRef: z.string(),
  /** Units the reorganisation creates (merge into new, split). */
  created: z.array(
    z.object({ name: z.string(), code: z.string().nullable(), levelId: z.string(), parentName: z.string() }),
  ),
  /** Units that stop being active, with their new status. */
  retired: z.array(z.object({ unit: unitLinkSchema, newStatus: z.enum(unitStatuses) })),
  /** Units re-parented as active units (children of merged units, the moved unit). */
  moved: z.array(movedUnitSchema),
  renamed: z.array(z.object({ unit: unitLinkSchema, newName: z.string() })),
  /** Successor links recorded (predecessor name → successor name). */
  successions: z.array(z.object({ predecessor: z.string(), successor: z.string() })),
  counts: z.object({
    /** Units whose tree position (path) changes, subtrees included. */
    unitsRepositioned: z.number().int(),
    /** Active staff whose unit changes. */
    staffMoved: z.number().int(),
    /** Active staff in every affected subtree. */
    staffAffected: z.number().int(),
    /** Active child units of the units concerned (retired units, existing successors, new parent) before. */
    childrenBefore: z.number().int(),
    /** Active child units of the successor(s) (or the new parent, or the renamed unit) after. */
    childrenAfter: z.number().int(),
  }),
  /** Things to review, e.g. role assignments held at retired units. */
  warnings: z.array(z.object({ vi: z.string(), en: z.string() })),
});
export type ReorganisationPreview = z.infer<typeof reorganisationPreviewSchema>;

export const reorganisationResultSchema = z.object({
  eventId: z.uuid(),
  preview: reorganisationPreviewSchema,
  /** Units created by the reorganisation, in the order of the request. */
  createdIds: z.array(z.uuid()),
});
export type ReorganisationResult = z.infer<typeof reorganisationResultSchema>;

// ---------------------------------------------------------------------------------------------
// Staff (cán bộ)
// ---------------------------------------------------------------------------------------------

const staffContactShape = {
  fullName: z.string().trim().min(2).max(200),
  position: optionalText(200),
  email: z.email().max(200).toLowerCase().nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  gender: z.enum(['male', 'female', 'other']).nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  termStart: isoDateSchema.nullable().optional(),
  termEnd: isoDateSchema.nullable().optional(),
};

export const createStaffSchema = z.object({
  unitId: z.uuid(),
  username: usernameSchema,
  ...staffContactShape,
  /** Optional initial password; without one the person signs in after a reset, SSO or passkey. */
  initialPassword: z.string().min(10).max(200).optional(),
  /** Optional role granted at the staff member's unit (needs roles.assign there). */
  roleId: z.string().min(1).optional(),
});
export type CreateStaff = z.infer<typeof createStaffSchema>;

export const updateStaffSchema = z
  .strictObject({
    ...staffContactShape,
    fullName: staffContactShape.fullName.optional(),
    status: z.enum(staffStatuses).optional(),
    /** Move to another unit (both must be in the actor's scope). */
    unitId: z.uuid().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Không có gì để cập nhật (nothing to update)');
export type UpdateStaff = z.infer<typeof updateStaffSchema>;

export const staffSchema = z.object({
  id: z.uuid(),
  unit: unitLinkSchema,
  username: z.string(),
  fullName: z.string(),
  position: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  gender: z.enum(['male', 'female', 'other']).nullable(),
  birthYear: z.number().int().nullable(),
  status: z.enum(staffStatuses),
  termStart: isoDateSchema.nullable(),
  termEnd: isoDateSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Staff = z.infer<typeof staffSchema>;

export const staffDetailSchema = staffSchema.extend({
  roles: z.array(z.object({ roleId: z.string(), nameVi: z.string(), unit: unitLinkSchema })),
  hasPassword: z.boolean(),
});
export type StaffDetail = z.infer<typeof staffDetailSchema>;

export const staffListQuerySchema = paginationQuerySchema.extend({
  unitId: z.uuid().optional(),
  /** With `unitId`: include the units below it. */
  subtree: booleanQuery.default(false),
  status: z.enum([...staffStatuses, 'all']).default('active'),
  /** Name, username or e-mail; diacritics optional. */
  q: z.string().trim().max(100).optional(),
});
export type StaffListQuery = z.input<typeof staffListQuerySchema>;
export type StaffListParams = z.infer<typeof staffListQuerySchema>;

export const staffListSchema = z.object({
  items: z.array(staffSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type StaffList = z.infer<typeof staffListSchema>;

export const createTrainingSchema = z.object({
  title: z.string().trim().min(2).max(300),
  provider: optionalText(200),
  completedOn: isoDateSchema.nullable().optional(),
  hours: z.number().int().min(0).max(10_000).nullable().optional(),
});
export type CreateTraining = z.infer<typeof createTrainingSchema>;

export const trainingSchema = z.object({
  id: z.uuid(),
  staffId: z.uuid(),
  title: z.string(),
  provider: z.string().nullable(),
  completedOn: isoDateSchema.nullable(),
  hours: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Training = z.infer<typeof trainingSchema>;

// ---------------------------------------------------------------------------------------------
// Imports (nhập từ Excel/CSV)
// ---------------------------------------------------------------------------------------------

export const importQuerySchema = z.object({ dryRun: booleanQuery.default(false) });

export const importIssueSchema = z.object({
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  /** Column key (e.g. `code`) and its header text in the template. */
  column: z.string(),
  columnLabel: z.string(),
  value: z.string().nullable(),
  message: z.object({ vi: z.string(), en: z.string() }),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

/**
 * Answer of an import: with `dryRun` nothing is written; otherwise all rows or none. When a file
 * without `dryRun` has bad rows the server answers 400 `BAD_REQUEST` with this report in
 * `error.details.report`.
 */
export const importReportSchema = z.object({
  dryRun: z.boolean(),
  format: z.enum(['xlsx', 'csv']),
  rows: z.number().int(),
  valid: z.boolean(),
  /** Records written (0 on a dry run or when any row is invalid). */
  created: z.number().int(),
  issues: z.array(importIssueSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;
