import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type KeystoreKeyConfig, loadKeystoreKey } from './credentials.key.ts';
import { storeLocalCredential } from './credentials.service.ts';
import { drawDemoSeal, drawDemoSignature } from './images.draw.ts';
import { storeImage } from './images.service.ts';
import {
  createCertificateAuthority,
  describeCertificate,
  exportPkcs12,
  issueCertificate,
  type KeyedCertificate,
  openPkcs12,
  sealKeystore,
  unsealKeystore,
} from './pki/index.ts';
import { placeOf } from './render/index.ts';
import { signatureImage, signingCredential, trustAnchor } from './signatures.schema.ts';
import { upsertTrustAnchor } from './trust.service.ts';

/** The PIN of every demo keystore (documented in the README and the module README). */
export const DEMO_SIGNING_PIN = '123456';
export const DEMO_CA_NAME = 'Ban Cơ yếu Chính phủ (demo)';
export const DEMO_CA_SUBJECT = 'CN=Ban Cơ yếu Chính phủ (demo),O=Ban Cơ yếu Chính phủ,C=VN';
/** The demo leaders who get a personal certificate; their committees get an agency certificate. */
export const DEMO_SIGNERS = ['lanhdao.lamdong', 'chutich.xa.anbinh', 'lanhdao.hatinh'] as const;

const SEED_LOCK = 724_011_404;
const caContext = (fingerprint: string) => `demo-ca:${fingerprint}`;

/** RFC 4514 escaping of an attribute value inside a DN string. */
const dnValue = (value: string) => value.replace(/([,+"\\<>;=])/g, '\\$1');

/** The demo CA with its key, or null when the demo has none yet. */
export async function loadDemoCa(db: Queryable, keystoreKey: Uint8Array): Promise<KeyedCertificate | null> {
  const [row] = await db
    .select()
    .from(trustAnchor)
    .where(and(eq(trustAnchor.source, 'demo'), sql`${trustAnchor.keystore} IS NOT NULL`))
    .limit(1);
  if (!row?.keystore) return null;
  return openPkcs12(unsealKeystore(row.keystore, keystoreKey, caContext(row.fingerprint)), DEMO_SIGNING_PIN, {
    allowExpired: true,
  });
}

/** Issues a certificate under the demo CA (the remote signing simulator uses it too). */
export async function issueDemoCertificate(
  db: Queryable,
  keystoreKey: Uint8Array,
  options: { subject: string; keyUsage: 'personal' | 'agency' },
): Promise<KeyedCertificate> {
  const ca = await loadDemoCa(db, keystoreKey);
  if (!ca) throw new Error('The demo CA has not been created (seedDemoSignatures)');
  return issueCertificate(ca, options);
}

async function ensureDemoCa(
  tx: Queryable,
  key: Uint8Array,
): Promise<{ ca: KeyedCertificate; anchorId: string }> {
  const existing = await loadDemoCa(tx, key);
  if (existing) {
    const fingerprint = (await describeCertificate(existing.certificate)).fingerprintSha256;
    const [row] = await tx
      .select({ id: trustAnchor.id })
      .from(trustAnchor)
      .where(eq(trustAnchor.fingerprint, fingerprint));
    return { ca: existing, anchorId: row!.id };
  }
  const ca = await createCertificateAuthority({ subject: DEMO_CA_SUBJECT, validityYears: 10 });
  const fingerprint = (await describeCertificate(ca.certificate)).fingerprintSha256;
  const p12 = await exportPkcs12(ca, DEMO_SIGNING_PIN);
  const { row } = await upsertTrustAnchor(tx, {
    name: DEMO_CA_NAME,
    certificate: ca.certificate,
    source: 'demo',
    keystore: sealKeystore(p12, key, caContext(fingerprint)),
  });
  return { ca, anchorId: row.id };
}

export interface DemoSigner {
  username: string;
  staffId: string;
  committeeId: string;
  personalCredentialId: string;
  agencyCredentialId: string;
}

export interface DemoSignatures {
  trustAnchorId: string;
  caCertificate: Buffer;
  signers: DemoSigner[];
}

/**
 * The demo's signing set-up, idempotent: a demo CA "Ban Cơ yếu Chính phủ (demo)" registered as a
 * trust anchor (source demo); for each demo leader present, a personal certificate and keystore
 * (PIN `DEMO_SIGNING_PIN`) and a blue signature image; for the leader's committee, an agency
 * certificate and a red seal image. Anything already there is kept. Returns null when the demo
 * leaders are not in the database or SIGNATURE_DEMO_CA is off.
 */
export async function seedDemoSignatures(
  db: Database,
  config: KeystoreKeyConfig & { SIGNATURE_DEMO_CA: boolean },
): Promise<DemoSignatures | null> {
  if (!config.SIGNATURE_DEMO_CA) return null;
  const key = await loadKeystoreKey(config);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    const leaders = await tx.execute<{
      id: string;
      username: string;
      full_name: string;
      position: string | null;
      committee_id: string;
      committee_name: string;
      committee_level: string;
    }>(sql`
      SELECT s.id, s.username, s.full_name, s.position,
             c.id AS committee_id, c.name AS committee_name, c.level_id AS committee_level
        FROM staff s
        JOIN unit su ON su.id = s.unit_id
        JOIN LATERAL (
          SELECT u.id, u.name, u.level_id FROM unit u
           WHERE u.path @> su.path AND u.kind = 'committee'
           ORDER BY nlevel(u.path) DESC LIMIT 1) c ON true
       WHERE s.username IN (${sql.join(
         DEMO_SIGNERS.map((u) => sql`${u}`),
         sql`, `,
       )})`);
    if (leaders.rows.length === 0) return null;
    // The CA's key is opened (PBKDF2, ~0.1 s) only when a certificate is missing: not on every start.
    let opened: Awaited<ReturnType<typeof ensureDemoCa>> | undefined;
    const demoCa = async () => {
      opened ??= await ensureDemoCa(tx, key);
      return opened.ca;
    };
    const [anchor] = await tx
      .select({ id: trustAnchor.id, certificate: trustAnchor.certificate })
      .from(trustAnchor)
      .where(and(eq(trustAnchor.source, 'demo'), sql`${trustAnchor.keystore} IS NOT NULL`))
      .limit(1);
    if (!anchor) await demoCa();
    const signers: DemoSigner[] = [];
    for (const [index, leader] of leaders.rows.entries()) {
      const owned = await tx
        .select({
          id: signingCredential.id,
          staffId: signingCredential.staffId,
          unitId: signingCredential.unitId,
        })
        .from(signingCredential)
        .where(
          sql`${signingCredential.status} = 'active' AND (${signingCredential.staffId} = ${leader.id} OR ${signingCredential.unitId} = ${leader.committee_id})`,
        );
      let personal = owned.find((c) => c.staffId === leader.id)?.id;
      if (!personal) {
        const subject = [
          `CN=${dnValue(leader.full_name)}`,
          ...(leader.position ? [`T=${dnValue(leader.position)}`] : []),
          `O=${dnValue(leader.committee_name)}`,
          'C=VN',
        ].join(',');
        const issued = await issueCertificate(await demoCa(), { subject, keyUsage: 'personal' });
        const row = await storeLocalCredential(tx, key, {
          owner: { kind: 'personal', staffId: leader.id },
          p12: await exportPkcs12(issued, DEMO_SIGNING_PIN),
          pin: DEMO_SIGNING_PIN,
          label: `${leader.full_name} (demo)`,
        });
        personal = row.id;
      }
      let agency = owned.find((c) => c.unitId === leader.committee_id)?.id;
      if (!agency) {
        const subject = `CN=${dnValue(leader.committee_name)},O=Mặt trận Tổ quốc Việt Nam,C=VN`;
        const issued = await issueCertificate(await demoCa(), { subject, keyUsage: 'agency' });
        const row = await storeLocalCredential(tx, key, {
          owner: { kind: 'agency', unitId: leader.committee_id },
          p12: await exportPkcs12(issued, DEMO_SIGNING_PIN),
          pin: DEMO_SIGNING_PIN,
          label: `${leader.committee_name} (demo)`,
        });
        agency = row.id;
      }
      const images = await tx
        .select({ staffId: signatureImage.staffId, unitId: signatureImage.unitId })
        .from(signatureImage)
        .where(
          inArray(sql`coalesce(${signatureImage.staffId}, ${signatureImage.unitId})`, [
            leader.id,
            leader.committee_id,
          ]),
        );
      if (!images.some((i) => i.staffId === leader.id))
        await storeImage(tx, { kind: 'signature', staffId: leader.id }, drawDemoSignature(index + 1), null);
      if (!images.some((i) => i.unitId === leader.committee_id)) {
        // Provincial committee seals are larger than commune ones.
        const diameterMm = leader.committee_level === 'commune' ? 35 : 40;
        const seal = drawDemoSeal(leader.committee_name, placeOf(leader.committee_name), diameterMm);
        await storeImage(tx, { kind: 'seal', unitId: leader.committee_id, diameterMm }, seal, null);
      }
      signers.push({
        username: leader.username,
        staffId: leader.id,
        committeeId: leader.committee_id,
        personalCredentialId: personal,
        agencyCredentialId: agency,
      });
    }
    if (opened)
      return {
        trustAnchorId: opened.anchorId,
        caCertificate: Buffer.from(opened.ca.certificate.rawData),
        signers,
      };
    return { trustAnchorId: anchor!.id, caCertificate: anchor!.certificate, signers };
  });
}
