import type { DatabaseSecret } from './types';

/**
 * The PostgreSQL URL of one server's database on the shared instance, with the secret's login.
 * TLS follows the standard `PGSSLMODE` variable, which pg reads when the URL does not say.
 */
export function serverDatabaseUrl(secret: DatabaseSecret, database: string): string {
  const url = new URL('postgres://placeholder');
  url.hostname = secret.host;
  url.port = String(secret.port);
  url.username = encodeURIComponent(secret.username);
  url.password = encodeURIComponent(secret.password);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
