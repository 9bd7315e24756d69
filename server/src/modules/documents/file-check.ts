import { constants, inflateSync } from 'node:zlib';

/** Largest accepted file (the multipart limit is the same). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type FileKind = 'pdf' | 'jpeg' | 'png' | 'docx';

export type FileCheck =
  | { ok: true; kind: FileKind; contentType: string; pageCount: number | null }
  | {
      ok: false;
      reason: 'empty' | 'too_large' | 'unknown_type' | 'corrupt_pdf' | 'encrypted_pdf' | 'no_pages';
    };

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Recognises a file by its content, never by its name: PDF, JPEG, PNG (scans and phone photos)
 * and, where `allowDocx`, a DOCX draft (a ZIP holding word/document.xml). PDFs are refused when
 * encrypted, truncated, or without a page.
 */
export function checkFile(bytes: Buffer, options: { allowDocx?: boolean } = {}): FileCheck {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: 'too_large' };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return checkPdf(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { ok: true, kind: 'jpeg', contentType: 'image/jpeg', pageCount: 1 };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { ok: true, kind: 'png', contentType: 'image/png', pageCount: 1 };
  if (
    options.allowDocx &&
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) &&
    bytes.includes(Buffer.from('word/document.xml'))
  )
    return {
      ok: true,
      kind: 'docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      pageCount: null,
    };
  return { ok: false, reason: 'unknown_type' };
}

const PAGE_OBJECT = /\/Type\s*\/Page(?![a-zA-Z])/g;

function checkPdf(bytes: Buffer): FileCheck {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) return { ok: false, reason: 'corrupt_pdf' };
  const text = bytes.toString('latin1');
  if (/\/Encrypt\s+\d+\s+\d+\s+R|\/Encrypt\s*<</.test(text)) return { ok: false, reason: 'encrypted_pdf' };
  let pages = text.match(PAGE_OBJECT)?.length ?? 0;
  // PDF 1.5+ may keep page objects inside compressed object streams: look inside those too.
  if (pages === 0) pages = countPagesInObjectStreams(text, bytes);
  if (pages === 0) return { ok: false, reason: 'no_pages' };
  return { ok: true, kind: 'pdf', contentType: 'application/pdf', pageCount: pages };
}

function countPagesInObjectStreams(text: string, bytes: Buffer): number {
  let pages = 0;
  const streamStart = /<<((?:(?!>>\s*stream).)*?\/Type\s*\/ObjStm(?:(?!>>\s*stream).)*?)>>\s*stream\r?\n/gs;
  for (const match of text.matchAll(streamStart)) {
    if (!/\/FlateDecode/.test(match[1]!)) continue;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      const inflated = inflateSync(bytes.subarray(start, end), {
        finishFlush: constants.Z_SYNC_FLUSH,
      }).toString('latin1');
      pages += inflated.match(PAGE_OBJECT)?.length ?? 0;
    } catch {
      // An unreadable stream adds no page; a PDF made only of those is refused as pageless.
    }
  }
  return pages;
}
