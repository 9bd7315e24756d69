/** Largest attachment of a message or a report (the multipart limit is the same) and most per item. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The content type of an attachment (a channel message, a directive report) recognised by its
 * bytes, never by its name or declared type: PDF, JPEG, PNG (scans, phone photos), DOCX and XLSX
 * (a ZIP holding word/ or xl/ parts); null for anything else (HTML, SVG, executables…).
 */
export function attachmentType(bytes: Buffer): string | null {
  if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) return null;
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
    return tail.includes('%%EOF') ? 'application/pdf' : null;
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (bytes.includes(Buffer.from('word/document.xml')))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (bytes.includes(Buffer.from('xl/workbook.xml')))
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  return null;
}
