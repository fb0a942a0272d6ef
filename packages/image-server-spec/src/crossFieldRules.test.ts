import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { crossFieldProblems, crossFieldRules, type CrossFieldSpec } from './crossFieldRules';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  default?: unknown;
  'x-kubernetes-validations'?: { rule: string; message: string }[];
}

/** The spec schema of the CRD the operator installs (generated from operator/src/crd/schema.ts). */
function crdSpecSchema(): SchemaNode {
  const file = join(__dirname, '../../../operator/config/crd/imageservers.imageserver.dev.yaml');
  const crd = parse(readFileSync(file, 'utf8'));
  const version = crd.spec.versions.find((v: { storage: boolean }) => v.storage);
  return version.schema.openAPIV3Schema.properties.spec;
}

/** Every `x-kubernetes-validations` message below `node`, as `path: message`. */
function crdRules(node: SchemaNode, path: string): string[] {
  return [
    ...(node['x-kubernetes-validations'] ?? []).map((v) => `${path}: ${v.message}`),
    ...Object.entries(node.properties ?? {}).flatMap(([key, sub]) => crdRules(sub, `${path}.${key}`)),
  ];
}

const base = { storage: { bucket: 'team-a-images' }, database: { managed: true } };
const spec = (extra: CrossFieldSpec): CrossFieldSpec => ({ ...base, ...extra });
const lifecycle = (lc: NonNullable<NonNullable<CrossFieldSpec['storage']>['lifecycle']>): CrossFieldSpec =>
  spec({ storage: { bucket: 'team-a-images', lifecycle: lc } });

/** Breaks each rule once; with an old spec of another bucket, the immutability rule too. */
const breaksEveryRule: CrossFieldSpec = {
  replicas: 2,
  autoscaling: { minReplicas: 3, maxReplicas: 2 },
  tagging: { mode: 'queue' },
  storage: {
    bucket: 'new-bucket',
    lifecycle: {
      intelligentTiering: true,
      transitionToInfrequentAccessDays: 60,
      transitionToGlacierInstantRetrievalDays: 30,
    },
  },
  database: {},
};

describe('the rules', () => {
  it('are the CRD rules, each with its message and at the field the CRD declares it on', () => {
    const ours = crossFieldRules.map((r) => `${r.path}: ${r.message}`);
    expect([...ours].sort()).toEqual(crdRules(crdSpecSchema(), 'spec').sort());
  });

  it('can only return the CRD messages', () => {
    const crd = crdRules(crdSpecSchema(), 'spec');
    const everything = crossFieldProblems(breaksEveryRule, { storage: { bucket: 'old-bucket' } });
    expect(everything).toHaveLength(crossFieldRules.length);
    for (const problem of everything) expect(crd).toContain(problem);
  });
});

describe('crossFieldProblems', () => {
  it('accepts a valid spec', () => {
    expect(crossFieldProblems(base)).toEqual([]);
    expect(
      crossFieldProblems(
        spec({
          autoscaling: { minReplicas: 2, maxReplicas: 6 },
          cache: { secretRef: { name: 'redis' } },
          tagging: { mode: 'queue' },
        }),
        { storage: { bucket: 'team-a-images' } },
      ),
    ).toEqual([]);
  });

  it('reports every problem at once, in the order of the rules', () => {
    expect(crossFieldProblems(breaksEveryRule, { storage: { bucket: 'old-bucket' } })).toEqual([
      'spec: set either replicas or autoscaling, not both',
      'spec.autoscaling: minReplicas must not exceed maxReplicas',
      'spec: tagging mode queue needs a cache: the queue lives in Redis',
      'spec.storage: lifecycle: intelligentTiering excludes fixed transitions',
      'spec.storage: lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
      'spec.database: database: set exactly one of secretRef or managed: true',
      'spec.storage.bucket: bucket is immutable',
    ]);
  });

  it('!(has(self.replicas) && has(self.autoscaling)): presence, so replicas 0 counts', () => {
    const problem = ['spec: set either replicas or autoscaling, not both'];
    expect(crossFieldProblems(spec({ replicas: 2, autoscaling: { maxReplicas: 3 } }))).toEqual(problem);
    expect(crossFieldProblems(spec({ replicas: 0, autoscaling: { maxReplicas: 3 } }))).toEqual(problem);
    expect(crossFieldProblems(spec({ replicas: 2 }))).toEqual([]);
    expect(crossFieldProblems(spec({ autoscaling: { maxReplicas: 3 } }))).toEqual([]);
  });

  it('self.minReplicas <= self.maxReplicas, with minReplicas at its CRD default when unset', () => {
    const problem = ['spec.autoscaling: minReplicas must not exceed maxReplicas'];
    expect(crossFieldProblems(spec({ autoscaling: { minReplicas: 5, maxReplicas: 3 } }))).toEqual(problem);
    expect(crossFieldProblems(spec({ autoscaling: { minReplicas: 3, maxReplicas: 3 } }))).toEqual([]);
    const fallback = crdSpecSchema().properties!.autoscaling!.properties!.minReplicas!.default as number;
    expect(crossFieldProblems(spec({ autoscaling: { maxReplicas: fallback - 1 } }))).toEqual(problem);
    expect(crossFieldProblems(spec({ autoscaling: { maxReplicas: fallback } }))).toEqual([]);
  });

  it("!has(self.tagging) || self.tagging.mode != 'queue' || has(self.cache)", () => {
    expect(crossFieldProblems(spec({ tagging: { mode: 'queue' } }))).toEqual([
      'spec: tagging mode queue needs a cache: the queue lives in Redis',
    ]);
    const cache = { secretRef: { name: 'redis' } };
    expect(crossFieldProblems(spec({ tagging: { mode: 'queue' }, cache }))).toEqual([]);
    expect(crossFieldProblems(spec({ tagging: { mode: 'inline' } }))).toEqual([]);
    expect(crossFieldProblems(spec({ tagging: {} }))).toEqual([]); // mode defaults to inline
  });

  it('intelligentTiering excludes fixed transitions: presence of the transitions, not truthiness', () => {
    const problem = ['spec.storage: lifecycle: intelligentTiering excludes fixed transitions'];
    expect(
      crossFieldProblems(lifecycle({ intelligentTiering: true, transitionToInfrequentAccessDays: 30 })),
    ).toEqual(problem);
    expect(
      crossFieldProblems(
        lifecycle({ intelligentTiering: true, transitionToGlacierInstantRetrievalDays: 90 }),
      ),
    ).toEqual(problem);
    // The schema's minimum (1) refuses 0 as well, but has() is true for 0: the operator's old copy
    // tested truthiness and said nothing here, the portal's tested presence.
    expect(
      crossFieldProblems(lifecycle({ intelligentTiering: true, transitionToGlacierInstantRetrievalDays: 0 })),
    ).toEqual(problem);
    expect(crossFieldProblems(lifecycle({ intelligentTiering: true }))).toEqual([]);
    expect(
      crossFieldProblems(lifecycle({ intelligentTiering: false, transitionToInfrequentAccessDays: 30 })),
    ).toEqual([]);
    expect(crossFieldProblems(lifecycle({ transitionToInfrequentAccessDays: 30 }))).toEqual([]);
  });

  it('transitionToGlacierInstantRetrievalDays > transitionToInfrequentAccessDays when both are set', () => {
    const problem = [
      'spec.storage: lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
    ];
    const days = (ia: number, glacier: number) =>
      lifecycle({ transitionToInfrequentAccessDays: ia, transitionToGlacierInstantRetrievalDays: glacier });
    expect(crossFieldProblems(days(60, 30))).toEqual(problem);
    expect(crossFieldProblems(days(60, 60))).toEqual(problem);
    expect(crossFieldProblems(days(30, 90))).toEqual([]);
    expect(crossFieldProblems(lifecycle({ transitionToGlacierInstantRetrievalDays: 1 }))).toEqual([]);
  });

  it('(has(self.secretRef) ? 1 : 0) + (has(self.managed) && self.managed ? 1 : 0) == 1', () => {
    const problem = ['spec.database: database: set exactly one of secretRef or managed: true'];
    const secretRef = { name: 'db' };
    expect(crossFieldProblems(spec({ database: {} }))).toEqual(problem);
    expect(crossFieldProblems(spec({ database: { managed: false } }))).toEqual(problem);
    expect(crossFieldProblems(spec({ database: { secretRef, managed: true } }))).toEqual(problem);
    expect(crossFieldProblems(spec({ database: { secretRef } }))).toEqual([]);
    expect(crossFieldProblems(spec({ database: { secretRef, managed: false } }))).toEqual([]);
    expect(crossFieldProblems(spec({ database: { managed: true } }))).toEqual([]);
  });

  it('bucket: self == oldSelf, checked only when the old and the new spec both have a bucket', () => {
    expect(crossFieldProblems(base, { storage: { bucket: 'other' } })).toEqual([
      'spec.storage.bucket: bucket is immutable',
    ]);
    expect(crossFieldProblems(base, { storage: { bucket: 'team-a-images' } })).toEqual([]);
    expect(crossFieldProblems(base)).toEqual([]);
    expect(crossFieldProblems(base, { storage: {} })).toEqual([]);
    // A missing bucket is the schema's `required` to report; the operator's old copy called it a change.
    expect(crossFieldProblems({ ...base, storage: {} }, { storage: { bucket: 'team-a-images' } })).toEqual(
      [],
    );
  });

  it('treats null as unset, as the API server prunes nulls of fields that are not nullable', () => {
    expect(crossFieldProblems(spec({ replicas: null as never, autoscaling: { maxReplicas: 3 } }))).toEqual(
      [],
    );
    expect(crossFieldProblems(spec({ tagging: { mode: 'queue' }, cache: null }))).toEqual([
      'spec: tagging mode queue needs a cache: the queue lives in Redis',
    ]);
  });
});
