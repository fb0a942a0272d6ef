import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { imageServerSpecSchema } from './crdSchema';
import { validateImageServerSpec } from './validateImageServerSpec';
import generated from '../generated/imageServerCrd.json';

const valid = {
  image: 'ghcr.io/example/imageserver:1.0.0',
  storage: { bucket: 'team-a-images' },
  database: { managed: true },
};

describe('validateImageServerSpec', () => {
  it('accepts a minimal spec and a full one', () => {
    expect(validateImageServerSpec(valid)).toEqual([]);
    expect(
      validateImageServerSpec({
        ...valid,
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 60 },
        cache: { secretRef: { name: 'redis' } },
        tagging: { mode: 'queue', taggers: ['basic', 'exif'] },
        ingress: { host: 'img.example.com' },
        limits: { maxUploadBytes: 10_000_000 },
        defaultVisibility: 'private',
      }),
    ).toEqual([]);
  });

  it('names every missing, mistyped and out-of-range field at once', () => {
    expect(
      validateImageServerSpec({
        image: '',
        replicas: 1000,
        defaultVisibility: 'secret',
        storage: { bucket: 'A' },
      }),
    ).toEqual([
      'spec.database: is required',
      'spec.image: must NOT have fewer than 1 characters',
      'spec.replicas: must be <= 100',
      'spec.storage.bucket: must NOT have fewer than 3 characters',
      'spec.storage.bucket: must match pattern "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"',
      'spec.defaultVisibility: must be one of "public", "private"',
    ]);
  });

  it('refuses fields the CRD does not have instead of letting the API server drop them', () => {
    expect(validateImageServerSpec({ ...valid, replica: 2, storage: { bucket: 'abc', buckt: 'x' } })).toEqual(
      ['spec.storage.buckt: is not a known field', 'spec.replica: is not a known field'],
    );
  });

  it('applies the CEL rules the schema cannot express', () => {
    expect(validateImageServerSpec({ ...valid, replicas: 2, autoscaling: { maxReplicas: 3 } })).toEqual([
      'spec: set either replicas or autoscaling, not both',
    ]);
    expect(validateImageServerSpec({ ...valid, tagging: { mode: 'queue' } })).toEqual([
      'spec: tagging mode queue needs a cache: the queue lives in Redis',
    ]);
    expect(validateImageServerSpec({ ...valid, autoscaling: { minReplicas: 5, maxReplicas: 3 } })).toEqual([
      'spec.autoscaling: minReplicas must not exceed maxReplicas',
    ]);
    expect(
      validateImageServerSpec({ ...valid, database: { managed: true, secretRef: { name: 'db' } } }),
    ).toEqual(['spec.database: database: set exactly one of secretRef or managed: true']);
    expect(
      validateImageServerSpec({
        ...valid,
        storage: {
          bucket: 'abc',
          lifecycle: { transitionToInfrequentAccessDays: 60, transitionToGlacierInstantRetrievalDays: 30 },
        },
      }),
    ).toEqual([
      'spec.storage: lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
    ]);
    expect(validateImageServerSpec('nope')).toEqual(['spec: must be an object']);
  });

  it('uses the CRD messages for the CEL rules', () => {
    const messages: string[] = [];
    const collect = (node: { [k: string]: unknown }) => {
      for (const v of (node['x-kubernetes-validations'] as { message: string }[] | undefined) ?? [])
        messages.push(v.message);
      for (const sub of Object.values((node.properties as Record<string, { [k: string]: unknown }>) ?? {}))
        collect(sub);
    };
    collect(imageServerSpecSchema);
    const ours = [
      validateImageServerSpec({ ...valid, replicas: 2, autoscaling: { maxReplicas: 3 } }),
      validateImageServerSpec({ ...valid, tagging: { mode: 'queue' } }),
      validateImageServerSpec({ ...valid, autoscaling: { minReplicas: 5, maxReplicas: 3 } }),
      validateImageServerSpec({ ...valid, database: {} }),
      validateImageServerSpec({
        ...valid,
        storage: {
          bucket: 'abc',
          lifecycle: { intelligentTiering: true, transitionToInfrequentAccessDays: 30 },
        },
      }),
    ].flat();
    for (const problem of ours) {
      expect(messages).toContain(problem.replace(/^spec(\.[a-z]+)?: /, ''));
    }
  });
});

describe('the generated CRD schema copy', () => {
  it('matches the operator CRD file (run `npm run generate -w @imageserver/plugin-image-server-common` when not)', () => {
    const file = join(__dirname, '../../../../operator/config/crd/imageservers.imageserver.dev.yaml');
    const crd = parse(readFileSync(file, 'utf8'));
    const version = crd.spec.versions.find((v: { storage: boolean }) => v.storage);
    expect(generated.openAPIV3Schema).toEqual(version.schema.openAPIV3Schema);
    expect(`${generated.group}/${generated.version}`).toBe(`${crd.spec.group}/${version.name}`);
  });
});
