import { buildCrd } from '../crd/crd';
import type { KubeObject } from '../resources/types';
import { clusterRules, leaderElectionRules } from './rbac';

export const OPERATOR_NAME = 'imageserver-operator';
export const OPERATOR_NAMESPACE = 'imageserver-system';
export const OPERATOR_IMAGE = 'ghcr.io/example/imageserver-operator:0.1.0';

const labels = { 'app.kubernetes.io/name': OPERATOR_NAME, 'app.kubernetes.io/part-of': 'imageserver' };
const meta = (name: string, namespaced = true) => ({
  name,
  ...(namespaced ? { namespace: OPERATOR_NAMESPACE } : {}),
  labels,
});

/** The install manifests, by file under `config/`, in apply order. */
export function installManifests(): { file: string; objects: KubeObject[] }[] {
  return [
    {
      file: 'manager/namespace.yaml',
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: meta(OPERATOR_NAMESPACE, false) }],
    },
    { file: 'crd/imageservers.imageserver.dev.yaml', objects: [buildCrd() as unknown as KubeObject] },
    {
      file: 'rbac/service_account.yaml',
      objects: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(OPERATOR_NAME) }],
    },
    {
      file: 'rbac/role.yaml',
      objects: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: meta(OPERATOR_NAME, false),
          rules: clusterRules,
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: meta(`${OPERATOR_NAME}-leader-election`),
          rules: leaderElectionRules,
        },
      ],
    },
    {
      file: 'rbac/role_binding.yaml',
      objects: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: meta(OPERATOR_NAME, false),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OPERATOR_NAME },
          subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: meta(`${OPERATOR_NAME}-leader-election`),
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Role',
            name: `${OPERATOR_NAME}-leader-election`,
          },
          subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE }],
        },
      ],
    },
    { file: 'manager/manager.yaml', objects: [operatorDeployment()] },
  ];
}

function operatorDeployment(): KubeObject {
  const podLabels = { 'app.kubernetes.io/name': OPERATOR_NAME };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(OPERATOR_NAME),
    spec: {
      // Two replicas: one leads, one stands by and takes over within a lease duration.
      replicas: 2,
      selector: { matchLabels: podLabels },
      template: {
        metadata: {
          labels: podLabels,
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' },
        },
        spec: {
          serviceAccountName: OPERATOR_NAME,
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: podLabels },
            },
          ],
          containers: [
            {
              name: 'operator',
              image: OPERATOR_IMAGE,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'OPERATOR_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                // Caps the V8 heap well under the memory limit: 500 ImageServers need ~70 MiB after GC.
                { name: 'NODE_OPTIONS', value: '--max-old-space-size=256' },
                { name: 'AWS_REGION', value: 'us-east-1' },
                { name: 'INGRESS_GROUP_NAME', value: 'imageserver' },
                { name: 'PORTAL_NAMESPACE', value: 'backstage' },
                // Set these two to manage EKS Pod Identity associations:
                { name: 'EKS_CLUSTER_NAME', value: '' },
                { name: 'WORKLOAD_ROLE_ARN', value: '' },
                // Secret in this namespace with key `url`: admin URL of the shared PostgreSQL.
                { name: 'MANAGED_DATABASE_SECRET', value: '' },
                // The platform's storage (infra sets them): shared images bucket and the servers' prefix
                // root in it, the name prefix of buckets the operator may create, the CloudFront distribution.
                { name: 'SHARED_BUCKET', value: '' },
                { name: 'SERVER_PREFIX_ROOT', value: 'servers/' },
                { name: 'DEDICATED_BUCKET_PREFIX', value: '' },
                { name: 'CLOUDFRONT_DISTRIBUTION_ID', value: '' },
              ],
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}
