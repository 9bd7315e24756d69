/**
 * Reads a PDF's signature structure with pdf-lib (objects in object streams, incremental updates):
 * every signature dictionary (AcroForm fields and kids, plus any /Type /Sig, /DocTimeStamp or
 * /ByteRange dictionary), its ByteRange checked against the raw bytes, the revisions (%%EOF
 * markers), the DSS, and what the updates after a signed revision changed.
 */
import {
  decodePDFRawStream,
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { EncryptedPdfError, MalformedPdfError, NotAPdfError } from './errors.ts';

export interface SignatureEntry {
  fieldName: string | null;
  kind: 'signature' | 'document-timestamp';
  subFilter: string | null;
  byteRange: number[] | null;
  /** Why the ByteRange does not describe "everything but this signature's /Contents". */
  byteRangeProblem: string | null;
  /** The signed bytes (slices of the file, no copies) when the ByteRange is sound. */
  signedParts: Uint8Array[];
  contents: Uint8Array | null;
  m: string | null;
  reason: string | null;
  location: string | null;
  /** File offset of /Contents (for file order); the end of the signed revision. */
  order: number;
  signedEnd: number;
}

export interface ParsedPdf {
  doc: PDFDocument;
  /** Offsets just past each %%EOF marker (each revision's end). */
  revisionEnds: number[];
  signatures: SignatureEntry[];
  dss: { certs: Uint8Array[]; crls: Uint8Array[] };
}

const name = (s: string) => PDFName.of(s);

/** PDF text string: UTF-16BE/LE with BOM, UTF-8 with BOM, raw UTF-8 (pdfsig writes it), else PDFDocEncoding. */
export function decodeText(obj: PDFObject | undefined): string | null {
  if (!(obj instanceof PDFString || obj instanceof PDFHexString)) return null;
  const bytes = obj instanceof PDFHexString ? Buffer.from(obj.asBytes()) : Buffer.from(obj.asBytes());
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))
    return obj.decodeText().normalize('NFC');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return bytes.subarray(3).toString('utf8').normalize('NFC');
  if (bytes.some((b) => b > 0x7f)) {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    try {
      return utf8.decode(bytes).normalize('NFC');
    } catch {
      // not UTF-8: PDFDocEncoding below
    }
  }
  return obj.decodeText().normalize('NFC');
}

function nameOf(obj: PDFObject | undefined): string | null {
  return obj instanceof PDFName ? obj.decodeText() : null;
}

function streamBytes(ctx: PDFContext, obj: PDFObject | undefined): Uint8Array | null {
  const s = obj instanceof PDFRef ? ctx.lookup(obj) : obj;
  if (s instanceof PDFRawStream) {
    try {
      return decodePDFRawStream(s).decode();
    } catch {
      return null;
    }
  }
  if (s instanceof PDFStream) return s.getContents();
  return null;
}

function revisionEnds(pdf: Buffer): number[] {
  const ends: number[] = [];
  let at = pdf.indexOf('%%EOF', 0, 'latin1');
  while (at >= 0) {
    let end = at + 5;
    if (pdf[end] === 0x0d) end++;
    if (pdf[end] === 0x0a) end++;
    // A linearized file's first-page trailer ends with `startxref 0 %%EOF`: not a revision of its own.
    const before = pdf.subarray(Math.max(0, at - 32), at).toString('latin1');
    if (!/startxref\s+0\s*$/.test(before)) ends.push(end);
    at = pdf.indexOf('%%EOF', at + 5, 'latin1');
  }
  if (ends.length === 0 || (ends.at(-1) ?? 0) < pdf.length) ends.push(pdf.length);
  return ends;
}

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

function checkByteRange(
  pdf: Buffer,
  br: number[],
  contents: Uint8Array | null,
): { problem: string | null; parts: Uint8Array[] } {
  if (br.length !== 4 || br.some((n) => !Number.isSafeInteger(n) || n < 0))
    return { problem: 'ByteRange is not four non-negative integers', parts: [] };
  const [a, b, c, d] = br as [number, number, number, number];
  if (a !== 0) return { problem: 'ByteRange does not start at 0', parts: [] };
  if (b <= 0 || c <= b + 1 || c + d > pdf.length)
    return { problem: 'ByteRange lies outside the file or overlaps itself', parts: [] };
  if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e)
    return { problem: 'the gap in ByteRange is not a hex string', parts: [] };
  for (let i = b + 1; i < c - 1; i++)
    if (!HEX[pdf[i] ?? 0]) return { problem: 'the gap in ByteRange is not a hex string', parts: [] };
  const gap = Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex');
  if (!contents || !gap.equals(Buffer.from(contents)))
    return { problem: 'the gap in ByteRange is not this signature’s /Contents', parts: [] };
  return { problem: null, parts: [pdf.subarray(0, b), pdf.subarray(c, c + d)] };
}

function lookupDict(ctx: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const v = obj instanceof PDFRef ? ctx.lookup(obj) : obj;
  return v instanceof PDFDict ? v : undefined;
}

function isSignatureDict(dict: PDFDict): boolean {
  const type = nameOf(dict.get(name('Type')));
  if (type === 'Sig' || type === 'DocTimeStamp') return true;
  return dict.has(name('ByteRange')) && dict.has(name('Contents'));
}

export async function parsePdf(pdf: Buffer): Promise<ParsedPdf> {
  const head = pdf.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1');
  if (head < 0) throw new NotAPdfError();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, {
      ignoreEncryption: true,
      updateMetadata: false,
      parseSpeed: Number.POSITIVE_INFINITY,
    });
  } catch (e) {
    // An encrypted file can fail to parse (encrypted object streams): say why, not just "malformed".
    if (pdf.subarray(Math.max(0, pdf.length - 4096)).includes('/Encrypt', 0, 'latin1'))
      throw new EncryptedPdfError();
    throw new MalformedPdfError((e as Error).message);
  }
  const ctx = doc.context;
  if (ctx.trailerInfo.Encrypt) throw new EncryptedPdfError();
  if (!(ctx.trailerInfo.Root instanceof PDFRef) || !lookupDict(ctx, ctx.trailerInfo.Root))
    throw new MalformedPdfError('no document catalog');
  const catalog = lookupDict(ctx, ctx.trailerInfo.Root) as PDFDict;

  // Signature dictionaries reached through the form fields (names), then any others.
  const found = new Map<PDFDict, string | null>();
  const form = lookupDict(ctx, catalog.get(name('AcroForm')));
  const walk = (item: PDFObject, parentName: string | null, inheritedFt: string | null, depth: number) => {
    const field = lookupDict(ctx, item);
    if (!field || depth > 32) return;
    const partial = decodeText(field.get(name('T')));
    const full = partial === null ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = nameOf(field.get(name('FT'))) ?? inheritedFt;
    const value = lookupDict(ctx, field.get(name('V')));
    if (ft === 'Sig' && value && !found.has(value)) found.set(value, full);
    const kids = ctx.lookupMaybe(field.get(name('Kids')), PDFArray);
    for (const kid of kids?.asArray() ?? []) walk(kid, full, ft, depth + 1);
  };
  for (const f of ctx.lookupMaybe(form?.get(name('Fields')), PDFArray)?.asArray() ?? [])
    walk(f, null, null, 0);
  for (const [, obj] of ctx.enumerateIndirectObjects())
    if (obj instanceof PDFDict && !found.has(obj) && isSignatureDict(obj)) found.set(obj, null);

  const signatures: SignatureEntry[] = [];
  for (const [dict, fieldName] of found) {
    const brArray = ctx.lookupMaybe(dict.get(name('ByteRange')), PDFArray);
    const byteRange = brArray
      ? brArray.asArray().map((n) => {
          const v = n instanceof PDFRef ? ctx.lookup(n) : n;
          return v instanceof PDFNumber ? v.asNumber() : Number.NaN;
        })
      : null;
    const rawContents = dict.get(name('Contents'));
    const contentsObj = rawContents instanceof PDFRef ? ctx.lookup(rawContents) : rawContents;
    const contents =
      contentsObj instanceof PDFHexString || contentsObj instanceof PDFString ? contentsObj.asBytes() : null;
    const checked = byteRange
      ? checkByteRange(pdf, byteRange, contents)
      : { problem: 'the signature has no ByteRange', parts: [] };
    const subFilter = nameOf(dict.get(name('SubFilter')));
    const type = nameOf(dict.get(name('Type')));
    const signedEnd = byteRange && !checked.problem ? (byteRange[2] ?? 0) + (byteRange[3] ?? 0) : pdf.length;
    signatures.push({
      fieldName,
      kind: type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature',
      subFilter,
      byteRange,
      byteRangeProblem: checked.problem,
      signedParts: checked.parts,
      contents,
      m: decodeText(dict.get(name('M'))),
      reason: decodeText(dict.get(name('Reason'))),
      location: decodeText(dict.get(name('Location'))),
      order: byteRange?.[1] ?? Number.MAX_SAFE_INTEGER,
      signedEnd,
    });
  }
  signatures.sort((x, y) => x.order - y.order);

  const dssDict = lookupDict(ctx, catalog.get(name('DSS')));
  const streams = (key: string) =>
    (ctx.lookupMaybe(dssDict?.get(name(key)), PDFArray)?.asArray() ?? [])
      .map((o) => streamBytes(ctx, o))
      .filter((b): b is Uint8Array => b !== null);
  return {
    doc,
    revisionEnds: revisionEnds(pdf),
    signatures,
    dss: { certs: streams('Certs'), crls: streams('CRLs') },
  };
}

/** PDF date `D:YYYYMMDDHHmmSS+07'00'` → Date (missing parts default as the spec says). */
export function parsePdfDate(text: string | null): Date | null {
  const m = text?.match(
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(\d{2})?'?)?)?/,
  );
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (Number(oh) * 60 + Number(om)) * (sign === '+' ? 1 : -1) : 0;
  const date = new Date(utc - offset * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type LaterChanges = 'none' | 'signatures-and-annotations' | 'page-content' | 'other' | 'unknown';

/**
 * What the incremental updates after `signedEnd` changed, judged object by object against the
 * signed revision: page content (a page's /Contents or /Resources, anything they reach, the page
 * tree), or only signatures, annotations, form fields and DSS (what PAdES allows to follow).
 */
export class ChangeAnalyser {
  private pageReach: Set<string> | null = null;
  private text: string | null = null;
  private readonly earlier = new Map<number, Promise<PDFContext | null>>();
  constructor(
    private readonly pdf: Buffer,
    private readonly doc: PDFDocument,
  ) {}

  /** Refs drawn on the pages (contents, resources and all they reach) and the page tree nodes. */
  private reach(): Set<string> {
    if (this.pageReach) return this.pageReach;
    const ctx = this.doc.context;
    const seen = new Set<string>();
    const visit = (obj: PDFObject | undefined, depth: number) => {
      if (!obj || depth > 64) return;
      if (obj instanceof PDFRef) {
        if (seen.has(obj.tag)) return;
        seen.add(obj.tag);
        visit(ctx.lookup(obj), depth + 1);
      } else if (obj instanceof PDFArray) for (const o of obj.asArray()) visit(o, depth + 1);
      else if (obj instanceof PDFDict) for (const [, v] of obj.entries()) visit(v, depth + 1);
      else if (obj instanceof PDFStream) for (const [, v] of obj.dict.entries()) visit(v, depth + 1);
    };
    for (const page of this.doc.getPages()) {
      let node: PDFDict | undefined = page.node;
      for (let i = 0; node && i < 64; i++) {
        visit(node.get(name('Contents')), 0);
        visit(node.get(name('Resources')), 0);
        const parent: PDFObject | undefined = node.get(name('Parent'));
        if (parent instanceof PDFRef) seen.add(parent.tag);
        node = lookupDict(ctx, parent);
      }
      seen.add(page.ref.tag);
    }
    this.pageReach = seen;
    return seen;
  }

  private earlierContext(signedEnd: number): Promise<PDFContext | null> {
    let hit = this.earlier.get(signedEnd);
    if (!hit) {
      hit = PDFDocument.load(this.pdf.subarray(0, signedEnd), {
        ignoreEncryption: true,
        updateMetadata: false,
      })
        .then((d) => d.context)
        .catch(() => null);
      this.earlier.set(signedEnd, hit);
    }
    return hit;
  }

  /**
   * The object as the signed revision had it: its last plain `N G obj` before `signedEnd` parsed
   * alone; when it is not there as plain text (object streams), the revision is parsed whole once.
   */
  private async before(ref: PDFRef, signedEnd: number): Promise<PDFObject | undefined | 'unknown'> {
    this.text ??= this.pdf.toString('latin1');
    const header = `${ref.objectNumber} ${ref.generationNumber} obj`;
    let at = this.text.lastIndexOf(header, signedEnd - header.length);
    while (at > 0 && /\d/.test(this.text[at - 1] ?? '')) at = this.text.lastIndexOf(header, at - 1);
    if (at >= 0) {
      try {
        const bytes = this.pdf.subarray(at + header.length, signedEnd);
        return PDFObjectParser.forBytes(bytes, this.doc.context).parseObject();
      } catch {
        // fall back to parsing the whole revision
      }
    }
    const earlier = await this.earlierContext(signedEnd);
    return earlier ? earlier.lookup(ref) : 'unknown';
  }

  async analyse(signedEnd: number): Promise<LaterChanges> {
    if (signedEnd >= this.pdf.length) return 'none';
    const tail = this.pdf.subarray(signedEnd).toString('latin1');
    const refs = new Map<string, PDFRef>();
    for (const m of tail.matchAll(/(?<![\d])(\d{1,10})\s+(\d{1,5})\s+obj\b/g)) {
      const ref = PDFRef.of(Number(m[1]), Number(m[2]));
      refs.set(ref.tag, ref);
    }
    if (refs.size === 0) return /\S/.test(tail) ? 'unknown' : 'none';
    const ctx = this.doc.context;
    const reach = this.reach();
    const catalogRef = ctx.trailerInfo.Root;
    let result: LaterChanges = 'signatures-and-annotations';
    for (const ref of refs.values()) {
      const now = ctx.lookup(ref);
      if (!now) continue;
      const dict = now instanceof PDFDict ? now : now instanceof PDFStream ? now.dict : undefined;
      const type = dict ? nameOf(dict.get(name('Type'))) : null;
      if (type === 'XRef') continue;
      if (type === 'ObjStm') return 'unknown';
      const isCatalog = catalogRef instanceof PDFRef && ref.tag === catalogRef.tag;
      if (type === 'Page' || isCatalog) {
        const old = await this.before(ref, signedEnd);
        if (old === 'unknown') return 'unknown';
        if (!(old instanceof PDFDict) || !(now instanceof PDFDict))
          return type === 'Page' ? 'page-content' : 'other';
        // A page may gain annotations; the catalog a form, a DSS, permissions, metadata.
        const ignored = type === 'Page' ? ['Annots'] : ['AcroForm', 'DSS', 'Perms', 'Metadata'];
        const strip = (d: PDFDict) => {
          const c = d.clone();
          for (const k of ignored) c.delete(name(k));
          return c.toString();
        };
        if (strip(old) !== strip(now)) {
          if (type === 'Page') return 'page-content';
          result = 'other';
        }
        continue;
      }
      if (reach.has(ref.tag)) return 'page-content';
    }
    return result;
  }
}
