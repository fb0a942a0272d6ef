import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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

  it('applies the CRD CEL rules (from @imageserver/image-server-spec) once the schema passes', () => {
    expect(validateImageServerSpec({ ...valid, replicas: 2, autoscaling: { maxReplicas: 3 } })).toEqual([
      'spec: set either replicas or autoscaling, not both',
    ]);
    expect(validateImageServerSpec({ ...valid, replicas: 2, autoscaling: {} })).toEqual([
      'spec.autoscaling.maxReplicas: is required',
    ]);
    expect(validateImageServerSpec('nope')).toEqual(['spec: must be an object']);
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
