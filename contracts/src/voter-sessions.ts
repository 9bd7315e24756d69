import { z } from 'zod';
import {
  competenceLevels,
  petitionDescriptionSchema,
  petitionerInputSchema,
  petitionTitleSchema,
} from './petitions.ts';

/**
 * Voter-contact sessions (hội nghị tiếp xúc cử tri): planned by a Front committee's standing board
 * for National Assembly and/or People's Council delegates, the board notified at least three
 * working days ahead (NQLT 72/2025 Art. 32), held (attendance), minuted (biên bản), with every
 * petition raised linked to it. Routes under /api/voter-sessions.
 */

const uuid = z.uuid({ error: 'Mã định danh không hợp lệ (not a valid id)' });

export const voterSessionModes = ['onsite', 'online', 'hybrid'] as const;
export type VoterSessionModeName = (typeof voterSessionModes)[number];
export const voterSessionModeLabels: Record<VoterSessionModeName, string> = {
  onsite: 'Trực tiếp',
  online: 'Trực tuyến',
  hybrid: 'Trực tiếp kết hợp trực tuyến',
};

export const voterSessionStatuses = ['planned', 'held', 'minutes_done', 'cancelled'] as const;
export type VoterSessionStatusName = (typeof voterSessionStatuses)[number];
export const voterSessionStatusLabels: Record<VoterSessionStatusName, string> = {
  planned: 'Đã lên kế hoạch',
  held: 'Đã tổ chức',
  minutes_done: 'Đã có biên bản',
  cancelled: 'Đã hủy',
};

/** The delegates' level: central = National Assembly (Quốc hội), else the People's Council of that level. */
export const voterSessionLevels = ['central', 'province', 'commune'] as const;
export const voterSessionLevelLabels: Record<(typeof voterSessionLevels)[number], string> = {
  central: 'Đại biểu Quốc hội',
  province: 'Đại biểu HĐND tỉnh',
  commune: 'Đại biểu HĐND xã',
};

const isoDateTime = (what: string, en: string) =>
  z.iso.datetime({
    offset: true,
    error: `${what} phải là thời điểm ISO 8601 có múi giờ, ví dụ 2026-12-01T08:00:00+07:00 (${en}: an ISO 8601 date-time with offset)`,
  });

const optionalText = (max: number, vi: string, en: string) =>
  z
    .string()
    .trim()
    .max(max, `${vi} tối đa ${max.toLocaleString('vi-VN')} ký tự (${en}: at most ${max} characters)`)
    .transform((value) => value || null)
    .nullable()
    .optional();

export const voterSessionInviteeInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit'), unitId: uuid }),
  z.strictObject({ kind: z.literal('staff'), staffId: uuid }),
  z.strictObject({ kind: z.literal('recipient'), recipientId: uuid }),
  z.strictObject({
    kind: z.literal('person'),
    name: z
      .string()
      .trim()
      .min(1, 'Chưa nhập tên người được mời (the invitee needs a name)')
      .max(200, 'Tên tối đa 200 ký tự (name: at most 200 characters)'),
    organisation: optionalText(300, 'Cơ quan, đơn vị', 'organisation'),
    email: z
      .email({ error: 'Địa chỉ thư điện tử không hợp lệ (invalid e-mail address)' })
      .max(254)
      .nullable()
      .optional(),
  }),
]);
export type VoterSessionInviteeInput = z.infer<typeof voterSessionInviteeInputSchema>;

const invitees = z
  .array(voterSessionInviteeInputSchema)
  .max(500, 'Tối đa 500 khách mời (at most 500 invitees)');

const sessionFields = {
  unitId: uuid
    .optional()
    .describe('The organising Front committee (its standing board organises); the active unit when omitted.'),
  title: z
    .string()
    .trim()
    .min(1, 'Chưa nhập tên hội nghị (title is required)')
    .max(300, 'Tên hội nghị tối đa 300 ký tự (title: at most 300 characters)'),
  level: z.enum(voterSessionLevels, {
    error: 'Cấp tiếp xúc phải là "central", "province" hoặc "commune" (level: central, province or commune)',
  }),
  mode: z.enum(voterSessionModes, {
    error: 'Hình thức phải là "onsite", "online" hoặc "hybrid" (mode: onsite, online or hybrid)',
  }),
  place: optionalText(500, 'Địa điểm', 'place'),
  onlineUrl: z
    .url({
      protocol: /^https?$/,
      error: 'Đường dẫn trực tuyến phải là địa chỉ http(s) (online link: an http(s) URL)',
    })
    .max(2000)
    .nullable()
    .optional(),
  startsAt: isoDateTime('Thời điểm bắt đầu', 'startsAt'),
  endsAt: isoDateTime('Thời điểm kết thúc', 'endsAt'),
  term: optionalText(40, 'Nhiệm kỳ', 'term').describe('Nhiệm kỳ, e.g. "2021-2026".'),
  assemblySession: optionalText(200, 'Kỳ họp', 'assembly session').describe(
    'Kỳ họp it prepares for, e.g. "Kỳ họp thứ 10, Quốc hội khóa XV".',
  ),
  delegateIds: z
    .array(uuid)
    .min(1, 'Cần ít nhất một đại biểu tham dự (choose at least one delegate)')
    .max(50, 'Tối đa 50 đại biểu (at most 50 delegates)')
    .transform((ids) => [...new Set(ids)]),
};

/** Start before end; the place for on-site and hybrid sessions, the link for online and hybrid ones. */
export const voterSessionWhereRules = <
  T extends {
    mode?: VoterSessionModeName;
    place?: string | null;
    onlineUrl?: string | null;
    startsAt?: string;
    endsAt?: string;
  },
>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.startsAt && value.endsAt && new Date(value.endsAt) <= new Date(value.startsAt))
    ctx.addIssue({
      code: 'custom',
      path: ['endsAt'],
      message: 'Thời điểm kết thúc phải sau thời điểm bắt đầu (the end must be after the start)',
    });
  if ((value.mode === 'onsite' || value.mode === 'hybrid') && !value.place)
    ctx.addIssue({
      code: 'custom',
      path: ['place'],
      message: 'Hội nghị trực tiếp cần địa điểm (an on-site or hybrid session needs a place)',
    });
  if ((value.mode === 'online' || value.mode === 'hybrid') && !value.onlineUrl)
    ctx.addIssue({
      code: 'custom',
      path: ['onlineUrl'],
      message:
        'Hội nghị trực tuyến cần đường dẫn tham dự (an online or hybrid session needs the online link)',
    });
};

export const createVoterSessionSchema = z
  .object({ ...sessionFields, invitees: invitees.default([]) })
  .superRefine(voterSessionWhereRules);
export type CreateVoterSession = z.infer<typeof createVoterSessionSchema>;

/** A change to a planned session; the rules are checked again on the result. */
export const updateVoterSessionSchema = z
  .object({
    title: sessionFields.title,
    level: sessionFields.level,
    mode: sessionFields.mode,
    place: sessionFields.place,
    onlineUrl: sessionFields.onlineUrl,
    startsAt: sessionFields.startsAt,
    endsAt: sessionFields.endsAt,
    term: sessionFields.term,
    assemblySession: sessionFields.assemblySession,
    delegateIds: sessionFields.delegateIds,
  })
  .partial();
export type UpdateVoterSession = z.infer<typeof updateVoterSessionSchema>;

export const voterSessionInvitationsSchema = z.object({ invitees });

export const voterSessionAttendanceSchema = z.object({
  voterCount: z
    .number({ error: 'Số cử tri tham dự phải là một số (voter count: a number)' })
    .int('Số cử tri tham dự phải là số nguyên (voter count: a whole number)')
    .min(0, 'Số cử tri tham dự không thể âm (voter count cannot be negative)')
    .max(100_000, 'Số cử tri tham dự tối đa 100.000 (voter count: at most 100,000)'),
  delegatesPresent: z
    .array(uuid)
    .max(50)
    .transform((ids) => [...new Set(ids)])
    .describe('The session delegates who were present; the others are recorded absent.'),
  attendees: z
    .array(
      z.strictObject({
        name: z
          .string()
          .trim()
          .min(1, 'Chưa nhập tên cử tri (attendee name is required)')
          .max(200, 'Tên tối đa 200 ký tự (name: at most 200 characters)'),
        note: optionalText(200, 'Ghi chú', 'note'),
      }),
    )
    .max(5000, 'Tối đa 5.000 cử tri được ghi tên (at most 5,000 named attendees)')
    .optional()
    .describe('Named voters (optional; personal data, shown only with petitions.personal_data).'),
});
export type VoterSessionAttendance = z.infer<typeof voterSessionAttendanceSchema>;

export const voterSessionMinutesSchema = z.object({
  summary: z
    .string()
    .trim()
    .min(1, 'Chưa nhập nội dung tóm tắt biên bản (the minutes need a summary)')
    .max(20_000, 'Tóm tắt tối đa 20.000 ký tự (summary: at most 20,000 characters)'),
  opinions: z
    .string()
    .trim()
    .max(50_000, 'Ý kiến cử tri tối đa 50.000 ký tự (opinions: at most 50,000 characters)')
    .default(''),
  responses: z
    .string()
    .trim()
    .max(50_000, 'Ý kiến trả lời tối đa 50.000 ký tự (responses: at most 50,000 characters)')
    .default(''),
});
export type VoterSessionMinutes = z.infer<typeof voterSessionMinutesSchema>;

export const cancelVoterSessionSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Cần nêu lý do hủy hội nghị (a reason is required)')
    .max(1000, 'Lý do tối đa 1.000 ký tự (reason: at most 1,000 characters)'),
});

/** A petition raised at the session, recorded by a cadre (channel 'session', the session's term). */
export const raiseSessionPetitionSchema = z.object({
  subjectCode: z.string().trim().min(1, 'Chưa chọn lĩnh vực (choose a subject area)').max(40),
  competenceLevel: z.enum(competenceLevels, {
    error: 'Thẩm quyền phải là "central", "province" hoặc "commune" (competence level)',
  }),
  title: petitionTitleSchema.min(1, 'Chưa nhập tiêu đề kiến nghị (title is required)'),
  description: petitionDescriptionSchema,
  unitId: uuid.optional().describe("The area (unit) the petition concerns; the session's unit when omitted."),
  place: optionalText(200, 'Địa bàn', 'place'),
  addressedToId: uuid.nullable().optional(),
  petitioner: petitionerInputSchema.nullable().optional(),
});
export type RaiseSessionPetition = z.infer<typeof raiseSessionPetitionSchema>;

export const linkSessionPetitionsSchema = z.object({
  petitionIds: z
    .array(uuid)
    .min(1, 'Chưa chọn kiến nghị (choose at least one petition)')
    .max(200, 'Tối đa 200 kiến nghị mỗi lần (at most 200 petitions at a time)')
    .transform((ids) => [...new Set(ids)]),
});

export const voterSessionListQuerySchema = z.object({
  status: z.enum(voterSessionStatuses).optional(),
  unitId: uuid.optional().describe("Sessions organised in this unit's subtree."),
  term: z.string().trim().max(40).optional(),
  from: z.iso.date({ error: 'Ngày phải có dạng YYYY-MM-DD (date: YYYY-MM-DD)' }).optional(),
  to: z.iso.date({ error: 'Ngày phải có dạng YYYY-MM-DD (date: YYYY-MM-DD)' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Something the user should know but that does not stop the action (e.g. a late notice). */
export const voterSessionWarningSchema = z.object({
  code: z.enum(['NOTICE_LATE', 'NOT_NOTIFIED', 'NO_RECIPIENTS']),
  vi: z.string(),
  en: z.string(),
});
export type VoterSessionWarning = z.infer<typeof voterSessionWarningSchema>;

export const voterSessionSchema = z.object({
  id: uuid,
  unitId: uuid,
  unitName: z.string(),
  title: z.string(),
  level: z.enum(voterSessionLevels),
  mode: z.enum(voterSessionModes),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  term: z.string().nullable(),
  assemblySession: z.string().nullable(),
  status: z.enum(voterSessionStatuses),
  /** The last day (Vietnam date) on which notifying the standing board is on time (3 working days ahead). */
  noticeDueBy: z.string(),
  notifiedAt: z.string().nullable(),
  noticeLate: z.boolean().nullable(),
  voterCount: z.number().int().nullable(),
  attendanceAt: z.string().nullable(),
  minutes: z
    .object({
      summary: z.string(),
      opinions: z.string(),
      responses: z.string(),
      at: z.string(),
    })
    .nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  petitionCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VoterSession = z.infer<typeof voterSessionSchema>;

export const voterSessionDelegateSchema = z.object({
  recipientId: uuid,
  name: z.string(),
  level: z.enum(voterSessionLevels),
  delegateBody: z.enum(['national_assembly', 'peoples_council']),
  constituency: z.string().nullable(),
  present: z.boolean().nullable(),
});

export const voterSessionInviteeSchema = z.object({
  id: uuid,
  kind: z.enum(['unit', 'staff', 'recipient', 'person']),
  unitId: uuid.nullable(),
  staffId: uuid.nullable(),
  recipientId: uuid.nullable(),
  /** The unit's, staff member's, recipient's or person's name. */
  name: z.string(),
  organisation: z.string().nullable(),
  email: z.string().nullable(),
  invitedAt: z.string().nullable(),
});

export const voterSessionDetailSchema = z.object({
  session: voterSessionSchema,
  delegates: z.array(voterSessionDelegateSchema),
  invitees: z.array(voterSessionInviteeSchema),
  /** Named attendees: null unless the caller holds petitions.personal_data over the session. */
  attendees: z.array(z.object({ name: z.string(), note: z.string().nullable() })).nullable(),
  warnings: z.array(voterSessionWarningSchema),
});
export type VoterSessionDetail = z.infer<typeof voterSessionDetailSchema>;

export const voterSessionListSchema = z.object({
  items: z.array(voterSessionSchema),
  total: z.number().int(),
});

export const voterSessionPetitionSchema = z.object({
  id: uuid,
  trackingCode: z.string(),
  title: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  competenceLevel: z.enum(voterSessionLevels),
  status: z.string(),
  unitId: uuid,
  unitName: z.string(),
  receivedAt: z.string(),
});
export type VoterSessionPetition = z.infer<typeof voterSessionPetitionSchema>;

export const voterSessionPetitionListSchema = z.object({
  items: z.array(voterSessionPetitionSchema),
  total: z.number().int(),
});

export const raisedSessionPetitionSchema = z.object({
  id: uuid,
  trackingCode: z.string(),
  serial: z.number().int(),
});
