/**
 * Certificate path building (issuer name + signature, CA flag), validity at a moment, key usage,
 * and revocation against CRLs the caller supplied or the PDF carries (DSS, CMS). Never fetches
 * anything from the network.
 */
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Cert } from './cms.ts';

export interface Anchor {
  name: string;
  cert: Cert;
}

export type ChainStatus = 'trusted' | 'untrusted' | 'incomplete';

export interface Chain {
  path: Cert[];
  status: ChainStatus;
  anchor: string | null;
}

function issuedBy(child: Cert, issuer: Cert): boolean {
  try {
    return child.node.checkIssued(issuer.node) && child.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}

/** Walks from `leaf` to a trust anchor through `pool` (CMS + DSS certificates). */
export function buildChain(leaf: Cert, pool: Cert[], anchors: Anchor[]): Chain {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 12; depth++) {
    const asAnchor = anchors.find((a) => a.cert.fingerprint === current.fingerprint);
    if (asAnchor) return { path, status: 'trusted', anchor: asAnchor.name };
    const byAnchor = anchors.find((a) => issuedBy(current, a.cert));
    if (byAnchor) return { path: [...path, byAnchor.cert], status: 'trusted', anchor: byAnchor.name };
    if (issuedBy(current, current)) return { path, status: 'untrusted', anchor: null };
    const next = pool.find(
      (c) => c.node.ca && !path.some((p) => p.fingerprint === c.fingerprint) && issuedBy(current, c),
    );
    if (!next) return { path, status: 'incomplete', anchor: null };
    path.push(next);
    current = next;
  }
  return { path, status: 'incomplete', anchor: null };
}

export interface ValidityCheck {
  status: 'valid' | 'expired' | 'not-yet-valid';
  /** The first certificate of the path that fails, by subject. */
  failing: Cert | null;
}

export function validityAt(path: Cert[], at: Date): ValidityCheck {
  for (const cert of path) {
    if (at < new Date(cert.node.validFrom)) return { status: 'not-yet-valid', failing: cert };
    if (at > new Date(cert.node.validTo)) return { status: 'expired', failing: cert };
  }
  return { status: 'valid', failing: null };
}

export interface KeyUsage {
  /** false when the certificate has no keyUsage extension (any use allowed). */
  present: boolean;
  digitalSignature: boolean;
  nonRepudiation: boolean;
}

export function keyUsageOf(cert: Cert): KeyUsage {
  const ext = cert.pkijs.extensions?.find((e) => e.extnID === '2.5.29.15');
  const bits = ext?.parsedValue as asn1js.BitString | undefined;
  if (!bits) return { present: false, digitalSignature: false, nonRepudiation: false };
  const first = bits.valueBlock.valueHexView[0] ?? 0;
  return { present: true, digitalSignature: (first & 0x80) !== 0, nonRepudiation: (first & 0x40) !== 0 };
}

export interface Revocation {
  status: 'good' | 'revoked' | 'not-checked';
  revokedAt: Date | null;
  /** The revoked certificate (the signer or an intermediate CA). */
  revoked: Cert | null;
  /** thisUpdate of the newest CRL consulted for the signer certificate. */
  crlThisUpdate: Date | null;
}

export class CrlStore {
  private readonly verified = new Map<string, Promise<boolean>>();
  constructor(readonly crls: pkijs.CertificateRevocationList[]) {}

  static parse(ders: Uint8Array[]): pkijs.CertificateRevocationList[] {
    const out: pkijs.CertificateRevocationList[] = [];
    for (const der of ders) {
      try {
        out.push(pkijs.CertificateRevocationList.fromBER(new Uint8Array(der)));
      } catch {
        // unreadable CRLs are ignored (the revocation then stays "not checked")
      }
    }
    return out;
  }

  private verifiedBy(crl: pkijs.CertificateRevocationList, index: number, issuer: Cert): Promise<boolean> {
    const key = `${index}:${issuer.fingerprint}`;
    let hit = this.verified.get(key);
    if (!hit) {
      hit = crl.verify({ issuerCertificate: issuer.pkijs }).catch(() => false);
      this.verified.set(key, hit);
    }
    return hit;
  }

  /** Checks every certificate of the path but the last (the root) against CRLs its issuer signed. */
  async check(path: Cert[], extra: pkijs.CertificateRevocationList[] = []): Promise<Revocation> {
    const all = [...this.crls, ...extra];
    let checkedAll = path.length > 1;
    let signerThisUpdate: Date | null = null;
    for (let i = 0; i < path.length - 1; i++) {
      const cert = path[i] as Cert;
      const issuer = path[i + 1] as Cert;
      let covered = false;
      for (const [index, crl] of all.entries()) {
        if (!crl.issuer.isEqual(cert.pkijs.issuer)) continue;
        if (!(await this.verifiedBy(crl, index, issuer))) continue;
        covered = true;
        if (i === 0 && (!signerThisUpdate || crl.thisUpdate.value > signerThisUpdate))
          signerThisUpdate = crl.thisUpdate.value;
        const entry = crl.revokedCertificates?.find((r) =>
          r.userCertificate.isEqual(cert.pkijs.serialNumber),
        );
        if (entry)
          return {
            status: 'revoked',
            revokedAt: entry.revocationDate.value,
            revoked: cert,
            crlThisUpdate: signerThisUpdate,
          };
      }
      if (!covered) checkedAll = false;
    }
    return {
      status: checkedAll ? 'good' : 'not-checked',
      revokedAt: null,
      revoked: null,
      crlThisUpdate: signerThisUpdate,
    };
  }
}
