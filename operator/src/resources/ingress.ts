import type { Ingress } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names } from './labels';
import type { BuildContext } from './types';

/**
 * Ingress for the AWS Load Balancer Controller. Every server joins one ingress group so that they
 * share one ALB; external-dns creates the Route 53 record for the host. Undefined without `ingress`.
 */
export function buildIngress(server: ImageServer, ctx: BuildContext): Ingress | undefined {
  const ingress = server.spec.ingress;
  if (!ingress) return undefined;
  const tls = ingress.tls !== undefined;
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/group.name': ctx.settings.ingressGroupName,
    'alb.ingress.kubernetes.io/healthcheck-path': '/readyz',
    'alb.ingress.kubernetes.io/listen-ports': tls ? '[{"HTTP":80},{"HTTPS":443}]' : '[{"HTTP":80}]',
    'external-dns.alpha.kubernetes.io/hostname': ingress.host,
  };
  if (tls) annotations['alb.ingress.kubernetes.io/ssl-redirect'] = '443';
  if (ingress.tls?.certificateArn)
    annotations['alb.ingress.kubernetes.io/certificate-arn'] = ingress.tls.certificateArn;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
      annotations,
    },
    spec: {
      ingressClassName: ingress.className ?? 'alb',
      // With the ALB controller, `hosts` drives certificate discovery; no Secret is involved.
      ...(tls ? { tls: [{ hosts: [ingress.host] }] } : {}),
      rules: [
        {
          host: ingress.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: names.server(server), port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}
