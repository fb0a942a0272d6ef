import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES_DIR } from './__fixtures__/examples';
import { settings } from './__fixtures__/context';
import { validateKubeObjects } from './__fixtures__/validateKubeObjects';
import { renderManifests } from './renderManifests';

const production = readFileSync(join(EXAMPLES_DIR, 'production.yaml'), 'utf8');

describe('renderManifests', () => {
  it('prints every object for each ImageServer, valid by the upstream schemas, with placeholder secrets', () => {
    const out = renderManifests(
      production + '\n---\n' + readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8'),
      settings,
    );
    const objects = parseAllDocuments(out)
      .map((d) => d.toJS())
      .filter(Boolean) as { kind: string; metadata: { name: string }; data?: Record<string, string> }[];
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Secret/catalog-credentials',
      'ServiceAccount/catalog',
      'ConfigMap/catalog',
      'Deployment/catalog',
      'Deployment/catalog-worker',
      'Service/catalog',
      'HorizontalPodAutoscaler/catalog',
      'PodDisruptionBudget/catalog',
      'Ingress/catalog',
      'NetworkPolicy/catalog',
      'Secret/photos-credentials',
      'ServiceAccount/photos',
      'ConfigMap/photos',
      'Deployment/photos',
      'Service/photos',
      'PodDisruptionBudget/photos',
      'NetworkPolicy/photos',
    ]);
    expect(validateKubeObjects(objects as never)).toEqual(objects.map(() => undefined));
    const secret = Buffer.from(objects[0]!.data!.ADMIN_API_KEY!, 'base64').toString();
    expect(secret).toBe('generated-in-cluster-by-the-operator');
  });

  it('lists every problem of every document and prints nothing', () => {
    const bad = `apiVersion: imageserver.dev/v1alpha1
kind: ImageServer
metadata: { name: a }
spec: { image: x, storage: { bucket: Bad_Bucket }, database: { managed: true } }
---
apiVersion: imageserver.dev/v1alpha1
kind: ImageServer
metadata: { name: b }
spec: { image: x, storage: { bucket: ok-bucket }, database: { managed: true }, replicas: 1, autoscaling: { maxReplicas: 3 } }
`;
    expect(() => renderManifests(bad, settings, 'bad.yaml')).toThrow(
      [
        'Invalid ImageServer manifests:',
        '  - bad.yaml document 1 (a): spec.storage.bucket: must match pattern "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"',
        '  - bad.yaml document 2 (b): spec: set either replicas or autoscaling, not both',
      ].join('\n'),
    );
  });

  it('skips other kinds, as GitOps folders mix them', () => {
    expect(renderManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n', settings)).toBe('');
  });
});

describe('npm run render', () => {
  const cli = join(__dirname, 'render.ts');
  const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

  it('prints YAML for a file and exits 0', () => {
    const out = execFileSync(tsx, [cli, join(EXAMPLES_DIR, 'minimal.yaml')], { encoding: 'utf8' });
    expect(out).toContain('kind: Deployment');
  });

  it('exits 1 with the problems on stderr for an invalid file', () => {
    const run = spawnSync(tsx, [cli, '-'], {
      input: 'apiVersion: imageserver.dev/v1alpha1\nkind: ImageServer\nmetadata: { name: a }\nspec: {}\n',
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("- document 1 (a): spec: must have required property 'image'");
  });
});
