import type {
  DocumentSearchHit,
  DocumentSearchQuery,
  DocumentSearchResult,
  SearchMatchKind,
} from '@mts/contracts';
import type { Database } from '../../db/client.ts';
import { badRequest } from '../../platform/errors/index.ts';
import { type Actor, scopePaths } from '../../platform/policy/index.ts';
import { hasMark, hasSearchableWord, isSymbolLike, renderHighlight } from './search.query.ts';
import {
  type SearchFilters,
  type SearchRow,
  searchFiltered,
  searchSymbol,
  searchText,
  symbolKey,
} from './search.repository.ts';

/** Substring search of a symbol needs a trigram: shorter keys are searched as prefixes only. */
const MIN_SUBSTRING_KEY = 3;

function hitOf(row: SearchRow): DocumentSearchHit {
  const symbol =
    row.code_number === null && row.code_notation === null
      ? null
      : [row.code_number, row.code_notation].filter(Boolean).join('/');
  return {
    id: row.id,
    unitId: row.unit_id,
    direction: row.direction,
    status: row.status,
    typeName: row.type_name,
    symbol,
    issuedDate: row.issued_date,
    arrivalNumber: row.arrival_number,
    arrivalDate: row.arrival_date === null ? null : new Date(row.arrival_date).toISOString(),
    organName: row.organ_name,
    subject: row.subject,
    priority: row.priority,
    secrecy: row.secrecy,
    match: row.match as SearchMatchKind,
    rank: Number(row.rank),
    highlight: {
      subject: renderHighlight(row.subject_marked),
      body: row.body_marked !== null && hasMark(row.body_marked) ? renderHighlight(row.body_marked) : null,
    },
  };
}

/**
 * Full-text and symbol search of official documents, limited to the documents the caller may
 * read (the owner unit inside a subtree where the caller holds `documents.read`, as in the lists).
 */
export function createSearchService(deps: { db: Database }) {
  const { db } = deps;

  async function search(actor: Actor, query: DocumentSearchQuery): Promise<DocumentSearchResult> {
    const filters: SearchFilters = {
      roots: scopePaths(actor, 'documents.read'),
      unitId: query.unitId,
      direction: query.direction,
      typeId: query.typeId,
      status: query.status,
      registerId: query.registerId,
      issuedFrom: query.issuedFrom,
      issuedTo: query.issuedTo,
      arrivalFrom: query.arrivalFrom,
      arrivalTo: query.arrivalTo,
    };
    const page = { limit: query.limit, offset: query.offset };
    const q = query.q?.trim() ?? '';
    const symbol = query.symbol ?? (isSymbolLike(q) ? q : undefined);
    let rows: SearchRow[];
    if (symbol !== undefined) {
      // One statement: a symbol found exactly lists itself and longer symbols starting with it;
      // otherwise any symbol containing what was typed. Only when nothing is found is the key
      // computed again, to tell "no such symbol" from a key without any letter or digit.
      rows = await searchSymbol(db, symbol, filters, page, MIN_SUBSTRING_KEY);
      if (rows.length === 0 && !hasSearchableWord(await symbolKey(db, symbol)))
        throw badRequest({
          vi: 'Số, ký hiệu cần có ít nhất một chữ hoặc số, ví dụ "123/QĐ-UBND".',
          en: 'A symbol needs at least one letter or digit, e.g. "123/QĐ-UBND".',
        });
    } else if (q.length > 0) {
      if (!hasSearchableWord(q))
        throw badRequest({
          vi: 'Từ khoá tìm kiếm cần có ít nhất một chữ hoặc số.',
          en: 'The query needs at least one letter or digit.',
        });
      rows = await searchText(db, q, filters, page);
    } else {
      rows = await searchFiltered(db, filters, page);
    }
    const hasMore = rows.length > page.limit;
    return { items: rows.slice(0, page.limit).map(hitOf), limit: page.limit, offset: page.offset, hasMore };
  }

  return { search };
}

export type SearchService = ReturnType<typeof createSearchService>;
