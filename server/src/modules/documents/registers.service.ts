import type {
  CreateDocumentType,
  CreateRegister,
  DocumentRegister,
  DocumentType,
  RegisterKind,
  RegisterNumber,
  UpdateDocumentType,
  UpdateRegister,
} from '@mts/contracts';
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { badRequest, conflict } from '../../platform/errors/index.ts';
import { type Actor, isInScope, pathWithin, scopePaths } from '../../platform/policy/index.ts';
import { unit } from '../organisation/index.ts';
import { registerNotFound, unitNotFound } from './document-errors.ts';
import { findUnitRow, type UnitRow } from './documents.repository.ts';
import { documentRegister, documentType, registerNumber } from './documents.schema.ts';
import { recordNumber, takeNumber } from './numbering.ts';
import { isValidTemplate, padNumber, vietnamToday } from './symbol.ts';

const defaultRegisterNames: Record<RegisterKind, string> = {
  outgoing: 'Sổ đăng ký văn bản đi',
  incoming: 'Sổ đăng ký văn bản đến',
  confidential: 'Sổ đăng ký văn bản mật đi',
  incoming_confidential: 'Sổ đăng ký văn bản mật đến',
  copies: 'Sổ đăng ký bản sao',
  advisory: 'Sổ văn bản hội đồng tư vấn',
};

/** The unit, when it exists and `permission` holds over it for the actor; otherwise 404. */
export async function unitInScope(
  db: Queryable,
  actor: Actor,
  permission: Parameters<typeof isInScope>[1],
  unitId: string,
): Promise<UnitRow> {
  const row = await findUnitRow(db, unitId);
  if (!row || !isInScope(actor, permission, row.path)) throw unitNotFound();
  return row;
}

/**
 * The unit's default register of a kind, created on first use ("Sổ đăng ký văn bản đi" …) so a
 * unit can register and issue from day one; the partial unique index keeps one default per kind.
 */
export async function ensureDefaultRegister(tx: Queryable, unitId: string, kind: RegisterKind) {
  const find = () =>
    tx
      .select()
      .from(documentRegister)
      .where(
        and(
          eq(documentRegister.unitId, unitId),
          eq(documentRegister.kind, kind),
          eq(documentRegister.isDefault, true),
        ),
      );
  const [existing] = await find();
  if (existing) return existing;
  await tx
    .insert(documentRegister)
    .values({ unitId, kind, name: defaultRegisterNames[kind], isDefault: true })
    .onConflictDoNothing();
  const [created] = await find();
  return created!;
}

const registerView = (r: typeof documentRegister.$inferSelect): DocumentRegister => ({
  id: r.id,
  unitId: r.unitId,
  kind: r.kind,
  name: r.name,
  advisoryBody: r.advisoryBody,
  symbolTemplate: r.symbolTemplate,
  symbolTemplateNoType: r.symbolTemplateNoType,
  isDefault: r.isDefault,
  isActive: r.isActive,
});

const typeView = (t: typeof documentType.$inferSelect): DocumentType => ({
  id: t.id,
  unitId: t.unitId,
  code: t.code,
  name: t.name,
  isActive: t.isActive,
  sortOrder: t.sortOrder,
});

const nameTaken = (name: string) =>
  conflict({ vi: `Đơn vị đã có "${name}". Hãy đặt tên khác.`, en: `The unit already has "${name}".` });

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === '23505';
};

/** Symbol templates must start with the number: "{n}/" then the notation, one {n} only. */
function checkTemplates(input: { symbolTemplate?: string; symbolTemplateNoType?: string }) {
  for (const field of ['symbolTemplate', 'symbolTemplateNoType'] as const) {
    const template = input[field];
    if (template !== undefined && !isValidTemplate(template))
      throw badRequest(
        {
          vi: `Mẫu ký hiệu "${template}" không hợp lệ: phải bắt đầu bằng "{n}/" và chỉ có một {n}, ví dụ {n}/{type}-{unit}.`,
          en: `Invalid symbol template "${template}": start with "{n}/", one {n} only.`,
        },
        [{ path: field, message: 'Mẫu ký hiệu phải bắt đầu bằng "{n}/".' }],
      );
  }
}

export function createRegistersService(deps: { db: Database }) {
  const { db } = deps;

  /** The system catalogue plus the unit's own types (a unit's type of the same name wins). */
  async function listTypes(actor: Actor, unitId?: string): Promise<DocumentType[]> {
    if (unitId) await unitInScope(db, actor, 'documents.read', unitId);
    const rows = await db
      .select()
      .from(documentType)
      .where(
        unitId
          ? or(isNull(documentType.unitId), eq(documentType.unitId, unitId))
          : isNull(documentType.unitId),
      )
      .orderBy(asc(documentType.sortOrder), asc(documentType.name));
    const own = new Set(rows.filter((r) => r.unitId).map((r) => r.name));
    return rows.filter((r) => r.unitId || !own.has(r.name)).map(typeView);
  }

  async function createType(actor: Actor, input: CreateDocumentType, audit: AuditContext) {
    await unitInScope(db, actor, 'documents.configure', input.unitId);
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(documentType)
        .values(input)
        .returning()
        .catch((error) => {
          throw isUniqueViolation(error) ? nameTaken(input.name) : error;
        });
      await recordAudit(tx, audit, {
        action: 'document_type.create',
        entityType: 'document_type',
        entityId: row!.id,
        unitId: input.unitId,
        after: row,
      });
      return typeView(row!);
    });
  }

  async function updateType(id: string, input: UpdateDocumentType, audit: AuditContext) {
    return db.transaction(async (tx) => {
      const [before] = await tx.select().from(documentType).where(eq(documentType.id, id)).for('update');
      const [row] = await tx
        .update(documentType)
        .set(input)
        .where(eq(documentType.id, id))
        .returning()
        .catch((error) => {
          throw isUniqueViolation(error) ? nameTaken(input.name ?? '') : error;
        });
      await recordAudit(tx, audit, {
        action: 'document_type.update',
        entityType: 'document_type',
        entityId: id,
        unitId: row!.unitId,
        before,
        after: row,
      });
      return typeView(row!);
    });
  }

  async function listRegisters(actor: Actor, unitId?: string): Promise<DocumentRegister[]> {
    const rows = await db
      .select({ register: documentRegister })
      .from(documentRegister)
      .innerJoin(unit, eq(unit.id, documentRegister.unitId))
      .where(
        and(
          pathWithin(unit.path, scopePaths(actor, 'documents.read')),
          unitId ? eq(documentRegister.unitId, unitId) : undefined,
        ),
      )
      .orderBy(asc(documentRegister.kind), asc(documentRegister.name));
    return rows.map((r) => registerView(r.register));
  }

  async function createRegister(actor: Actor, input: CreateRegister, audit: AuditContext) {
    await unitInScope(db, actor, 'documents.configure', input.unitId);
    checkTemplates(input);
    if (input.kind === 'advisory' && !input.advisoryBody)
      throw badRequest(
        { vi: 'Sổ của hội đồng tư vấn phải ghi tên hội đồng.', en: 'Name the advisory body.' },
        [{ path: 'advisoryBody', message: 'Sổ của hội đồng tư vấn phải ghi tên hội đồng.' }],
      );
    return db.transaction(async (tx) => {
      if (input.isDefault)
        await tx
          .update(documentRegister)
          .set({ isDefault: false })
          .where(and(eq(documentRegister.unitId, input.unitId), eq(documentRegister.kind, input.kind)));
      const [row] = await tx
        .insert(documentRegister)
        .values(input)
        .returning()
        .catch((error) => {
          throw isUniqueViolation(error) ? nameTaken(input.name) : error;
        });
      await recordAudit(tx, audit, {
        action: 'document_register.create',
        entityType: 'document_register',
        entityId: row!.id,
        unitId: input.unitId,
        after: row,
      });
      return registerView(row!);
    });
  }

  async function updateRegister(id: string, input: UpdateRegister, audit: AuditContext) {
    checkTemplates(input);
    return db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(documentRegister)
        .where(eq(documentRegister.id, id))
        .for('update');
      if (!before) throw registerNotFound();
      const [row] = await tx
        .update(documentRegister)
        .set(input)
        .where(eq(documentRegister.id, id))
        .returning()
        .catch((error) => {
          throw isUniqueViolation(error) ? nameTaken(input.name ?? '') : error;
        });
      await recordAudit(tx, audit, {
        action: 'document_register.update',
        entityType: 'document_register',
        entityId: id,
        unitId: row!.unitId,
        before,
        after: row,
      });
      return registerView(row!);
    });
  }

  /** Takes `count` numbers for paper documents; they stay recorded as reserved, never reused. */
  async function reserveNumbers(
    actor: Actor,
    registerId: string,
    input: { count: number; note: string },
    audit: AuditContext,
  ) {
    const { year } = vietnamToday();
    return db.transaction(async (tx) => {
      const [register] = await tx.select().from(documentRegister).where(eq(documentRegister.id, registerId));
      if (!register) throw registerNotFound();
      const numbers: number[] = [];
      for (let i = 0; i < input.count; i++) {
        const number = await takeNumber(tx, registerId, year);
        await recordNumber(tx, {
          registerId,
          year,
          number,
          status: 'reserved',
          note: input.note,
          takenBy: actor.staffId,
        });
        numbers.push(number);
      }
      await recordAudit(tx, audit, {
        action: 'document_register.reserve',
        entityType: 'document_register',
        entityId: registerId,
        unitId: register.unitId,
        after: { year, numbers, note: input.note },
      });
      return { year, numbers };
    });
  }

  /** A reserved number that will not be used is cancelled — recorded, and never given out again. */
  async function cancelNumber(
    registerId: string,
    input: { year: number; number: number; note: string },
    audit: AuditContext,
  ) {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(registerNumber)
        .where(
          and(
            eq(registerNumber.registerId, registerId),
            eq(registerNumber.year, input.year),
            eq(registerNumber.number, input.number),
          ),
        )
        .for('update');
      if (!row)
        throw badRequest({
          vi: `Số ${padNumber(input.number)} năm ${input.year} chưa được cấp trong sổ này.`,
          en: `Number ${input.number} of ${input.year} has not been taken in this register.`,
        });
      if (row.status !== 'reserved')
        throw conflict({
          vi:
            row.status === 'issued'
              ? `Số ${padNumber(input.number)} đã cấp cho một văn bản; không thể hủy số, hãy thu hồi văn bản.`
              : `Số ${padNumber(input.number)} đã bị hủy trước đó.`,
          en:
            row.status === 'issued'
              ? 'The number belongs to a document: recall the document instead.'
              : 'The number is already cancelled.',
        });
      await tx
        .update(registerNumber)
        .set({ status: 'cancelled', note: `${row.note ?? ''} — Hủy: ${input.note}`.replace(/^ — /, '') })
        .where(
          and(
            eq(registerNumber.registerId, registerId),
            eq(registerNumber.year, input.year),
            eq(registerNumber.number, input.number),
          ),
        );
      await recordAudit(tx, audit, {
        action: 'document_register.cancel_number',
        entityType: 'document_register',
        entityId: registerId,
        after: input,
      });
      return { year: input.year, number: input.number, status: 'cancelled' as const };
    });
  }

  async function listNumbers(registerId: string, year: number): Promise<RegisterNumber[]> {
    const rows = await db
      .select()
      .from(registerNumber)
      .where(and(eq(registerNumber.registerId, registerId), eq(registerNumber.year, year)))
      .orderBy(asc(registerNumber.number));
    return rows.map((r) => ({
      year: r.year,
      number: r.number,
      codeNumber: padNumber(r.number),
      status: r.status,
      documentId: r.documentId,
      note: r.note,
      takenAt: r.takenAt.toISOString(),
    }));
  }

  return {
    listTypes,
    createType,
    updateType,
    listRegisters,
    createRegister,
    updateRegister,
    reserveNumbers,
    cancelNumber,
    listNumbers,
  };
}

export type RegistersService = ReturnType<typeof createRegistersService>;
