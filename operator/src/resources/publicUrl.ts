import type { ImageServer } from '../crd/types';

/** The URL clients use: the CDN domain, else the ingress host, else none (cluster-internal only). */
export function publicUrl(server: ImageServer): string | undefined {
  const { cdn, ingress } = server.spec;
  if (cdn?.domain) return `https://${cdn.domain}`;
  if (ingress?.host) return `${ingress.tls ? 'https' : 'http'}://${ingress.host}`;
  return undefined;
}

/** The URL reported in status: the public one, else the in-cluster Service URL. */
export function statusUrl(server: ImageServer): string {
  return publicUrl(server) ?? `http://${server.metadata.name}.${server.metadata.namespace}.svc`;
}
