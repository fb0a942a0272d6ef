import { createHash } from 'node:crypto';

/**
 * The database (and role) the operator creates for a managed ImageServer: `imgs_<namespace>_<name>`
 * with `-` as `_`, folded, shortened and suffixed with a hash when needed.
 *
 * A copy of `operator/src/database/managedNames.ts`, kept here rather than in a shared workspace
 * because it is ten lines and the Lambda bundle must not depend on the operator;
 * `managedDatabaseName.test.ts` imports the operator's function and fails when the two disagree.
 */
export function managedDatabaseName(namespace: string, name: string): string {
  const plain = `imgs_${namespace}_${name}`.replace(/-/g, '_');
  if (plain.length <= 63 && /^[a-z0-9_]+$/.test(plain)) return plain;
  const hash = createHash('sha256').update(`${namespace}/${name}`).digest('hex').slice(0, 8);
  return `${plain
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 54)}_${hash}`;
}
