import { hostname } from 'node:os';
import { OperatorError } from '../errors';
import type { OperatorConfig } from './types';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** The CRD's bucket name rule (and S3's, without the IP-address and adjacent-dot cases). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_NAME_PREFIX = /^[a-z0-9][a-z0-9-]{0,40}-$/;
/** A key prefix as the server's S3_PREFIX accepts it, non-empty and ending in "/". */
const PREFIX_ROOT = /^([A-Za-z0-9!_.*'()-]+\/)+$/;

/**
 * Reads the operator configuration from environment variables (see README "Configuration").
 * Empty strings count as unset.
 * @throws {OperatorError} code CONFIG_INVALID, naming every bad variable at once.
 */
export function loadOperatorConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const problems: string[] = [];
  const get = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const int = (name: string, fallback: number, min = 1, max = 1_000_000): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: expected an integer from ${min} to ${max} but received "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name}: expected true or false but received "${raw}"`);
    return fallback;
  };
  const cidrs = (name: string, fallback: string[]): string[] => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const list = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const c of list) {
      if (!/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(c) && !/^[0-9a-f:]+\/\d{1,3}$/i.test(c)) {
        problems.push(`${name}: expected comma-separated CIDRs but received "${c}"`);
      }
    }
    return list;
  };

  const eksClusterName = get('EKS_CLUSTER_NAME');
  const workloadRoleArn = get('WORKLOAD_ROLE_ARN');
  if (workloadRoleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(workloadRoleArn)) {
    problems.push(`WORKLOAD_ROLE_ARN: expected an IAM role ARN but received "${workloadRoleArn}"`);
  }
  if (Boolean(eksClusterName) !== Boolean(workloadRoleArn)) {
    problems.push('EKS_CLUSTER_NAME and WORKLOAD_ROLE_ARN: set both (Pod Identity) or neither');
  }
  const matching = (name: string, pattern: RegExp, expected: string): string | undefined => {
    const raw = get(name);
    if (raw !== undefined && !pattern.test(raw))
      problems.push(`${name}: expected ${expected} but received "${raw}"`);
    return raw;
  };
  const sharedBucket = matching('SHARED_BUCKET', BUCKET_NAME, 'an S3 bucket name');
  const serverPrefixRoot =
    matching('SERVER_PREFIX_ROOT', PREFIX_ROOT, 'a key prefix ending in "/" such as servers/') ?? 'servers/';
  const dedicatedBucketPrefix = matching(
    'DEDICATED_BUCKET_PREFIX',
    BUCKET_NAME_PREFIX,
    'the start of a bucket name ending in "-" such as prod-imageserver-',
  );
  if (sharedBucket && dedicatedBucketPrefix && sharedBucket.startsWith(dedicatedBucketPrefix)) {
    problems.push(
      'SHARED_BUCKET: must not start with DEDICATED_BUCKET_PREFIX (the operator would manage it)',
    );
  }
  const cloudfrontDistributionId = matching(
    'CLOUDFRONT_DISTRIBUTION_ID',
    /^[A-Z0-9]{1,32}$/,
    'a distribution id such as E2QWRUHAPOMQZL',
  );
  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: expected one of ${LEVELS.join(', ')}`);
  const leaseDurationSeconds = int('LEASE_DURATION_SECONDS', 15);
  const renewPeriodSeconds = int('LEASE_RENEW_SECONDS', 5);
  if (renewPeriodSeconds >= leaseDurationSeconds) {
    problems.push('LEASE_RENEW_SECONDS: must be shorter than LEASE_DURATION_SECONDS');
  }

  const config: OperatorConfig = {
    namespace: get('OPERATOR_NAMESPACE') ?? 'imageserver-system',
    watchNamespace: get('WATCH_NAMESPACE'),
    cluster: {
      region: get('AWS_REGION') ?? 'us-east-1',
      ingressGroupName: get('INGRESS_GROUP_NAME') ?? 'imageserver',
      ingressControllerNamespace: get('INGRESS_CONTROLLER_NAMESPACE') ?? 'kube-system',
      ingressCidrs: cidrs('INGRESS_CIDRS', ['10.0.0.0/8']),
      portalNamespace: get('PORTAL_NAMESPACE') ?? 'backstage',
      databaseCidrs: cidrs('DATABASE_CIDRS', ['10.0.0.0/8']),
      cacheCidrs: cidrs('CACHE_CIDRS', ['10.0.0.0/8']),
      awsCidrs: cidrs('AWS_CIDRS', ['0.0.0.0/0']),
      sharedBucket,
      serverPrefixRoot,
      dedicatedBucketPrefix,
      cloudfrontDistributionId,
      serverS3Endpoint: get('SERVER_S3_ENDPOINT'),
      serverS3ForcePathStyle: bool('SERVER_S3_FORCE_PATH_STYLE', false),
    },
    eksClusterName,
    workloadRoleArn,
    managedDatabaseSecret: get('MANAGED_DATABASE_SECRET'),
    s3Endpoint: get('S3_ENDPOINT'),
    s3ForcePathStyle: bool('S3_FORCE_PATH_STYLE', false),
    concurrency: int('CONCURRENCY', 4, 1, 64),
    resyncSeconds: int('RESYNC_SECONDS', 600),
    leaderElection: {
      enabled: bool('LEADER_ELECTION', true),
      leaseName: get('LEASE_NAME') ?? 'imageserver-operator',
      identity: get('POD_NAME') ?? hostname(),
      leaseDurationSeconds,
      renewPeriodSeconds,
      retryPeriodSeconds: int('LEASE_RETRY_SECONDS', 2),
    },
    httpPort: int('HTTP_PORT', 8080, 1, 65535),
    logLevel,
  };
  if (problems.length) {
    throw new OperatorError(
      'CONFIG_INVALID',
      `Invalid operator configuration:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return config;
}
