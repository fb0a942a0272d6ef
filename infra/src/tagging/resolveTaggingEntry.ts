import { existsSync } from 'node:fs';
import path from 'node:path';
import { InfraConfigError } from '../config';

/**
 * The handler to bundle: `entry` relative to `root`.
 * @throws InfraConfigError INFRA_CONFIG_INVALID when the file does not exist, so synthesis never
 * deploys a function without its handler.
 */
export function resolveTaggingEntry(root: string, entry: string): string {
  const wanted = path.resolve(root, entry);
  if (!existsSync(wanted)) {
    throw new InfraConfigError(
      'INFRA_CONFIG_INVALID',
      [`tagging.entry: ${wanted} does not exist`],
      'the tagging stack',
    );
  }
  return wanted;
}
