import type { ClusterSettings } from '../config/types';
import type { BuildContext } from '../resources/types';

export const settings: ClusterSettings = {
  region: 'us-east-1',
  ingressGroupName: 'imageserver',
  ingressControllerNamespace: 'kube-system',
  ingressCidrs: ['10.0.0.0/16'],
  portalNamespace: 'backstage',
  databaseCidrs: ['10.0.10.0/24'],
  cacheCidrs: ['10.0.20.0/24'],
  awsCidrs: ['0.0.0.0/0'],
  serverPrefixRoot: 'servers/',
  serverS3ForcePathStyle: false,
};

/** The settings infra gives the operator: shared bucket, bucket prefix, the platform distribution. */
export const platformSettings: ClusterSettings = {
  ...settings,
  region: 'eu-west-1',
  sharedBucket: 'imageserver-images-prod-111111111111-eu-west-1',
  dedicatedBucketPrefix: 'prod-imageserver-',
  cloudfrontDistributionId: 'EPLATFORM12345',
};

export const ctx: BuildContext = {
  settings,
  credentials: {
    adminApiKey: 'a'.repeat(32),
    signingKeys: `k1:${Buffer.alloc(32, 1).toString('base64url')}`,
    rotation: '',
  },
};
