import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INFRA_ERROR_CODES, InfraConfigError } from './errors';
import { loadConfig } from './loadConfig';
import { validateConfig } from './validateConfig';

const fixtures = path.join(__dirname, '__fixtures__');
// The tests edit arbitrary JSON, as a person editing the file would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const minimal = (): Record<string, any> =>
  JSON.parse(readFileSync(path.join(fixtures, 'minimal.json'), 'utf8'));

function problemsOf(raw: unknown): readonly string[] {
  const result = validateConfig(raw);
  if (result.ok) throw new Error('expected the configuration to be rejected');
  return result.problems;
}

describe('validateConfig', () => {
  it('fills in the documented defaults for a minimal non-production environment', () => {
    const result = validateConfig(minimal());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.config;
    expect(c.production).toBe(false);
    expect(c.network).toEqual({ cidr: '10.40.0.0/16', natGateways: 1, flowLogRetentionDays: 90 });
    expect(c.database.port).toBe(5433);
    expect(c.cache).toMatchObject({ port: 6380, replicas: 2, engineVersion: '8.0' });
    expect(c.images.operatorBucketPrefix).toBe('dev-imageserver-');
    expect(c.images.originalsStorageClass).toBe('INTELLIGENT_TIERING');
    expect(c.tagging.entry).toBe('server/src/tagging/lambda/handler.ts');
    expect(c.cluster.operatorNamespace).toBe('imageserver-system');
    expect(c.dns.originLabel).toBe('origin');
  });

  it('reports every problem at once, each under its setting name', () => {
    const raw = minimal();
    raw.account = '12345';
    raw.availabilityZones = ['us-west-2a', 'eu-west-1b'];
    raw.database = { port: 5432 };
    raw.cache = { port: 6379, replicas: 0 };
    raw.cluster = { minNodes: 4, desiredNodes: 2, maxNodes: 3, publicEndpointCidrs: ['0.0.0.0/0'] };
    // Shape errors are reported before cross-field checks; fix the account to see those.
    expect(problemsOf(raw)).toEqual(['account: expected a 12-digit AWS account id']);
    raw.account = '222222222222';
    expect(problemsOf(raw)).toEqual([
      'availabilityZones: expected exactly 3 zones, got 2',
      'availabilityZones: "eu-west-1b" is not a zone of us-west-2',
      'cluster.desiredNodes: expected minNodes <= desiredNodes <= maxNodes',
      'cluster.publicEndpointCidrs: 0.0.0.0/0 opens the API endpoint to the internet',
      'database.port: use a port other than the default 5432',
      'cache.port: use a port other than the default 6379',
      'cache.replicas: Multi-AZ with automatic failover needs at least 1 replica',
    ]);
  });

  it('lists several shape errors together with their paths', () => {
    const raw = minimal();
    raw.region = 'mars';
    raw.alarms = { email: 'not-an-address' };
    raw.images = { originalsStorageClass: 'GLACIER' };
    raw.tagging = { memoryMiB: 64 };
    expect(problemsOf(raw)).toEqual([
      'region: expected an AWS region such as eu-west-1',
      'images.originalsStorageClass: expected INTELLIGENT_TIERING or STANDARD_IA',
      'tagging.memoryMiB: expected an integer from 128 to 10240',
      'alarms.email: expected an e-mail address',
    ]);
  });

  it('holds production to one NAT gateway and at least one node per zone', () => {
    const raw = { ...minimal(), production: true };
    expect(problemsOf(raw)).toEqual([
      'network.natGateways: production needs one NAT gateway per availability zone',
      'cluster.minNodes: production needs at least one node per availability zone',
    ]);
  });

  it('rejects a hosted zone that does not contain the images domain', () => {
    const raw = minimal();
    raw.dns.hostedZoneName = 'other.example.org';
    expect(problemsOf(raw)).toEqual([
      'dns.hostedZoneName: other.example.org does not contain dns.imagesDomain img.dev.example.org',
    ]);
  });

  it('rejects Standard-IA before 30 days and retention periods CloudWatch does not offer', () => {
    const raw = minimal();
    raw.images = { originalsStorageClass: 'STANDARD_IA', originalsTransitionAfterDays: 7 };
    raw.network.flowLogRetentionDays = 10;
    expect(problemsOf(raw)).toEqual([
      expect.stringMatching(/^network\.flowLogRetentionDays: CloudWatch Logs keeps logs for one of 1, 3, 5/),
      'images.originalsTransitionAfterDays: S3 moves objects to STANDARD_IA only after 30 days or more',
    ]);
  });

  it('refuses an operator bucket prefix that covers the shared images bucket', () => {
    const raw = minimal();
    raw.images = { operatorBucketPrefix: 'imageserver-' };
    expect(problemsOf(raw)).toEqual([
      'images.operatorBucketPrefix: would let the operator delete the shared images bucket',
    ]);
  });

  it('keeps the tagging trigger inside the servers’ prefixes', () => {
    const raw = minimal();
    raw.tagging = { uploadsPrefix: 'other/' };
    const problem =
      'tagging.uploadsPrefix: must be images.serverPrefixRoot or a folder under it, where servers write their uploads';
    expect(problemsOf(raw)).toEqual([problem]);
    raw.images = { serverPrefixRoot: 'servers/a/' };
    raw.tagging = { uploadsPrefix: 'servers/' };
    expect(problemsOf(raw)).toEqual([problem]);
    raw.images = {};
    raw.tagging = { uploadsPrefix: 'servers/team-a/' };
    expect(validateConfig(raw).ok).toBe(true);
  });

  it('only accepts Kubernetes versions the bundled kubectl can drive', () => {
    const raw = minimal();
    raw.cluster.kubernetesVersion = '1.29';
    expect(problemsOf(raw)).toEqual([
      'cluster.kubernetesVersion: expected 1.34, 1.35 or 1.36 (kubectl 1.35 drives the cluster)',
    ]);
  });
});

describe('loadConfig', () => {
  it('loads the committed example environment', () => {
    const c = loadConfig('example');
    expect(c.name).toBe('example');
    expect(c.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('throws INFRA_CONFIG_INVALID with every problem and the file name', () => {
    const err = captureError(() => loadConfig('invalid', path.join(fixtures, 'invalid-env')));
    expect(err).toBeInstanceOf(InfraConfigError);
    expect(err.code).toBe('INFRA_CONFIG_INVALID');
    expect(err.problems).toEqual([
      'dns: expected an object with imagesDomain, hostedZoneId and hostedZoneName',
      'edge: expected an object with cloudFrontPrefixListId',
      'alarms: expected an object with email',
    ]);
    expect(err.message).toContain(path.join(fixtures, 'invalid-env', 'invalid.json'));
  });

  it('throws INFRA_CONFIG_NOT_FOUND for a missing file or one that is not JSON', () => {
    expect(captureError(() => loadConfig('nowhere', fixtures)).code).toBe('INFRA_CONFIG_NOT_FOUND');
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-config-'));
    try {
      writeFileSync(path.join(dir, 'broken.json'), '{ "name": "broken", ');
      const notJson = captureError(() => loadConfig('broken', dir));
      expect(notJson.code).toBe('INFRA_CONFIG_NOT_FOUND');
      expect(notJson.problems[0]).toMatch(/^not valid JSON: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(captureError(() => loadConfig('../etc/passwd', fixtures)).code).toBe('INFRA_CONFIG_NOT_FOUND');
  });
});

function captureError(fn: () => unknown): InfraConfigError {
  try {
    fn();
  } catch (err) {
    return err as InfraConfigError;
  }
  throw new Error('expected an error');
}

describe('error codes', () => {
  it('are each documented in the README', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const errors = readme.slice(readme.indexOf('## Errors'));
    for (const code of INFRA_ERROR_CODES) expect(errors).toContain(`\`${code}\``);
  });
});
