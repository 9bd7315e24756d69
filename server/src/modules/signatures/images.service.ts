import { createHash } from 'node:crypto';
import type { SignatureImage } from '@mts/contracts';
import { eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { checkTransparentPng } from './images.check.ts';
import { signatureImage } from './signatures.schema.ts';

export type SignatureImageRow = typeof signatureImage.$inferSelect;

/** An image ready to be drawn: PNG bytes, pixel size, and for a seal its real diameter. */
export interface StoredImage {
  id: string;
  kind: 'signature' | 'seal';
  png: Buffer;
  width: number;
  height: number;
  diameterMm: number | null;
}

export function toImageDto(row: SignatureImageRow): SignatureImage {
  return {
    id: row.id,
    kind: row.kind,
    staffId: row.staffId,
    unitId: row.unitId,
    width: row.width,
    height: row.height,
    diameterMm: row.diameterMm,
    sha256: row.sha256,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const toStored = (row: SignatureImageRow | undefined): StoredImage | null =>
  row
    ? {
        id: row.id,
        kind: row.kind,
        png: row.png,
        width: row.width,
        height: row.height,
        diameterMm: row.diameterMm,
      }
    : null;

/** A staff member's signature image (blue, transparent PNG), or null when none was uploaded. */
export async function getSignatureImage(db: Queryable, staffId: string): Promise<StoredImage | null> {
  const [row] = await db.select().from(signatureImage).where(eq(signatureImage.staffId, staffId));
  return toStored(row);
}

/** A unit's seal image (red, transparent PNG, printed at `diameterMm`), or null when none was uploaded. */
export async function getSealImage(db: Queryable, unitId: string): Promise<StoredImage | null> {
  const [row] = await db.select().from(signatureImage).where(eq(signatureImage.unitId, unitId));
  return toStored(row);
}

export type ImageOwner =
  | { kind: 'signature'; staffId: string }
  | { kind: 'seal'; unitId: string; diameterMm: number };

/**
 * Stores (or replaces) an owner's image after checking it is a real transparent PNG
 * (`ImageRejectedError` otherwise: nothing is changed).
 */
export async function storeImage(
  db: Queryable,
  owner: ImageOwner,
  png: Uint8Array,
  actorId: string | null,
): Promise<SignatureImageRow> {
  const { width, height } = checkTransparentPng(png);
  const values = {
    kind: owner.kind,
    staffId: owner.kind === 'signature' ? owner.staffId : null,
    unitId: owner.kind === 'seal' ? owner.unitId : null,
    png: Buffer.from(png),
    width,
    height,
    diameterMm: owner.kind === 'seal' ? owner.diameterMm : null,
    sha256: createHash('sha256').update(png).digest('hex'),
    createdBy: actorId,
    updatedBy: actorId,
  };
  const target = owner.kind === 'signature' ? signatureImage.staffId : signatureImage.unitId;
  const [row] = await db
    .insert(signatureImage)
    .values(values)
    .onConflictDoUpdate({
      target,
      set: {
        png: values.png,
        width,
        height,
        diameterMm: values.diameterMm,
        sha256: values.sha256,
        updatedBy: actorId,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

/** The unit path an image belongs to (its unit, or its owner's unit): the policy resolver. */
export async function imageUnitPath(db: Queryable, id: string): Promise<string | null> {
  const result = await db.execute<{ path: string }>(sql`
    SELECT u.path::text AS path FROM signature_image i
      LEFT JOIN staff s ON s.id = i.staff_id
      JOIN unit u ON u.id = coalesce(i.unit_id, s.unit_id)
     WHERE i.id = ${id}`);
  return result.rows[0]?.path ?? null;
}

const imageNotFound = () =>
  notFound({ vi: 'Chưa có ảnh chữ ký hoặc ảnh con dấu.', en: 'No signature or seal image.' });

export function createImagesService({ db }: { db: Database }) {
  const store = (actor: Actor, owner: ImageOwner, png: Uint8Array, audit: AuditContext) =>
    db.transaction(async (tx) => {
      const row = await storeImage(tx, owner, png, actor.staffId);
      await recordAudit(tx, audit, {
        action: owner.kind === 'signature' ? 'signatures.image.signature' : 'signatures.image.seal',
        entityType: 'signature_image',
        entityId: row.id,
        unitId: row.unitId,
        after: { sha256: row.sha256, width: row.width, height: row.height, diameterMm: row.diameterMm },
      });
      return toImageDto(row);
    });

  const metaOf = async (where: ReturnType<typeof eq>) => {
    const [row] = await db.select().from(signatureImage).where(where);
    return { image: row ? toImageDto(row) : null };
  };

  return {
    mine: (actor: Actor) => metaOf(eq(signatureImage.staffId, actor.staffId)),
    ofUnit: (unitId: string) => metaOf(eq(signatureImage.unitId, unitId)),
    async minePng(actor: Actor) {
      const image = await getSignatureImage(db, actor.staffId);
      if (!image) throw imageNotFound();
      return image.png;
    },
    async png(id: string) {
      const [row] = await db
        .select({ png: signatureImage.png })
        .from(signatureImage)
        .where(eq(signatureImage.id, id));
      if (!row) throw imageNotFound();
      return row.png;
    },
    setMine: (actor: Actor, png: Uint8Array, audit: AuditContext) =>
      store(actor, { kind: 'signature', staffId: actor.staffId }, png, audit),
    setSeal: (actor: Actor, unitId: string, diameterMm: number, png: Uint8Array, audit: AuditContext) =>
      store(actor, { kind: 'seal', unitId, diameterMm }, png, audit),
  };
}

export type ImagesService = ReturnType<typeof createImagesService>;
