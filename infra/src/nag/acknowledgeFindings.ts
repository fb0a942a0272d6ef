import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { PlatformStacks } from '../app/types';
import { resourceNames } from '../config/resourceNames';

/** One accepted finding: the rule (with its finding id where the rule reports several) and why. */
interface Acknowledgment {
  readonly id: string;
  readonly reason: string;
}

const ack = (scope: IConstruct, ...rules: Acknowledgment[]) => Validations.of(scope).acknowledge(...rules);
const managed = (policy: string) =>
  `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`;
const child = (scope: IConstruct, id: string) => scope.node.findChild(id);

/**
 * Acknowledges, on the narrowest construct that holds them, the cdk-nag AwsSolutions findings a
 * security reviewer accepted, each with its reason. Everything else must be fixed, not
 * acknowledged: the nag test fails on any finding not listed here. (The two CloudFormation
 * validator warnings the app causes on purpose are acknowledged where they arise.)
 */
export function acknowledgeFindings(stacks: PlatformStacks): void {
  const config = stacks.network.config;
  const names = resourceNames(config);

  // Cluster stack.
  const cluster = stacks.cluster.cluster;
  ack(cluster.role, {
    id: managed('AmazonEKSClusterPolicy'),
    reason:
      'The EKS control-plane service role; AWS documents this managed policy as the required one and keeps it in step with the service.',
  });
  const kubectl = child(cluster, 'KubectlProvider');
  const kubectlHandler = child(kubectl, 'Handler');
  const handlerLogicalId = Stack.of(kubectlHandler).getLogicalId(
    kubectlHandler.node.defaultChild as CfnElement,
  );
  const cdkManaged =
    'Part of the kubectl provider aws-cdk-lib builds for aws-eks-v2 (a deploy-time custom resource, never invoked by workloads); its role and runtime follow the library.';
  ack(
    kubectl,
    { id: managed('service-role/AWSLambdaBasicExecutionRole'), reason: cdkManaged },
    {
      id: managed('service-role/AWSLambdaVPCAccessExecutionRole'),
      reason: `${cdkManaged} It runs in the VPC because the API endpoint is private.`,
    },
    {
      id: managed('AmazonEC2ContainerRegistryReadOnly'),
      reason: `${cdkManaged} Helm pulls OCI charts from ECR.`,
    },
    {
      id: 'AwsSolutions-IAM4[Policy::{"Fn::If":["ClusterKubectlProviderHandlerHasEcrPublic69E09706",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      reason: `${cdkManaged} Helm pulls public charts from ECR Public.`,
    },
    {
      id: 'AwsSolutions-L1',
      reason: `${cdkManaged} The Python runtime is chosen by aws-cdk-lib and moves with library upgrades.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
      reason: `${cdkManaged} The wildcard is the versions and aliases of its own handler function.`,
    },
  );
  ack(
    stacks.cluster.nodegroup,
    {
      id: managed('AmazonEKSWorkerNodePolicy'),
      reason: 'Required by EKS managed node groups to join the cluster.',
    },
    {
      id: managed('AmazonEKS_CNI_Policy'),
      reason:
        'Required by the VPC CNI on the nodes to assign pod addresses. Pods cannot use the node role: IMDS hop limit is 1.',
    },
    {
      id: managed('AmazonEC2ContainerRegistryReadOnly'),
      reason: 'Nodes pull the server and operator images from ECR; read-only.',
    },
  );
  const albReason =
    'The AWS-published IAM policy of the AWS Load Balancer Controller, shipped by aws-cdk-lib for the pinned controller version. It creates load balancers, target groups and security groups with generated names, so resources cannot be named in advance; its mutating statements are conditioned on the elbv2.k8s.aws/cluster tag.';
  ack(
    cluster.albController!,
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: albReason },
    ...[
      'ec2:*:*:security-group/*',
      ...[
        'loadbalancer/app/*/*',
        'loadbalancer/net/*/*',
        'targetgroup/*/*',
        'listener-rule/app/*/*/*',
        'listener-rule/net/*/*/*',
        'listener/app/*/*/*',
        'listener/net/*/*/*',
      ].map((r) => `elasticloadbalancing:*:*:${r}`),
    ].map((r) => ({ id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${r}]`, reason: albReason })),
  );
  ack(child(stacks.cluster, 'ExternalDnsRolePolicy'), {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'route53:ListHostedZones has no resource-level permissions; changes are limited to the one zone and to names under the images domain.',
  });
  ack(child(stacks.cluster, 'CloudWatchAgentRole'), {
    id: managed('CloudWatchAgentServerPolicy'),
    reason:
      'The policy AWS documents for the amazon-cloudwatch-observability add-on (Container Insights); it only writes metrics and logs.',
  });

  // Data stack.
  ack(stacks.data.cache.authToken, {
    id: 'AwsSolutions-SMG4',
    reason:
      'There is no AWS rotation function for ElastiCache AUTH tokens: rotating needs ModifyReplicationGroup with the ROTATE strategy while clients switch over. Rotated by runbook (README, "Rotating the cache token").',
  });

  // Identity stack.
  const bucket = `arn:aws:s3:::${names.imagesBucket}`;
  const namespaceBuckets = `arn:aws:s3:::${config.images.operatorBucketPrefix}<aws:PrincipalTag/kubernetes-namespace>.*`;
  ack(
    child(stacks.identity, 'WorkloadRolePolicy'),
    {
      id: `AwsSolutions-IAM5[Resource::${bucket}/${config.images.serverPrefixRoot}<aws:PrincipalTag/kubernetes-namespace>/<aws:PrincipalTag/kubernetes-service-account>/*]`,
      reason:
        'Objects under the calling server’s own prefix only: the namespace and service account come from the EKS Pod Identity session tags.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${namespaceBuckets}]`,
      reason:
        'Listing the own buckets the operator creates for servers of the caller’s namespace (named <prefix><namespace>.<name>; the dot ends the namespace, so no other namespace matches), namespace from the Pod Identity session tag.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${namespaceBuckets}/*]`,
      reason:
        'Objects in the own buckets of the caller’s namespace only (same name rule); bucket names are chosen per server, so only the namespace part can be fixed.',
    },
  );
  ack(
    child(stacks.identity, 'OperatorRolePolicy'),
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${config.images.operatorBucketPrefix}*]`,
      reason:
        'The operator creates buckets with generated names under this environment’s prefix; the prefix is the scope.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${config.images.operatorBucketPrefix}*/*]`,
      reason: 'Emptying a server’s own bucket before deleting it; same prefix scope.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${bucket}/${config.images.serverPrefixRoot}*]`,
      reason:
        'Deleting a removed server’s objects; limited to the servers’ root prefix of the shared bucket.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:eks:${config.region}:${config.account}:podidentityassociation/${names.cluster}/*]`,
      reason: 'Association ids are generated by EKS; limited to this cluster’s associations.',
    },
  );

  // Tagging stack.
  const tagging = stacks.tagging.tagging;
  ack(
    tagging.role,
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The network-interface actions Lambda needs to run in the VPC; EC2 does not support resource-level permissions for the Describe actions.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${bucket}/${config.tagging.uploadsPrefix}*/originals/*]`,
      reason:
        's3:GetObject on the servers’ originals only (`<namespace>/<name>/…/originals/…` under the uploads prefix): the objects whose creation invokes the function, for every server of the platform.',
    },
  );
  const notifications = stacks.tagging.node.children.find((c) =>
    c.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (notifications) {
    ack(notifications, {
      id: managed('service-role/AWSLambdaBasicExecutionRole'),
      reason:
        'aws-cdk-lib’s deploy-time handler that writes the bucket notification configuration; logs only.',
    });
  }

  // Edge stack.
  ack(child(stacks.edge, 'Logs'), {
    id: 'AwsSolutions-S1',
    reason:
      'This bucket receives CloudFront standard logs; access-logging the log bucket itself would only log log deliveries.',
  });
  ack(stacks.edge.distribution, {
    id: 'AwsSolutions-CFR1',
    reason:
      'Images are served worldwide; there is no geographic restriction to enforce. WAF rate-limits and filters instead.',
  });
}
