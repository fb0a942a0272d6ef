import type { Secret } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names, ROTATED_FOR_ANNOTATION } from './labels';
import type { BuildContext } from './types';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The generated credentials: admin API key, URL-signing keys and, when managed, the database URL. */
export function buildCredentialsSecret(server: ImageServer, ctx: BuildContext): Secret {
  const { credentials } = ctx;
  const data: Record<string, string> = {
    ADMIN_API_KEY: b64(credentials.adminApiKey),
    SIGNING_KEYS: b64(credentials.signingKeys),
  };
  if (credentials.databaseUrl) data.DATABASE_URL = b64(credentials.databaseUrl);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: names.credentials(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
      annotations: { [ROTATED_FOR_ANNOTATION]: credentials.rotation },
    },
    type: 'Opaque',
    data,
  };
}
