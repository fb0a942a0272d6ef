/** Annotation external-dns is filtered on: only Ingresses carrying it get DNS records. */
export const DNS_ANNOTATION = { key: 'imageserver.dev/dns', value: 'origin' } as const;

export interface OriginIngressInput {
  /** The ingress group every image server joins (the operator's INGRESS_GROUP_NAME). */
  readonly groupName: string;
  /** `<originLabel>.<imagesDomain>`, the name CloudFront connects to. */
  readonly originHostname: string;
  readonly certificateArn: string;
  readonly securityGroupId: string;
  readonly namespace: string;
}

/**
 * The Ingress that anchors the shared ALB's edge settings, whatever servers join the group:
 * HTTPS only with the origin certificate, the CloudFront-only security group, a fixed 404 as the
 * last rule, and the origin name for external-dns to publish. Servers' own Ingresses carry no
 * DNS annotation external-dns acts on, so their hosts stay on the wildcard alias to CloudFront.
 */
export function originIngress(input: OriginIngressInput): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'imageserver-origin',
      namespace: input.namespace,
      annotations: {
        'alb.ingress.kubernetes.io/group.name': input.groupName,
        // Evaluated after every server's rules (higher order = lower priority).
        'alb.ingress.kubernetes.io/group.order': '1000',
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
        'alb.ingress.kubernetes.io/certificate-arn': input.certificateArn,
        'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        'alb.ingress.kubernetes.io/security-groups': input.securityGroupId,
        'alb.ingress.kubernetes.io/manage-backend-security-group-rules': 'true',
        'alb.ingress.kubernetes.io/actions.not-found':
          '{"type":"fixed-response","fixedResponseConfig":{"contentType":"text/plain","statusCode":"404","messageBody":"not found"}}',
        'external-dns.alpha.kubernetes.io/hostname': input.originHostname,
        [DNS_ANNOTATION.key]: DNS_ANNOTATION.value,
      },
    },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'not-found', port: { name: 'use-annotation' } } },
              },
            ],
          },
        },
      ],
    },
  };
}
