/**
 * Where uploaded files live (interaction attachments, signed contracts, import files waiting for their job). The
 * default keeps them on disk under the data folder; a cloud object store implements the same three calls. Keys are
 * opaque and made by the services (tenant/…/id), never by users.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type StoredObject = { sizeBytes: number; sha256: string };

export type FileStorage = {
  /** Streams the bytes in; rejects (and leaves nothing behind) if the stream fails or is cut short. */
  put(key: string, body: Readable): Promise<StoredObject>;
  get(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
};

export function createDiskStorage(root: string): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new Error(`storage key escapes the storage root: ${key}`);
    return path;
  };
  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const hash = createHash('sha256');
      let size = 0;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, count, createWriteStream(path));
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
      return { sizeBytes: size, sha256: hash.digest('hex') };
    },
    async get(key) {
      const path = pathOf(key);
      await stat(path);
      return createReadStream(path);
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

export const attachmentsRoot = (dataDir: string) => join(dataDir, 'attachments');

/** An upload as the multipart parser hands it over: the bytes, and whether they were cut at the size limit. */
export type Upload = { stream: Readable; truncated: () => boolean };

/**
 * Streams an upload into storage under `key` and enforces `maxBytes`: an upload cut by the parser's limit, or
 * longer than allowed, is removed again and answered with `tooLarge()` — nothing half-stored stays behind.
 */
export async function storeUpload(storage: FileStorage, key: string, upload: Upload, maxBytes: number, tooLarge: () => Error): Promise<StoredObject> {
  let stored: StoredObject;
  try {
    stored = await storage.put(key, upload.stream);
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
  if (upload.truncated() || stored.sizeBytes > maxBytes) {
    await storage.remove(key);
    throw tooLarge();
  }
  return stored;
}

/** A client's file name made safe to store and show: no control characters or path separators, at most 255 long. */
export function safeFileName(name: string, fallback: string): string {
  return name.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || fallback;
}
