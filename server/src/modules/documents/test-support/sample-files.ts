import { deflateSync } from 'node:zlib';

/** A minimal well-formed PDF with `pages` blank A4 pages (0 makes a pageless one). */
export function samplePdf(
  pages = 1,
  options: { encrypted?: boolean; marker?: string; compressed?: boolean } = {},
) {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const pageObjects = Array.from(
    { length: pages },
    (_, i) => `${i + 3} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n`,
  );
  let body = `%PDF-1.7\n%âãÏÓ\n% ${options.marker ?? Math.random().toString(36)}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [${kids}] /Count ${pages} >>\nendobj\n`;
  if (options.compressed) {
    const packed = deflateSync(Buffer.from(pageObjects.join(''), 'latin1'));
    body += `${pages + 3} 0 obj\n<< /Type /ObjStm /N ${pages} /First 0 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`;
    return Buffer.concat([
      Buffer.from(body, 'latin1'),
      packed,
      Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
    ]);
  }
  body += pageObjects.join('');
  const trailer = options.encrypted
    ? `trailer\n<< /Root 1 0 R /Encrypt ${pages + 3} 0 R >>\n%%EOF\n`
    : 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return Buffer.from(body + trailer, 'latin1');
}

/** The first bytes of a JPEG (a phone photo) followed by filler; enough for content sniffing. */
export const sampleJpeg = (marker = Math.random().toString(36)) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from(`JFIF ${marker}`),
    Buffer.from([0xff, 0xd9]),
  ]);

export const samplePng = (marker = Math.random().toString(36)) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(marker)]);
