import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterConfig } from '../config';

/**
 * A KubeConfig for one configured cluster: a service-account token against a URL, a kubeconfig
 * file (optionally one context of it), or the pod's own service account.
 */
export function buildKubeConfig(cluster: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  switch (cluster.authProvider) {
    case 'serviceAccount':
      kc.loadFromOptions({
        clusters: [
          {
            name: cluster.name,
            server: cluster.url,
            caData: cluster.caData,
            skipTLSVerify: cluster.skipTLSVerify,
          },
        ],
        users: [{ name: `${cluster.name}-user`, token: cluster.serviceAccountToken }],
        contexts: [{ name: cluster.name, cluster: cluster.name, user: `${cluster.name}-user` }],
        currentContext: cluster.name,
      });
      break;
    case 'kubeconfig':
      if (cluster.kubeconfigPath) kc.loadFromFile(cluster.kubeconfigPath);
      else kc.loadFromDefault();
      if (cluster.context) kc.setCurrentContext(cluster.context);
      break;
    case 'inCluster':
      kc.loadFromCluster();
      break;
  }
  return kc;
}
