import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { DatabaseConfig } from '../config';

export interface DatabaseProps {
  readonly vpc: ec2.IVpc;
  readonly database: DatabaseConfig;
  /** The environment's name, in the secret's name. */
  readonly environment: string;
  /** The instance identifier (and its log groups' names). */
  readonly identifier: string;
  readonly logRetentionDays: logs.RetentionDays;
}

/**
 * PostgreSQL on RDS: Multi-AZ in the isolated subnets, gp3, encrypted, a non-default port,
 * credentials generated into Secrets Manager and rotated, deletion protection and Performance
 * Insights. Its security group admits nobody until callers use `allowFrom`.
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly securityGroup: ec2.SecurityGroup;
  readonly port: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const db = props.database;
    this.port = db.port;
    const identifier = props.identifier;
    const key = new kms.Key(this, 'Key', {
      description: 'RDS storage and Performance Insights encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'PostgreSQL: only from the cluster and the Lambdas granted access',
      allowAllOutbound: false,
    });
    // Created here (instead of cloudwatchLogsRetention, which adds a custom-resource Lambda).
    const exportedLogs = ['postgresql', 'upgrade'];
    const logGroups = exportedLogs.map(
      (type) =>
        new logs.LogGroup(this, `${type}Logs`, {
          logGroupName: `/aws/rds/instance/${identifier}/${type}`,
          retention: props.logRetentionDays,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );
    const version = rds.PostgresEngineVersion.of(db.postgresMajorVersion, db.postgresMajorVersion);
    const engine = rds.DatabaseInstanceEngine.postgres({ version });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: identifier,
      engine,
      instanceType: new ec2.InstanceType(db.instanceClass),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      port: db.port,
      multiAz: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: db.allocatedStorageGiB,
      maxAllocatedStorage: db.maxAllocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: key,
      credentials: rds.Credentials.fromGeneratedSecret(db.username, {
        secretName: `${props.environment}/imageserver/database`,
      }),
      databaseName: db.databaseName,
      iamAuthentication: true,
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', {
        engine,
        parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '1000' },
      }),
      cloudwatchLogsExports: exportedLogs,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      backupRetention: Duration.days(db.backupRetentionDays),
      deletionProtection: true,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    for (const group of logGroups) this.instance.node.addDependency(group);
    this.instance.addRotationSingleUser({
      automaticallyAfter: Duration.days(db.rotationDays),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
  }

  /** Admits `peer` to the database port, and nothing else. */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
  }
}
