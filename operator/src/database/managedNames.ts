import { createHash } from 'node:crypto';

/**
 * The PostgreSQL database and role name of an ImageServer: `imgs_<namespace>_<name>` with `-` as
 * `_`. Kubernetes names may also hold dots, and may be longer than PostgreSQL's 63-byte limit;
 * then the name is folded and shortened, and a hash of the original keeps it unique.
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
