import { Duration, type App } from 'aws-cdk-lib';
import { ClusterStack } from '../cluster/ClusterStack';
import type { EnvironmentConfig } from '../config';
import { DataStack } from '../data/DataStack';
import { EdgeCertificateStack } from '../edge/EdgeCertificateStack';
import { EdgeStack } from '../edge/EdgeStack';
import { IdentityStack } from '../identity/IdentityStack';
import { NetworkStack } from '../network/NetworkStack';
import { EdgeAlarmsStack } from '../observability/EdgeAlarmsStack';
import { ObservabilityStack } from '../observability/ObservabilityStack';
import { TaggingStack } from '../tagging/TaggingStack';
import type { PlatformStacks } from './types';

export interface BuildAppOptions {
  /** Repository root that configuration paths (operator manifest, tagging handler) are relative to. */
  readonly root?: string;
}

/**
 * Adds every stack of one environment to `app`, in deployment order, wired by references.
 * @example buildApp(new App(), loadConfig('prod'))
 */
export function buildApp(app: App, config: EnvironmentConfig, options: BuildAppOptions = {}): PlatformStacks {
  const network = new NetworkStack(app, 'Network', { config });
  // The edge comes first: the operator (cluster stack) and the workload role (identity stack) name
  // its distribution, for the servers' invalidations. It depends on nothing in the cluster.
  const edgeCertificate = new EdgeCertificateStack(app, 'EdgeCertificate', { config });
  const edge = new EdgeStack(app, 'Edge', {
    config,
    certificate: edgeCertificate.certificate,
    webAclArn: edgeCertificate.webAcl.attrArn,
  });
  const cluster = new ClusterStack(app, 'Cluster', {
    config,
    vpc: network.vpc,
    root: options.root,
    distributionId: edge.distribution.distributionId,
  });
  const data = new DataStack(app, 'Data', {
    config,
    vpc: network.vpc,
    clusterSecurityGroup: cluster.cluster.clusterSecurityGroup,
  });
  const identity = new IdentityStack(app, 'Identity', {
    config,
    cluster: cluster.cluster,
    imagesBucket: data.images.bucket,
    imagesKey: data.images.key,
    operatorServiceAccount: cluster.operatorServiceAccount,
    distributionArn: edge.distribution.distributionArn,
  });
  const tagging = new TaggingStack(app, 'Tagging', { config, vpc: network.vpc, data, root: options.root });
  const observability = new ObservabilityStack(app, 'Observability', {
    config,
    cluster: cluster.cluster,
    database: data.database.instance,
    cacheMemberIds: data.cache.memberIds,
    taggingFunction: tagging.tagging.function,
    taggingTimeout: Duration.seconds(config.tagging.timeoutSeconds),
  });
  const edgeAlarms = new EdgeAlarmsStack(app, 'EdgeAlarms', {
    config,
    distributionId: edge.distribution.distributionId,
  });
  return { network, cluster, data, identity, tagging, edgeCertificate, edge, observability, edgeAlarms };
}
