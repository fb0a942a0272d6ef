import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import path from 'node:path';
import { REPO_ROOT } from '../app/paths';
import type { TaggingConfig } from '../config';
import { resolveTaggingEntry } from './resolveTaggingEntry';
import { SharpLayer } from './SharpLayer';
import { taggerRuntimeFiles } from './taggerRuntimeFiles';

export interface TaggingFunctionProps {
  readonly tagging: TaggingConfig;
  readonly vpc: ec2.IVpc;
  readonly bucket: s3.IBucket;
  /** The bucket's ARN as a plain string, when its name is fixed. @default bucket.bucketArn */
  readonly bucketArn?: string;
  readonly bucketKey: kms.IKey;
  /** The RDS-generated secret (username, password, host, port) of the instance holding the servers' databases. */
  readonly databaseSecret: secretsmanager.ISecret;
  /** Where the servers' prefixes start in the bucket, as the operator lays them out. */
  readonly serverPrefixRoot: string;
  /** Folder that `tagging.entry` is relative to. @default the repository root */
  readonly root?: string;
  /** Days to keep the function's logs. */
  readonly logRetentionDays: logs.RetentionDays;
}

/** The taggers the function runs: all of them, the model files ship with the bundle. */
export const LAMBDA_TAGGERS = 'basic,exif,colour,hashes,labels,moderation';

/**
 * The auto-tagging Lambda: bundled with esbuild from the server's tagging handler in its platform
 * mode (every server's originals in the shared bucket, each routed to its own database), sharp
 * from a layer, invoked asynchronously when an original is written under the uploads prefix,
 * with retries then a dead-letter queue, reserved concurrency, in the VPC to reach PostgreSQL,
 * under a role that lists exactly the actions and resources the handler uses.
 */
export class TaggingFunction extends Construct {
  readonly function: NodejsFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly role: iam.Role;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TaggingFunctionProps) {
    super(scope, id);
    const { tagging } = props;
    const root = props.root ?? REPO_ROOT;
    const entry = resolveTaggingEntry(root, tagging.entry);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Tagging Lambda: HTTPS to AWS APIs and PostgreSQL only',
      allowAllOutbound: false,
    });
    // S3 (gateway endpoint) and Secrets Manager (interface endpoint) both answer on 443.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs over HTTPS');

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Auto-tagging Lambda',
    });
    const region = Stack.of(this).region;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
    this.role.addToPrincipalPolicy(
      // The handler reads (GetObject, and HeadObject which S3 authorises as GetObject) originals only.
      new iam.PolicyStatement({
        sid: 'ReadOriginals',
        actions: ['s3:GetObject'],
        resources: [`${props.bucketArn ?? props.bucket.bucketArn}/${tagging.uploadsPrefix}*/originals/*`],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptUploadsThroughS3',
        actions: ['kms:Decrypt'],
        resources: [props.bucketKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadDatabaseCredentials',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.databaseSecret.secretArn],
      }),
    );

    const sharp = new SharpLayer(this, 'Sharp', { resolveFrom: path.join(REPO_ROOT, 'server') });
    const runtimeFiles = taggerRuntimeFiles(path.join(REPO_ROOT, 'server'));
    const quote = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;
    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: SharpLayer.ARCHITECTURE,
      memorySize: tagging.memoryMiB,
      timeout: Duration.seconds(tagging.timeoutSeconds),
      reservedConcurrentExecutions: tagging.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      layers: [sharp.layer],
      // The workspace root: esbuild and the lock file live there.
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        // The handler's platform mode (server/src/tagging/lambda/loadLambdaConfig.ts).
        IMAGES_BUCKET: props.bucket.bucketName,
        SERVER_PREFIX_ROOT: props.serverPrefixRoot,
        DATABASE_SECRET_ARN: props.databaseSecret.secretArn,
        TAGGERS: LAMBDA_TAGGERS,
        // The instance forces TLS (rds.force_ssl): pg verifies the certificate and host name, with
        // the RDS certificate authorities the Node.js runtime ships but no longer loads by default.
        PGSSLMODE: 'verify-full',
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // The locally installed esbuild package; there is no Docker on the build machines.
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // sharp comes from the layer (native binaries esbuild cannot bundle). The AWS SDK is
        // bundled, at the versions the handler was tested with, rather than taken from the runtime.
        externalModules: ['sharp'],
        // The handler resolves the wasm and model files by path at run time; the hooks below copy them.
        esbuildArgs: { '--log-override:require-resolve-not-external': 'silent' },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) =>
            runtimeFiles.flatMap((file) => {
              const to = path.join(output, file.to);
              return [`mkdir -p ${quote(path.dirname(to))}`, `cp ${quote(file.from)} ${quote(to)}`];
            }),
        },
      },
    });

    // The bucket lives in the data stack; importing it keeps the notification resource here and
    // avoids a reference cycle between the two stacks.
    const bucket = s3.Bucket.fromBucketAttributes(this, 'Uploads', {
      bucketArn: props.bucket.bucketArn,
      bucketName: props.bucket.bucketName,
    });
    // S3 filters by one prefix and one suffix only, and originals have no suffix of their own
    // (`…/originals/<xx>/<sha256>`), so the handler ignores the servers' other objects. The events
    // are the two ways the server writes objects (PutObject, multipart upload); not copies or POSTs.
    const destination = new s3n.LambdaDestination(this.function);
    for (const event of [
      s3.EventType.OBJECT_CREATED_PUT,
      s3.EventType.OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD,
    ]) {
      bucket.addEventNotification(event, destination, { prefix: tagging.uploadsPrefix });
    }
  }
}
