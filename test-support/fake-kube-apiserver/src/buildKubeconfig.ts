import { stringify } from 'yaml';

/**
 * A kubeconfig (YAML) with one cluster at `server`, one user with a bearer token, one context using
 * `namespace`, and that context current. Loadable with `KubeConfig.loadFromString`.
 */
export function buildKubeconfig(server: string, token: string, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // @kubernetes/client-node refuses plain http unless the cluster skips TLS verification.
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake-user', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace } }],
    'current-context': 'fake',
    preferences: {},
  });
}
