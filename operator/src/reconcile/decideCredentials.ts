import type { ImageServer } from '../crd/types';
import { ROTATE_ANNOTATION, ROTATED_FOR_ANNOTATION } from '../resources/labels';
import type { Credentials, KubeObject } from '../resources/types';

/** Most signing keys kept after rotations: the new one signs, the previous still verifies. */
const KEPT_SIGNING_KEYS = 2;

const decode = (data: Record<string, string> | undefined, key: string) =>
  data?.[key] === undefined ? undefined : Buffer.from(data[key]!, 'base64').toString('utf8');

/**
 * The credentials the server should have. Existing ones are kept as they are: a reconcile never
 * rotates. A new value of the `imageserver.dev/rotate-credentials` annotation rotates once: a new
 * admin API key, and a new signing key put first while the previous one keeps verifying
 * URLs already handed out. The managed database password is never rotated here.
 *
 * @param live - the credentials Secret in the cluster, if any
 * @param randomBytes - source of randomness
 * @returns the credentials, and whether they are new (so the Secret and the role need writing)
 */
export function decideCredentials(
  server: ImageServer,
  live: KubeObject | undefined,
  randomBytes: (n: number) => Buffer,
  needsDatabasePassword: boolean,
): { credentials: Credentials; databasePassword?: string; generated: boolean } {
  const rotation = server.metadata.annotations?.[ROTATE_ANNOTATION] ?? '';
  const data = live?.data as Record<string, string> | undefined;
  const liveRotation = live?.metadata.annotations?.[ROTATED_FOR_ANNOTATION] ?? '';
  const adminApiKey = decode(data, 'ADMIN_API_KEY');
  const signingKeys = decode(data, 'SIGNING_KEYS');
  const databaseUrl = decode(data, 'DATABASE_URL');
  const newKey = () => `k${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64url')}`;

  const rotating = Boolean(adminApiKey && signingKeys && liveRotation !== rotation);
  const nextAdminKey = !adminApiKey || rotating ? randomBytes(32).toString('base64url') : adminApiKey;
  const nextSigningKeys = !signingKeys
    ? newKey()
    : rotating
      ? [newKey(), ...signingKeys.split(',').slice(0, KEPT_SIGNING_KEYS - 1)].join(',')
      : signingKeys;
  const livePassword = databaseUrl ? decodeURIComponent(new URL(databaseUrl).password) : undefined;
  const databasePassword = needsDatabasePassword
    ? livePassword || randomBytes(24).toString('base64url')
    : undefined;
  return {
    credentials: {
      adminApiKey: nextAdminKey,
      signingKeys: nextSigningKeys,
      rotation,
      ...(needsDatabasePassword && databaseUrl ? { databaseUrl } : {}),
    },
    databasePassword,
    generated:
      nextAdminKey !== adminApiKey ||
      nextSigningKeys !== signingKeys ||
      (needsDatabasePassword && !livePassword),
  };
}
