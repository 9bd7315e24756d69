import { describe, expect, it } from 'vitest';
import { checkFile, MAX_FILE_BYTES } from './file-check.ts';
import { sampleJpeg, samplePdf, samplePng } from './test-support/sample-files.ts';

describe('checking uploaded files by content', () => {
  it('recognises PDFs with their page count, JPEG and PNG scans', () => {
    expect(checkFile(samplePdf(3))).toEqual({
      ok: true,
      kind: 'pdf',
      contentType: 'application/pdf',
      pageCount: 3,
    });
    expect(checkFile(sampleJpeg())).toMatchObject({ ok: true, kind: 'jpeg' });
    expect(checkFile(samplePng())).toMatchObject({ ok: true, kind: 'png' });
  });

  it('counts pages kept in compressed object streams (PDF 1.5+)', () => {
    expect(checkFile(samplePdf(2, { compressed: true }))).toMatchObject({ ok: true, pageCount: 2 });
  });

  it('ignores the file name: text renamed .pdf is refused', () => {
    expect(checkFile(Buffer.from('Đây không phải PDF'))).toEqual({ ok: false, reason: 'unknown_type' });
  });

  it('refuses encrypted, pageless, truncated, empty and oversized files', () => {
    expect(checkFile(samplePdf(1, { encrypted: true }))).toEqual({ ok: false, reason: 'encrypted_pdf' });
    expect(checkFile(samplePdf(0))).toEqual({ ok: false, reason: 'no_pages' });
    const whole = samplePdf(2);
    expect(checkFile(whole.subarray(0, whole.length - 20))).toEqual({ ok: false, reason: 'corrupt_pdf' });
    expect(checkFile(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
    const big = Buffer.concat([samplePdf(1), Buffer.alloc(MAX_FILE_BYTES)]);
    expect(checkFile(big)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('accepts DOCX drafts only where asked', () => {
    const docx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from('....word/document.xml....'),
    ]);
    expect(checkFile(docx)).toEqual({ ok: false, reason: 'unknown_type' });
    expect(checkFile(docx, { allowDocx: true })).toMatchObject({ ok: true, kind: 'docx' });
  });
});
