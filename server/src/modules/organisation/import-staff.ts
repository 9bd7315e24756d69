import { randomUUID } from 'node:crypto';
import { type ImportIssue, type ImportReport, USERNAME_PATTERN } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { type Actor, isInScope } from '../../platform/policy/index.ts';
import { role } from '../identity/identity.schema.ts';
import {
  insertCredentialRows,
  insertGrantRows,
  insertStaffRows,
  type StaffInsert,
} from './bulk.repository.ts';
import { type ColumnSpec, cellIssue, readImportFile } from './import-file.ts';
import { emailIssue, importRejected, phoneIssue, required } from './import-units.ts';
import { findTakenLogins } from './staff.repository.ts';
import { canGrantRole, foldText } from './unit-rules.ts';

export const staffColumns = [
  {
    key: 'username',
    labelVi: 'Tên đăng nhập',
    labelEn: 'Username',
    required: true,
    hintVi: 'Chữ thường không dấu, số, dấu chấm/gạch; 3–64 ký tự; không trùng',
  },
  {
    key: 'fullName',
    labelVi: 'Họ và tên',
    labelEn: 'Full name',
    required: true,
    hintVi: 'VD Nguyễn Thị Lan',
  },
  {
    key: 'position',
    labelVi: 'Chức vụ',
    labelEn: 'Position',
    required: false,
    hintVi: 'VD Chủ tịch, Văn thư',
  },
  {
    key: 'unitCode',
    labelVi: 'Mã đơn vị',
    labelEn: 'Unit code',
    required: true,
    hintVi: 'Mã định danh của đơn vị công tác (trong phạm vi bạn quản lý)',
  },
  {
    key: 'email',
    labelVi: 'Thư điện tử',
    labelEn: 'E-mail',
    required: false,
    hintVi: 'Không trùng với tài khoản khác',
  },
  {
    key: 'phone',
    labelVi: 'Điện thoại',
    labelEn: 'Phone',
    required: false,
    hintVi: 'Nhập dạng văn bản để giữ số 0 đầu',
  },
  {
    key: 'role',
    labelVi: 'Vai trò',
    labelEn: 'Role',
    required: false,
    hintVi: 'Không bắt buộc; tên hoặc mã vai trò, giao tại đơn vị công tác',
  },
] as const satisfies readonly ColumnSpec[];

type StaffColumnKey = (typeof staffColumns)[number]['key'];
const col = (key: StaffColumnKey) => staffColumns.find((c) => c.key === key)!;

/**
 * Staff accounts from XLSX/CSV: each becomes a staff row, a credential without password (the
 * person sets one through password reset, SSO or a passkey) and, optionally, a role at their unit.
 */
export async function importStaff(
  db: Database,
  actor: Actor,
  buffer: Buffer,
  options: { dryRun: boolean; audit: AuditContext },
): Promise<ImportReport> {
  const table = await readImportFile(buffer, staffColumns);
  const issues: ImportIssue[] = [...table.issues];
  const planned: Array<{
    id: string;
    row: number;
    values: Omit<StaffInsert, 'gender' | 'birthYear' | 'termStart' | 'termEnd'>;
    roleId: string | null;
  }> = [];

  if (issues.length === 0 && table.rows.length > 0) {
    const texts = (key: StaffColumnKey) =>
      table.rows.map((r) => r.cells[key].text).filter((t): t is string => Boolean(t));
    const taken = await findTakenLogins(db, texts('username'), texts('email'));
    const units = await db.execute<{
      id: string;
      code: string;
      name: string;
      path: string;
      status: string;
    }>(sql`
      SELECT id, code, name, path::text AS path, status FROM unit
       WHERE code = ANY(${sql.param(texts('unitCode').map((c) => c.toUpperCase()))}::text[])`);
    const unitByCode = new Map(units.rows.map((u) => [u.code, u]));
    const roles = await db.select().from(role);
    const seenUsernames = new Map<string, number>();
    const seenEmails = new Map<string, number>();

    for (const row of table.rows) {
      const rowIssues: ImportIssue[] = [];
      const push = (issue: ImportIssue | null) => issue && rowIssues.push(issue);
      for (const key of ['username', 'fullName', 'unitCode'] as const) push(required(row, col(key)));

      const username = row.cells.username.text?.toLowerCase() ?? '';
      if (username && !USERNAME_PATTERN.test(username))
        push(
          cellIssue(row, col('username'), {
            vi: 'Tên đăng nhập 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới.',
            en: 'Username: 3–64 lower-case letters without diacritics, digits, dot, dash or underscore.',
          }),
        );
      else if (username && taken.usernames.has(username))
        push(
          cellIssue(row, col('username'), {
            vi: `Tên đăng nhập "${username}" đã có người dùng.`,
            en: `The username "${username}" is taken.`,
          }),
        );
      else if (username && seenUsernames.has(username))
        push(
          cellIssue(row, col('username'), {
            vi: `Tên đăng nhập trùng với dòng ${seenUsernames.get(username)}.`,
            en: `The username repeats row ${seenUsernames.get(username)}.`,
          }),
        );
      if (username) seenUsernames.set(username, seenUsernames.get(username) ?? row.row);

      const fullName = row.cells.fullName.text ?? '';
      if (fullName && (fullName.length < 2 || fullName.length > 200))
        push(
          cellIssue(row, col('fullName'), {
            vi: 'Họ và tên dài 2–200 ký tự.',
            en: 'Full name: 2–200 characters.',
          }),
        );

      const email = row.cells.email.text?.toLowerCase() ?? null;
      const badEmail = emailIssue(row, col('email'));
      push(badEmail);
      if (email && !badEmail) {
        if (taken.emails.has(email))
          push(
            cellIssue(row, col('email'), {
              vi: `Thư điện tử ${email} đã gắn với tài khoản khác.`,
              en: `The e-mail ${email} belongs to another account.`,
            }),
          );
        else if (seenEmails.has(email))
          push(
            cellIssue(row, col('email'), {
              vi: `Thư điện tử trùng với dòng ${seenEmails.get(email)}.`,
              en: `The e-mail repeats row ${seenEmails.get(email)}.`,
            }),
          );
        seenEmails.set(email, seenEmails.get(email) ?? row.row);
      }
      push(phoneIssue(row, col('phone')));

      const unitCode = row.cells.unitCode.text?.toUpperCase();
      const unitRow = unitCode ? unitByCode.get(unitCode) : undefined;
      if (unitCode && (!unitRow || !isInScope(actor, 'staff.import', unitRow.path)))
        push(
          cellIssue(row, col('unitCode'), {
            vi: `Không tìm thấy đơn vị có mã ${unitCode} trong phạm vi bạn quản lý.`,
            en: `No unit with code ${unitCode} in your scope.`,
          }),
        );
      else if (unitRow && unitRow.status !== 'active')
        push(
          cellIssue(row, col('unitCode'), {
            vi: `Đơn vị ${unitRow.name} không còn hoạt động; hãy dùng mã của đơn vị kế thừa.`,
            en: `${unitRow.name} is no longer active; use its successor's code.`,
          }),
        );

      const roleText = row.cells.role.text;
      const found = roleText
        ? roles.find((r) => [r.id, r.nameVi, r.nameEn].some((v) => foldText(v) === foldText(roleText)))
        : undefined;
      if (roleText && !found)
        push(
          cellIssue(row, col('role'), {
            vi: `Không có vai trò "${roleText}". Dùng một trong: ${roles.map((r) => r.nameVi).join('; ')}.`,
            en: `Unknown role "${roleText}". Use one of: ${roles.map((r) => r.nameEn).join('; ')}.`,
          }),
        );
      else if (found && unitRow && !canGrantRole(actor.grants, unitRow.path, found.permissions))
        push(
          cellIssue(row, col('role'), {
            vi: `Bạn không được giao vai trò "${found.nameVi}" tại ${unitRow.name}.`,
            en: `You may not grant the role "${found.nameEn}" at ${unitRow.name}.`,
          }),
        );

      issues.push(...rowIssues);
      if (rowIssues.length || !unitRow) continue;
      const id = randomUUID();
      planned.push({
        id,
        row: row.row,
        roleId: found?.id ?? null,
        values: {
          id,
          unitId: unitRow.id,
          username,
          fullName,
          position: row.cells.position.text,
          email,
          phone: row.cells.phone.text,
        },
      });
    }
  }

  const report: ImportReport = {
    dryRun: options.dryRun,
    format: table.format,
    rows: table.rows.length,
    valid: issues.length === 0 && table.rows.length > 0,
    created: 0,
    issues: issues.sort((a, b) => a.row - b.row),
  };
  if (table.rows.length === 0 && issues.length === 0)
    report.issues.push({
      row: 2,
      column: 'username',
      columnLabel: col('username').labelVi,
      value: null,
      message: { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' },
    });
  if (options.dryRun) return report;
  if (!report.valid) throw importRejected(report);

  await db.transaction(async (tx) => {
    await insertStaffRows(
      tx,
      planned.map((p) => ({ ...p.values, gender: null, birthYear: null, termStart: null, termEnd: null })),
    );
    await insertCredentialRows(
      tx,
      planned.map((p) => ({ staffId: p.id, passwordHash: null })),
    );
    await insertGrantRows(
      tx,
      planned
        .filter((p) => p.roleId)
        .map((p) => ({
          staffId: p.id,
          roleId: p.roleId!,
          unitId: p.values.unitId,
          createdBy: actor.staffId,
        })),
    );
    for (const item of planned)
      await recordAudit(tx, options.audit, {
        action: 'staff.create',
        entityType: 'staff',
        entityId: item.id,
        unitId: item.values.unitId,
        after: { ...item.values, roleId: item.roleId, source: `import:${table.format}`, row: item.row },
      });
  });
  return { ...report, created: planned.length };
}
