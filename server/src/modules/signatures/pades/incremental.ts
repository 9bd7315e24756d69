/**
 * Minimal, careful incremental update: the original bytes stay a byte-exact prefix, new and
 * rewritten objects are appended with a new cross-reference section (a classic table after a
 * classic file, an uncompressed xref stream after an xref-stream file) whose /Prev points at the
 * previous one. pdf-lib only READS the file (objects in object streams included); it never saves.
 */
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import {
  drawAppearancePdf,
  importFormXObject,
  type PdfRect,
  type SignatureAppearance,
  type Stamp,
} from './appearance.ts';

/** Room for the DER CMS in /Contents (hex doubles it). Certificates + signature fit easily. */
export const DEFAULT_CONTENTS_BYTES = 16_384;
const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 /********** /********** /**********]';

export interface PlaceholderOptions {
  /** Name of the new signature field; must not clash with a top-level field (default Signature1, 2…). */
  fieldName?: string;
  /** Signing time written to /M. */
  signingTime: Date;
  /** Bytes reserved for the DER-encoded CMS. */
  contentsBytes?: number;
  /** Optional /Reason and /Location (text strings, Unicode allowed). */
  reason?: string;
  location?: string;
  /** Zero-based page the widget sits on when there is no `appearance` (invisible widget). */
  page?: number;
  /** Visible signature: the widget gets this page, /Rect and an /AP /N form XObject. */
  appearance?: SignatureAppearance;
  /**
   * Extra stamp annotations (e.g. number and date written by the registry) added in the SAME
   * update, so the signature made over this update covers them.
   */
  stamps?: Stamp[];
  /** 'documentTimestamp': a /DocTimeStamp dictionary, /SubFilter /ETSI.RFC3161 (PAdES B-LTA). */
  kind?: 'signature' | 'documentTimestamp';
}

export interface Placeholder {
  /** Original bytes + the incremental update, with /ByteRange already filled in. */
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** Offset of the '<' opening the /Contents hex string, and the hex length inside it. */
  contentsStart: number;
  contentsHexLength: number;
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** A text string as UTF-16BE hex with BOM, safe for any Unicode (Vietnamese included). */
function textString(s: string): string {
  const bytes = [0xfe, 0xff];
  for (const ch of s.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? 0;
    const units = cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp];
    for (const u of units) bytes.push(u >> 8, u & 0xff);
  }
  return `<${Buffer.from(bytes).toString('hex').toUpperCase()}>`;
}

function lastStartXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const m = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!m) throw new Error('PDF has no startxref');
  return Number(m[1]);
}

/** Names of the top-level form fields (a new top-level field must not reuse one). */
function topLevelFieldNames(ctx: PDFContext, rootRef: PDFRef): Set<string> {
  const form = ctx.lookupMaybe(ctx.lookup(rootRef, PDFDict).get(PDFName.of('AcroForm')), PDFDict);
  const fields = form ? ctx.lookupMaybe(form.get(PDFName.of('Fields')), PDFArray) : undefined;
  const names = new Set<string>();
  for (const item of fields?.asArray() ?? []) {
    const t = ctx.lookupMaybe(item, PDFDict)?.get(PDFName.of('T'));
    if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText().normalize('NFC'));
  }
  return names;
}

export async function addSignaturePlaceholder(input: Buffer, opts: PlaceholderOptions): Promise<Placeholder> {
  const doc = await PDFDocument.load(input, { updateMetadata: false, ignoreEncryption: false });
  const ctx = doc.context;
  const trailer = ctx.trailerInfo;
  if (trailer.Encrypt) throw new Error('Encrypted PDFs cannot be signed');
  const rootRef = trailer.Root;
  if (!(rootRef instanceof PDFRef)) throw new Error('PDF trailer has no /Root reference');
  const prev = lastStartXref(input);
  const prevIsStream = !input
    .subarray(prev, prev + 4)
    .toString('latin1')
    .startsWith('xref');

  const pages = doc.getPages();
  const pageIndex = opts.appearance?.page ?? opts.page ?? 0;
  const pageAt = (i: number) => {
    const p = pages[i];
    if (!p) throw new Error(`PDF has no page ${i + 1}`);
    return p;
  };
  const page = pageAt(pageIndex);

  const taken = topLevelFieldNames(ctx, rootRef);
  let fieldName = opts.fieldName?.normalize('NFC');
  if (fieldName === undefined) {
    let i = 1;
    while (taken.has(`Signature${i}`)) i += 1;
    fieldName = `Signature${i}`;
  }
  if (!fieldName || fieldName.includes('.'))
    throw new Error('Signature field name must be non-empty, without "."');
  if (taken.has(fieldName)) throw new Error(`The PDF already has a field named "${fieldName}"`);

  const firstNew = ctx.largestObjectNumber + 1;
  const sigNum = ctx.nextRef().objectNumber;
  const fieldNum = ctx.nextRef().objectNumber;
  const body: { num: number; gen: number; text: string }[] = [];
  const rewrite = (ref: PDFRef, obj: PDFObject) =>
    body.push({ num: ref.objectNumber, gen: ref.generationNumber, text: obj.toString() });
  const fieldRef = PDFRef.of(fieldNum);

  // Signature dictionary, with fixed-width placeholders filled once offsets are known.
  const contentsBytes = opts.contentsBytes ?? DEFAULT_CONTENTS_BYTES;
  const extras = [
    opts.reason ? `/Reason ${textString(opts.reason)}` : '',
    opts.location ? `/Location ${textString(opts.location)}` : '',
  ].join('');
  body.push({
    num: sigNum,
    gen: 0,
    text: `<<${opts.kind === 'documentTimestamp' ? '/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161' : '/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached'} ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(contentsBytes * 2)}> /M ${PDFString.of(pdfDate(opts.signingTime)).toString()}${extras}>>`,
  });
  // Merged field + widget annotation (print + locked): invisible (zero rectangle) or with /AP.
  const pageRef = (p: typeof page) => `/P ${p.ref.objectNumber} ${p.ref.generationNumber} R`;
  let widgetLook = '/Rect [0 0 0 0]';
  if (opts.appearance) {
    const [, , w, h] = opts.appearance.rect;
    const form = await importFormXObject(ctx, await drawAppearancePdf(w, h, opts.appearance));
    widgetLook = `/Rect ${rectText(opts.appearance.rect)} /AP <</N ${form.objectNumber} 0 R>>`;
  }
  body.push({
    num: fieldNum,
    gen: 0,
    text: `<</Type /Annot /Subtype /Widget /FT /Sig /T ${textString(fieldName)} /V ${sigNum} 0 R /F 132 ${widgetLook} ${pageRef(page)}>>`,
  });
  const annotsByPage = new Map<number, PDFRef[]>([[pageIndex, [fieldRef]]]);

  // Stamps: print + read-only + locked annotations with their own appearance.
  for (const stamp of opts.stamps ?? []) {
    const target = pageAt(stamp.page);
    const [, , w, h] = stamp.rect;
    const form = await importFormXObject(ctx, await drawAppearancePdf(w, h, { text: stamp.text }));
    const ref = ctx.nextRef();
    body.push({
      num: ref.objectNumber,
      gen: 0,
      text: `<</Type /Annot /Subtype /Stamp /F 196 /Rect ${rectText(stamp.rect)} /Contents ${textString(stamp.text.lines.join('\n'))} /AP <</N ${form.objectNumber} 0 R>> ${pageRef(target)}>>`,
    });
    annotsByPage.set(stamp.page, [...(annotsByPage.get(stamp.page) ?? []), ref]);
  }
  // Objects the appearances brought in (form XObjects, fonts, images), already renumbered.
  for (const [ref, obj] of ctx.enumerateIndirectObjects())
    if (ref.objectNumber >= firstNew) rewrite(ref, obj);

  // Pages: append the annotations to /Annots (rewriting the array object if it is indirect).
  for (const [index, refs] of annotsByPage) {
    const target = pageAt(index);
    const annotsRaw = target.node.get(PDFName.of('Annots'));
    if (annotsRaw instanceof PDFRef) {
      const arr = ctx.lookup(annotsRaw, PDFArray).clone(ctx);
      for (const ref of refs) arr.push(ref);
      rewrite(annotsRaw, arr);
    } else {
      const node = target.node.clone(ctx);
      const arr = annotsRaw instanceof PDFArray ? annotsRaw.clone(ctx) : PDFArray.withContext(ctx);
      for (const ref of refs) arr.push(ref);
      node.set(PDFName.of('Annots'), arr);
      rewrite(target.ref, node);
    }
  }

  // Catalog: /AcroForm with the new field and SigFlags 3 (signatures exist, append only).
  const catalog = ctx.lookup(rootRef, PDFDict);
  const formRaw = catalog.get(PDFName.of('AcroForm'));
  const form = formRaw ? ctx.lookup(formRaw, PDFDict).clone(ctx) : ctx.obj({});
  const fieldsRaw = form.get(PDFName.of('Fields'));
  const fields = fieldsRaw ? ctx.lookup(fieldsRaw, PDFArray).clone(ctx) : PDFArray.withContext(ctx);
  fields.push(fieldRef);
  if (fieldsRaw instanceof PDFRef) rewrite(fieldsRaw, fields);
  else form.set(PDFName.of('Fields'), fields);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  if (formRaw instanceof PDFRef) rewrite(formRaw, form);
  else {
    const cat = catalog.clone(ctx);
    cat.set(PDFName.of('AcroForm'), form);
    rewrite(rootRef, cat);
  }

  // Serialise the update.
  const sep = input[input.length - 1] === 0x0a ? '' : '\n';
  let offset = input.length + sep.length;
  let text = sep;
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const o of body) {
    const chunk = `${o.num} ${o.gen} obj\n${o.text}\nendobj\n`;
    entries.push({ num: o.num, gen: o.gen, offset });
    text += chunk;
    offset += Buffer.byteLength(chunk, 'latin1');
  }
  const trailerKeys = [`/Root ${rootRef.objectNumber} ${rootRef.generationNumber} R`, `/Prev ${prev}`];
  if (trailer.Info instanceof PDFRef)
    trailerKeys.push(`/Info ${trailer.Info.objectNumber} ${trailer.Info.generationNumber} R`);
  if (trailer.ID) trailerKeys.push(`/ID ${trailer.ID.toString()}`);
  const xrefAt = offset;
  let next = ctx.largestObjectNumber + 1;
  if (prevIsStream) {
    const xrefNum = next++;
    entries.push({ num: xrefNum, gen: 0, offset: xrefAt });
    text += xrefStream(entries, xrefNum, next, trailerKeys);
  } else {
    text += classicXref(entries, next, trailerKeys);
  }
  text += `startxref\n${xrefAt}\n%%EOF\n`;

  const update = Buffer.from(text, 'latin1');
  const pdf = Buffer.concat([input, update]);
  return fillByteRange(pdf, input.length);
}

function rectText([x, y, w, h]: PdfRect): string {
  const n = (v: number) => {
    if (!Number.isFinite(v)) throw new Error('Appearance rectangle must be finite numbers');
    return String(Math.round(v * 1000) / 1000);
  };
  return `[${n(x)} ${n(y)} ${n(x + w)} ${n(y + h)}]`;
}

function groups(entries: { num: number }[]): { num: number }[][] {
  const sorted = [...entries].sort((a, b) => a.num - b.num);
  const out: { num: number }[][] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    if (last && (last.at(-1)?.num ?? -2) + 1 === e.num) last.push(e);
    else out.push([e]);
  }
  return out;
}

function classicXref(
  entries: { num: number; gen: number; offset: number }[],
  size: number,
  keys: string[],
): string {
  let s = 'xref\n';
  for (const g of groups(entries) as (typeof entries)[]) {
    s += `${g[0]?.num} ${g.length}\n`;
    for (const e of g) s += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`;
  }
  return `${s}trailer\n<</Size ${size} ${keys.join(' ')}>>\n`;
}

function xrefStream(
  entries: { num: number; gen: number; offset: number }[],
  num: number,
  size: number,
  keys: string[],
): string {
  const gs = groups(entries) as (typeof entries)[];
  const rows: number[] = [];
  for (const g of gs)
    for (const e of g)
      rows.push(
        1,
        (e.offset >>> 24) & 255,
        (e.offset >>> 16) & 255,
        (e.offset >>> 8) & 255,
        e.offset & 255,
        (e.gen >> 8) & 255,
        e.gen & 255,
      );
  const data = Buffer.from(rows).toString('latin1');
  const index = gs.map((g) => `${g[0]?.num} ${g.length}`).join(' ');
  return `${num} 0 obj\n<</Type /XRef /Size ${size} /W [1 4 2] /Index [${index}] ${keys.join(' ')} /Length ${rows.length}>>\nstream\n${data}\nendstream\nendobj\n`;
}

function fillByteRange(pdf: Buffer, from: number): Placeholder {
  const brAt = pdf.indexOf(BYTE_RANGE_PLACEHOLDER, from, 'latin1');
  const contentsStart = pdf.indexOf('/Contents <', brAt, 'latin1') + '/Contents '.length;
  const contentsEnd = pdf.indexOf('>', contentsStart) + 1;
  const byteRange: [number, number, number, number] = [
    0,
    contentsStart,
    contentsEnd,
    pdf.length - contentsEnd,
  ];
  const filled = `/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  if (filled.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('ByteRange does not fit');
  pdf.write(filled, brAt, 'latin1');
  return { pdf, byteRange, contentsStart, contentsHexLength: contentsEnd - contentsStart - 2 };
}
