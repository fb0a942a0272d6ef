import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, INSTANCE_LABEL, names } from './labels';
import { SERVER_PORT } from './serverSettings';
import type { BuildContext } from './types';

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';
const POSTGRES_PORT = 5432;
const REDIS_PORT = 6379;

const blocks = (cidrs: readonly string[]): NetworkPolicyPeer[] =>
  cidrs.map((cidr) => ({ ipBlock: { cidr } }));

/**
 * Default-deny for the server and worker pods, then: ingress only from the ingress controller's
 * namespace, the ALB subnets (ALB IP targets come from outside the cluster) and the portal's
 * namespace; egress only to cluster DNS, PostgreSQL, Redis and HTTPS to AWS endpoints.
 */
export function buildNetworkPolicy(server: ImageServer, ctx: BuildContext): NetworkPolicy {
  const s = ctx.settings;
  const inNamespace = (ns: string): NetworkPolicyPeer => ({
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: ns } },
  });
  const egress: NetworkPolicyEgressRule[] = [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
    { to: blocks(s.databaseCidrs), ports: [{ protocol: 'TCP', port: POSTGRES_PORT }] },
  ];
  if (server.spec.cache)
    egress.push({ to: blocks(s.cacheCidrs), ports: [{ protocol: 'TCP', port: REDIS_PORT }] });
  egress.push({ to: blocks(s.awsCidrs), ports: [{ protocol: 'TCP', port: 443 }] });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    spec: {
      podSelector: {
        matchLabels: { [INSTANCE_LABEL]: server.metadata.name, 'app.kubernetes.io/name': 'imageserver' },
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            inNamespace(s.ingressControllerNamespace),
            ...blocks(s.ingressCidrs),
            inNamespace(s.portalNamespace),
          ],
          ports: [{ protocol: 'TCP', port: SERVER_PORT }],
        },
      ],
      egress,
    },
  };
}
