import type { FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors';

/**
 * The one file of a multipart/form-data upload (field «file»), read into memory within the multipart plugin's
 * `fileSize` limit, and a file name fit to store.
 *
 * The plugin's own `toBuffer()` notices the limit only when the part ends, after reading (and discarding) the rest
 * of the body, which a client can make endless; and a body that ends inside the part is a plain error, answered as
 * a server error. Both were found by the hostile-input tests: here the limit refuses at once and a broken body is
 * the client's error.
 */
export async function readUploadedFile(
  request: FastifyRequest,
  defaultName: string,
): Promise<{ name: string; bytes: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'Надішліть файл як multipart/form-data у полі «file».' });
  try {
    const part = await request.file();
    if (!part) throw new AppError('BAD_REQUEST', { detail: 'Запит не містить файлу: надішліть його в полі «file».' });
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const tooLarge = () => {
        reject(new AppError('PAYLOAD_TOO_LARGE', { detail: 'Файл більший, ніж дозволено.' }));
        // Stops parsing the rest of the body (the plugin unpipes the request when the part is destroyed early).
        part.file.destroy();
      };
      // The limit may have been reached (and its event emitted) before the part was handed over.
      if (part.file.truncated) return tooLarge();
      part.file.on('data', (chunk: Buffer) => chunks.push(chunk));
      part.file.once('limit', tooLarge);
      part.file.once('end', () => resolve(Buffer.concat(chunks)));
      part.file.once('error', reject);
    });
    // Control characters (U+0000 cannot be stored at all) and path separators do not belong in a stored file name.
    const name = (part.filename || defaultName).replace(/[\u0000-\u001f\u007f\\/]+/g, '_').slice(0, 255);
    return { name, bytes };
  } catch (error) {
    if (isAppError(error)) throw error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status < 500) throw error;
    throw new AppError('BAD_REQUEST', {
      detail: 'Тіло запиту multipart/form-data пошкоджене або неповне.',
      cause: error,
    });
  }
}
