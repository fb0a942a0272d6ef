import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMissingPathError } from './toFsStoreError';

/**
 * Yields the regular files under `dir` as '/'-joined paths relative to it (each starting with
 * `relPrefix`), in ascending byte order of that path, the order S3 lists keys in: sorting each
 * folder's entries with '/' appended to folder names makes a depth-first walk come out sorted.
 * A missing `dir` yields nothing. `accept` filters the entries of `dir` itself by name.
 */
export async function* walkFiles(
  dir: string,
  relPrefix = '',
  accept: (name: string) => boolean = () => true,
): AsyncGenerator<{ path: string; size: number }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissingPathError(err)) return;
    throw err;
  }
  const sorted = entries
    .filter((entry) => (entry.isFile() || entry.isDirectory()) && accept(entry.name))
    .map((entry) => ({ entry, sortKey: entry.isDirectory() ? `${entry.name}/` : entry.name }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const { entry } of sorted) {
    const abs = path.join(dir, entry.name);
    const rel = `${relPrefix}${entry.name}`;
    if (entry.isDirectory()) {
      yield* walkFiles(abs, `${rel}/`);
      continue;
    }
    try {
      yield { path: rel, size: (await stat(abs)).size };
    } catch (err) {
      // Deleted between readdir and stat: it is simply not there any more.
      if (!isMissingPathError(err)) throw err;
    }
  }
}
