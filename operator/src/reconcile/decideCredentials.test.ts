import { example } from '../__fixtures__/examples';
import type { KubeObject } from '../resources/types';
import { decideCredentials } from './decideCredentials';

let counter = 0;
const random = (n: number) => Buffer.alloc(n, ++counter);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (data: Record<string, string>, rotatedFor = ''): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', annotations: { 'imageserver.dev/rotated-for': rotatedFor } },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});

describe('decideCredentials', () => {
  it('generates an admin key (>= 24 chars) and one signing key of 32 bytes the first time', () => {
    const { credentials, generated } = decideCredentials(example('minimal'), undefined, random, false);
    expect(generated).toBe(true);
    expect(credentials.adminApiKey.length).toBeGreaterThanOrEqual(24);
    const [kid, secretPart] = credentials.signingKeys.split(':');
    expect(kid).toMatch(/^k[0-9a-f]{8}$/);
    expect(Buffer.from(secretPart!, 'base64url')).toHaveLength(32);
  });

  it('keeps existing credentials: a reconcile never rotates', () => {
    const live = secret({ ADMIN_API_KEY: 'admin-key-that-is-long-enough', SIGNING_KEYS: 'k1:abc' });
    const out = decideCredentials(example('minimal'), live, random, false);
    expect(out).toEqual({
      credentials: { adminApiKey: 'admin-key-that-is-long-enough', signingKeys: 'k1:abc', rotation: '' },
      databasePassword: undefined,
      generated: false,
    });
  });

  it('rotates once per new annotation value, keeping the previous signing key for verification', () => {
    const server = example('minimal');
    server.metadata.annotations = { 'imageserver.dev/rotate-credentials': 'r1' };
    const live = secret({ ADMIN_API_KEY: 'old-admin-key-that-is-long', SIGNING_KEYS: 'k1:old,k0:older' });
    const out = decideCredentials(server, live, random, false);
    expect(out.generated).toBe(true);
    expect(out.credentials.adminApiKey).not.toBe('old-admin-key-that-is-long');
    const keys = out.credentials.signingKeys.split(',');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe('k1:old');
    expect(out.credentials.rotation).toBe('r1');
    const again = decideCredentials(
      server,
      secret({ ADMIN_API_KEY: out.credentials.adminApiKey, SIGNING_KEYS: out.credentials.signingKeys }, 'r1'),
      random,
      false,
    );
    expect(again.generated).toBe(false);
  });

  it('keeps the managed database password from the stored URL', () => {
    const live = secret({
      ADMIN_API_KEY: 'admin-key-that-is-long-enough',
      SIGNING_KEYS: 'k1:abc',
      DATABASE_URL: 'postgres://role:p%40ss@db:5432/x',
    });
    const out = decideCredentials(example('production'), live, random, true);
    expect(out.databasePassword).toBe('p@ss');
    expect(out.generated).toBe(true); // the production example carries a rotation annotation
    const minimal = decideCredentials(example('minimal'), live, random, true);
    expect(minimal).toMatchObject({ databasePassword: 'p@ss', generated: false });
  });
});
