import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { ChangePinInput, SigningCredential } from '@mts/contracts';
import * as x509 from '@peculiar/x509';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope } from '../../platform/policy/index.ts';
import type { KeySigner } from './pades/index.ts';
import {
  describeCertificate,
  EmptyPinError,
  exportPkcs12,
  type KeyedCertificate,
  openPkcs12,
  sealKeystore,
  unsealKeystore,
} from './pki/index.ts';
import { signingCredential } from './signatures.schema.ts';

export type SigningCredentialRow = typeof signingCredential.$inferSelect;

/** The API view of a credential: the certificate's facts, never the keystore. */
export function toCredentialDto(row: SigningCredentialRow): SigningCredential {
  return {
    id: row.id,
    kind: row.kind,
    staffId: row.staffId,
    unitId: row.unitId,
    label: row.label,
    provider: row.provider,
    remoteProvider: row.remoteProvider,
    subject: row.subject,
    issuer: row.issuer,
    serial: row.serial,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    fingerprintSha256: row.fingerprint,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The credential is disabled or revoked: it signs nothing. */
export class CredentialInactiveError extends AppError {
  constructor(status: string) {
    super('BAD_REQUEST', {
      message: {
        vi: 'Chứng thư số này đã ngừng sử dụng hoặc đã bị thu hồi, không thể dùng để ký.',
        en: 'This certificate is disabled or revoked and cannot be used to sign.',
      },
      details: { reason: 'CREDENTIAL_INACTIVE', status },
    });
  }
}

/** A remote credential was asked for a local key. */
export class NotLocalCredentialError extends AppError {
  constructor() {
    super('BAD_REQUEST', {
      message: {
        vi: 'Chứng thư số này ký qua dịch vụ ký số từ xa, không có mã PIN trên máy chủ.',
        en: 'This certificate signs through a remote signing service; it has no PIN on this server.',
      },
      details: { reason: 'NOT_LOCAL_CREDENTIAL' },
    });
  }
}

/** The certificate may not make signatures (its key usage has neither digitalSignature nor nonRepudiation). */
export class NotSigningCertificateError extends AppError {
  constructor() {
    super('BAD_REQUEST', {
      message: {
        vi: 'Chứng thư số không dùng để ký (thiếu mục đích chữ ký số trong Key Usage).',
        en: 'The certificate is not for signing (its key usage lacks digital signature).',
      },
      details: { reason: 'NOT_SIGNING_CERTIFICATE' },
    });
  }
}

const credentialNotFound = () =>
  notFound({ vi: 'Không tìm thấy chứng thư số.', en: 'Signing credential not found.' });

/** A local signer unlocked with its PIN: a pades `KeySigner` plus what the credential is. */
export interface UnlockedSigner extends KeySigner {
  credentialId: string;
  kind: 'personal' | 'agency';
  certificate: Buffer;
  chain: Buffer[];
  subject: string;
}

export async function getSigningCredential(db: Queryable, id: string): Promise<SigningCredentialRow | null> {
  const [row] = await db.select().from(signingCredential).where(eq(signingCredential.id, id));
  return row ?? null;
}

/**
 * Opens a local credential's keystore for one signing: unseals it with the server key, opens the
 * .p12 with the holder's PIN (`WrongPinError`, `CertificateExpiredError`, … from pki) and returns
 * a pades `KeySigner`. Disabled/revoked → `CredentialInactiveError`; remote → `NotLocalCredentialError`.
 */
export async function unlockLocalSigner(
  db: Queryable,
  credentialId: string,
  pin: string,
  keystoreKey: Uint8Array,
): Promise<UnlockedSigner> {
  const row = await getSigningCredential(db, credentialId);
  if (!row) throw credentialNotFound();
  if (row.status !== 'active') throw new CredentialInactiveError(row.status);
  if (row.provider !== 'local' || !row.keystore) throw new NotLocalCredentialError();
  if (!pin) throw new EmptyPinError();
  const opened = await openPkcs12(unsealKeystore(row.keystore, keystoreKey, row.id), pin);
  return {
    credentialId: row.id,
    kind: row.kind,
    subject: row.subject,
    privateKey: opened.privateKey,
    certificate: Buffer.from(opened.certificate.rawData),
    chain: opened.chain.slice(1).map((c) => Buffer.from(c.rawData)),
  };
}

function checkSigningUsage(certificate: x509.X509Certificate) {
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  if (!usage) return;
  const signing = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  if ((usage.usages & signing) === 0) throw new NotSigningCertificateError();
}

const commonName = (certificate: x509.X509Certificate) =>
  certificate.subjectName.getField('CN')[0] ?? certificate.subject;

export type CredentialOwner = { kind: 'personal'; staffId: string } | { kind: 'agency'; unitId: string };

/**
 * Stores a PIN-protected .p12 as a local credential after opening it with `pin` (so a wrong PIN,
 * a legacy or expired keystore, or a certificate not meant for signing store nothing). The .p12
 * is kept as uploaded — still PIN-encrypted — and sealed with the server key bound to the row id.
 */
export async function storeLocalCredential(
  db: Queryable,
  keystoreKey: Uint8Array,
  input: { owner: CredentialOwner; p12: Uint8Array; pin: string; label?: string; createdBy?: string | null },
): Promise<SigningCredentialRow> {
  if (!input.pin) throw new EmptyPinError();
  const opened = await openPkcs12(input.p12, input.pin);
  checkSigningUsage(opened.certificate);
  return insertCredential(db, keystoreKey, input.owner, opened, input.p12, input.label, input.createdBy);
}

async function insertCredential(
  db: Queryable,
  keystoreKey: Uint8Array,
  owner: CredentialOwner,
  opened: KeyedCertificate,
  p12: Uint8Array,
  label: string | undefined,
  createdBy: string | null | undefined,
) {
  const facts = await describeCertificate(opened.certificate);
  const id = randomUUID();
  const [row] = await db
    .insert(signingCredential)
    .values({
      id,
      kind: owner.kind,
      staffId: owner.kind === 'personal' ? owner.staffId : null,
      unitId: owner.kind === 'agency' ? owner.unitId : null,
      label: label?.trim() || commonName(opened.certificate),
      provider: 'local',
      keystore: Buffer.from(sealKeystore(p12, keystoreKey, id)),
      certificate: Buffer.from(opened.certificate.rawData),
      subject: facts.subject,
      issuer: facts.issuer,
      serial: facts.serial,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      fingerprint: facts.fingerprintSha256,
      createdBy: createdBy ?? null,
      updatedBy: createdBy ?? null,
    })
    .returning();
  return row!;
}

/**
 * Registers a credential held by a remote signing service (CSC-style `credentialID`), with the
 * certificate the service returned. Used by the remote signing providers.
 */
export async function registerRemoteCredential(
  db: Queryable,
  input: {
    owner: CredentialOwner;
    certificate: Uint8Array;
    remoteProvider: string;
    remoteCredentialId: string;
    remoteAccount?: string | null;
    label?: string;
    createdBy?: string | null;
  },
): Promise<SigningCredentialRow> {
  const certificate = new x509.X509Certificate(new Uint8Array(input.certificate));
  checkSigningUsage(certificate);
  const facts = await describeCertificate(certificate);
  const [row] = await db
    .insert(signingCredential)
    .values({
      kind: input.owner.kind,
      staffId: input.owner.kind === 'personal' ? input.owner.staffId : null,
      unitId: input.owner.kind === 'agency' ? input.owner.unitId : null,
      label: input.label?.trim() || commonName(certificate),
      provider: 'remote',
      remoteProvider: input.remoteProvider,
      remoteCredentialId: input.remoteCredentialId,
      remoteAccount: input.remoteAccount ?? null,
      certificate: Buffer.from(certificate.rawData),
      subject: facts.subject,
      issuer: facts.issuer,
      serial: facts.serial,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      fingerprint: facts.fingerprintSha256,
      createdBy: input.createdBy ?? null,
      updatedBy: input.createdBy ?? null,
    })
    .returning();
  return row!;
}

/** Credentials of a person or a unit, newest first (active ones before the others). */
export async function listCredentials(
  db: Queryable,
  owner: CredentialOwner,
): Promise<SigningCredentialRow[]> {
  return db
    .select()
    .from(signingCredential)
    .where(
      owner.kind === 'personal'
        ? eq(signingCredential.staffId, owner.staffId)
        : eq(signingCredential.unitId, owner.unitId),
    )
    .orderBy(sql`${signingCredential.status} <> 'active'`, desc(signingCredential.createdAt));
}

/** The unit path a credential belongs to: its unit's, or its holder's unit's (policy resolver). */
export async function credentialUnitPath(db: Queryable, id: string): Promise<string | null> {
  const result = await db.execute<{ path: string }>(sql`
    SELECT u.path::text AS path FROM signing_credential c
      LEFT JOIN staff s ON s.id = c.staff_id
      JOIN unit u ON u.id = coalesce(c.unit_id, s.unit_id)
     WHERE c.id = ${id}`);
  return result.rows[0]?.path ?? null;
}

export interface CredentialsDeps {
  db: Database;
  keystoreKey: () => Promise<Uint8Array>;
}

/** Who may act on a credential: its holder; for others (and agency credentials) manage_unit over it. */
async function loadForActor(db: Queryable, actor: Actor, id: string) {
  const row = await getSigningCredential(db, id);
  const path = row ? await credentialUnitPath(db, id) : null;
  if (!row || !path) throw credentialNotFound();
  const isHolder = row.kind === 'personal' && row.staffId === actor.staffId;
  if (!isHolder && !isInScope(actor, 'signatures.manage_unit', path)) throw credentialNotFound();
  return row;
}

export function createCredentialsService({ db, keystoreKey }: CredentialsDeps) {
  const upload = async (
    actor: Actor,
    owner: CredentialOwner,
    input: { p12: Uint8Array; pin: string; label?: string },
    audit: AuditContext,
  ) => {
    const key = await keystoreKey();
    return db.transaction(async (tx) => {
      const row = await storeLocalCredential(tx, key, { owner, ...input, createdBy: actor.staffId });
      await recordAudit(tx, audit, {
        action: 'signatures.credential.upload',
        entityType: 'signing_credential',
        entityId: row.id,
        unitId: row.unitId,
        after: { kind: row.kind, staffId: row.staffId, subject: row.subject, fingerprint: row.fingerprint },
      });
      return toCredentialDto(row);
    });
  };

  return {
    async listMine(actor: Actor) {
      return (await listCredentials(db, { kind: 'personal', staffId: actor.staffId })).map(toCredentialDto);
    },
    async listForUnit(unitId: string) {
      return (await listCredentials(db, { kind: 'agency', unitId })).map(toCredentialDto);
    },
    uploadMine: (
      actor: Actor,
      input: { p12: Uint8Array; pin: string; label?: string },
      audit: AuditContext,
    ) => upload(actor, { kind: 'personal', staffId: actor.staffId }, input, audit),
    uploadForUnit: (
      actor: Actor,
      unitId: string,
      input: { p12: Uint8Array; pin: string; label?: string },
      audit: AuditContext,
    ) => upload(actor, { kind: 'agency', unitId }, input, audit),

    /**
     * Re-encrypts the keystore under a new PIN. The current PIN must open it; on any error
     * nothing is changed. The private key never leaves this process unencrypted.
     */
    async changePin(actor: Actor, id: string, input: ChangePinInput, audit: AuditContext) {
      const key = await keystoreKey();
      const row = await loadForActor(db, actor, id);
      if (row.provider !== 'local' || !row.keystore) throw new NotLocalCredentialError();
      if (row.status !== 'active') throw new CredentialInactiveError(row.status);
      const opened = await openPkcs12(unsealKeystore(row.keystore, key, row.id), input.currentPin, {
        allowExpired: true,
      });
      const reencrypted = await exportPkcs12(opened, input.newPin);
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(signingCredential)
          .set({ keystore: Buffer.from(sealKeystore(reencrypted, key, row.id)), updatedBy: actor.staffId })
          .where(and(eq(signingCredential.id, row.id), eq(signingCredential.status, 'active')))
          .returning();
        if (!updated) throw new CredentialInactiveError('disabled');
        await recordAudit(tx, audit, {
          action: 'signatures.credential.change_pin',
          entityType: 'signing_credential',
          entityId: row.id,
          unitId: row.unitId,
        });
        return toCredentialDto(updated);
      });
    },

    /** Stops a credential from signing (lost token, person left, certificate replaced). */
    async disable(actor: Actor, id: string, audit: AuditContext) {
      const row = await loadForActor(db, actor, id);
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(signingCredential)
          .set({ status: row.status === 'revoked' ? 'revoked' : 'disabled', updatedBy: actor.staffId })
          .where(eq(signingCredential.id, row.id))
          .returning();
        await recordAudit(tx, audit, {
          action: 'signatures.credential.disable',
          entityType: 'signing_credential',
          entityId: row.id,
          unitId: row.unitId,
          before: { status: row.status },
          after: { status: updated!.status },
        });
        return toCredentialDto(updated!);
      });
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
