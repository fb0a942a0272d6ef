import { existsSync } from 'node:fs';
import path from 'node:path';
import { INFRA_ROOT } from '../app/paths';
import type { TaggingEntry } from './types';

/** The committed stand-in, bundled when the real handler has not landed yet. */
export const STAND_IN_ENTRY = path.join(INFRA_ROOT, 'src', 'tagging', 'standInHandler.ts');

/**
 * Picks the handler to bundle: `entry` (relative to `root`) when it exists, otherwise the
 * stand-in. The caller warns when the stand-in is used; nothing else changes, so the real
 * handler plugs in by existing.
 */
export function resolveTaggingEntry(root: string, entry: string): TaggingEntry {
  const wanted = path.resolve(root, entry);
  return existsSync(wanted) ? { path: wanted, standIn: false } : { path: STAND_IN_ENTRY, standIn: true };
}
