import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { crdLimits } from './crdLimits';
import { defaultFormValues, validateCreateServerForm } from './createServerForm';

// The CRD the operator installs; the form must not accept what the API server would refuse.
const crdPath = join(__dirname, '../../../../operator/config/crd/imageservers.imageserver.dev.yaml');
const crd = parse(readFileSync(crdPath, 'utf8'));
const spec = crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha1').schema.openAPIV3Schema
  .properties.spec;
const p = spec.properties;

describe('crdLimits match the ImageServer CRD', () => {
  it('has the image, replica and autoscaling bounds', () => {
    expect({ minLength: p.image.minLength, maxLength: p.image.maxLength }).toEqual(crdLimits.image);
    expect({ minimum: p.replicas.minimum, maximum: p.replicas.maximum }).toEqual(crdLimits.replicas);
    const as = p.autoscaling.properties;
    expect(pick(as.minReplicas, 'minimum', 'maximum', 'default')).toEqual(crdLimits.autoscaling.minReplicas);
    expect(pick(as.maxReplicas, 'minimum', 'maximum')).toEqual(crdLimits.autoscaling.maxReplicas);
    expect(pick(as.targetCPUUtilization, 'minimum', 'maximum', 'default')).toEqual(
      crdLimits.autoscaling.targetCPUUtilization,
    );
    expect(p.autoscaling['x-kubernetes-validations'].map((r: { rule: string }) => r.rule)).toContain(
      'self.minReplicas <= self.maxReplicas',
    );
  });

  it('has the bucket rules and the lifecycle bounds and CEL rules', () => {
    const st = p.storage.properties;
    expect(pick(st.bucket, 'minLength', 'maxLength', 'pattern')).toEqual(crdLimits.bucket);
    const lc = st.lifecycle.properties;
    for (const key of Object.keys(crdLimits.lifecycle) as (keyof typeof crdLimits.lifecycle)[]) {
      expect(pick(lc[key], 'minimum', 'maximum')).toEqual(crdLimits.lifecycle[key]);
    }
    expect(st.deletionPolicy.enum).toEqual([...crdLimits.deletionPolicy]);
    const rules = p.storage['x-kubernetes-validations'].map((r: { message: string }) => r.message).join('\n');
    expect(rules).toMatch(/intelligentTiering excludes fixed transitions/);
    expect(rules).toMatch(
      /transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays/,
    );
  });

  it('has the tagging modes, the visibilities and the queue-needs-cache rule', () => {
    expect(p.tagging.properties.mode.enum).toEqual([...crdLimits.taggingModes]);
    expect(p.defaultVisibility.enum).toEqual([...crdLimits.visibilities]);
    expect(pick(p.cache.properties.secretRef.properties.name, 'minLength', 'maxLength')).toEqual(
      crdLimits.secretName,
    );
    expect(spec['x-kubernetes-validations'].map((r: { rule: string }) => r.rule)).toContain(
      "!has(self.tagging) || self.tagging.mode != 'queue' || has(self.cache)",
    );
  });
});

describe('the form enforces the CRD bounds at their edges', () => {
  const valid = { ...defaultFormValues('prod'), name: 'photos' };

  it.each([
    ['minReplicas', String(crdLimits.autoscaling.minReplicas.minimum - 1)],
    ['maxReplicas', String(crdLimits.autoscaling.maxReplicas.maximum + 1)],
    ['targetCPUUtilization', String(crdLimits.autoscaling.targetCPUUtilization.minimum - 1)],
    [
      'transitionToInfrequentAccessDays',
      String(crdLimits.lifecycle.transitionToInfrequentAccessDays.minimum - 1),
    ],
    ['expireVariantsDays', String(crdLimits.lifecycle.expireVariantsDays.maximum + 1)],
  ] as const)('refuses %s = %s', (field, value) => {
    expect(validateCreateServerForm({ ...valid, [field]: value })[field]).toBeDefined();
  });

  it.each([
    ['minReplicas', String(crdLimits.autoscaling.minReplicas.minimum)],
    ['maxReplicas', String(crdLimits.autoscaling.maxReplicas.maximum)],
    ['targetCPUUtilization', String(crdLimits.autoscaling.targetCPUUtilization.maximum)],
    [
      'transitionToInfrequentAccessDays',
      String(crdLimits.lifecycle.transitionToInfrequentAccessDays.minimum),
    ],
  ] as const)('accepts %s = %s', (field, value) => {
    expect(validateCreateServerForm({ ...valid, [field]: value })).toEqual({});
  });

  it('accepts exactly the buckets the CRD pattern accepts', () => {
    const pattern = new RegExp(p.storage.properties.bucket.pattern);
    for (const bucket of [
      'abc',
      'my.bucket-1',
      'a'.repeat(63),
      'ab',
      'Upper',
      '-lead',
      'trail-',
      'a'.repeat(64),
      'under_score',
    ]) {
      const crdAccepts = pattern.test(bucket) && bucket.length >= 3 && bucket.length <= 63;
      expect({ bucket, ok: validateCreateServerForm({ ...valid, bucket }).bucket === undefined }).toEqual({
        bucket,
        ok: crdAccepts,
      });
    }
  });
});

function pick(o: Record<string, unknown>, ...keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
