import { DNS_ANNOTATION, originIngress } from './originIngress';

describe('originIngress', () => {
  const ingress = originIngress({
    groupName: 'imageserver',
    originHostname: 'origin.images.example.com',
    certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/abc',
    securityGroupId: 'sg-123',
    namespace: 'kube-system',
  }) as { metadata: { annotations: Record<string, string> }; spec: { rules: { host?: string }[] } };

  it('joins the servers’ group last, HTTPS only, with the certificate and the CloudFront-only group', () => {
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/group.name': 'imageserver',
      'alb.ingress.kubernetes.io/group.order': '1000',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:111111111111:certificate/abc',
      'alb.ingress.kubernetes.io/security-groups': 'sg-123',
    });
  });

  it('is the only Ingress external-dns publishes, under the origin name', () => {
    expect(ingress.metadata.annotations[DNS_ANNOTATION.key]).toBe(DNS_ANNOTATION.value);
    expect(ingress.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe(
      'origin.images.example.com',
    );
    // No host in the rules: nothing for external-dns to publish from the spec.
    expect(ingress.spec.rules.every((r) => r.host === undefined)).toBe(true);
  });

  it('answers requests for unknown hosts with a fixed 404', () => {
    expect(JSON.parse(ingress.metadata.annotations['alb.ingress.kubernetes.io/actions.not-found']!)).toEqual({
      type: 'fixed-response',
      fixedResponseConfig: { contentType: 'text/plain', statusCode: '404', messageBody: 'not found' },
    });
  });
});
