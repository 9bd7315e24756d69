import { z } from 'zod';
import { petitionStatuses } from './petitions.ts';

/**
 * Similar and repeated petitions (issue 6): GET /api/petitions/similar, for the staff form as the
 * cadre types. Vietnamese-aware (diacritics folded, stop words dropped, syllable bigrams); see the
 * server's modules/petitions/README.md "Similar and repeated petitions".
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An optional query parameter matching `pattern`; empty (`unitId=` from a form) counts as missing. */
const optionalMatching = (pattern: RegExp, message: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === '' || pattern.test(value), message)
    .transform((value) => value || undefined)
    .optional();

export const similarPetitionsQuerySchema = z.object({
  text: z
    .string({ error: 'Chưa nhập nội dung để tìm kiến nghị tương tự (text is required)' })
    .trim()
    .min(1, 'Chưa nhập nội dung để tìm kiến nghị tương tự (text is required)')
    .max(12_000, 'Nội dung tìm kiếm tối đa 12.000 ký tự (text: at most 12,000 characters)'),
  unitId: optionalMatching(UUID, 'Mã đơn vị không hợp lệ (unitId: a UUID)').describe(
    'The area: this unit, its ancestors and descendants.',
  ),
  subjectCode: optionalMatching(
    /^[a-z0-9-]{1,40}$/,
    'Mã lĩnh vực không hợp lệ (subjectCode: an Open311 service code)',
  ),
  excludeId: optionalMatching(UUID, 'Mã kiến nghị không hợp lệ (excludeId: a UUID)').describe(
    'The petition being edited: it (and petitions merged into it) are left out.',
  ),
  limit: z.coerce
    .number({ error: 'Số kết quả phải là số từ 1 đến 20 (limit: 1 to 20)' })
    .int('Số kết quả phải là số từ 1 đến 20 (limit: 1 to 20)')
    .min(1, 'Số kết quả phải là số từ 1 đến 20 (limit: 1 to 20)')
    .max(20, 'Số kết quả phải là số từ 1 đến 20 (limit: 1 to 20)')
    .default(5),
});
export type SimilarPetitionsQuery = z.infer<typeof similarPetitionsQuerySchema>;

/** A similar petition: what may be shown of it (never the petitioner), and how close it is. */
export const similarPetitionSchema = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  title: z.string(),
  /** The first 240 characters of the description. */
  excerpt: z.string(),
  status: z.enum(petitionStatuses),
  subjectCode: z.string(),
  subjectName: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  /** The delegates' term and the voter-contact session it was raised at. */
  term: z.string().nullable(),
  sessionId: z.uuid().nullable(),
  receivedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** The latest published answer (plain-language summary). */
  answer: z.object({ summary: z.string(), publishedAt: z.string() }).nullable(),
  /** Dice similarity of the content words, 0 to 1. */
  score: z.number(),
  /** At or above the repeat threshold: most likely the same petition raised again. */
  isLikelyRepeat: z.boolean(),
  /** The petition that matched when it was merged into this one. */
  matchedMergedId: z.uuid().nullable(),
});
export type SimilarPetition = z.infer<typeof similarPetitionSchema>;

export const similarPetitionsSchema = z.object({
  items: z.array(similarPetitionSchema),
  /** The score from which a suggestion is flagged as a likely repeat. */
  repeatThreshold: z.number(),
});
export type SimilarPetitions = z.infer<typeof similarPetitionsSchema>;
