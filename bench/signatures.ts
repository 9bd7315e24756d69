/**
 * Signing and verifying an official document (issue 4), in process, on a 10-page Decree 30 PDF:
 *   - personal: the competent person's signature with the blue signature image in slot 7c;
 *   - agency: the agency signature on top (incremental update) with the seal image and the number
 *     and date stamps, as the registry applies it at issue;
 *   - verify: our verifier (`verifyPdf`) over the twice-signed file: both signatures, chains to the
 *     trust anchor, coverage;
 *   - reference: `openssl cms -sign` (detached, SHA-256, same key) over the same signed bytes, run
 *     as a process each time (process start included), and Node's raw RSA signature over the digest.
 * Each operation BENCH_RUNS times after warm-up; p50/p95/max in milliseconds. Targets: sign
 * ≤ 150 ms, verify ≤ 50 ms. RSA 2048 keys, as on today's official-use tokens. The script also
 * checks the last output with pdfsig (both valid) and exits non-zero when it does not.
 * Run: `npm run bench:signatures`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createSign, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCertificateAuthority,
  drawDemoSeal,
  drawDemoSignature,
  issueCertificate,
  renderOfficialDocument,
  signPdf,
  toPem,
  verifyPdf,
} from '../server/src/modules/signatures/index.ts';
import { describeMachine, loadAverage, percentile } from './machine.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 5;

const body = Array.from(
  { length: 116 },
  (_, i) =>
    `Điều ${i + 1}. Ủy ban Mặt trận Tổ quốc Việt Nam các cấp phối hợp với chính quyền cùng cấp tổ chức lấy ý kiến cử tri, tổng hợp kiến nghị và theo dõi việc giải quyết; báo cáo kết quả định kỳ hằng quý về Ban Thường trực theo mẫu thống nhất, bảo đảm đúng thời hạn và đầy đủ nội dung.`,
);

function stats(name: string, samples: number[], target?: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const max = sorted.at(-1)!;
  const verdict =
    target === undefined
      ? ''
      : p95 <= target
        ? `  (target ≤ ${target} ms: met)`
        : `  (target ≤ ${target} ms: NOT met)`;
  console.log(
    `  ${name.padEnd(44)} p50 ${p50.toFixed(1).padStart(6)}  p95 ${p95.toFixed(1).padStart(6)}  max ${max.toFixed(1).padStart(6)} ms${verdict}`,
  );
}

async function time<T>(samples: number[], run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await run();
  samples.push(performance.now() - start);
  return result;
}

async function main() {
  console.log(`Signatures benchmark — ${describeMachine()}; load ${loadAverage()}`);
  const dir = mkdtempSync(join(tmpdir(), 'mts-bench-sign-'));
  const ca = await createCertificateAuthority({
    subject: 'CN=Ban Cơ yếu Chính phủ (bench),O=Ban Cơ yếu Chính phủ,C=VN',
  });
  const person = await issueCertificate(ca, {
    subject: 'CN=Nguyễn Văn Ký,O=Ủy ban MTTQ tỉnh Lâm Đồng,C=VN',
    keyUsage: 'personal',
  });
  const agency = await issueCertificate(ca, {
    subject: 'CN=Ủy ban MTTQ tỉnh Lâm Đồng,O=Ủy ban MTTQ tỉnh Lâm Đồng,C=VN',
    keyUsage: 'agency',
  });
  const rendered = await renderOfficialDocument({
    parentBody: 'Ủy ban Mặt trận Tổ quốc Việt Nam',
    issuingBody: 'Ủy ban MTTQ tỉnh Lâm Đồng',
    place: 'Lâm Đồng',
    typeName: 'Quyết định',
    summary: 'Ban hành Quy chế phối hợp tiếp xúc cử tri',
    body,
    authority: 'TM. BAN THƯỜNG TRỰC',
    signerTitle: 'CHỦ TỊCH',
    signerName: 'Nguyễn Văn Ký',
    recipients: ['Như Điều 3', 'Lưu hồ sơ'],
    archive: 'VT, BTT',
  });
  const pages = Number(
    /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: rendered.pdf, encoding: 'utf8' }))?.[1],
  );
  console.log(
    `  document: ${pages} pages, ${(rendered.pdf.length / 1024).toFixed(0)} KiB (Decree 30 layout, Tinos embedded)`,
  );
  const signatureImage = drawDemoSignature(7);
  const sealImage = drawDemoSeal('Ủy ban MTTQ tỉnh Lâm Đồng', 'Lâm Đồng', 40);
  const der = (c: { rawData: ArrayBuffer }) => Buffer.from(c.rawData);
  const personalSigner = {
    privateKey: person.privateKey,
    certificate: der(person.certificate),
    chain: [der(ca.certificate)],
  };
  const agencySigner = {
    privateKey: agency.privateKey,
    certificate: der(agency.certificate),
    chain: [der(ca.certificate)],
  };
  const anchors = [{ name: 'bench CA', certificate: Buffer.from(ca.certificate.rawData) }];

  const personal: number[] = [];
  const sealing: number[] = [];
  const verifying: number[] = [];
  let issued: Buffer = Buffer.alloc(0);
  let signed: Buffer = Buffer.alloc(0);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const keep = i >= WARMUP;
    const p: number[] = [];
    const s: number[] = [];
    const v: number[] = [];
    signed = await time(p, () =>
      signPdf(rendered.pdf, personalSigner, {
        fieldName: 'ChuKyNguoiCoThamQuyen',
        reason: 'Người có thẩm quyền ký văn bản',
        appearance: { ...rendered.slots.signature, image: signatureImage },
      }),
    );
    issued = await time(s, () =>
      signPdf(signed, agencySigner, {
        fieldName: 'ChuKyCoQuan',
        reason: 'Cơ quan ban hành văn bản số 12/QĐ-MTTQ-BTT',
        appearance: { ...rendered.slots.seal, image: sealImage },
        stamps: [
          {
            ...rendered.slots.number,
            text: { lines: ['Số: 12/QĐ-MTTQ-BTT'], fontSize: 13, align: 'center' },
          },
          {
            ...rendered.slots.date,
            text: {
              lines: ['Lâm Đồng, ngày 22 tháng 11 năm 2026'],
              fontSize: 13,
              align: 'center',
              style: 'italic',
            },
          },
        ],
      }),
    );
    const report = await time(v, () => verifyPdf(issued, { trustAnchors: anchors }));
    if (report.verdict !== 'valid' || report.signatures.length !== 2)
      throw new Error(`verification: ${report.verdict}`);
    if (keep) {
      personal.push(...p);
      sealing.push(...s);
      verifying.push(...v);
    }
  }

  // The reference: openssl cms over the bytes the personal signature covers, with the same key.
  const keyPem = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', person.privateKey)).toString('base64');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(
    keyFile,
    `-----BEGIN PRIVATE KEY-----\n${keyPem.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
  );
  const certFile = join(dir, 'cert.pem');
  writeFileSync(certFile, toPem(person.certificate));
  const dataFile = join(dir, 'data.bin');
  writeFileSync(dataFile, signed);
  const openssl: number[] = [];
  const raw: number[] = [];
  const nodeKey = { key: `-----BEGIN PRIVATE KEY-----\n${keyPem}\n-----END PRIVATE KEY-----\n` };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const o: number[] = [];
    const r: number[] = [];
    await time(o, () => {
      const result = spawnSync('openssl', [
        'cms',
        '-sign',
        '-binary',
        '-md',
        'sha256',
        '-outform',
        'DER',
        '-signer',
        certFile,
        '-inkey',
        keyFile,
        '-in',
        dataFile,
        '-out',
        join(dir, 'out.p7s'),
      ]);
      if (result.status !== 0) throw new Error(`openssl cms -sign: ${result.stderr}`);
    });
    await time(r, () => createSign('sha256').update(signed).sign(nodeKey));
    if (i >= WARMUP) {
      openssl.push(...o);
      raw.push(...r);
    }
  }

  console.log(`  ${RUNS} runs each after ${WARMUP} warm-up runs:`);
  stats('sign, personal (image in slot 7c)', personal, 150);
  stats('sign, agency (seal + number/date stamps)', sealing, 150);
  stats('verify, both signatures (verifyPdf)', verifying, 50);
  stats('reference: openssl cms -sign (process)', openssl);
  stats('reference: RSA-2048 SHA-256 sign (Node)', raw);

  const file = join(dir, 'issued.pdf');
  writeFileSync(file, issued);
  const out = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
  const valid = out.match(/Signature is Valid\./g)?.length ?? 0;
  console.log(`  pdfsig on the last output: ${valid} of 2 signatures valid`);
  rmSync(dir, { recursive: true, force: true });
  if (valid !== 2) process.exit(1);
}

await main();
