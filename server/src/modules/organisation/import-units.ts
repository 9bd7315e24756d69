import { randomUUID } from 'node:crypto';
import {
  type ImportIssue,
  type ImportReport,
  UNIT_CODE_PATTERN,
  type UnitKind,
  unitKindLabels,
  unitKinds,
} from '@mts/contracts';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type Actor, isInScope } from '../../platform/policy/index.ts';
import { insertUnitRows, type UnitInsert } from './bulk.repository.ts';
import { type ColumnSpec, cellIssue, type ImportRow, readImportFile } from './import-file.ts';
import { unitEvent, unitLevel } from './organisation.schema.ts';
import { checkPlacement, foldText, todayInVietnam } from './unit-rules.ts';
import { lockUnitTree, type UnitRow } from './units.repository.ts';

export const unitColumns = [
  {
    key: 'code',
    labelVi: 'Mã định danh',
    labelEn: 'Identifier code',
    required: true,
    hintVi: 'VD 000.00.00.H30; chữ số, chữ in hoa, dấu chấm; tối đa 35 ký tự; không trùng',
  },
  {
    key: 'name',
    labelVi: 'Tên đơn vị',
    labelEn: 'Name',
    required: true,
    hintVi: 'Tên đầy đủ, VD Ủy ban MTTQ Việt Nam xã An Bình',
  },
  {
    key: 'shortName',
    labelVi: 'Tên viết tắt',
    labelEn: 'Short name',
    required: false,
    hintVi: 'Không bắt buộc',
  },
  {
    key: 'parentCode',
    labelVi: 'Mã đơn vị cấp trên',
    labelEn: 'Parent code',
    required: true,
    hintVi: 'Mã định danh của đơn vị cấp trên (đã có trong hệ thống hoặc ở dòng khác trong tệp)',
  },
  {
    key: 'level',
    labelVi: 'Cấp',
    labelEn: 'Level',
    required: true,
    hintVi: 'Tên hoặc mã cấp (xem danh sách bên dưới)',
  },
  {
    key: 'kind',
    labelVi: 'Loại đơn vị',
    labelEn: 'Kind',
    required: true,
    hintVi: 'Một trong các loại bên dưới',
  },
  {
    key: 'symbol',
    labelVi: 'Ký hiệu văn bản',
    labelEn: 'Document symbol',
    required: false,
    hintVi: 'VD MTTQ-BTT',
  },
  { key: 'address', labelVi: 'Địa chỉ', labelEn: 'Address', required: false, hintVi: 'Không bắt buộc' },
  {
    key: 'phone',
    labelVi: 'Điện thoại',
    labelEn: 'Phone',
    required: false,
    hintVi: 'Nhập dạng văn bản để giữ số 0 đầu',
  },
  { key: 'email', labelVi: 'Thư điện tử', labelEn: 'E-mail', required: false, hintVi: 'Không bắt buộc' },
] as const satisfies readonly ColumnSpec[];

export type UnitColumnKey = (typeof unitColumns)[number]['key'];
const col = (key: UnitColumnKey) => unitColumns.find((c) => c.key === key)!;

/** Aliases users type for kinds, folded (no diacritics, lower case). */
const kindAliases: Record<string, UnitKind> = Object.fromEntries([
  ...unitKinds.flatMap((kind) => [
    [kind, kind],
    [foldText(unitKindLabels[kind].vi), kind],
    [foldText(unitKindLabels[kind].en), kind],
  ]),
  ['uy ban', 'committee'],
  ['uy ban mttq', 'committee'],
  ['ban thuong truc', 'standing_board'],
  ['ban', 'department'],
  ['van phong', 'department'],
  ['ban chuyen mon', 'department'],
  ['to chuc thanh vien', 'member_organisation'],
  ['to chuc chinh tri xa hoi', 'member_organisation'],
  ['khu dan cu', 'residential_committee'],
  ['ban cong tac mat tran', 'residential_committee'],
]);

const emailSchema = z.email();
const phonePattern = /^\+?[0-9][0-9 .()-]{6,19}$/;
const symbolPattern = /^[0-9A-ZĐ][0-9A-ZĐ-]*$/;

/** Checks a cell holding a phone number; a number cell has lost its leading zero. */
export function phoneIssue(row: ImportRow, column: ColumnSpec): ImportIssue | null {
  const cell = row.cells[column.key];
  if (!cell?.text) return null;
  if (cell.isNumber && !cell.text.startsWith('0'))
    return cellIssue(row, column, {
      vi: 'Ô điện thoại đang định dạng số nên mất số 0 đầu. Hãy định dạng cột là văn bản (Text) và nhập lại.',
      en: 'The phone cell is a number and lost its leading 0. Format the column as text and re-enter it.',
    });
  if (!phonePattern.test(cell.text))
    return cellIssue(row, column, {
      vi: 'Số điện thoại không hợp lệ (chỉ gồm chữ số, có thể có dấu + ở đầu).',
      en: 'Invalid phone number.',
    });
  return null;
}

export function emailIssue(row: ImportRow, column: ColumnSpec): ImportIssue | null {
  const text = row.cells[column.key]?.text;
  if (!text || emailSchema.safeParse(text).success) return null;
  return cellIssue(row, column, { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'Invalid e-mail address.' });
}

export const required = (row: ImportRow, column: ColumnSpec): ImportIssue | null =>
  row.cells[column.key]?.text
    ? null
    : cellIssue(row, column, {
        vi: `Thiếu ${column.labelVi.toLowerCase()} (bắt buộc).`,
        en: `${column.labelEn} is required.`,
      });

interface PlannedUnit {
  id: string;
  row: ImportRow<UnitColumnKey>;
  code: string;
  parentCode: string;
  values: Omit<UnitInsert, 'id'>;
  rank: number;
  kind: UnitKind;
  depth: number;
}

/** Units from XLSX/CSV: every row is checked; nothing is written unless all rows are valid. */
export async function importUnits(
  db: Database,
  actor: Actor,
  buffer: Buffer,
  options: { dryRun: boolean; audit: AuditContext },
): Promise<ImportReport> {
  const table = await readImportFile(buffer, unitColumns);
  const issues = [...table.issues];
  const levels = await db.select().from(unitLevel);
  const planned: PlannedUnit[] = [];
  const byCode = new Map<string, PlannedUnit>();

  if (issues.length === 0) {
    const codes = table.rows.map((r) => r.cells.code.text?.toUpperCase()).filter(Boolean) as string[];
    const parentCodes = table.rows
      .map((r) => r.cells.parentCode.text?.toUpperCase())
      .filter(Boolean) as string[];
    const existing = await findUnitsByCodes(db, [...codes, ...parentCodes]);

    for (const row of table.rows) {
      const rowIssues: ImportIssue[] = [];
      const push = (issue: ImportIssue | null) => issue && rowIssues.push(issue);
      for (const key of ['code', 'name', 'parentCode', 'level', 'kind'] as const)
        push(required(row, col(key)));
      const code = row.cells.code.text?.toUpperCase() ?? '';
      if (code && (code.length > 35 || !UNIT_CODE_PATTERN.test(code)))
        push(
          cellIssue(row, col('code'), {
            vi: 'Mã định danh chỉ gồm chữ số, chữ in hoa và dấu chấm ngăn cách các cấp (VD 000.00.00.H30), tối đa 35 ký tự.',
            en: 'The code must be digits and capitals in dot-separated segments (e.g. 000.00.00.H30), at most 35 characters.',
          }),
        );
      else if (code && existing.has(code))
        push(
          cellIssue(row, col('code'), {
            vi: `Mã định danh ${code} đã có trong hệ thống (${existing.get(code)!.name}).`,
            en: `The code ${code} already exists (${existing.get(code)!.name}).`,
          }),
        );
      else if (code && byCode.has(code))
        push(
          cellIssue(row, col('code'), {
            vi: `Mã định danh ${code} trùng với dòng ${byCode.get(code)!.row.row}.`,
            en: `The code ${code} repeats row ${byCode.get(code)!.row.row}.`,
          }),
        );
      const name = row.cells.name.text ?? '';
      if (name && (name.length < 2 || name.length > 300))
        push(
          cellIssue(row, col('name'), { vi: 'Tên đơn vị dài 2–300 ký tự.', en: 'Name: 2–300 characters.' }),
        );
      const levelText = row.cells.level.text;
      const level = levelText
        ? levels.find((l) => [l.id, l.nameVi, l.nameEn].some((v) => foldText(v) === foldText(levelText)))
        : undefined;
      if (levelText && !level)
        push(
          cellIssue(row, col('level'), {
            vi: `Không có cấp "${levelText}". Dùng một trong: ${levels.map((l) => l.nameVi).join('; ')}.`,
            en: `Unknown level "${levelText}". Use one of: ${levels.map((l) => l.nameEn).join('; ')}.`,
          }),
        );
      const kindText = row.cells.kind.text;
      const kind = kindText
        ? kindAliases[foldText(kindText).replace(/[-/]/g, ' ').replace(/\s+/g, ' ')]
        : undefined;
      if (kindText && !kind)
        push(
          cellIssue(row, col('kind'), {
            vi: `Không có loại đơn vị "${kindText}". Dùng một trong: ${unitKinds.map((k) => unitKindLabels[k].vi).join('; ')}.`,
            en: `Unknown kind "${kindText}". Use one of: ${unitKinds.map((k) => unitKindLabels[k].en).join('; ')}.`,
          }),
        );
      const symbol = row.cells.symbol.text?.toUpperCase();
      if (symbol && (symbol.length > 50 || !symbolPattern.test(symbol)))
        push(
          cellIssue(row, col('symbol'), {
            vi: 'Ký hiệu gồm chữ in hoa, chữ số và dấu gạch ngang, VD MTTQ-BTT.',
            en: 'The symbol is capitals, digits and dashes, e.g. MTTQ-BTT.',
          }),
        );
      push(phoneIssue(row, col('phone')));
      push(emailIssue(row, col('email')));
      issues.push(...rowIssues);
      if (rowIssues.length || !level || !kind) continue;
      const item: PlannedUnit = {
        id: randomUUID(),
        row,
        code,
        parentCode: row.cells.parentCode.text!.toUpperCase(),
        rank: level.rank,
        kind,
        depth: 0,
        values: {
          name,
          shortName: row.cells.shortName.text,
          code,
          levelId: level.id,
          kind,
          symbol: symbol ?? null,
          address: row.cells.address.text,
          phone: row.cells.phone.text,
          email: row.cells.email.text?.toLowerCase() ?? null,
          effectiveFrom: todayInVietnam(),
          parentId: null,
          sortOrder: 0,
        },
      };
      planned.push(item);
      byCode.set(code, item);
    }

    // Parents: an existing unit in scope, or another row of the file (no cycles); placement rules.
    const resolving = new Set<string>();
    const depthOf = (item: PlannedUnit): number => {
      if (item.depth > 0) return item.depth;
      const parentRow = byCode.get(item.parentCode);
      if (resolving.has(item.code)) return Number.POSITIVE_INFINITY;
      resolving.add(item.code);
      const depth = parentRow ? depthOf(parentRow) + 1 : 1;
      resolving.delete(item.code);
      item.depth = depth;
      return depth;
    };
    for (const item of planned) {
      const parentColumn = col('parentCode');
      const fromFile = byCode.get(item.parentCode);
      const fromDb = existing.get(item.parentCode);
      let parent: { name: string; kind: UnitKind; rank: number; status: UnitRow['status'] } | undefined;
      if (fromFile) {
        if (!Number.isFinite(depthOf(item))) {
          issues.push(
            cellIssue(item.row, parentColumn, {
              vi: 'Các dòng tham chiếu vòng tròn làm cấp trên của nhau.',
              en: 'Rows refer to each other as parents in a cycle.',
            }),
          );
          continue;
        }
        parent = { name: fromFile.values.name, kind: fromFile.kind, rank: fromFile.rank, status: 'active' };
        item.values.parentId = fromFile.id;
      } else if (fromDb && isInScope(actor, 'units.manage', fromDb.path)) {
        parent = fromDb;
        item.values.parentId = fromDb.id;
        item.depth = 1;
      } else {
        issues.push(
          cellIssue(item.row, parentColumn, {
            vi: `Không tìm thấy đơn vị cấp trên có mã ${item.parentCode} trong hệ thống (trong phạm vi bạn quản lý) hay trong tệp.`,
            en: `No parent with code ${item.parentCode} in your scope or in the file.`,
          }),
        );
        continue;
      }
      const reason = checkPlacement(parent, { name: item.values.name, kind: item.kind, rank: item.rank });
      if (reason) issues.push(cellIssue(item.row, col('level'), reason));
    }
  }

  issues.sort((a, b) => a.row - b.row);
  const report: ImportReport = {
    dryRun: options.dryRun,
    format: table.format,
    rows: table.rows.length,
    valid: issues.length === 0 && table.rows.length > 0,
    created: 0,
    issues,
  };
  if (table.rows.length === 0 && issues.length === 0)
    report.issues.push({
      row: 2,
      column: 'code',
      columnLabel: col('code').labelVi,
      value: null,
      message: { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' },
    });
  if (options.dryRun) return report;
  if (!report.valid) throw importRejected(report);

  await db.transaction(async (tx) => {
    await lockUnitTree(tx);
    const byDepth = new Map<number, PlannedUnit[]>();
    for (const item of planned) byDepth.set(item.depth, [...(byDepth.get(item.depth) ?? []), item]);
    for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
      const layer = byDepth.get(depth)!;
      await insertUnitRows(
        tx,
        layer.map((item) => ({ ...item.values, id: item.id })),
      );
    }
    await tx.insert(unitEvent).values({
      kind: 'create',
      effectiveDate: todayInVietnam(),
      note: `Nhập từ tệp ${table.format.toUpperCase()} (${planned.length} đơn vị)`,
      unitIds: planned.map((p) => p.id),
      createdBy: actor.staffId,
      details: { import: true, format: table.format },
    });
    for (const item of planned)
      await recordAudit(tx, options.audit, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: item.id,
        unitId: item.id,
        after: { ...item.values, source: `import:${table.format}`, row: item.row.row },
      });
  });
  return { ...report, created: planned.length };
}

async function findUnitsByCodes(db: Queryable, codes: string[]) {
  if (codes.length === 0) return new Map<string, UnitRow>();
  const result = await db.execute<UnitRow>(sql`
    SELECT u.id, u.parent_id AS "parentId", u.path::text AS path, u.level_id AS "levelId", l.rank, u.kind,
           u.name, u.short_name AS "shortName", u.code, u.symbol, u.status,
           u.effective_from AS "effectiveFrom", u.effective_to AS "effectiveTo"
      FROM unit u JOIN unit_level l ON l.id = u.level_id
     WHERE u.code = ANY(${sql.param([...new Set(codes)])}::text[])`);
  return new Map(result.rows.map((r) => [r.code!, r]));
}

/** The answer to an import with bad rows: 400, the full report in `details.report`. */
export function importRejected(report: ImportReport) {
  const rows = new Set(report.issues.map((i) => i.row)).size;
  return new AppError('BAD_REQUEST', {
    message: {
      vi: `Tệp có ${rows} dòng lỗi; chưa ghi dữ liệu nào. Hãy sửa các dòng được nêu rồi tải lên lại.`,
      en: `${rows} rows have errors; nothing was written. Fix the listed rows and upload again.`,
    },
    details: { report },
  });
}
