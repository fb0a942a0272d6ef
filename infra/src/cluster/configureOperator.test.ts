import path from 'node:path';
import { configureOperator } from './configureOperator';
import { readOperatorManifest } from './readOperatorManifest';

const { objects } = readOperatorManifest(
  path.join(__dirname, '__fixtures__', 'repo-with-operator', 'operator', 'install.yaml'),
)!;
const containerOf = (list: Record<string, unknown>[]) =>
  (
    list.find((o) => o.kind === 'Deployment') as {
      spec: { template: { spec: { containers: { image: string; env?: unknown[] }[] } } };
    }
  ).spec.template.spec.containers[0]!;

describe('configureOperator', () => {
  it('sets the environment variables on the operator container and keeps the rest', () => {
    const result = configureOperator(objects, { env: { EKS_CLUSTER_NAME: 'c', AWS_REGION: 'eu-west-1' } });
    expect(containerOf(result).env).toEqual([
      { name: 'EKS_CLUSTER_NAME', value: 'c' },
      { name: 'AWS_REGION', value: 'eu-west-1' },
    ]);
    expect(containerOf(result).image).toBe(
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/imageserver/operator:0.1.0',
    );
    expect(result.map((o) => o.kind)).toEqual(objects.map((o) => o.kind));
    expect(result.filter((o) => o.kind !== 'Deployment')).toEqual(
      objects.filter((o) => o.kind !== 'Deployment'),
    );
  });

  it('replaces variables of the same name, keeps others (valueFrom included) and leaves the input alone', () => {
    const deployment = structuredClone(objects.find((o) => o.kind === 'Deployment')!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    deployment.spec.template.spec.containers[0].env = [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'EKS_CLUSTER_NAME', value: '' },
    ];
    const input = [deployment];
    const before = structuredClone(input);
    const result = configureOperator(input, {
      env: { EKS_CLUSTER_NAME: 'prod-imageserver' },
      image: 'repo/operator:1.2.3',
    });
    expect(containerOf(result)).toMatchObject({
      image: 'repo/operator:1.2.3',
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'EKS_CLUSTER_NAME', value: 'prod-imageserver' },
      ],
    });
    expect(input).toEqual(before);
  });

  it('refuses a manifest without a Deployment to configure', () => {
    expect(() => configureOperator([{ apiVersion: 'v1', kind: 'Namespace' }], { env: {} })).toThrow(
      'the operator manifest has no Deployment with a container to configure',
    );
  });
});
