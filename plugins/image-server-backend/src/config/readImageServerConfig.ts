import type { Config } from '@backstage/config';
import { STATIC_CLUSTER, validateServerName } from '@imageserver/plugin-image-server-common';
import type { ClusterConfig, ImageServerConfig, StaticServerConfig } from './types';

/** The image server's own default MAX_UPLOAD_BYTES. */
export const DEFAULT_MAX_UPLOAD_BYTES = 50_000_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const AUTH_PROVIDERS = ['serviceAccount', 'kubeconfig', 'inCluster'];

/** Thrown at start-up when `imageServer` config is wrong; lists every problem. */
export class ImageServerConfigError extends Error {
  readonly code = 'IMAGE_SERVER_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid imageServer configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ImageServerConfigError';
  }
}

function readStatic(config: Config, i: number, problems: string[]): StaticServerConfig | undefined {
  const at = `imageServer.static[${i}]`;
  const name = config.getOptionalString('name');
  const url = config.getOptionalString('url');
  for (const p of validateServerName(name)) problems.push(`${at}.${p}`);
  if (!url || !/^https?:\/\//.test(url))
    problems.push(`${at}.url: expected an http(s) URL but received ${JSON.stringify(url)}`);
  const maxUploadBytes = config.getOptionalNumber('maxUploadBytes') ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes <= 0) {
    problems.push(`${at}.maxUploadBytes: expected a positive integer but received ${maxUploadBytes}`);
  }
  if (!name || !url) return undefined;
  return {
    name,
    url: url.replace(/\/+$/, ''),
    adminKey: config.getOptionalString('adminKey'),
    maxUploadBytes,
    owner: config.getOptionalString('owner'),
  };
}

function readCluster(config: Config, i: number, problems: string[]): ClusterConfig | undefined {
  const at = `imageServer.kubernetes.clusters[${i}]`;
  const name = config.getOptionalString('name');
  const authProvider = config.getOptionalString('authProvider');
  const namespaces = config.getOptionalStringArray('namespaces');
  if (!name) problems.push(`${at}.name: is required`);
  else if (name === STATIC_CLUSTER)
    problems.push(`${at}.name: "${STATIC_CLUSTER}" is reserved for imageServer.static`);
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) problems.push(`${at}.name: must be a DNS label`);
  if (!authProvider || !AUTH_PROVIDERS.includes(authProvider)) {
    problems.push(
      `${at}.authProvider: expected one of ${AUTH_PROVIDERS.join(', ')} but received ${JSON.stringify(authProvider)}`,
    );
    return undefined;
  }
  if (!name) return undefined;
  if (authProvider === 'serviceAccount') {
    const url = config.getOptionalString('url');
    const serviceAccountToken = config.getOptionalString('serviceAccountToken');
    if (!url) problems.push(`${at}.url: is required for authProvider serviceAccount`);
    if (!serviceAccountToken)
      problems.push(`${at}.serviceAccountToken: is required for authProvider serviceAccount`);
    if (!url || !serviceAccountToken) return undefined;
    return {
      name,
      namespaces,
      authProvider,
      url,
      serviceAccountToken,
      caData: config.getOptionalString('caData'),
      skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  }
  if (authProvider === 'kubeconfig') {
    return {
      name,
      namespaces,
      authProvider,
      kubeconfigPath: config.getOptionalString('kubeconfigPath'),
      context: config.getOptionalString('context'),
    };
  }
  return { name, namespaces, authProvider: 'inCluster' };
}

function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

/**
 * Reads and checks the `imageServer` section.
 *
 * @throws ImageServerConfigError with every problem found, so one start-up shows them all
 */
export function readImageServerConfig(root: Config): ImageServerConfig {
  const problems: string[] = [];
  const section = root.getOptionalConfig('imageServer');
  const statics = (section?.getOptionalConfigArray('static') ?? [])
    .map((c, i) => readStatic(c, i, problems))
    .filter((s): s is StaticServerConfig => s !== undefined);
  const kube = section?.getOptionalConfig('kubernetes');
  const clusters = (kube?.getOptionalConfigArray('clusters') ?? [])
    .map((c, i) => readCluster(c, i, problems))
    .filter((c): c is ClusterConfig => c !== undefined);
  for (const d of duplicates(statics.map((s) => s.name)))
    problems.push(`imageServer.static: name "${d}" is used twice`);
  for (const d of duplicates(clusters.map((c) => c.name)))
    problems.push(`imageServer.kubernetes.clusters: name "${d}" is used twice`);
  const requestTimeoutMs = kube?.getOptionalNumber('requestTimeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (problems.length > 0) throw new ImageServerConfigError(problems);
  return { static: statics, clusters, requestTimeoutMs };
}
