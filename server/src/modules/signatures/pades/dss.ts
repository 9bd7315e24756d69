/**
 * PAdES B-LT: the Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3).
 * `addValidationData` appends an incremental update that creates or extends the catalog's /DSS
 * with /Certs, /CRLs and /OCSPs arrays of streams (DER certificates, CRLs and OCSP responses).
 * Items already in the DSS are not added twice; earlier keys (/VRI …) are kept. The input bytes
 * stay a byte-exact prefix, so every earlier signature still covers exactly what it covered.
 */
import {
  decodePDFRawStream,
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';

export interface ValidationData {
  /** Certificates (signer, intermediates, roots, TSA), DER or PEM. */
  certificates: (Buffer | string)[];
  /** DER CertificateLists. */
  crls?: Buffer[];
  /** DER OCSPResponses. */
  ocsps?: Buffer[];
}

const KEYS = { certificates: 'Certs', crls: 'CRLs', ocsps: 'OCSPs' } as const;

function der(item: Buffer | string): Buffer {
  const text = typeof item === 'string' ? item : item.toString('latin1');
  if (!text.includes('-----BEGIN')) return Buffer.from(item as Buffer);
  return Buffer.from(text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----|\s+/g, ''), 'base64');
}

function lastStartXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const m = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!m) throw new Error('PDF has no startxref');
  return Number(m[1]);
}

/** Decoded contents of the streams already listed in a DSS array (for de-duplication). */
function existing(ctx: PDFContext, array: PDFArray | undefined): Buffer[] {
  const out: Buffer[] = [];
  for (const item of array?.asArray() ?? []) {
    const stream = ctx.lookup(item);
    if (stream instanceof PDFRawStream) out.push(Buffer.from(decodePDFRawStream(stream).decode()));
  }
  return out;
}

interface NewObject {
  num: number;
  bytes: Buffer;
}

export async function addValidationData(input: Buffer, data: ValidationData): Promise<Buffer> {
  const doc = await PDFDocument.load(input, { updateMetadata: false, ignoreEncryption: false });
  const ctx = doc.context;
  const trailer = ctx.trailerInfo;
  if (trailer.Encrypt) throw new Error('Encrypted PDFs cannot be extended');
  const rootRef = trailer.Root;
  if (!(rootRef instanceof PDFRef)) throw new Error('PDF trailer has no /Root reference');

  const objects: NewObject[] = [];
  const text = (num: number, s: string) => objects.push({ num, bytes: Buffer.from(s, 'latin1') });
  const catalog = ctx.lookup(rootRef, PDFDict);
  const dssRaw = catalog.get(PDFName.of('DSS'));
  const dss = dssRaw ? ctx.lookup(dssRaw, PDFDict).clone(ctx) : ctx.obj({ Type: 'DSS' });

  let added = 0;
  for (const [field, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    const items = (data[field] ?? []).map(der);
    if (items.length === 0) continue;
    const raw = dss.get(PDFName.of(key));
    const array = raw ? ctx.lookup(raw, PDFArray).clone(ctx) : PDFArray.withContext(ctx);
    const seen = existing(ctx, array);
    for (const item of items) {
      if (seen.some((s) => s.equals(item))) continue;
      seen.push(item);
      const ref = ctx.nextRef();
      objects.push({
        num: ref.objectNumber,
        bytes: Buffer.concat([
          Buffer.from(`<</Length ${item.length}>>\nstream\n`, 'latin1'),
          item,
          Buffer.from('\nendstream', 'latin1'),
        ]),
      });
      array.push(ref);
      added += 1;
    }
    if (raw instanceof PDFRef) text(raw.objectNumber, array.toString());
    else dss.set(PDFName.of(key), array);
  }
  if (added === 0) return Buffer.from(input);

  if (dssRaw instanceof PDFRef) text(dssRaw.objectNumber, dss.toString());
  else {
    const dssRef = ctx.nextRef();
    text(dssRef.objectNumber, dss.toString());
    const cat = catalog.clone(ctx);
    cat.set(PDFName.of('DSS'), dssRef);
    text(rootRef.objectNumber, cat.toString());
  }
  return appendUpdate(input, ctx, rootRef, objects);
}

/** Appends objects (generation 0) with a cross-reference section of the same kind as the last one. */
function appendUpdate(input: Buffer, ctx: PDFContext, rootRef: PDFRef, objects: NewObject[]): Buffer {
  const trailer = ctx.trailerInfo;
  const prev = lastStartXref(input);
  const prevIsStream = !input
    .subarray(prev, prev + 4)
    .toString('latin1')
    .startsWith('xref');
  const parts: Buffer[] = [input];
  let offset = input.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (input[input.length - 1] !== 0x0a) push(Buffer.from('\n'));
  const entries: { num: number; offset: number }[] = [];
  for (const o of objects) {
    entries.push({ num: o.num, offset });
    push(Buffer.concat([Buffer.from(`${o.num} 0 obj\n`), o.bytes, Buffer.from('\nendobj\n')]));
  }
  const keys = [`/Root ${rootRef.objectNumber} ${rootRef.generationNumber} R`, `/Prev ${prev}`];
  if (trailer.Info instanceof PDFRef)
    keys.push(`/Info ${trailer.Info.objectNumber} ${trailer.Info.generationNumber} R`);
  if (trailer.ID) keys.push(`/ID ${trailer.ID.toString()}`);
  const xrefAt = offset;
  let size = ctx.largestObjectNumber + 1;
  entries.sort((a, b) => a.num - b.num);
  if (prevIsStream) {
    const xrefNum = size++;
    entries.push({ num: xrefNum, offset: xrefAt });
    const rows: number[] = [];
    for (const e of entries)
      rows.push(
        1,
        (e.offset >>> 24) & 255,
        (e.offset >>> 16) & 255,
        (e.offset >>> 8) & 255,
        e.offset & 255,
        0,
        0,
      );
    const index = runs(entries)
      .map((r) => `${r[0]?.num} ${r.length}`)
      .join(' ');
    push(
      Buffer.from(`${xrefNum} 0 obj\n<</Type /XRef /Size ${size} /W [1 4 2] /Index [${index}] `, 'latin1'),
    );
    push(Buffer.from(`${keys.join(' ')} /Length ${rows.length}>>\nstream\n`, 'latin1'));
    push(Buffer.from(rows));
    push(Buffer.from('\nendstream\nendobj\n'));
  } else {
    let table = 'xref\n';
    for (const r of runs(entries)) {
      table += `${r[0]?.num} ${r.length}\n`;
      for (const e of r) table += `${String(e.offset).padStart(10, '0')} 00000 n \n`;
    }
    push(Buffer.from(`${table}trailer\n<</Size ${size} ${keys.join(' ')}>>\n`, 'latin1'));
  }
  push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** Consecutive object numbers, for xref subsections. */
function runs<T extends { num: number }>(sorted: T[]): T[][] {
  const out: T[][] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    if (last && (last.at(-1)?.num ?? -2) + 1 === e.num) last.push(e);
    else out.push([e]);
  }
  return out;
}
