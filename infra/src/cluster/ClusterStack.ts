import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import path from 'node:path';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { REPO_ROOT } from '../app/paths';
import { resourceNames } from '../config/resourceNames';
import { configureOperator } from './configureOperator';
import { findServiceAccount } from './findServiceAccount';
import { DNS_ANNOTATION, originIngress } from './originIngress';
import { podIdentityRole } from './podIdentityRole';
import { readOperatorManifest } from './readOperatorManifest';
import type { ServiceAccountRef } from './types';

export interface ClusterStackProps extends PlatformStackProps {
  readonly vpc: ec2.IVpc;
  /** Repository root the operator manifest path is relative to. @default the repository root */
  readonly root?: string;
  /**
   * The edge stack's CloudFront distribution in front of every server, told to the operator so that
   * servers invalidate it. Left out of the operator's settings when undefined.
   */
  readonly distributionId?: string;
}

/** All five control-plane log types; the audit and authenticator logs matter most to a reviewer. */
export const CONTROL_PLANE_LOGS = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * The EKS cluster (aws-eks-v2) with managed nodes across the three AZs, the Pod Identity agent,
 * the AWS Load Balancer Controller, external-dns, Container Insights, the ECR repositories, the
 * shared ALB's edge settings (origin Ingress, certificate, CloudFront-only security group) and
 * the operator's manifests. IAM roles that need the data stores live in the identity stack.
 */
export class ClusterStack extends PlatformStack {
  readonly cluster: eks.Cluster;
  readonly nodegroup: eks.Nodegroup;
  readonly serverRepository: ecr.Repository;
  readonly operatorRepository: ecr.Repository;
  /** Attach to the ALB (Ingress annotation `alb.ingress.kubernetes.io/security-groups`). */
  readonly albSecurityGroup: ec2.SecurityGroup;
  /** The certificate the ALB presents to CloudFront (`*.<imagesDomain>`, this region). */
  readonly originCertificate: acm.Certificate;
  /** The account the operator runs as, read from its manifest when present. */
  readonly operatorServiceAccount: ServiceAccountRef;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const c = this.config.cluster;
    const privateSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    const secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `${this.config.name} EKS envelope encryption of Kubernetes secrets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: resourceNames(this.config).cluster,
      version: eks.KubernetesVersion.of(c.kubernetesVersion),
      vpc: props.vpc,
      vpcSubnets: [privateSubnets],
      // Managed node groups, not Auto Mode: the issue asks for the AWS Load Balancer Controller and
      // IMDS locked down per node, both of which Auto Mode replaces with its own managed pieces.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      endpointAccess: c.publicEndpointCidrs.length
        ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...c.publicEndpointCidrs)
        : eks.EndpointAccess.PRIVATE,
      clusterLogging: CONTROL_PLANE_LOGS,
      secretsEncryptionKey: secretsKey,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
      albController: { version: eks.AlbControllerVersion.V2_17_1 },
      tags: { 'imageserver:environment': this.config.name },
    });
    Validations.of(this.cluster).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason:
        'EncryptionConfig.Resources is rendered by aws-eks-v2 itself; EKS still needs it to encrypt secrets.',
    });
    c.adminRoleArns.forEach((arn, i) => this.cluster.grantClusterAdmin(`Admin${i}`, arn));
    // Reading the getter creates the eks-pod-identity-agent add-on.
    void this.cluster.eksPodIdentityAgent;

    this.nodegroup = this.addNodes(privateSubnets);
    this.addExternalDns();
    this.addContainerInsights();

    this.albSecurityGroup = new ec2.SecurityGroup(this, 'AlbOrigin', {
      vpc: props.vpc,
      description: 'ALB in front of the image servers: HTTPS from CloudFront only',
      allowAllOutbound: false,
    });
    this.albSecurityGroup.addIngressRule(
      ec2.Peer.prefixList(this.config.edge.cloudFrontPrefixListId),
      ec2.Port.tcp(443),
      'CloudFront origin-facing addresses',
    );

    const repository = (name: string) =>
      new ecr.Repository(this, `${name[0]!.toUpperCase()}${name.slice(1)}Repository`, {
        repositoryName: `imageserver/${name}`,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.KMS,
        lifecycleRules: [
          {
            description: 'drop untagged layers',
            tagStatus: ecr.TagStatus.UNTAGGED,
            maxImageAge: Duration.days(14),
          },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.serverRepository = repository('server');
    this.operatorRepository = repository('operator');

    const { dns } = this.config;
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: dns.hostedZoneId,
      zoneName: dns.hostedZoneName,
    });
    // The wildcard covers the origin name and the server hosts, which CloudFront forwards as Host
    // and checks the certificate against.
    this.originCertificate = new acm.Certificate(this, 'OriginCertificate', {
      domainName: `*.${dns.imagesDomain}`,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const origin = this.cluster.addManifest(
      'OriginIngress',
      originIngress({
        groupName: c.ingressGroupName,
        originHostname: `${dns.originLabel}.${dns.imagesDomain}`,
        certificateArn: this.originCertificate.certificateArn,
        securityGroupId: this.albSecurityGroup.securityGroupId,
        namespace: 'kube-system',
      }),
    );
    origin.node.addDependency(this.cluster.albController!);

    this.operatorServiceAccount = this.installOperator(props.root ?? REPO_ROOT, props.distributionId);

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'AlbSecurityGroupId', { value: this.albSecurityGroup.securityGroupId });
    new CfnOutput(this, 'ServerRepositoryUri', { value: this.serverRepository.repositoryUri });
    new CfnOutput(this, 'OperatorRepositoryUri', { value: this.operatorRepository.repositoryUri });
    new CfnOutput(this, 'OriginCertificateArn', { value: this.originCertificate.certificateArn });
  }

  private addNodes(subnets: ec2.SubnetSelection): eks.Nodegroup {
    const c = this.config.cluster;
    const instanceTypes = c.instanceTypes.map((t) => new ec2.InstanceType(t));
    const arm = instanceTypes[0]!.architecture === ec2.InstanceArchitecture.ARM_64;
    // Hop limit 1 keeps pods away from the node role's credentials: pods get theirs from Pod Identity.
    const template = new ec2.LaunchTemplate(this, 'NodeTemplate', {
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(c.nodeDiskGiB, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
          }),
        },
      ],
    });
    return this.cluster.addNodegroupCapacity('Workers', {
      nodegroupName: `${this.config.name}-workers`,
      instanceTypes,
      amiType: arm
        ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD
        : eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      capacityType: eks.CapacityType.ON_DEMAND,
      // One group over the three private subnets; the ASG balances nodes across the AZs.
      subnets,
      minSize: c.minNodes,
      desiredSize: c.desiredNodes,
      maxSize: c.maxNodes,
      launchTemplateSpec: { id: template.launchTemplateId!, version: template.latestVersionNumber },
      enableNodeAutoRepair: true,
      maxUnavailable: 1,
    });
  }

  private addExternalDns(): void {
    const { dns } = this.config;
    const account: ServiceAccountRef = { namespace: 'kube-system', name: 'external-dns' };
    const zoneArn = `arn:${this.partition}:route53:::hostedzone/${dns.hostedZoneId}`;
    const role = podIdentityRole(this, 'ExternalDnsRole', this.cluster, undefined, [
      new iam.PolicyStatement({
        sid: 'ChangeRecordsUnderTheImagesDomainOnly',
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zoneArn],
        conditions: {
          'ForAllValues:StringLike': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
              dns.imagesDomain,
              `*.${dns.imagesDomain}`,
            ],
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ReadTheZone',
        actions: ['route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        resources: [zoneArn],
      }),
      new iam.PolicyStatement({
        sid: 'FindTheZone',
        actions: ['route53:ListHostedZones'],
        resources: ['*'],
      }),
    ]);
    const association = new eks.CfnPodIdentityAssociation(this, 'ExternalDnsPodIdentity', {
      clusterName: this.cluster.clusterName,
      namespace: account.namespace,
      serviceAccount: account.name,
      roleArn: role.roleArn,
    });
    const chart = this.cluster.addHelmChart('ExternalDns', {
      chart: 'external-dns',
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      version: this.config.cluster.externalDnsChartVersion,
      release: 'external-dns',
      namespace: account.namespace,
      values: {
        provider: { name: 'aws' },
        serviceAccount: { create: true, name: account.name },
        // Pods cannot reach IMDS (hop limit 1), so the SDK is told its region.
        env: [{ name: 'AWS_DEFAULT_REGION', value: this.region }],
        sources: ['ingress'],
        domainFilters: [dns.imagesDomain],
        // Only the origin Ingress: a record per server host would shadow the wildcard alias to
        // CloudFront and send viewers straight to an ALB that only admits CloudFront.
        annotationFilter: `${DNS_ANNOTATION.key}=${DNS_ANNOTATION.value}`,
        policy: 'upsert-only',
        registry: 'txt',
        txtOwnerId: resourceNames(this.config).cluster,
        extraArgs: [
          `--zone-id-filter=${dns.hostedZoneId}`,
          '--ignore-ingress-rules-spec',
          '--ignore-ingress-tls-spec',
        ],
      },
    });
    chart.node.addDependency(association, this.cluster.eksPodIdentityAgent!, this.nodegroup);
  }

  private addContainerInsights(): void {
    const role = podIdentityRole(
      this,
      'CloudWatchAgentRole',
      this.cluster,
      undefined,
      [],
      [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')],
    );
    const addon = new eks.CfnAddon(this, 'CloudWatchObservability', {
      clusterName: this.cluster.clusterName,
      addonName: 'amazon-cloudwatch-observability',
      resolveConflicts: 'OVERWRITE',
      podIdentityAssociations: [{ serviceAccount: 'cloudwatch-agent', roleArn: role.roleArn }],
    });
    addon.node.addDependency(this.nodegroup, this.cluster.eksPodIdentityAgent!);
  }

  private installOperator(root: string, distributionId: string | undefined): ServiceAccountRef {
    const c = this.config.cluster;
    const fallback = { namespace: c.operatorNamespace, name: c.operatorServiceAccount };
    const file = path.resolve(root, c.operatorManifest);
    const manifest = readOperatorManifest(file);
    if (!manifest) {
      Annotations.of(this).addWarningV2(
        '@imageserver/infra:operator-manifest-missing',
        `${file} does not exist, so the operator is not installed; build the operator and synthesize again.`,
      );
      return fallback;
    }
    const names = resourceNames(this.config);
    const cidr = this.config.network.cidr;
    const objects = configureOperator(manifest.objects, {
      env: {
        AWS_REGION: this.region,
        EKS_CLUSTER_NAME: names.cluster,
        // Named in the identity stack; spelled out here so this stack does not depend on it.
        WORKLOAD_ROLE_ARN: `arn:${this.partition}:iam::${this.account}:role/${names.workloadRole}`,
        INGRESS_GROUP_NAME: c.ingressGroupName,
        INGRESS_CIDRS: cidr,
        DATABASE_CIDRS: cidr,
        CACHE_CIDRS: cidr,
        // Storage as the identity stack's roles allow it: servers on the shared bucket get
        // <root><namespace>/<serviceAccount>/; own buckets are <operatorBucketPrefix><namespace>.*
        SHARED_BUCKET: names.imagesBucket,
        SERVER_PREFIX_ROOT: this.config.images.serverPrefixRoot,
        DEDICATED_BUCKET_PREFIX: this.config.images.operatorBucketPrefix,
        ...(distributionId ? { CLOUDFRONT_DISTRIBUTION_ID: distributionId } : {}),
      },
      image: c.operatorImageTag
        ? `${this.operatorRepository.repositoryUri}:${c.operatorImageTag}`
        : undefined,
    });
    const operator = this.cluster.addManifest('Operator', ...objects);
    operator.node.addDependency(this.nodegroup);
    return findServiceAccount(manifest.objects, fallback);
  }
}
