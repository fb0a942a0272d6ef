import path from 'node:path';

/** Where the metadata lives, as understood from `Config.databaseUrl`. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; /** Absolute file path, or `:memory:`. */ storage: string }
  | { dialect: 'postgres'; url: string };

/**
 * Reads `sqlite:<path>` (relative paths resolve against the working directory; `sqlite:///abs` and
 * `sqlite::memory:` work too) or `postgres://…` / `postgresql://…`.
 * @throws Error naming the expected forms when the URL is neither.
 * @example parseDatabaseUrl('sqlite:data/imageserver.sqlite') // { dialect: 'sqlite', storage: '/cwd/data/imageserver.sqlite' }
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    let file = url.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2);
    if (file === '') throw invalid(url);
    return { dialect: 'sqlite', storage: file === ':memory:' ? file : path.resolve(file) };
  }
  const pg = /^postgres(?:ql)?:\/\/(.+)$/.exec(url);
  if (pg) return { dialect: 'postgres', url: `postgres://${pg[1]}` };
  throw invalid(url);
}

function invalid(url: string): Error {
  // The URL may carry a password: show only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  return new Error(
    `Expected a database URL of the form sqlite:<path> or postgres://… but received one with scheme ${scheme}`,
  );
}
