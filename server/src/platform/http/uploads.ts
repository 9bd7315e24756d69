import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.ts';

/** The file of a multipart upload: its name as sent and its bytes (its type is checked by content later). */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

const tooLargeByDefault = (fileName: string) =>
  new AppError('PAYLOAD_TOO_LARGE', {
    message: {
      vi: `Tệp "${fileName}" lớn hơn 10 MB.`,
      en: `The file "${fileName}" is larger than 10 MB.`,
    },
  });

/**
 * The one file of a multipart request (any field name; app.ts allows one file of at most 10 MB),
 * with precise Vietnamese errors for a request that is not multipart, has no file, or whose file
 * is over the limit (`tooLarge` lets a module say what the user should do about it).
 */
export async function uploadedFile(
  request: FastifyRequest,
  options: { tooLarge?: (fileName: string) => AppError } = {},
): Promise<UploadedFile> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: {
        vi: 'Hãy gửi tệp bằng biểu mẫu tải lên (multipart/form-data).',
        en: 'Upload the file as multipart/form-data.',
      },
    });
  const file = await request.file();
  if (!file)
    throw new AppError('BAD_REQUEST', {
      message: { vi: 'Chưa chọn tệp để tải lên.', en: 'No file was uploaded.' },
    });
  try {
    return { fileName: file.filename, bytes: await file.toBuffer() };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw (options.tooLarge ?? tooLargeByDefault)(file.filename);
    throw error;
  }
}
