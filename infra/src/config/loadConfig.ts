import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InfraConfigError } from './errors';
import type { EnvironmentConfig } from './types';
import { validateConfig } from './validateConfig';

/** The folder holding `<environment>.json` files. */
export const ENVIRONMENTS_DIR = path.join(__dirname, '..', '..', 'environments');

/**
 * Reads and validates `environments/<name>.json`.
 * @throws {InfraConfigError} `INFRA_CONFIG_NOT_FOUND` when the file is missing or not JSON,
 *   `INFRA_CONFIG_INVALID` listing every bad setting otherwise.
 */
export function loadConfig(name: string, dir: string = ENVIRONMENTS_DIR): EnvironmentConfig {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new InfraConfigError(
      'INFRA_CONFIG_NOT_FOUND',
      [`environment name "${name}" is not a plain lower-case name`],
      'context imageserver:environment',
    );
  }
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    throw new InfraConfigError(
      'INFRA_CONFIG_NOT_FOUND',
      [`no file ${file}; create it or pass -c imageserver:environment=<name>`],
      file,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InfraConfigError('INFRA_CONFIG_NOT_FOUND', [`not valid JSON: ${(err as Error).message}`], file);
  }
  const result = validateConfig(raw);
  if (!result.ok) throw new InfraConfigError('INFRA_CONFIG_INVALID', result.problems, file);
  return result.config;
}
