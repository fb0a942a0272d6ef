import { example } from '../__fixtures__/examples';
import { ctx } from '../__fixtures__/context';
import { buildIngress } from './ingress';
import { buildNetworkPolicy } from './networkPolicy';

describe('buildIngress', () => {
  it('joins the shared ALB group, has TLS with the ACM certificate and the external-dns host', () => {
    const ingress = buildIngress(example('production'), ctx)!;
    expect(ingress.metadata!.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/group.name': 'imageserver',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/certificate-arn':
        'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-123456789012',
      'external-dns.alpha.kubernetes.io/hostname': 'images.shop.example.com',
    });
    expect(ingress.spec!.ingressClassName).toBe('alb');
    expect(ingress.spec!.rules![0]!.host).toBe('images.shop.example.com');
    expect(buildIngress(example('minimal'), ctx)).toBeUndefined();
  });
});

describe('buildNetworkPolicy', () => {
  it('lets in only the ingress controller, the ALB subnets and the portal', () => {
    const np = buildNetworkPolicy(example('minimal'), ctx);
    expect(np.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec!.ingress).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
          { ipBlock: { cidr: '10.0.0.0/16' } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backstage' } } },
        ],
        ports: [{ protocol: 'TCP', port: 7070 }],
      },
    ]);
  });

  it('lets out only DNS, PostgreSQL, Redis (when configured) and HTTPS to AWS', () => {
    const ports = (name: 'minimal' | 'production') =>
      buildNetworkPolicy(example(name), ctx).spec!.egress!.map((e) =>
        e.ports!.map((p) => `${p.protocol}/${p.port}`).join(','),
      );
    expect(ports('minimal')).toEqual(['UDP/53,TCP/53', 'TCP/5432', 'TCP/443']);
    expect(ports('production')).toEqual(['UDP/53,TCP/53', 'TCP/5432', 'TCP/6379', 'TCP/443']);
  });
});
