import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { example } from '../__fixtures__/examples';
import { ctx, platformSettings } from '../__fixtures__/context';
import { decideCredentials } from '../reconcile/decideCredentials';
import { buildServerSettings } from './serverSettings';

const root = join(__dirname, '..', '..', '..');
const loadConfig = join(root, 'server', 'src', 'config', 'loadConfig.ts');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/**
 * The contract with `server/`: the environment the operator gives the pods (ConfigMap plus the
 * Secret-backed variables) passes the server's own start-up validation. Runs the server's
 * loadConfig in a child process so that the two workspaces stay independent at compile time.
 */
function serverAccepts(env: Record<string, string>): { ok: boolean; output: string } {
  const run = spawnSync(
    tsx,
    ['-e', `require(${JSON.stringify(loadConfig)}).loadConfig(process.env); console.log('ok')`],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    },
  );
  return { ok: run.status === 0, output: run.stdout + run.stderr };
}

describe('the environment the operator builds', () => {
  it.each(['minimal', 'production', 'scratch'] as const)(
    'is accepted by the server for the %s example',
    (name) => {
      const server = example(name);
      const { credentials } = decideCredentials(server, undefined, (n) => Buffer.alloc(n, 7), false);
      const env = {
        ...buildServerSettings(server, ctx.settings),
        ADMIN_API_KEY: credentials.adminApiKey,
        SIGNING_KEYS: credentials.signingKeys,
        DATABASE_URL: 'postgres://role:pw@db.internal:5432/imgs',
        ...(server.spec.cache ? { REDIS_URL: 'redis://cache.internal:6379' } : {}),
      };
      const result = serverAccepts(env);
      expect(result.output).toContain('ok');
      expect(result.ok).toBe(true);
    },
  );

  it('is accepted by the server on the platform: shared bucket, session-tag prefix, platform distribution', () => {
    const server = example('minimal');
    server.spec.storage = { bucket: platformSettings.sharedBucket!, prefix: 'v2/' };
    const settings = buildServerSettings(server, platformSettings);
    expect(settings).toMatchObject({
      S3_PREFIX: `servers/${server.metadata.namespace}/${server.metadata.name}/v2/`,
      CLOUDFRONT_DISTRIBUTION_ID: 'EPLATFORM12345',
    });
    const result = serverAccepts({
      ...settings,
      ADMIN_API_KEY: 'a'.repeat(43),
      SIGNING_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64url')}`,
      DATABASE_URL: 'postgres://role:pw@db.internal:5432/imgs',
    });
    expect(result.output).toContain('ok');
    expect(result.ok).toBe(true);
  });

  it('is checked for real: the server refuses a broken value', () => {
    const result = serverAccepts({
      ...buildServerSettings(example('minimal'), ctx.settings),
      MAX_PIXELS: 'lots',
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('MAX_PIXELS');
  });
});
