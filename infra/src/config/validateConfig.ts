import { z } from 'zod';
import { resourceNames } from './resourceNames';
import type { EnvironmentConfig } from './types';

const int = (min: number, max: number) =>
  z
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int(`expected an integer from ${min} to ${max}`)
    .min(min, `expected an integer from ${min} to ${max}`)
    .max(max, `expected an integer from ${min} to ${max}`);

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'expected a lower-case DNS name',
  );
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/, 'expected an IPv4 CIDR such as 10.0.0.0/16');
const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN');
const k8sName = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'expected a Kubernetes name (RFC 1123 label)');
const keyPrefix = z
  .string()
  .regex(
    /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/,
    'expected a key prefix ending in "/" without a leading "/"',
  );

// Defaults live here, next to the check of each value; see types.ts for what each setting means.
const schema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,14}$/, 'expected 2-15 lower-case letters, digits or dashes'),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1'),
  production: z.boolean({ error: 'expected true or false' }).default(false),
  availabilityZones: z.array(z.string(), { error: 'expected a list of availability zones' }),
  network: z
    .object({
      cidr: cidr.default('10.40.0.0/16'),
      natGateways: int(1, 3).default(3),
      flowLogRetentionDays: int(1, 3653).default(90),
    })
    .prefault({}),
  dns: z.object(
    {
      imagesDomain: hostname,
      hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{4,32}$/, 'expected a Route 53 hosted zone id such as Z0123456789ABC'),
      hostedZoneName: hostname,
      originLabel: k8sName.default('origin'),
    },
    { error: 'expected an object with imagesDomain, hostedZoneId and hostedZoneName' },
  ),
  cluster: z
    .object({
      // kubectl (from @aws-cdk/lambda-layer-kubectl-v35) supports API servers one minor version either side.
      kubernetesVersion: z
        .enum(['1.34', '1.35', '1.36'], {
          error: 'expected 1.34, 1.35 or 1.36 (kubectl 1.35 drives the cluster)',
        })
        .default('1.35'),
      instanceTypes: z
        .array(
          z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'expected an EC2 instance type such as m7i.large'),
        )
        .min(1, 'expected at least one instance type')
        .default(['m7i.large']),
      minNodes: int(1, 100).default(3),
      desiredNodes: int(1, 100).default(3),
      maxNodes: int(1, 100).default(9),
      nodeDiskGiB: int(20, 1000).default(50),
      publicEndpointCidrs: z.array(cidr).default([]),
      adminRoleArns: z.array(roleArn).default([]),
      operatorNamespace: k8sName.default('imageserver-system'),
      operatorServiceAccount: k8sName.default('imageserver-operator'),
      operatorManifest: z.string().min(1).default('operator/install.yaml'),
      ingressGroupName: k8sName.default('imageserver'),
      operatorImageTag: z
        .string()
        .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'expected an image tag such as 0.1.0')
        .optional(),
      externalDnsChartVersion: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, 'expected a chart version such as 1.19.0')
        .default('1.19.0'),
    })
    .prefault({}),
  images: z
    .object({
      serverPrefixRoot: keyPrefix.default('servers/'),
      noncurrentVersionExpirationDays: int(1, 3650).default(30),
      originalsStorageClass: z
        .enum(['INTELLIGENT_TIERING', 'STANDARD_IA'], {
          error: 'expected INTELLIGENT_TIERING or STANDARD_IA',
        })
        .default('INTELLIGENT_TIERING'),
      originalsTransitionAfterDays: int(0, 3650).default(30),
      originalsTag: z
        .object({ key: z.string().min(1).max(128), value: z.string().min(1).max(256) })
        .default({ key: 'imageserver:kind', value: 'original' }),
      operatorBucketPrefix: z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9-]{2,30}-$/,
          'expected 4-32 lower-case letters, digits or dashes ending in "-"',
        )
        .optional(),
    })
    .prefault({}),
  database: z
    .object({
      instanceClass: z
        .string()
        .regex(/^[a-z][a-z0-9]*\.[a-z0-9]+$/, 'expected an instance class such as r7g.large (without "db.")')
        .default('r7g.large'),
      postgresMajorVersion: z.enum(['16', '17', '18'], { error: 'expected 16, 17 or 18' }).default('17'),
      allocatedStorageGiB: int(20, 65536).default(100),
      maxAllocatedStorageGiB: int(20, 65536).default(500),
      port: int(1150, 65535).default(5433),
      databaseName: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected a PostgreSQL identifier')
        .default('imageserver'),
      username: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,15}$/, 'expected a PostgreSQL user name')
        .default('imageserver'),
      backupRetentionDays: int(1, 35).default(14),
      rotationDays: int(1, 365).default(30),
    })
    .prefault({}),
  cache: z
    .object({
      nodeType: z
        .string()
        .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'expected a node type such as cache.r7g.large')
        .default('cache.r7g.large'),
      engineVersion: z
        .string()
        .regex(/^\d+\.\d+$/, 'expected a Valkey version such as 8.0')
        .default('8.0'),
      replicas: int(0, 5).default(2),
      port: int(1024, 65535).default(6380),
      snapshotRetentionDays: int(0, 35).default(7),
    })
    .prefault({}),
  tagging: z
    .object({
      uploadsPrefix: keyPrefix.default('servers/'),
      memoryMiB: int(128, 10240).default(3008),
      timeoutSeconds: int(1, 900).default(120),
      reservedConcurrency: int(1, 1000).default(10),
      entry: z.string().min(1).default('server/src/tagging/lambda/handler.ts'),
    })
    .prefault({}),
  edge: z.object(
    {
      rateLimitPer5Minutes: int(10, 2_000_000_000).default(2000),
      priceClass: z
        .enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All'], {
          error: 'expected PriceClass_100, PriceClass_200 or PriceClass_All',
        })
        .default('PriceClass_100'),
      cloudFrontPrefixListId: z
        .string()
        .regex(/^pl-[0-9a-f]{8,17}$/, 'expected a prefix list id such as pl-4fa04526'),
      logRetentionDays: int(1, 3650).default(365),
    },
    { error: 'expected an object with cloudFrontPrefixListId' },
  ),
  alarms: z.object(
    {
      email: z.email({ error: 'expected an e-mail address' }),
      albTargetResponseTimeSeconds: z.number().positive('expected a positive number').default(2),
      alb5xxPer5Minutes: int(1, 1_000_000).default(10),
      databaseMaxConnections: int(1, 100_000).default(400),
      databaseMinFreeStorageGiB: int(1, 65536).default(10),
      databaseLatencySeconds: z.number().positive('expected a positive number').default(0.02),
      cloudFront5xxRatePercent: z
        .number()
        .positive('expected a positive number')
        .max(100, 'expected at most 100')
        .default(5),
    },
    { error: 'expected an object with email' },
  ),
});

/** The retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The outcome of validation: the config when valid, otherwise every problem found. */
export type ValidationResult =
  | { readonly ok: true; readonly config: EnvironmentConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a raw environment configuration (parsed JSON) and fills in defaults.
 * Collects every problem, each prefixed with the setting's dotted name (`cluster.minNodes: …`),
 * so that one run shows all that needs fixing.
 * @example validateConfig(JSON.parse(readFileSync('environments/prod.json', 'utf8')))
 */
export function validateConfig(raw: unknown): ValidationResult {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  }
  const c = parsed.data;
  const problems: string[] = [];
  const azs = c.availabilityZones;
  if (azs.length !== 3) problems.push(`availabilityZones: expected exactly 3 zones, got ${azs.length}`);
  if (new Set(azs).size !== azs.length) problems.push('availabilityZones: zones must be distinct');
  for (const az of azs) {
    if (!new RegExp(`^${c.region}[a-z]$`).test(az))
      problems.push(`availabilityZones: "${az}" is not a zone of ${c.region}`);
  }
  if (c.production && c.network.natGateways < azs.length) {
    problems.push('network.natGateways: production needs one NAT gateway per availability zone');
  }
  if (c.network.natGateways > azs.length)
    problems.push('network.natGateways: more NAT gateways than availability zones');
  const { minNodes, desiredNodes, maxNodes } = c.cluster;
  if (!(minNodes <= desiredNodes && desiredNodes <= maxNodes)) {
    problems.push('cluster.desiredNodes: expected minNodes <= desiredNodes <= maxNodes');
  }
  if (c.production && minNodes < azs.length)
    problems.push('cluster.minNodes: production needs at least one node per availability zone');
  for (const range of c.cluster.publicEndpointCidrs) {
    if (range.endsWith('/0'))
      problems.push(`cluster.publicEndpointCidrs: ${range} opens the API endpoint to the internet`);
  }
  const zone = c.dns.hostedZoneName;
  if (c.dns.imagesDomain !== zone && !c.dns.imagesDomain.endsWith(`.${zone}`)) {
    problems.push(`dns.hostedZoneName: ${zone} does not contain dns.imagesDomain ${c.dns.imagesDomain}`);
  }
  if (!LOG_RETENTION_DAYS.includes(c.network.flowLogRetentionDays)) {
    problems.push(
      `network.flowLogRetentionDays: CloudWatch Logs keeps logs for one of ${LOG_RETENTION_DAYS.join(', ')} days`,
    );
  }
  if (c.database.port === 5432) problems.push('database.port: use a port other than the default 5432');
  if (c.database.maxAllocatedStorageGiB < c.database.allocatedStorageGiB) {
    problems.push('database.maxAllocatedStorageGiB: must be at least database.allocatedStorageGiB');
  }
  if (c.cache.port === 6379) problems.push('cache.port: use a port other than the default 6379');
  if (c.cache.replicas < 1)
    problems.push('cache.replicas: Multi-AZ with automatic failover needs at least 1 replica');
  if (c.images.originalsStorageClass === 'STANDARD_IA' && c.images.originalsTransitionAfterDays < 30) {
    problems.push(
      'images.originalsTransitionAfterDays: S3 moves objects to STANDARD_IA only after 30 days or more',
    );
  }
  // The tagging Lambda routes every key by `<root><namespace>/<name>/`: a wider prefix would only
  // send it events it must fail.
  if (!c.tagging.uploadsPrefix.startsWith(c.images.serverPrefixRoot)) {
    problems.push(
      'tagging.uploadsPrefix: must be images.serverPrefixRoot or a folder under it, where servers write their uploads',
    );
  }
  const operatorBucketPrefix = c.images.operatorBucketPrefix ?? `${c.name}-imageserver-`;
  if (resourceNames(c).imagesBucket.startsWith(operatorBucketPrefix)) {
    problems.push('images.operatorBucketPrefix: would let the operator delete the shared images bucket');
  }
  if (problems.length) return { ok: false, problems };
  const config: EnvironmentConfig = { ...c, images: { ...c.images, operatorBucketPrefix } };
  return { ok: true, config };
}
