import { z } from 'zod';
import { documentPriorities, secrecyLevels } from './documents.ts';

/**
 * Full-text search of official documents (GET /api/documents/search). `q` searches the summary
 * (trích yếu), symbol, issuing body, metadata and the document text (OCR), without regard to
 * diacritics ("quyet dinh" finds "quyết định"); words in double quotes are a phrase, `or` joins
 * alternatives and `-word` excludes a word. A query shaped like a symbol (`123/QĐ-UBND`,
 * `QĐ-MTTQ`), or the `symbol` parameter, searches document symbols: exact, then prefix, then
 * substring matches.
 */

export const SEARCH_QUERY_MAX = 200;
export const SEARCH_SYMBOL_MAX = 80;
export const SEARCH_PAGE_MAX = 50;
export const SEARCH_OFFSET_MAX = 1000;

const isoDate = (field: string) =>
  z.iso.date({ error: `${field} phải là ngày dạng YYYY-MM-DD (${field}: a date as YYYY-MM-DD)` }).optional();

export const documentSearchQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .max(SEARCH_QUERY_MAX, {
        error: `Từ khoá tìm kiếm dài quá ${SEARCH_QUERY_MAX} ký tự (the query is longer than ${SEARCH_QUERY_MAX} characters)`,
      })
      .optional(),
    symbol: z
      .string()
      .trim()
      .min(1)
      .max(SEARCH_SYMBOL_MAX, {
        error: `Số, ký hiệu dài quá ${SEARCH_SYMBOL_MAX} ký tự (the symbol is longer than ${SEARCH_SYMBOL_MAX} characters)`,
      })
      .optional(),
    direction: z.enum(['incoming', 'outgoing']).optional(),
    typeId: z.uuid().optional(),
    /** The owner unit and its subtree (inside the caller's scope). */
    unitId: z.uuid().optional(),
    status: z.string().max(30).optional(),
    registerId: z.uuid().optional(),
    issuedFrom: isoDate('issuedFrom'),
    issuedTo: isoDate('issuedTo'),
    arrivalFrom: isoDate('arrivalFrom'),
    arrivalTo: isoDate('arrivalTo'),
    limit: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
    offset: z.coerce.number().int().min(0).max(SEARCH_OFFSET_MAX).default(0),
  })
  .refine((query) => !query.issuedFrom || !query.issuedTo || query.issuedFrom <= query.issuedTo, {
    path: ['issuedTo'],
    error: 'Ngày ban hành "đến" phải sau ngày "từ" (issuedTo must not be before issuedFrom)',
  })
  .refine((query) => !query.arrivalFrom || !query.arrivalTo || query.arrivalFrom <= query.arrivalTo, {
    path: ['arrivalTo'],
    error: 'Ngày đến "đến" phải sau ngày "từ" (arrivalTo must not be before arrivalFrom)',
  });
export type DocumentSearchQuery = z.infer<typeof documentSearchQuerySchema>;

/**
 * How a result matched: `exact` the words with their diacritics, `folded` without them; for
 * symbols `symbol_exact`, `symbol_prefix`, `symbol_substring`; `filter` when there is no query.
 */
export const searchMatchKinds = [
  'exact',
  'folded',
  'symbol_exact',
  'symbol_prefix',
  'symbol_substring',
  'filter',
] as const;
export type SearchMatchKind = (typeof searchMatchKinds)[number];

export const documentSearchHitSchema = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  direction: z.enum(['incoming', 'outgoing']),
  status: z.string(),
  typeName: z.string().nullable(),
  /** "05/QĐ-MTTQ-BTT" */
  symbol: z.string().nullable(),
  issuedDate: z.string().nullable(),
  arrivalNumber: z.number().int().nullable(),
  arrivalDate: z.string().nullable(),
  organName: z.string().nullable(),
  subject: z.string(),
  priority: z.enum(documentPriorities),
  secrecy: z.enum(secrecyLevels),
  match: z.enum(searchMatchKinds),
  rank: z.number(),
  /**
   * HTML-escaped text with the matched words in `<mark>…</mark>`, safe to insert as HTML:
   * the whole subject, and up to two fragments of the document text (null without a match there).
   */
  highlight: z.object({ subject: z.string(), body: z.string().nullable() }),
});
export type DocumentSearchHit = z.infer<typeof documentSearchHitSchema>;

export const documentSearchResultSchema = z.object({
  items: z.array(documentSearchHitSchema),
  limit: z.number().int(),
  offset: z.number().int(),
  hasMore: z.boolean(),
});
export type DocumentSearchResult = z.infer<typeof documentSearchResultSchema>;
