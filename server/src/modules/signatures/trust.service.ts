import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddTrustAnchorInput, TrustAnchor } from '@mts/contracts';
import * as x509 from '@peculiar/x509';
import { asc, eq } from 'drizzle-orm';
import { projectRoot } from '../../config.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, conflict } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { describeCertificate } from './pki/index.ts';
import { trustAnchor } from './signatures.schema.ts';

export type TrustAnchorRow = typeof trustAnchor.$inferSelect;

/** A trust anchor as the verifiers use it: the root certificate (DER) and where it came from. */
export interface TrustAnchorCertificate {
  id: string;
  name: string;
  source: 'config' | 'demo' | 'admin';
  certificate: Buffer;
  subject: string;
  fingerprintSha256: string;
}

export function toTrustAnchorDto(row: TrustAnchorRow): TrustAnchor {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    fingerprintSha256: row.fingerprint,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    source: row.source,
    active: row.active,
    pem: new x509.X509Certificate(new Uint8Array(row.certificate)).toString('pem'),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The active trust anchors (config, demo and admin-added root CAs), oldest first. */
export async function listTrustAnchors(db: Queryable): Promise<TrustAnchorCertificate[]> {
  const rows = await db
    .select()
    .from(trustAnchor)
    .where(eq(trustAnchor.active, true))
    .orderBy(asc(trustAnchor.createdAt));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    source: row.source,
    certificate: row.certificate,
    subject: row.subject,
    fingerprintSha256: row.fingerprint,
  }));
}

export class InvalidAnchorError extends AppError {
  constructor(reason: 'not_certificate' | 'not_ca', detail = '') {
    super('BAD_REQUEST', {
      message:
        reason === 'not_ca'
          ? {
              vi: `Chứng thư "${detail}" không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (thiếu CA:TRUE), không thể làm gốc tin cậy.`,
              en: `The certificate "${detail}" is not a certificate authority (no CA:TRUE) and cannot be a trust anchor.`,
            }
          : {
              vi: `Không đọc được chứng thư dạng PEM${detail ? ` (${detail})` : ''}.`,
              en: `The PEM certificate cannot be read${detail ? ` (${detail})` : ''}.`,
            },
      details: { reason },
    });
  }
}

/** Every certificate of a PEM text (several allowed), each checked to be a CA certificate. */
export function parseAnchorPem(pem: string): x509.X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new InvalidAnchorError('not_certificate');
  return blocks.map((block) => {
    let certificate: x509.X509Certificate;
    try {
      certificate = new x509.X509Certificate(block);
    } catch (error) {
      throw new InvalidAnchorError('not_certificate', error instanceof Error ? error.message : String(error));
    }
    const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca) throw new InvalidAnchorError('not_ca', certificate.subject);
    return certificate;
  });
}

/** Inserts a trust anchor unless one with the same fingerprint exists; returns the row and whether it is new. */
export async function upsertTrustAnchor(
  db: Queryable,
  input: {
    name: string;
    certificate: x509.X509Certificate;
    source: 'config' | 'demo' | 'admin';
    keystore?: Uint8Array | null;
    createdBy?: string | null;
  },
): Promise<{ row: TrustAnchorRow; created: boolean }> {
  const facts = await describeCertificate(input.certificate);
  const [inserted] = await db
    .insert(trustAnchor)
    .values({
      name: input.name,
      certificate: Buffer.from(input.certificate.rawData),
      subject: facts.subject,
      fingerprint: facts.fingerprintSha256,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      source: input.source,
      keystore: input.keystore ? Buffer.from(input.keystore) : null,
      createdBy: input.createdBy ?? null,
    })
    .onConflictDoNothing({ target: trustAnchor.fingerprint })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await db
    .select()
    .from(trustAnchor)
    .where(eq(trustAnchor.fingerprint, facts.fingerprintSha256));
  return { row: existing!, created: false };
}

/**
 * Loads SIGNATURE_TRUST_ANCHORS (comma-separated PEM files, relative to the repository root) into
 * the trust anchors as source `config`. A missing or unreadable file stops the start with its name.
 */
export async function syncConfiguredAnchors(db: Queryable, setting: string | undefined): Promise<number> {
  if (!setting) return 0;
  let added = 0;
  for (const entry of setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const file = path.resolve(projectRoot, entry);
    let pem: string;
    try {
      pem = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`SIGNATURE_TRUST_ANCHORS: cannot read ${file}: ${(error as Error).message}`);
    }
    let certificates: x509.X509Certificate[];
    try {
      certificates = parseAnchorPem(pem);
    } catch (error) {
      throw new Error(`SIGNATURE_TRUST_ANCHORS: ${file}: ${(error as Error).message}`);
    }
    for (const certificate of certificates) {
      const name = certificate.subjectName.getField('CN')[0] ?? certificate.subject;
      if ((await upsertTrustAnchor(db, { name, certificate, source: 'config' })).created) added++;
    }
  }
  return added;
}

export function createTrustService({ db }: { db: Database }) {
  return {
    async list() {
      const rows = await db.select().from(trustAnchor).orderBy(asc(trustAnchor.createdAt));
      return rows.map(toTrustAnchorDto);
    },
    async add(actor: Actor, input: AddTrustAnchorInput, audit: AuditContext) {
      const certificates = parseAnchorPem(input.pem);
      if (certificates.length !== 1)
        throw new AppError('BAD_REQUEST', {
          message: {
            vi: 'Mỗi lần chỉ thêm một chứng thư gốc.',
            en: 'Add one root certificate at a time.',
          },
        });
      return db.transaction(async (tx) => {
        const { row, created } = await upsertTrustAnchor(tx, {
          name: input.name,
          certificate: certificates[0]!,
          source: 'admin',
          createdBy: actor.staffId,
        });
        if (!created)
          throw conflict(
            {
              vi: `Chứng thư gốc này đã có trong danh sách tin cậy ("${row.name}").`,
              en: `This root certificate is already a trust anchor ("${row.name}").`,
            },
            { id: row.id },
          );
        await recordAudit(tx, audit, {
          action: 'signatures.trust_anchor.add',
          entityType: 'trust_anchor',
          entityId: row.id,
          after: { name: row.name, subject: row.subject, fingerprint: row.fingerprint },
        });
        return toTrustAnchorDto(row);
      });
    },
  };
}

export type TrustService = ReturnType<typeof createTrustService>;
