import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  access,
  constants,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors';
import { CONTENT_TYPES } from '../media/formats';
import { BlobNotFoundError } from './BlobNotFoundError';
import { assertValidKey } from './assertValidKey';
import { assertValidPrefix } from './assertValidPrefix';
import { assertValidRange } from './assertValidRange';
import { storageUnavailable } from './storageUnavailable';
import { isMissingPathError, toFsStoreError } from './toFsStoreError';
import type { BlobMeta, BlobStore, ByteRange, PutOptions } from './types';
import { walkFiles } from './walkFiles';

/** What the sidecar file of an object holds. */
interface Sidecar {
  contentType: string;
}

/**
 * Blob store on a local filesystem, for single-node installs and tests.
 *
 * Layout under `root` (e.g. `${dataDir}/blobs`):
 * - `objects/<key>`: the bytes, a plain file (so the tree can be copied to S3 as is);
 * - `meta/<key>`: a JSON sidecar `{"contentType": …}`, a separate tree so that no key can
 *   collide with a sidecar name. A key whose extension names its content type (a variant's
 *   `….webp`) needs none: creating and renaming the sidecar was most of the CPU of a variant write;
 * - `tmp/`: writes in progress. Every write goes to a temp file there (same filesystem), is
 *   fsynced, then renamed into place, and the folder is fsynced, so readers see the old object or
 *   the new one, never a part. The sidecar is renamed just before the object: a crash in between
 *   (or two racing overwrites with different types) can pair an object with the other write's
 *   content type, never with partial bytes. A `rebuildable` object's bytes are still fsynced
 *   before the rename (never torn), but not its sidecar or folders (4 fsyncs become 1): a machine
 *   crash may lose it, which costs a re-render.
 *
 * Folders (`tmp/`, a key's folders) are created when a write finds them missing, not checked before each write.
 * Unlike S3, a key cannot also be a folder of other keys ('a' and 'a/b'); our key layouts never do that.
 * Temp files left by a crash are not swept (they are invisible to readers).
 */
export class FsBlobStore implements BlobStore {
  readonly kind = 'fs';
  private readonly objectsDir: string;
  private readonly metaDir: string;
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    const abs = path.resolve(root);
    this.objectsDir = path.join(abs, 'objects');
    this.metaDir = path.join(abs, 'meta');
    this.tmpDir = path.join(abs, 'tmp');
  }

  async putFile(key: string, localPath: string, options: PutOptions): Promise<void> {
    assertValidKey(key);
    await this.write(key, createReadStream(localPath), options);
  }

  async put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void> {
    assertValidKey(key);
    await this.write(key, body, options);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidKey(key);
    if (range) assertValidRange(range);
    let handle;
    try {
      handle = await open(this.objectPath(key), 'r');
    } catch (err) {
      if (isMissingPathError(err)) throw new BlobNotFoundError(key);
      throw toFsStoreError(err, 'get');
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new BlobNotFoundError(key);
      if (range && range.start >= info.size) {
        throw rangeNotSatisfiable(key, range, info.size);
      }
    } catch (err) {
      await handle.close();
      throw toFsStoreError(err, 'get');
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string): Promise<BlobMeta | undefined> {
    assertValidKey(key);
    try {
      const info = await stat(this.objectPath(key));
      if (!info.isFile()) return undefined;
      return { size: info.size, contentType: await this.readContentType(key), lastModified: info.mtime };
    } catch (err) {
      if (isMissingPathError(err)) return undefined;
      throw toFsStoreError(err, 'head');
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.remove(key);
    } catch (err) {
      throw toFsStoreError(err, 'delete');
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { folder: true });
    const folder = prefix.slice(0, -1);
    let count = 0;
    try {
      for await (const file of walkFiles(path.join(this.objectsDir, folder), prefix)) {
        await this.remove(file.path, { prune: false });
        count += 1;
      }
      await removeEmptyFolders(path.join(this.objectsDir, folder));
      await removeEmptyFolders(path.join(this.metaDir, folder));
      await pruneEmptyParents(path.join(this.objectsDir, folder), this.objectsDir);
      await pruneEmptyParents(path.join(this.metaDir, folder), this.metaDir);
    } catch (err) {
      throw toFsStoreError(err, 'deletePrefix');
    }
    return count;
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    assertValidPrefix(prefix, { folder: false });
    const cut = prefix.lastIndexOf('/');
    const folder = prefix.slice(0, cut + 1);
    const start = prefix.slice(cut + 1);
    try {
      const files = walkFiles(path.join(this.objectsDir, folder), folder, (name) => name.startsWith(start));
      for await (const file of files) yield { key: file.path, size: file.size };
    } catch (err) {
      throw toFsStoreError(err, 'list');
    }
  }

  async ping(): Promise<void> {
    try {
      await mkdir(this.tmpDir, { recursive: true });
      await access(this.tmpDir, constants.W_OK);
    } catch (err) {
      throw storageUnavailable('fs', 'ping', err);
    }
  }

  private objectPath(key: string): string {
    return path.join(this.objectsDir, key);
  }

  private metaPath(key: string): string {
    return path.join(this.metaDir, key);
  }

  private async readContentType(key: string): Promise<string | undefined> {
    try {
      return (JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Sidecar).contentType;
    } catch (err) {
      if (isMissingPathError(err)) return contentTypeOfKey(key);
      throw err;
    }
  }

  /** Temp file, fsync, rename: see the class comment. Errors of the caller's body pass through unchanged. */
  private async write(key: string, body: Buffer | Readable, options: PutOptions): Promise<void> {
    const tmpData = path.join(this.tmpDir, randomUUID());
    const tmpMeta = `${tmpData}.meta`;
    const bodyErrors = new Set<unknown>();
    if (body instanceof Readable) body.on('error', (err) => bodyErrors.add(err));
    const durable = !options.rebuildable;
    const implied = contentTypeOfKey(key) === options.contentType;
    try {
      await this.createTemp(tmpData, body);
      if (implied) {
        // A sidecar left by an earlier write of another type would now be wrong.
        await unlinkIfPresent(this.metaPath(key));
      } else {
        const sidecar: Sidecar = { contentType: options.contentType };
        await writeFile(tmpMeta, JSON.stringify(sidecar), { flag: 'wx', flush: durable });
        await publish(tmpMeta, this.metaPath(key), durable);
      }
      await publish(tmpData, this.objectPath(key), durable);
    } catch (err) {
      await Promise.all([rm(tmpData, { force: true }), rm(tmpMeta, { force: true })]);
      if (bodyErrors.has(err)) throw err;
      throw toFsStoreError(err, 'put');
    }
  }

  /** Writes the body to a new temp file and fsyncs it, creating `tmp/` if it is missing. */
  private async createTemp(file: string, body: Buffer | Readable): Promise<void> {
    if (!Buffer.isBuffer(body)) {
      // A failed open would destroy the stream, which cannot be replayed: make sure of the folder first.
      await mkdir(this.tmpDir, { recursive: true });
      return pipeline(body, createWriteStream(file, { flags: 'wx', flush: true }));
    }
    try {
      await writeFile(file, body, { flag: 'wx', flush: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(this.tmpDir, { recursive: true });
      await writeFile(file, body, { flag: 'wx', flush: true });
    }
  }

  private async remove(key: string, { prune } = { prune: true }): Promise<void> {
    await unlinkIfPresent(this.objectPath(key));
    await unlinkIfPresent(this.metaPath(key));
    if (prune) {
      await pruneEmptyParents(path.dirname(this.objectPath(key)), this.objectsDir);
      await pruneEmptyParents(path.dirname(this.metaPath(key)), this.metaDir);
    }
  }
}

/**
 * A range starting past the end: the caller validated it against a size that has since changed
 * (an overwrite). S3 answers 416 there; so does this store.
 */
function rangeNotSatisfiable(key: string, range: ByteRange, size: number): AppError {
  const error = new AppError('RANGE_NOT_SATISFIABLE');
  error.message = `Range ${range.start}-${range.end} starts past the end of blob ${JSON.stringify(key)} (${size} bytes)`;
  return error;
}

/** Renames `from` onto `to`, creating `to`'s folder if missing, and makes the rename durable if asked. */
async function publish(from: string, to: string, durable: boolean): Promise<void> {
  const folder = path.dirname(to);
  // A concurrent delete may prune the folder between mkdir and rename: retry a few times.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(from, to);
      break;
    } catch (err) {
      if (attempt > 3 || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(folder, { recursive: true });
    }
  }
  if (!durable) return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The content type a key's extension names, if any (`variants/…/x.webp` → `image/webp`). */
function contentTypeOfKey(key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  return dot > key.lastIndexOf('/') ? TYPES_BY_EXTENSION.get(key.slice(dot + 1)) : undefined;
}

/** The image formats' own names as extensions, and `jpg`. */
const TYPES_BY_EXTENSION = new Map([...Object.entries(CONTENT_TYPES), ['jpg', CONTENT_TYPES.jpeg]]);

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    // EISDIR/EPERM: the key names a folder of other keys, so no object is stored under it.
    const code = (err as NodeJS.ErrnoException).code;
    if (isMissingPathError(err) || code === 'EISDIR' || (code === 'EPERM' && (await isFolder(file)))) return;
    throw err;
  }
}

async function isFolder(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isDirectory() ?? false;
}

/** Removes `folder` and the folders under it that hold no file (post-order); keeps non-empty ones. */
async function removeEmptyFolders(folder: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    if (isMissingPathError(err)) return;
    throw err;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) await removeEmptyFolders(path.join(folder, entry.name));
  }
  await rmdirIfEmpty(folder);
}

/** Removes `folder` and then its parents while they are empty, never `stopAt` itself. */
async function pruneEmptyParents(folder: string, stopAt: string): Promise<void> {
  for (let current = folder; current.startsWith(`${stopAt}${path.sep}`); current = path.dirname(current)) {
    if (!(await rmdirIfEmpty(current))) return;
  }
}

/** True when the folder is gone afterwards. */
async function rmdirIfEmpty(folder: string): Promise<boolean> {
  try {
    await rmdir(folder);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    if (['ENOTEMPTY', 'EEXIST', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
}
